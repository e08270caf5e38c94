"""The Python API behind :mod:`defcoop` (see its docstring)."""

from __future__ import annotations

import os
from typing import Any

from . import catalog
from .paths import data_dir
from .schema.derive import specs


def tables() -> list[str]:
    """Names of the published tables, referenced tables first."""
    return list(specs())


def load(name: str, data: str | os.PathLike | None = None):  # -> pyarrow.Table
    """Table ``name`` as a ``pyarrow.Table`` (columns and types as in the codebook).

    Raises KeyError for an unknown table and DataNotFound when no build exists.
    """
    import pyarrow.parquet as pq

    if name not in specs():
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(specs())}")
    return pq.read_table(data_dir(data) / "parquet" / f"{name}.parquet")


def connect(data: str | os.PathLike | None = None):  # -> duckdb.DuckDBPyConnection
    """A read-only DuckDB connection on the built database.

    External access (reading or writing other files, extensions, URLs) is disabled
    and the configuration locked, so SQL run on it cannot touch files outside the
    dataset.
    """
    import duckdb

    path = data_dir(data) / "defcoop.duckdb"
    return duckdb.connect(str(path), read_only=True,
                          config={"enable_external_access": False, "lock_configuration": True})


def queries() -> dict[str, catalog.Query]:
    """The ready-made queries by name (title, description, grain, parameters, SQL)."""
    return catalog.all_queries()


def query(name: str, data: str | os.PathLike | None = None, **params: Any):  # -> pyarrow.Table
    """Run ready-made query ``name`` with ``params`` (bound, never pasted); return a ``pyarrow.Table``.

    Raises :class:`defcoop.catalog.QueryError` for unknown queries or parameters.
    """
    q = catalog.get(name)
    con = connect(data)
    try:
        return run_sql(con, q.sql, q.bind(params))
    finally:
        con.close()


def run_sql(con, sql: str, params: dict[str, Any] | None = None):  # -> pyarrow.Table
    """Run ``sql`` with bound ``params`` on ``con``; the result as a pyarrow.Table (DuckDB 1.x and 2.x)."""
    rel = con.sql(sql, params=params or None)
    if rel is None:  # a statement without a result (e.g. SET)
        import pyarrow as pa

        return pa.table({})
    method = getattr(rel, "to_arrow_table", None) or rel.arrow
    return method()
