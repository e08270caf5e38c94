"""Writers for the published files: CSV, Parquet, DuckDB and datapackage.json.

All writers take the flattened tables (``{name: Rows}``, rows already sorted by
primary key) and a target folder. CSV and Parquet are byte-identical for the same
input; the DuckDB file is not (DuckDB stores allocation details), so compare its
tables' contents instead. The DuckDB file is written with an explicit
``STORAGE_VERSION`` so that DuckDB 1.1 can open it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from .flatten import Rows
from .tables import specs

DUCKDB_STORAGE_VERSION = "v1.0.0"
DUCKDB_FILE = "defcoop.duckdb"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(tables: dict[str, Rows], folder: Path) -> None:
    """Write ``<folder>/csv/<table>.csv`` (UTF-8, header, LF line ends) for every table."""
    out = folder / "csv"
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in specs().items():
        cols = spec.column_names
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(cols)
            for row in tables[name].rows:
                writer.writerow([_csv_value(row.get(c)) for c in cols])


def arrow_table(name: str, rows: Rows, version: str):  # -> pyarrow.Table
    """One table as a pyarrow.Table with its generated schema and the dataset version in metadata."""
    import pyarrow as pa

    spec = specs()[name]
    schema = spec.arrow().with_metadata({"defcoop.version": version, "defcoop.table": name,
                                         "defcoop.grain": spec.grain})
    columns = {c: [r.get(c) for r in rows.rows] for c in spec.column_names}
    return pa.Table.from_pydict(columns, schema=schema)


def arrow_tables(tables: dict[str, Rows], version: str) -> dict:  # -> {name: pyarrow.Table}
    """Every table as a pyarrow.Table, in dependency order (built once for Parquet and DuckDB)."""
    return {name: arrow_table(name, tables[name], version) for name in specs()}


def write_parquet(arrows: dict, folder: Path) -> None:
    """Write ``<folder>/parquet/<table>.parquet`` (zstd, one row group, rows by primary key)."""
    import pyarrow.parquet as pq

    out = folder / "parquet"
    out.mkdir(parents=True, exist_ok=True)
    for name, table in arrows.items():
        pq.write_table(table, out / f"{name}.parquet",
                       compression="zstd", write_statistics=True, store_schema=True)


VIEWS = {
    "contract_overview": """
        SELECT c.contract_id, c.contract_type, c.status, b.name AS buyer, b.country_iso3 AS buyer_iso3,
               s.name AS supplier, s.country_iso3 AS supplier_iso3, w.name AS system, w.category,
               c.quantity, c.value_amount, c.value_currency, c.value_usd, c.signed_date, c.signed_date_precision,
               r.verification, r.n_independent_sources
        FROM contracts c
        JOIN actors b ON b.actor_id = c.buyer_actor_id
        JOIN actors s ON s.actor_id = c.supplier_actor_id
        LEFT JOIN weapon_systems w ON w.system_id = c.system_id
        JOIN records r ON r.table_name = 'contracts' AND r.record_id = c.contract_id""",
    "contested_fields": """
        WITH c AS (
          SELECT table_name, record_id, field, value,
                 CASE WHEN field = 'value_amount' THEN split_part(value, ' ', 2) ELSE '' END AS grp,
                 CASE WHEN field LIKE '%\\_date' ESCAPE '\\' THEN (CASE
                   WHEN value SIMILAR TO '[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN CAST(value AS DATE)
                   WHEN value SIMILAR TO '[0-9]{4}-[0-9]{2}' THEN CAST(value || '-01' AS DATE)
                   WHEN value SIMILAR TO '[0-9]{4}-Q[1-4]' THEN make_date(CAST(left(value, 4) AS INTEGER),
                        3 * CAST(right(value, 1) AS INTEGER) - 2, 1)
                   WHEN value SIMILAR TO '[0-9]{4}-H[12]' THEN make_date(CAST(left(value, 4) AS INTEGER),
                        6 * CAST(right(value, 1) AS INTEGER) - 5, 1)
                   ELSE make_date(CAST(left(value, 4) AS INTEGER), 1, 1) END) END AS p_start,
                 CASE WHEN field LIKE '%\\_date' ESCAPE '\\' THEN (CASE
                   WHEN value SIMILAR TO '[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN CAST(value AS DATE)
                   WHEN value SIMILAR TO '[0-9]{4}-[0-9]{2}' THEN last_day(CAST(value || '-01' AS DATE))
                   WHEN value SIMILAR TO '[0-9]{4}-Q[1-4]' THEN last_day(make_date(CAST(left(value, 4) AS INTEGER),
                        3 * CAST(right(value, 1) AS INTEGER), 1))
                   WHEN value SIMILAR TO '[0-9]{4}-H[12]' THEN last_day(make_date(CAST(left(value, 4) AS INTEGER),
                        6 * CAST(right(value, 1) AS INTEGER), 1))
                   ELSE make_date(CAST(left(value, 4) AS INTEGER), 12, 31) END) END AS p_end
          FROM claims WHERE rank <> 'deprecated'
        ),
        disagreeing AS (  -- dates disagree when their periods do not overlap; other values when they differ
          SELECT DISTINCT a.table_name, a.record_id, a.field, a.grp
          FROM c a JOIN c b USING (table_name, record_id, field, grp)
          WHERE a.value <> b.value AND (a.p_end IS NULL OR a.p_end < b.p_start)
        )
        SELECT c.table_name, c.record_id, c.field, count(DISTINCT c.value) AS n_values,
               list(DISTINCT c.value ORDER BY c.value) AS values_claimed
        FROM c JOIN disagreeing d USING (table_name, record_id, field, grp)
        GROUP BY c.table_name, c.record_id, c.field, c.grp
        ORDER BY c.table_name, c.record_id, c.field""",
    "actor_country": """
        SELECT a.actor_id, a.name, a.actor_type,
               coalesce(a.country_iso3, p.country_iso3) AS country_iso3,
               coalesce(a.cow_code, p.cow_code) AS cow_code
        FROM actors a LEFT JOIN actors p ON p.actor_id = a.parent_actor_id""",
}


def write_duckdb(arrows: dict, folder: Path, meta: dict[str, Any], as_of: str | None) -> None:
    """Write ``<folder>/defcoop.duckdb``: tables with keys, comments, views and a dataset_info view."""
    import duckdb

    path = folder / DUCKDB_FILE
    # One thread: the build runs this beside Frictionless, which needs the other core.
    con = duckdb.connect(config={"threads": 1})
    try:
        con.execute(f"ATTACH '{path.as_posix()}' AS out (STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')")
        con.execute("USE out")
        for name, spec in specs().items():
            for stmt in spec.duckdb_ddl():
                con.execute(stmt)
            arrow = arrows[name]  # noqa: F841 - read by DuckDB's replacement scan
            con.execute(f"INSERT INTO {name} SELECT * FROM arrow")
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
        info = {"name": meta.get("name", "defcoop"), "version": meta["version"], "as_of": as_of or ""}
        cols = ", ".join(f"'{str(v).replace(chr(39), '')}' AS {k}" for k, v in info.items())
        con.execute(f"CREATE VIEW dataset_info AS SELECT {cols}")
        con.execute("COMMENT ON VIEW dataset_info IS 'Name, version and as-of date of this build.'")
        con.execute("USE memory")
        con.execute("DETACH out")
    finally:
        con.close()


def file_hash(path: Path) -> str:
    """SHA-256 of a file, as Frictionless writes it (``sha256:<hex>``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def datapackage_descriptor(folder: Path, meta: dict[str, Any], as_of: str | None,
                           sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor for the files in ``folder``.

    ``resources`` are the CSV tables with their Table Schemas; ``binaries`` lists the
    Parquet files and the DuckDB file with ``bytes`` and ``hash`` so they can be verified.
    """
    resources = []
    for name, spec in specs().items():
        rel = f"csv/{name}.csv"
        resources.append({
            "name": name, "path": rel, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": f"{spec.description} {spec.grain}",
            "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel),
            "schema": spec.frictionless(),
        })
    binaries = []
    for name in specs():
        rel = f"parquet/{name}.parquet"
        binaries.append({"name": f"{name}-parquet", "path": rel, "format": "parquet",
                         "mediatype": "application/vnd.apache.parquet",
                         "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel)})
    rel = DUCKDB_FILE
    binaries.append({"name": "duckdb", "path": rel, "format": "duckdb", "mediatype": "application/vnd.duckdb",
                     "description": "All tables with keys, comments and views, in one DuckDB file.",
                     "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel)})
    keep = ("name", "title", "description", "homepage", "keywords", "licenses", "contributors")
    descriptor = {"profile": "tabular-data-package", **{k: meta[k] for k in keep if k in meta},
                  "version": meta["version"]}
    if as_of:
        descriptor["as_of"] = as_of
    descriptor["sources"] = sources
    descriptor["resources"] = resources
    # Parquet and DuckDB twins of the CSV resources, with sizes and hashes. Kept out of
    # `resources` because Frictionless would read Parquet through pandas.
    descriptor["binaries"] = binaries
    return descriptor


def write_datapackage(folder: Path, descriptor: dict[str, Any]) -> None:
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
