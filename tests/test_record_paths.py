"""Every path under records/ is a regular record file inside the tree or a located error (issue 12, class 4)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import write
from defcoop.curate.load import record_files
from defcoop.curate.reader import read_document
from defcoop.validate import validate

RECORDS = Path("datapackage/records")
KOR = "actors/kor.yaml"


def problems_of(root: Path) -> list[tuple[str, str, int, int]]:
    return [(p.code, p.path, p.line, p.col) for p in validate(root).problems]


def make(root: Path, kind: str) -> str:
    """Create one hostile path under records/actors; return its path relative to records/."""
    actors = root / RECORDS / "actors"
    outside = root.parent / "outside.yaml"
    outside.write_text((actors / "kor.yaml").read_text("utf-8").replace("actor_id: kor", "actor_id: evil"), "utf-8")
    rel = {"loop": "loop.yaml", "dangling": "gone.yaml", "outside": "evil.yaml", "inside": "kor2.yaml",
           "dir-link": "linked", "fifo": "pipe.yaml", "dotfile": ".hidden.yaml", "dotdir": ".git",
           "yaml-folder": "x.yaml", "swap": ".kor.yaml.swp"}[kind]
    path = actors / rel
    if kind == "loop":
        os.symlink("loop.yaml", path)
    elif kind == "dangling":
        os.symlink("nowhere.yaml", path)
    elif kind == "outside":
        os.symlink(outside, path)
    elif kind == "inside":
        os.symlink("kor.yaml", path)
    elif kind == "dir-link":
        os.symlink(root.parent, path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind in ("dotfile", "swap"):
        path.write_text("actor_id: kor\n")
    elif kind == "dotdir":
        path.mkdir()
        (path / "kor.yaml").write_text("not: a record\n")
    else:
        path.mkdir()
        (path / "y.yaml").write_text("actor_id: y\n")
    return f"actors/{rel}"


@pytest.mark.parametrize("kind", ["loop", "dangling", "outside", "inside", "dir-link", "fifo", "dotfile", "dotdir",
                                  "yaml-folder", "swap"])
def test_every_odd_path_is_one_located_error(mini: Path, kind: str) -> None:
    rel = make(mini, kind)
    assert problems_of(mini) == [("bad-path", f"datapackage/records/{rel}", 1, 1)]


def test_a_link_to_a_file_outside_is_never_published(mini: Path) -> None:
    """Regression: a symlink to a file outside the repository was read and published as a record."""
    make(mini, "outside")
    result = validate(mini)
    assert "evil" not in {r["actor_id"] for r in result.tables["actors"].rows}
    assert not result.ok


def test_an_unreadable_folder_is_located(mini: Path, monkeypatch) -> None:
    (mini / RECORDS / "actors" / "locked").mkdir()
    real = os.scandir

    def scandir(path):  # the tests run as root, who can read any folder: deny this one by hand
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = record_files(mini)
    assert [(p.code, p.path, p.message) for p in problems] == [
        ("file-unreadable", "datapackage/records/actors/locked", "cannot list the folder (Permission denied)")]
    assert len(files) == 17


def test_the_reader_refuses_a_link_or_fifo_even_if_asked(tmp_path: Path) -> None:
    """Defence in depth: a path swapped for a link after the walk is still not followed."""
    (tmp_path / "real.yaml").write_text("a: b\n")
    os.symlink("real.yaml", tmp_path / "link.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    for name in ("link.yaml", "pipe.yaml"):
        doc, problems = read_document(tmp_path / name, name)
        assert doc is None and [p.code for p in problems] == ["bad-path"], name


def test_a_records_folder_that_is_a_link_is_refused(tmp_path: Path, mini: Path) -> None:
    target = tmp_path / "elsewhere"
    (mini / RECORDS).rename(target)
    os.symlink(target, mini / RECORDS)
    assert problems_of(mini)[0] == ("bad-path", "datapackage/records", 1, 1)
