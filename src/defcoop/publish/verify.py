"""Verify a build folder: files match datapackage.json, tables match their twins, keys and views hold.

:func:`verify` reads ``datapackage.json`` defensively (a list, a resource without ``path``, a
path that leaves the folder are differences, not crashes), recomputes every declared file's
``bytes`` and ``hash`` — table resources, file resources (``type: "file"``) and the 0.2
``binaries`` list alike, so both descriptor shapes verify — and checks that every file the
build writes is declared. It then checks that each DuckDB table equals its Parquet file and its
CSV file row for row (CSV compared as text after DuckDB's own CSV reading), that every primary
key is unique and non-null and every foreign key resolves in the DuckDB file, and that every
view of ``queries/views`` exists in the database and gives the same rows as the same view
computed from the Parquet files. The database declares no foreign keys (to stay small): this is
where they are checked after the build. The installed package's data (``defcoop/data`` of the
wheel) carries only datapackage.json, parquet/ and defcoop.duckdb: there, the other files are
not expected. Returns a list of human-readable differences (empty = verified); never raises for
a damaged folder.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from ..export.datapackage import file_hash
from ..export.duckdb import DUCKDB_FILE
from ..paths import PACKAGE
from ..schema.derive import specs

WHEEL_FILES = ("datapackage.json", "parquet/", DUCKDB_FILE)
"""What the wheel's data folder carries (hatch_build.py); verify expects nothing else there."""


def _declared(descriptor: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """The declared files (dicts with a ``path``) and the problems of the descriptor's shape."""
    if not isinstance(descriptor, dict):
        return [], [f"datapackage.json: not a Data Package descriptor (a JSON object), but a "
                    f"{type(descriptor).__name__}"]
    out, problems = [], []
    for key in ("resources", "binaries"):
        entries = descriptor.get(key, [])
        if not isinstance(entries, list):
            problems.append(f"datapackage.json: {key} is not a list")
            continue
        for i, res in enumerate(entries):
            label = f"datapackage.json: {key}[{i}]"
            if not isinstance(res, dict):
                problems.append(f"{label} is not an object")
            elif not isinstance(res.get("path"), str) or not res["path"]:
                problems.append(f"{label} ({res.get('name', 'unnamed')}) has no path (a single relative path)")
            else:
                out.append(res)
    if not isinstance(descriptor.get("resources"), list) or not descriptor.get("resources"):
        problems.append("datapackage.json: no resources")
    return out, problems


def _inside(folder: Path, rel: str) -> Path | None:
    """``folder / rel`` when ``rel`` is a plain relative path that stays in ``folder`` (links resolved), else None."""
    if rel.startswith("/") or "\\" in rel or ":" in rel.split("/")[0] or posixpath.normpath(rel) != rel \
            or rel.split("/")[0] == "..":
        return None
    path = folder / rel
    try:
        real, base = path.resolve(), folder.resolve()
    except OSError:
        return None
    return path if base in real.parents else None


def expected_files() -> list[str]:
    """The files every build writes and its descriptor must declare."""
    return [f"csv/{t}.csv" for t in specs()] + [f"parquet/{t}.parquet" for t in specs()] + [DUCKDB_FILE]


def verify(folder: Path) -> list[str]:
    """Check ``folder`` (a build snapshot); return the differences found (strings; empty = verified)."""
    problems: list[str] = []
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"datapackage.json: cannot read ({exc})"]
    declared, problems = _declared(descriptor)
    wheel = folder.resolve() == (PACKAGE / "data").resolve()
    for res in declared:
        rel = res["path"]
        if wheel and not rel.startswith(WHEEL_FILES):
            continue  # the wheel carries only datapackage.json, parquet/ and the DuckDB file
        path = _inside(folder, rel)
        if path is None:
            problems.append(f"{rel}: declared path leaves the build folder or is not a plain relative path")
            continue
        if not path.is_file():
            problems.append(f"{rel}: missing")
            continue
        if path.stat().st_size != res.get("bytes"):
            problems.append(f"{rel}: {path.stat().st_size} bytes, datapackage.json says {res.get('bytes')}")
        if file_hash(path) != res.get("hash"):
            problems.append(f"{rel}: hash differs from datapackage.json")
    paths = {res["path"] for res in declared}
    problems += [f"{rel}: not declared in datapackage.json" for rel in expected_files()
                 if rel not in paths and not (wheel and not rel.startswith(WHEEL_FILES))]
    if problems:
        return problems
    try:
        return _compare(folder, wheel)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a difference, not a crash
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return [f"cannot compare the tables: {type(exc).__name__}: {first}"]


def _compare(folder: Path, wheel: bool = False) -> list[str]:
    import duckdb
    import pyarrow.parquet as pq

    problems: list[str] = []
    con = duckdb.connect(str(folder / DUCKDB_FILE), read_only=True)
    try:
        for name, spec in specs().items():
            cols = ", ".join(spec.column_names)
            db = con.execute(f"SELECT {cols} FROM {name} ORDER BY ALL").fetchall()
            parquet = pq.read_table(folder / "parquet" / f"{name}.parquet")
            con.register("pq_twin", parquet)
            pq_rows = con.execute(f"SELECT {cols} FROM pq_twin ORDER BY ALL").fetchall()
            con.unregister("pq_twin")
            if db != pq_rows:
                problems.append(f"{name}: DuckDB table differs from parquet/{name}.parquet")
            types = {c.name: c.sql_type for c in spec.columns}
            csv_rows = db if wheel else con.execute(
                f"SELECT {cols} FROM read_csv(?, header=true, columns=?, nullstr='', quote='\"', escape='\"') "
                "ORDER BY ALL", [str(folder / "csv" / f"{name}.csv"), types]).fetchall()
            if db != csv_rows:
                problems.append(f"{name}: DuckDB table differs from csv/{name}.csv")
            pk = ", ".join(spec.primary_key)
            (dupes,) = con.execute(f"SELECT count(*) FROM (SELECT {pk} FROM {name} GROUP BY ALL HAVING count(*) > 1)"
                                   ).fetchone()
            (nulls,) = con.execute(f"SELECT count(*) FROM {name} WHERE " +
                                   " OR ".join(f"{c} IS NULL" for c in spec.primary_key)).fetchone()
            if dupes or nulls:
                problems.append(f"{name}: primary key ({pk}) has {dupes} duplicate(s) and {nulls} null(s)")
            for cols_, table, ref in spec.foreign_keys():
                on = " AND ".join(f"t.{c} = r.{rc}" for c, rc in zip(cols_, ref))
                notnull = " AND ".join(f"t.{c} IS NOT NULL" for c in cols_)
                (n,) = con.execute(f"SELECT count(*) FROM {name} t WHERE {notnull} AND NOT EXISTS "
                                   f"(SELECT 1 FROM {table} r WHERE {on})").fetchone()
                if n:
                    problems.append(f"{name}: {n} row(s) with ({', '.join(cols_)}) not found in {table}")
        problems += _views(con, folder)
    finally:
        con.close()
    return problems


def _views(con: Any, folder: Path) -> list[str]:
    """Every view of ``queries/views`` exists in the database and gives the rows it gives on the Parquet twins."""
    import duckdb

    from ..catalog import all_views
    from ..export.duckdb import view_ddl

    views = all_views()
    present = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    problems = [f"view {name}: missing from {DUCKDB_FILE}" for name in views if name not in present]
    problems += [f"view {name}: in {DUCKDB_FILE} but not in queries/views" for name in sorted(present - set(views))]
    ref = duckdb.connect()
    try:
        for name in specs():
            ref.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)",
                        [str(folder / "parquet" / f"{name}.parquet")])
        for name, view in views.items():
            ref.execute(view_ddl(view)[0])
            if name not in present:
                continue
            want = ref.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
            try:
                got = con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
            except duckdb.Error as exc:
                problems.append(f"view {name}: fails ({str(exc).splitlines()[0]})")
                continue
            if got != want:
                problems.append(f"view {name}: gives {len(got)} row(s) where its definition on the Parquet files "
                                f"gives {len(want)} (or different values)")
    finally:
        ref.close()
    return problems
