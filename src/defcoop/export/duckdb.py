"""The DuckDB database: every table with keys, comments and views, in one file.

Not byte-reproducible (DuckDB stores allocation details): compare tables' contents.
Written with an explicit ``STORAGE_VERSION`` so that DuckDB 1.1 can open it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..schema.derive import specs

DUCKDB_STORAGE_VERSION = "v1.0.0"
DUCKDB_FILE = "defcoop.duckdb"


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


