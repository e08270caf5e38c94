"""The build removes only what it can prove it created (issue 12, class 1: data loss)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import MINI
from defcoop.publish.build import OutputError, build
from defcoop.publish.store import MARKER


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders and links)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in sorted(folder.rglob("*"))}


def manifest(store: Path) -> list[str]:
    return json.loads((store / MARKER).read_text("utf-8"))["created"]


def test_foreign_folder_beside_out_is_refused_and_untouched(tmp_path: Path) -> None:
    """Regression: `--out /tmp/u/conf` emptied /tmp/u/conf.d/ of everything but snapshots."""
    conf_d = tmp_path / "conf.d"
    conf_d.mkdir()
    (conf_d / "10-user.conf").write_text("keep me")
    (conf_d / "sub").mkdir()
    (conf_d / "sub" / "deep.txt").write_text("me too")
    before = tree(conf_d)
    with pytest.raises(OutputError, match=r"not a defcoop snapshot store .*'10-user.conf', 'sub'"):
        build(MINI, tmp_path / "conf")
    assert tree(conf_d) == before
    assert not (tmp_path / "conf").exists() and not (tmp_path / "conf").is_symlink()


def test_a_new_store_is_marked_and_lists_only_what_it_made(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(MINI, out).path
    second = build(MINI, out).path
    store = tmp_path / "out.d"
    assert sorted(manifest(store)) == sorted([first.name, second.name])
    assert sorted(os.listdir(store)) == sorted([MARKER, ".lock", first.name, second.name])
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".out.link")]  # no temporary link beside out


def test_things_added_to_a_marked_store_survive_builds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(MINI, out)
    store = tmp_path / "out.d"
    (store / "notes.txt").write_text("mine")
    (store / "20200101T000000000000Z-1").mkdir()  # looks like a snapshot, but the build did not make it
    (store / "20200101T000000000000Z-1" / "datapackage.json").write_text("{}")
    (store / ".staging-abc").mkdir()
    second = build(MINI, out).path
    third = build(MINI, out).path  # prunes the first snapshot, which the build made
    assert sorted(manifest(store)) == sorted([second.name, third.name])
    assert (store / "notes.txt").read_text() == "mine"
    assert (store / "20200101T000000000000Z-1" / "datapackage.json").read_text() == "{}"
    assert (store / ".staging-abc").is_dir()
    snapshots = [n for n in os.listdir(store) if n[0].isdigit()]
    assert len(snapshots) == 3  # the two kept plus the foreign look-alike


def _v01_store(tmp_path: Path) -> tuple[Path, Path]:
    """A store as defcoop 0.1 left it: snapshots with datapackage.json, .lock, a killed build's staging."""
    out, store = tmp_path / "out", tmp_path / "out.d"
    for name in ("20250101T000000000000Z-11", "20250102T000000000000Z-12"):
        (store / name / "csv").mkdir(parents=True)
        (store / name / "datapackage.json").write_text("{}")
    (store / ".lock").write_text("")
    (store / ".staging-k3j_x9").mkdir()
    os.symlink("out.d/20250102T000000000000Z-12", out)
    return out, store


def test_a_01_store_is_adopted_then_pruned_as_usual(tmp_path: Path) -> None:
    out, store = _v01_store(tmp_path)
    new = build(MINI, out).path
    # adopted: the old snapshots and the staging folder are listed, the one the link showed is kept
    assert sorted(os.listdir(store)) == sorted([MARKER, ".lock", "20250102T000000000000Z-12", new.name])
    assert manifest(store) == sorted(["20250102T000000000000Z-12", new.name])
    assert out.resolve() == new


@pytest.mark.parametrize("extra", ["file", "dir", "snapshot-without-datapackage", "symlink"])
def test_a_01_store_with_anything_else_is_refused_untouched(tmp_path: Path, extra: str) -> None:
    out, store = _v01_store(tmp_path)
    if extra == "file":
        (store / "README").write_text("x")
    elif extra == "dir":
        (store / "photos").mkdir()
    elif extra == "snapshot-without-datapackage":
        (store / "20250103T000000000000Z-13").mkdir()
    else:
        os.symlink("/etc", store / "20250104T000000000000Z-14")
    before = tree(store)
    with pytest.raises(OutputError, match="not a defcoop snapshot store"):
        build(MINI, out)
    assert tree(store) == before
    assert os.readlink(out) == "out.d/20250102T000000000000Z-12"


def test_out_inside_datapackage_is_refused(mini: Path) -> None:
    for rel in ("datapackage/build", "datapackage/records/build", "datapackage/x/../records/b"):
        with pytest.raises(OutputError, match="inside"):
            build(mini, mini / rel)
    assert not list((mini / "datapackage").glob("**/*.d"))
    link = mini / "alias"
    os.symlink(mini / "datapackage", link)  # the same folder reached through a link
    with pytest.raises(OutputError, match="inside"):
        build(mini, link / "build")


def test_a_link_out_that_points_elsewhere_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    os.symlink("mine", tmp_path / "out")
    with pytest.raises(OutputError, match="not into"):
        build(MINI, tmp_path / "out")
    assert os.readlink(tmp_path / "out") == "mine"


@pytest.mark.parametrize("kind", ["file", "link-to-file"])
def test_a_store_path_that_is_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "file":
        (tmp_path / "out.d").write_text("precious")
    else:
        (tmp_path / "target").write_text("precious")
        os.symlink("target", tmp_path / "out.d")
    with pytest.raises(OutputError, match="not a defcoop snapshot store"):
        build(MINI, tmp_path / "out")
    assert (tmp_path / "out.d").read_text() == "precious"


def test_a_damaged_marker_removes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = tmp_path / "out.d"
    (store / "20250101T000000000000Z-11").mkdir(parents=True)
    (store / "20250101T000000000000Z-11" / "datapackage.json").write_text("{}")
    (store / MARKER).write_text("[1, 2")
    before = tree(store)
    with pytest.raises(OutputError, match="damaged"):
        build(MINI, out)
    assert tree(store) == before
