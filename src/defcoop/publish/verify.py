"""Verify a build folder: files match datapackage.json, tables match their twins, keys hold.

:func:`verify` recomputes every resource's ``bytes`` and ``hash`` (the CSV tables and every
other data file: Parquet, DuckDB, SQLite, XLSX, Stata), checks that each DuckDB table
equals its Parquet file and its CSV file row for row (CSV compared as text after DuckDB's
own CSV reading), and that every primary key is unique and non-null and every foreign key
resolves in the DuckDB file (which declares no foreign keys: this is where they are
checked after the build). Returns a list of human-readable differences (empty = verified).
The installed package's data (``defcoop/data`` of the wheel) carries only datapackage.json,
parquet/ and defcoop.duckdb: there, the other files are not expected.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..export.datapackage import file_hash
from ..export.duckdb import DUCKDB_FILE
from ..paths import PACKAGE
from ..schema.derive import specs

WHEEL_FILES = ("datapackage.json", "parquet/", DUCKDB_FILE)
"""What the wheel's data folder carries (hatch_build.py); verify expects nothing else there."""


def verify(folder: Path) -> list[str]:
    """Check ``folder`` (a build snapshot); return the differences found."""
    import duckdb
    import pyarrow.parquet as pq

    problems: list[str] = []
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"datapackage.json: cannot read ({exc})"]
    wheel = folder.resolve() == (PACKAGE / "data").resolve()
    for res in descriptor.get("resources", []):
        path = folder / res["path"]
        if wheel and not res["path"].startswith(WHEEL_FILES):
            continue
        if not path.is_file():
            problems.append(f"{res['path']}: missing")
            continue
        if path.stat().st_size != res.get("bytes"):
            problems.append(f"{res['path']}: {path.stat().st_size} bytes, datapackage.json says {res.get('bytes')}")
        if file_hash(path) != res.get("hash"):
            problems.append(f"{res['path']}: hash differs from datapackage.json")
    if problems:
        return problems
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
    finally:
        con.close()
    return problems
