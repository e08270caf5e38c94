"""Build outputs: atomic, deterministic, verifiable, readable by DuckDB 1.1's storage."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import MINI, REPO, write
from defcoop.publish.build import BuildFailed, OutputError, build
from defcoop.publish.verify import verify
from defcoop.schema.derive import specs


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_previous_output_byte_for_byte(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(mini, out).path
    before = digest_tree(out)
    write(mini, "actors/bad.yaml", "actor_id: bad\nactor_type: robot\nname: B\n")
    with pytest.raises(BuildFailed) as exc:
        build(mini, out)
    assert [p.code for p in exc.value.result.problems] == ["code-list"]
    assert out.resolve() == first
    assert digest_tree(out) == before
    assert not [p for p in (tmp_path / "out.d").iterdir() if p.name.startswith(".staging")]


def test_same_input_gives_identical_csv_and_parquet(mini: Path, tmp_path: Path) -> None:
    a = digest_tree(build(mini, tmp_path / "a").path)
    b = digest_tree(build(mini, tmp_path / "b").path)
    for name in a:
        if name.startswith(("csv/", "parquet/")):
            assert a[name] == b[name], name
    assert {n for n in a if n.startswith("parquet/")} == {f"parquet/{t}.parquet" for t in specs()}


def test_rebuild_replaces_link_and_keeps_one_previous_snapshot(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    snaps = [build(mini, out).path for _ in range(3)]
    assert out.resolve() == snaps[-1]
    assert sorted(p for p in (tmp_path / "out.d").iterdir() if p.is_dir()) == sorted(snaps[1:])


def test_published_snapshot_is_readable_by_others(mini: Path, tmp_path: Path) -> None:
    snap = build(mini, tmp_path / "out").path
    assert snap.stat().st_mode & 0o777 == 0o755  # regression: mkdtemp left it 0700


def test_out_that_is_a_real_folder_is_refused(mini: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(OutputError):
        build(mini, tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


def test_verify_passes_then_catches_tampering(mini: Path, tmp_path: Path) -> None:
    snap = build(mini, tmp_path / "out").path
    assert verify(snap) == []
    csv = snap / "csv" / "contracts.csv"
    csv.write_text(csv.read_text("utf-8").replace("920000000", "930000000"), "utf-8")
    found = verify(snap)
    assert "csv/contracts.csv: hash differs from datapackage.json" in found


def test_datapackage_has_version_hashes_and_passes_frictionless(mini_build: Path) -> None:
    from frictionless import Package

    desc = json.loads((mini_build / "datapackage.json").read_text("utf-8"))
    assert desc["version"] == "9.9.9"
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    assert "as_of" not in desc  # replaced in 0.2 by the two dates below
    assert (desc["sources_newest_date"], desc["sources_checked_date"]) == ("2024-03-01", "2026-11-03")
    contracts = next(r for r in desc["resources"] if r["name"] == "contracts")
    assert contracts["bytes"] == (mini_build / "csv" / "contracts.csv").stat().st_size
    assert contracts["hash"].startswith("sha256:")
    report = Package(str(mini_build / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_duckdb_has_keys_comments_and_views(mini_build: Path, tmp_path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(mini_build / "defcoop.duckdb"), read_only=True)
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'contracts' "
                          "AND column_name = 'value_usd'").fetchone()[0]
    assert comment.startswith("Value in whole US dollars")
    (n_no_comment,) = con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NULL AND "
                                  "table_name IN (SELECT table_name FROM duckdb_tables())").fetchone()
    assert n_no_comment == 0
    assert con.execute("SELECT version FROM dataset_info").fetchone() == ("9.9.9",)
    # Primary and foreign keys are constraints; the comments also name each reference (see TableSpec.duckdb_ddl)
    kinds = dict(con.execute("SELECT constraint_type, count(*) FROM duckdb_constraints() GROUP BY ALL").fetchall())
    assert kinds["PRIMARY KEY"] == len(specs())
    assert kinds["FOREIGN KEY"] == sum(1 for s in specs().values() for _, t, _ in s.foreign_keys() if t != s.name)
    (buyer,) = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'contracts' "
                           "AND column_name = 'buyer_actor_id'").fetchone()
    assert buyer.endswith("References actors(actor_id).")
    (claims,) = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'claims'").fetchone()
    assert "(table_name, record_id) references records(table_name, record_id)" in claims
    con.close()
    copy = tmp_path / "copy.duckdb"
    shutil.copy(mini_build / "defcoop.duckdb", copy)
    con = duckdb.connect(str(copy))
    with pytest.raises(duckdb.ConstraintException, match="primary key|PRIMARY KEY"):
        con.execute("INSERT INTO actors (actor_id, actor_type, name) VALUES ('kor', 'state', 'dup')")
    con.close()


def test_release_bundle(mini: Path, tmp_path: Path) -> None:
    from defcoop.publish.release import write_release

    for name in ("README.md", "CITATION.cff", "LICENSE", "CHANGELOG.md"):
        (mini / name).write_bytes((REPO / name).read_bytes())
    shutil.copytree(REPO / "queries", mini / "queries")
    built = build(mini, tmp_path / "out")
    target = write_release(mini, built)
    # regression: the zip lived inside a build snapshot and was pruned two builds later
    assert target == mini / "dist" / "defcoop-9.9.9.zip"
    build(mini, tmp_path / "out")
    build(mini, tmp_path / "out")
    assert target.is_file()
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        for member in ("datapackage.json", "defcoop.duckdb", "codebook.md", "CITATION.cff", "LICENSE",
                       "CHANGELOG.md", "SHA256SUMS", "csv/claims.csv", "parquet/claims.parquet", "README.md",
                       "queries/contract_detail.sql", "queries/views/contested_fields.sql"):
            assert member in names
        sums = zf.read("SHA256SUMS").decode()
        for line in sums.splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256(zf.read(name)).hexdigest() == digest
        zf.extractall(tmp_path / "unzipped")
    from frictionless import Package

    assert Package(str(tmp_path / "unzipped" / "datapackage.json")).validate().valid


def test_mini_fixture_is_valid() -> None:
    from defcoop.validate import validate

    assert validate(MINI).problems == []


def test_build_without_fork_runs_frictionless_in_process(mini: Path, tmp_path: Path, monkeypatch) -> None:
    from defcoop import frictionless as schema_check

    monkeypatch.setattr(schema_check.mp, "get_all_start_methods", lambda: ["spawn"])
    built = build(mini, tmp_path / "out")
    assert built.result.ok and built.result.timings["frictionless"] > 0
    assert verify(built.path) == []
