"""The DuckDB database: every table with its primary key and comments, and the views, in one file.

Not byte-reproducible (DuckDB stores allocation details): compare tables' contents.
Written with ``STORAGE_VERSION 'v1.0.0'`` so that DuckDB 1.1 can open it, and with DuckDB's
smallest block (16 KB instead of 256 KB): the file is mostly per-column and per-index
overhead at this size, and small blocks cut it from 61x to about 6x the Parquet bytes.
Foreign keys are comments, not constraints (see :meth:`TableSpec.duckdb_ddl`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import Query
from ..schema.derive import specs, sql_literal

DUCKDB_STORAGE_VERSION = "v1.0.0"
DUCKDB_BLOCK_SIZE = 16384  # bytes; DuckDB's minimum
DUCKDB_FILE = "defcoop.duckdb"


def write_duckdb(arrows: dict, folder: Path, views: dict[str, Query]) -> None:
    """Write ``<folder>/defcoop.duckdb``: every table with its primary key and comments, then the views
    (``queries/views/*.sql``, in dependency order) with their comments."""
    import duckdb

    path = folder / DUCKDB_FILE
    # One thread: the build runs this beside Frictionless, which needs the other core.
    con = duckdb.connect(config={"threads": 1})
    try:
        con.execute(f"ATTACH '{path.as_posix()}' AS out "
                    f"(STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}', BLOCK_SIZE {DUCKDB_BLOCK_SIZE})")
        con.execute("USE out")
        for name, spec in specs().items():
            for stmt in spec.duckdb_ddl():
                con.execute(stmt)
            arrow = arrows[name]  # noqa: F841 - read by DuckDB's replacement scan
            con.execute(f"INSERT INTO {name} SELECT * FROM arrow")
        for name, view in views.items():
            for stmt in view_ddl(view):
                con.execute(stmt)
        con.execute("USE memory")
        con.execute("DETACH out")
    finally:
        con.close()


def view_ddl(view: Query) -> list[str]:
    """CREATE VIEW and COMMENT ON statements for one view file."""
    stmts = [f"CREATE VIEW {view.name} AS {view.sql.strip().rstrip(';')}",
             f"COMMENT ON VIEW {view.name} IS {sql_literal(view.description + ' ' + view.grain[:1].upper() + view.grain[1:] + '.')}"]
    stmts += [f"COMMENT ON COLUMN {view.name}.{col} IS {sql_literal(desc)}" for col, desc in view.columns]
    return stmts


