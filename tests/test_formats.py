"""Every format read back by its own reader equals the Parquet tables: SQLite (sqlite3),
the translated views and queries (against DuckDB), XLSX (openpyxl), Stata (pyreadstat),
the Data Package (frictionless on the release zip); and what travels with the files."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPO, write
from defcoop.catalog import all_queries, all_views
from defcoop.schema.derive import specs


def parquet_rows(folder: Path, name: str) -> list[dict]:
    return pq.read_table(folder / "parquet" / f"{name}.parquet").to_pylist()


def as_sqlite(value):
    """A Parquet value as SQLite stores it (dates ISO text, booleans 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_json_cell(value):
    """A DuckDB result value as the SQLite translation gives it (lists as JSON arrays)."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return as_sqlite(value)


# ---------------------------------------------------------------------------- SQLite

def test_sqlite_tables_equal_parquet(real_build: Path) -> None:
    con = sqlite3.connect(real_build / "defcoop.sqlite")
    for name, spec in specs().items():
        cols = spec.column_names
        got = con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()
        want = [tuple(as_sqlite(r[c]) for c in cols) for r in parquet_rows(real_build, name)]
        assert len(got) == len(want), name
        assert sorted(got, key=repr) == sorted(want, key=repr), name
    assert con.execute("SELECT count(*) FROM contracts WHERE counts_as_order = 1").fetchone()[0] > 0


def test_sqlite_declares_every_key_and_enforces_them(mini_build: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copy(mini_build / "defcoop.sqlite", copy)
    con = sqlite3.connect(copy)
    for name, spec in specs().items():
        pk = sorted((r[5], r[1]) for r in con.execute(f"PRAGMA table_info({name})") if r[5])
        assert tuple(c for _, c in pk) == spec.primary_key, name
        declared = {}
        for row in con.execute(f"PRAGMA foreign_key_list({name})"):
            declared.setdefault(row[0], (row[2], [], []))
            declared[row[0]][1].append(row[3])
            declared[row[0]][2].append(row[4])
        assert sorted((t, tuple(f), tuple(r)) for t, f, r in declared.values()) == \
            sorted((t, cols, ref) for cols, t, ref in spec.foreign_keys()), name
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        con.execute("INSERT INTO actors (actor_id, actor_type, name) VALUES ('kor', 'state', 'dup')")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        con.execute("INSERT INTO agreement_domains (agreement_id, domain) VALUES ('no-such-agreement', 'defense_cooperation')")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        con.execute("UPDATE contracts SET status = 'nonsense'")
    (ddl,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'contracts'").fetchone()
    value_usd = next(c for c in specs()["contracts"].columns if c.name == "value_usd")
    assert f"-- {value_usd.description}" in ddl  # descriptions travel in the schema text


def test_sqlite_and_duckdb_dataset_info_carry_version_licence_citation(mini_build: Path) -> None:
    import duckdb

    sql = "SELECT version, licenses, citation FROM dataset_info"
    lite = sqlite3.connect(mini_build / "defcoop.sqlite").execute(sql).fetchone()
    duck = duckdb.connect(str(mini_build / "defcoop.duckdb"), read_only=True).execute(sql).fetchone()
    assert lite == duck
    assert lite[:2] == ("9.9.9", "CC-BY-4.0") and "version 9.9.9" in lite[2]


def test_every_view_and_query_translates_and_gives_duckdbs_rows(real_build: Path) -> None:
    import duckdb

    from defcoop.export.sqlite import translate

    views, queries = all_views(REPO / "queries"), all_queries(REPO / "queries")
    done = translate(views, queries)
    assert done.failed == {}
    duck = duckdb.connect(str(real_build / "defcoop.duckdb"), read_only=True)
    lite = sqlite3.connect(real_build / "defcoop.sqlite")
    for name in views:  # the views inside the file keep DuckDB's names
        cur = lite.execute(f"SELECT * FROM {name}")
        got = cur.fetchall()
        rel = duck.sql(f"SELECT * FROM {name}")
        assert [d[0] for d in cur.description] == rel.columns, name
        assert sorted(got, key=repr) == sorted((tuple(map(as_json_cell, r)) for r in rel.fetchall()), key=repr), name
    assert any("[" in r[4] for r in lite.execute("SELECT * FROM contested_fields"))  # a list is a JSON array
    runs = [(name, {}) for name in queries] + [
        ("arms_flows", {"since_year": 2020}), ("records_by_sources", {"max_independent": 1}),
        ("contested_values", {"table_name": "contracts"}), ("integrations_by_platform", {"platform": ""})]
    for name, given in runs:
        q = queries[name]
        params = q.bind(given, duck)
        rel = duck.execute(q.sql, params)
        want = [tuple(map(as_json_cell, r)) for r in rel.fetchall()]
        columns = [d[0] for d in rel.description]
        cur = lite.execute(done.queries[name], {k: str(v) for k, v in params.items()})  # as Datasette: text
        assert [d[0] for d in cur.description] == columns, name
        got = cur.fetchall()
        assert sorted(got, key=repr) == sorted(want, key=repr), (name, given)
        assert len(got) > 0 or name == "contested_values", name


def test_typed_parameter_given_as_text_or_blank(real_build: Path) -> None:
    """Regression: Datasette passes '2020' as text, and SQLite orders any text after any
    number, so `year >= :since_year` was true for no row until the placeholder was cast."""
    import duckdb

    from defcoop.export.sqlite_sql import to_sqlite

    q = all_queries(REPO / "queries")["arms_flows"]
    lite = sqlite3.connect(real_build / "defcoop.sqlite")
    duck = duckdb.connect(str(real_build / "defcoop.duckdb"), read_only=True)
    sql = to_sqlite(q.sql, {"since_year": ("integer", "1990")})
    assert "CAST(COALESCE(NULLIF(:since_year, ''), '1990') AS INTEGER)" in sql
    for text, year in (("2020", 2020), ("", 1990)):
        want = duck.execute(q.sql, {"since_year": year}).fetchall()
        got = lite.execute(sql, {"since_year": text}).fetchall()
        assert len(got) == len(want) > 0, text


def test_what_cannot_be_translated_is_named_with_the_reason(mini: Path, tmp_path: Path) -> None:
    from defcoop.export.sqlite_sql import Untranslatable, to_sqlite
    from defcoop.publish.build import build

    with pytest.raises(Untranslatable, match="ordered by something other than its value"):
        to_sqlite("SELECT string_agg(a, ',' ORDER BY b) FROM t")
    with pytest.raises(Untranslatable, match="no SQLite counterpart"):
        to_sqlite("SELECT unnest([1, 2]) AS x")
    with pytest.raises(Untranslatable, match="not declared"):
        to_sqlite("SELECT * FROM t WHERE a = $who")
    shutil.copytree(REPO / "queries", mini / "queries")
    (mini / "queries" / "uses_udf.sql").write_text(
        "-- title: Uses a DuckDB-only function\n-- description: For the test.\n-- grain: one row\n"
        "SELECT list_reverse([1, 2]) AS x\n", "utf-8")
    built = build(mini, tmp_path / "out")
    note = next(n for n in built.result.notes if "uses_udf" in n)
    assert note.startswith("not translated to SQLite: uses_udf: query: ")
    meta = json.loads((built.path / "datasette-metadata.json").read_text("utf-8"))
    assert "uses_udf" not in meta["databases"]["defcoop"]["queries"]
    assert "Not translated to SQLite: uses_udf (query: " in meta["databases"]["defcoop"]["description"]
    assert "arms_flows" in meta["databases"]["defcoop"]["queries"]


def test_datasette_metadata_describes_every_table_column_and_query(mini_build: Path) -> None:
    meta = json.loads((mini_build / "datasette-metadata.json").read_text("utf-8"))
    assert meta["title"].endswith(" 9.9.9") and meta["license"] == "CC-BY-4.0"
    assert meta["license_url"].startswith("https://creativecommons.org/")
    db = meta["databases"]["defcoop"]
    for name, spec in specs().items():
        assert db["tables"][name]["columns"] == {c.name: c.description for c in spec.columns}
    for name, view in all_views(REPO / "queries").items():
        assert db["tables"][name]["columns"] == dict(view.columns)
    queries = all_queries(REPO / "queries")
    assert set(db["queries"]) == set(queries)
    for name, q in queries.items():
        canned = db["queries"][name]
        assert canned["title"] == q.title
        for p in q.params:
            assert f":{p.name}" in canned["sql"] and "$" + p.name not in canned["sql"]
        assert canned.get("params", []) == [p.name for p in q.params]


# ---------------------------------------------------------------------------- XLSX

def xlsx_value(cell):
    value = cell.value
    return value.date() if isinstance(value, dt.datetime) else value


def test_xlsx_sheets_equal_parquet(real_build: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(real_build / "defcoop.xlsx", read_only=True)
    assert wb.sheetnames == ["about", *specs()]
    for name, spec in specs().items():
        rows = list(wb[name].iter_rows(values_only=False))
        assert [c.value for c in rows[0]] == spec.column_names, name
        want = [tuple(r[c] for c in spec.column_names) for r in parquet_rows(real_build, name)]
        got = [tuple(xlsx_value(c) for c in row) for row in rows[1:]]
        got = [g + (None,) * (len(spec.columns) - len(g)) for g in got]  # trailing empty cells
        assert got == want, name
    claims = [r for r in wb["claims"].iter_rows(min_row=2, values_only=True)]
    value_col = specs()["claims"].column_names.index("value")
    numeric_looking = [r[value_col] for r in claims if r[value_col].isdigit()]
    assert numeric_looking and all(isinstance(v, str) for v in numeric_looking)  # claims.value stays text


def test_xlsx_about_sheet(mini_build: Path) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(mini_build / "defcoop.xlsx")["about"]
    facts = {r[0]: r[1] for r in ws.iter_rows(max_row=7, values_only=True)}
    assert facts["dataset"] == "defcoop: defense cooperation records"
    assert (facts["version"], facts["licence"]) == ("9.9.9", "CC-BY-4.0")
    assert "version 9.9.9" in facts["citation"]
    assert facts["sources_checked_date"].date() == dt.date(2026, 11, 3)
    sheets = {r[0]: r[1] for r in ws.iter_rows(min_row=9, values_only=True) if r[0] in specs() and
              isinstance(r[1], int)}
    assert sheets["contracts"] == 1 and sheets["claims"] == len(parquet_rows(mini_build, "claims"))


def test_xlsx_text_is_never_a_formula(mini_build: Path, tmp_path: Path) -> None:
    """Text that looks like a formula is written and read back as text. The models already refuse
    curated text starting with = + - @ (issue 12), so the writer is fed such values directly."""
    import datetime as dt

    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    from defcoop.export.xlsx import write_xlsx
    from defcoop.schema.derive import specs

    arrows = {name: pq.read_table(mini_build / "parquet" / f"{name}.parquet") for name in specs()}
    contracts = arrows["contracts"]
    for column, value in (("summary", '=HYPERLINK("http://example.com","x")'), ("offset_terms", "+1")):
        i = contracts.schema.get_field_index(column)
        contracts = contracts.set_column(i, contracts.schema.field(i), pa.array([value], pa.string()))
    arrows["contracts"] = contracts
    info = arrows["dataset_info"].to_pylist()[0]
    snap = tmp_path
    write_xlsx(arrows, snap, info, dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc))
    with zipfile.ZipFile(snap / "defcoop.xlsx") as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in zf.read(n) for n in sheets)
    ws = openpyxl.load_workbook(snap / "defcoop.xlsx")["contracts"]
    header = [c.value for c in ws[1]]
    row = ws[2]
    summary, offset = row[header.index("summary")], row[header.index("offset_terms")]
    assert (summary.value, summary.data_type) == ('=HYPERLINK("http://example.com","x")', "s")
    assert (offset.value, offset.data_type) == ("+1", "s")
    assert summary.quotePrefix and offset.quotePrefix
    assert row[header.index("quantity")].value == 18 and row[header.index("signed_date")].is_date


def test_xlsx_refuses_a_text_longer_than_a_cell(mini_build: Path, tmp_path: Path) -> None:
    import pyarrow as pa

    from defcoop.export.xlsx import write_xlsx

    arrows = {n: pq.read_table(mini_build / "parquet" / f"{n}.parquet") for n in specs()}
    t = arrows["contracts"]
    i = t.column_names.index("summary")
    arrows["contracts"] = t.set_column(i, t.field(i), pa.array(["x" * 40000], pa.string()))
    with pytest.raises(ValueError, match="40000 characters; an Excel cell holds 32767"):
        write_xlsx(arrows, tmp_path, arrows["dataset_info"].to_pylist()[0])


# ---------------------------------------------------------------------------- Stata

def test_stata_files_equal_parquet(real_build: Path, tmp_path: Path) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    from defcoop.export.stata import STATA_LABEL_MAX, write_stata

    arrows = {n: pq.read_table(real_build / "parquet" / f"{n}.parquet") for n in specs()}
    write_stata(arrows, tmp_path)
    for name, spec in specs().items():
        frame, meta = pyreadstat.read_dta(str(tmp_path / "stata" / f"{name}.dta"), apply_value_formats=True)
        assert list(frame.columns) == spec.column_names and len(frame) == arrows[name].num_rows, name
        for c, label in zip(spec.columns, meta.column_labels):
            assert label == (c.description if len(c.description) <= STATA_LABEL_MAX else
                             c.description[:STATA_LABEL_MAX - 3].rstrip() + "..."), (name, c.name)
        for c in spec.columns:
            want = arrows[name].column(c.name).to_pylist()
            got = frame[c.name].tolist()
            if c.type == "string" and c.codes is None:  # Stata's only missing text is ""
                want = ["" if v is None else v for v in want]
            elif c.type == "boolean":
                want = [None if v is None else ("true" if v else "false") for v in want]
            got = [None if v is None or v != v else v for v in got]  # NaN -> None
            if c.type == "integer":
                got = [None if v is None else int(v) for v in got]
            if c.type == "date":
                got = [None if v is None else v.date() if isinstance(v, dt.datetime) else v for v in got]
            assert got == want, (name, c.name)
    _, meta = pyreadstat.read_dta(str(tmp_path / "stata" / "contracts.dta"))
    status = meta.variable_value_labels["status"]
    assert sorted(status.values()) == sorted(m.value for m in specs()["contracts"].columns[
        specs()["contracts"].column_names.index("status")].codes)


def test_stata_long_text_beside_a_missing_one(mini_build: Path, tmp_path: Path) -> None:
    """Regression: pyreadstat fails ("A registered string reference was never inserted") on a
    text column holding a strL (2,045 bytes or more) and a missing value; missing text is ""."""
    pyreadstat = pytest.importorskip("pyreadstat")
    import pyarrow as pa

    from defcoop.export.stata import write_stata

    arrows = {n: pq.read_table(mini_build / "parquet" / f"{n}.parquet") for n in specs()}
    t = arrows["claims"]
    i = t.column_names.index("note")
    notes = ["한" * 1500 if k == 0 else None for k in range(t.num_rows)]
    arrows["claims"] = t.set_column(i, t.field(i), pa.array(notes, pa.string()))
    write_stata(arrows, tmp_path)
    frame, _ = pyreadstat.read_dta(str(tmp_path / "stata" / "claims.dta"))
    assert frame["note"].tolist() == ["한" * 1500] + [""] * (t.num_rows - 1)


def test_release_without_pyreadstat_says_so_and_skips(mini: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from defcoop.cli import main
    from defcoop.export import stata

    monkeypatch.setattr(stata, "stata_available", lambda: False)
    res = CliRunner().invoke(main, ["release", "--root", str(mini), "--out", str(mini / "build")])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "stata/: skipped (pyreadstat is not installed: pip install 'defcoop[stata]')"
    with zipfile.ZipFile(mini / "dist" / "defcoop-9.9.9.zip") as zf:
        assert not [n for n in zf.namelist() if n.startswith("stata/")]
        assert "defcoop.sqlite" in zf.namelist() and "defcoop.xlsx" in zf.namelist()


# ---------------------------------------------------------------------------- Data Package

def test_every_data_file_is_a_resource_with_size_and_hash(mini_build: Path) -> None:
    from defcoop.export.datapackage import file_hash

    desc = json.loads((mini_build / "datapackage.json").read_text("utf-8"))
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert "binaries" not in desc and "profile" not in desc
    assert dt.datetime.strptime(desc["created"], "%Y-%m-%dT%H:%M:%SZ")
    assert desc["contributors"] == [{"title": "defcoop contributors", "roles": ["author"]}]
    files = {p.relative_to(mini_build).as_posix() for p in mini_build.rglob("*") if p.is_file()}
    files -= {"datapackage.json", "datasette-metadata.json"}  # metadata, not data
    files = {f for f in files if not f.startswith("site/")}  # the explorer is not a data resource
    by_path = {r["path"]: r for r in desc["resources"]}
    assert set(by_path) == files
    assert {r["type"] for r in desc["resources"] if r["path"].startswith("csv/")} == {"table"}
    assert {r["type"] for r in desc["resources"] if not r["path"].startswith("csv/")} == {"file"}
    for path, r in by_path.items():
        assert (r["bytes"], r["hash"]) == ((mini_build / path).stat().st_size, file_hash(mini_build / path))
    assert by_path["defcoop.sqlite"]["mediatype"] == "application/vnd.sqlite3"


def test_created_honours_source_date_epoch(monkeypatch) -> None:
    from defcoop.publish.outputs import build_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_time() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)


def frictionless_report(target: Path) -> dict:
    exe = Path(sys.executable).parent / "frictionless"
    out = subprocess.run([str(exe), "validate", "--json", str(target)], capture_output=True, text=True,
                         cwd=target.parent)
    return json.loads(out.stdout)


def test_frictionless_validates_every_table_and_file_of_the_release_zip(mini: Path, tmp_path: Path) -> None:
    """Regression: the Parquet and DuckDB files were outside the resources, so a flipped byte
    in them passed `frictionless validate`."""
    from defcoop.publish.build import build
    from defcoop.publish.outputs import DEFAULT_FORMATS
    from defcoop.publish.release import write_release
    from defcoop.export.stata import stata_available

    formats = DEFAULT_FORMATS + (("stata",) if stata_available() else ())
    (mini / "docs").mkdir()
    shutil.copy(REPO / "docs" / "curating.md", mini / "docs" / "curating.md")
    built = build(mini, tmp_path / "out", formats=formats)
    target = write_release(mini, built)
    report = frictionless_report(target)
    desc = json.loads((built.path / "datapackage.json").read_text("utf-8"))
    assert report["valid"], [t["errors"][:2] for t in report["tasks"] if not t["valid"]]
    assert sorted(t["name"] for t in report["tasks"]) == sorted(r["name"] for r in desc["resources"])
    assert {t["type"] for t in report["tasks"]} == {"table", "file"}
    with zipfile.ZipFile(target) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    readme = members["README.md"].decode()
    assert readme.startswith("# defcoop: defense cooperation records — version 9.9.9")
    assert "| `contracts` | 1 |" in readme and "build/" not in readme
    assert "codebook.md" in members and "curating.md" in members
    flipped = bytearray(members["parquet/contracts.parquet"])
    flipped[len(flipped) // 2] ^= 0xFF
    members["parquet/contracts.parquet"] = bytes(flipped)
    bad = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    report = frictionless_report(bad)
    failed = {t["name"]: [e["type"] for e in t["errors"]] for t in report["tasks"] if not t["valid"]}
    assert failed == {"contracts-parquet": ["hash-count"]}


def test_verify_checks_every_file_and_knows_what_the_wheel_carries(mini_build: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    from defcoop.publish import verify as verify_module

    snap = tmp_path / "snap"
    shutil.copytree(mini_build, snap)
    with open(snap / "defcoop.xlsx", "r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00")
    assert verify_module.verify(snap) == ["defcoop.xlsx: hash differs from datapackage.json"]
    wheel = tmp_path / "pkg" / "data"
    wheel.mkdir(parents=True)
    for rel in verify_module.WHEEL_FILES:
        src = mini_build / rel.rstrip("/")
        (shutil.copytree if src.is_dir() else shutil.copy)(src, wheel / rel.rstrip("/"))
    assert "csv/contracts.csv: missing" in verify_module.verify(wheel)
    monkeypatch.setattr(verify_module, "PACKAGE", wheel.parent)
    assert verify_module.verify(wheel) == []


# ---------------------------------------------------------------------------- metadata, size

def test_parquet_metadata_carries_version_licence_citation(mini_build: Path) -> None:
    meta = pq.read_schema(mini_build / "parquet" / "contracts.parquet").metadata
    assert meta[b"defcoop.version"] == b"9.9.9" and meta[b"defcoop.licenses"] == b"CC-BY-4.0"
    assert b"version 9.9.9" in meta[b"defcoop.citation"] and meta[b"defcoop.table"] == b"contracts"


def test_duckdb_file_is_at_most_8x_the_parquet_bytes(real_build: Path) -> None:
    parquet = sum(p.stat().st_size for p in (real_build / "parquet").glob("*.parquet"))
    duck = (real_build / "defcoop.duckdb").stat().st_size
    assert duck <= 8 * parquet, f"{duck} bytes = {duck / parquet:.1f}x the Parquet bytes"


# ---------------------------------------------------------------------------- load()

def test_load_to_pandas_types(mini_build: Path) -> None:
    import pandas as pd

    import defcoop

    df = defcoop.load("contracts", data=mini_build, to="pandas")
    desc = json.loads((mini_build / "datapackage.json").read_text("utf-8"))
    fields = {f["name"]: f for f in next(r for r in desc["resources"] if r["name"] == "contracts")["schema"]["fields"]}
    assert str(df["quantity"].dtype) == "Int64" and df["quantity"].iloc[0] == 18
    assert df["units_delivered_reported"].dtype == "Int64"
    assert df["signed_date"].dtype == "datetime64[ms]" and df["signed_date"].iloc[0] == pd.Timestamp("2023-05-23")
    assert isinstance(df["status"].dtype, pd.CategoricalDtype)
    assert list(df["status"].cat.categories) == fields["status"]["constraints"]["enum"]
    assert df["status"].iloc[0] == "in_production"
    assert df["counts_as_order"].dtype == "boolean"
    assert pd.isna(df["parent_contract_id"].iloc[0])


def test_load_to_polars_types(mini_build: Path) -> None:
    pl = pytest.importorskip("polars")
    import defcoop

    df = defcoop.load("contracts", data=mini_build, to="polars")
    assert df.schema["quantity"] == pl.Int64 and df.schema["signed_date"] == pl.Date
    assert isinstance(df.schema["status"], pl.Enum) and "in_production" in df.schema["status"].categories.to_list()
    assert df["signed_date"][0] == dt.date(2023, 5, 23)


def test_load_names_the_extra_when_the_library_is_missing(mini_build: Path, monkeypatch) -> None:
    import defcoop

    monkeypatch.setitem(sys.modules, "polars", None)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'defcoop\[polars\]'"):
        defcoop.load("contracts", data=mini_build, to="polars")
    with pytest.raises(ImportError, match=r"pip install 'defcoop\[pandas\]'"):
        defcoop.load("contracts", data=mini_build, to="pandas")
    with pytest.raises(ValueError, match="expected one of arrow, pandas, polars"):
        defcoop.load("contracts", data=mini_build, to="excel")


# ---------------------------------------------------------------------------- serve

def test_serve_without_sqlite_or_datasette_explains(mini_build: Path, tmp_path: Path, monkeypatch) -> None:
    import importlib.util

    from click.testing import CliRunner

    from defcoop.cli import main

    wheel_like = tmp_path / "data"
    wheel_like.mkdir()
    shutil.copy(mini_build / "datapackage.json", wheel_like / "datapackage.json")
    res = CliRunner().invoke(main, ["serve", "--data", str(wheel_like)])
    assert res.exit_code == 2 and "has no defcoop.sqlite" in res.output
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "datasette" else real_find_spec(n, *a))
    res = CliRunner().invoke(main, ["serve", "--data", str(mini_build)])
    assert res.exit_code == 1 and "pip install 'defcoop[serve]'" in res.output


@pytest.mark.slow
def test_serve_shows_a_table_and_a_canned_query(real_build: Path) -> None:
    pytest.importorskip("datasette")
    import os
    import socket
    import time
    import urllib.request

    import duckdb

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "defcoop"
    proc = subprocess.Popen([str(exe), "serve", "--data", str(real_build), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ)
    base = f"http://127.0.0.1:{port}/defcoop"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"{base}/contracts", timeout=5).read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stdout.read1().decode() if proc.poll() is not None else "no answer")
                time.sleep(0.3)
        assert specs()["contracts"].description in page and "mys-kai-fa-50m-2023" in page
        body = json.loads(urllib.request.urlopen(f"{base}/arms_flows.json?since_year=2020&_shape=objects",
                                                 timeout=10).read())
        q = all_queries(REPO / "queries")["arms_flows"]
        con = duckdb.connect(str(real_build / "defcoop.duckdb"), read_only=True)
        want = con.execute(q.sql, {"since_year": 2020}).fetchall()
        assert len(body["rows"]) == len(want) > 0
        assert sorted(r["contract_ids"] for r in body["rows"]) == sorted(
            json.dumps(r[-1], separators=(",", ":")) if isinstance(r[-1], list) else r[-1] for r in want)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
