"""The Python API behind :mod:`defcoop` (see its docstring).

Reads a built snapshot only (its ``datapackage.json``, Parquet files and DuckDB file), never
the curation models, so that it works from the wheel's packaged data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import catalog
from .paths import data_dir


class DataDamaged(ValueError):
    """The build's ``datapackage.json`` is not a readable Data Package descriptor."""


def _descriptor(folder: Path) -> dict[str, Any]:
    """The parsed ``datapackage.json``; :class:`DataDamaged` when it is not JSON, not an object, or a
    resource is not an object with a name."""
    try:
        desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    except ValueError as exc:
        raise DataDamaged(f"{folder / 'datapackage.json'} is not valid JSON ({exc})") from None
    if not isinstance(desc, dict) or not isinstance(desc.get("resources", []), list) or \
            not all(isinstance(r, dict) and isinstance(r.get("name"), str) for r in desc.get("resources", [])):
        raise DataDamaged(f"{folder / 'datapackage.json'} is not a Data Package descriptor "
                          "(an object whose resources are objects with a name); run `defcoop verify`")
    return desc


def tables(data: str | os.PathLike | None = None) -> list[str]:
    """Names of the published tables (``datapackage.json`` resources), referenced tables first.

    Raises :class:`defcoop.paths.DataNotFound` when no build exists.
    """
    return [r["name"] for r in _descriptor(data_dir(data)).get("resources", [])
            if r.get("profile") == "tabular-data-resource" or r.get("type") == "table"]


def views(data: str | os.PathLike | None = None) -> list[str]:
    """Names of the views in the database (``queries/views``): query them with :func:`connect`."""
    con = connect(data)
    try:
        return [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                                          "ORDER BY view_name").fetchall()]
    finally:
        con.close()


LOAD_TARGETS = ("arrow", "pandas", "polars")


def load(name: str, data: str | os.PathLike | None = None, to: str = "arrow"):
    """Table ``name`` as a ``pyarrow.Table`` (``to="arrow"``), a pandas DataFrame (``"pandas"``)
    or a polars DataFrame (``"polars"``); columns as in the codebook, one row per record or item.

    pandas and polars frames are typed from the table's schema: integers with missing values
    (``Int64``), dates as dates (pandas ``datetime64[ms]``, polars ``Date``), code-list columns
    as categoricals over the whole code list (pandas ``category``, polars ``Enum``); see
    :mod:`defcoop.frames`. Raises KeyError for an unknown table (naming the views when
    ``name`` is a view), ValueError for an unknown ``to``, ImportError naming the extra to
    install (``defcoop[pandas]``, ``defcoop[polars]``) when the library is missing, and
    :class:`defcoop.paths.DataNotFound` when no build exists.
    """
    import pyarrow.parquet as pq

    if to not in LOAD_TARGETS:
        raise ValueError(f"to={to!r}: expected one of {', '.join(LOAD_TARGETS)}")
    folder = data_dir(data)
    names = tables(folder)
    name = name.lower() if name.lower() in names else name
    if name not in names:
        known = views(folder)
        if name in known:
            raise KeyError(f"{name!r} is a view, not a table: read it through a connection, "
                           f"defcoop.connect().sql('SELECT * FROM {name}').fetchall() (or .df() with pandas); "
                           f"views: {', '.join(known)}")
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(names)}; views: {', '.join(known)}")
    table = pq.read_table(folder / "parquet" / f"{name}.parquet")
    if to == "arrow":
        return table
    from . import frames

    schema = next(r["schema"] for r in _descriptor(folder)["resources"] if r["name"] == name)
    return frames.to_pandas(table, schema) if to == "pandas" else frames.to_polars(table, schema)


def connect(data: str | os.PathLike | None = None):  # -> duckdb.DuckDBPyConnection
    """A read-only DuckDB connection on the built database.

    Sandboxed: external access (other files, extensions, URLs, Python objects such as
    DataFrames) is disabled and the configuration locked, so SQL run on it cannot touch files
    outside the dataset. To join the data with your own files, open your own connection and
    attach the database read-only (see the README).
    """
    import duckdb

    path = data_dir(data) / "defcoop.duckdb"
    return duckdb.connect(str(path), read_only=True,
                          config={"enable_external_access": False, "lock_configuration": True})


PANELS = ("dyad_years", "directed_dyad_years")


def panel(name: str, data: str | os.PathLike | None = None, to: str = "arrow"):
    """A dyad-year panel, ``dyad_years`` or ``directed_dyad_years``, as :func:`load` gives it
    (``to="arrow"``: a ``pyarrow.Table``; ``"pandas"`` / ``"polars"``: nullable integer counts).

    One row per pair of states (COW codes ``ccode1``, ``ccode2``; GW codes; ISO3) and year that
    a coverage declaration reaches; a count is 0 only where the dataset covers it, NULL where
    nothing was collected (codebook: "Derived facts", panels). Raises KeyError for another name.
    """
    if name not in PANELS:
        raise KeyError(f"unknown panel {name!r}; panels: {', '.join(PANELS)}")
    return load(name, data, to=to)


def as_known_on(date: str | os.PathLike, record_id: str | None = None,
                data: str | os.PathLike | None = None):  # -> pyarrow.Table
    """What was publicly known on ``date`` (``YYYY-MM-DD`` or a ``datetime.date``): per record and
    field, the best-ranked claim among sources published by then (the ``as_known_on`` query).

    Raises :class:`defcoop.catalog.QueryError` for a malformed date or an unknown record id.
    """
    return query("as_known_on", data, date=str(date), record_id=record_id or "")


def queries() -> dict[str, catalog.Query]:
    """The ready-made queries by name (title, description, grain, parameters, SQL)."""
    return catalog.all_queries()


class QueryTimeout(Exception):
    """A query or SQL statement ran longer than its time limit and was stopped."""


def query(name: str, data: str | os.PathLike | None = None, timeout: float | None = None,
          **params: Any):  # -> pyarrow.Table
    """Run ready-made query ``name`` with ``params`` (bound, never pasted); return a ``pyarrow.Table``.

    Raises :class:`defcoop.catalog.QueryError` for an unknown query or parameter, a value of
    the wrong type, or an id no record has (the message names the closest ids), and
    :class:`QueryTimeout` when it runs longer than ``timeout`` seconds (None: no limit).
    """
    q = catalog.get(name)
    con = connect(data)
    try:
        return run_sql(con, q.sql, q.bind(params, con), timeout=timeout)
    finally:
        con.close()


def run_sql(con, sql: str, params: dict[str, Any] | None = None,
            timeout: float | None = None):  # -> pyarrow.Table
    """Run ``sql`` with bound ``params`` on ``con``; the result as a pyarrow.Table (DuckDB 1.x and 2.x).

    With ``timeout`` (seconds), the statement is interrupted when it runs longer and
    :class:`QueryTimeout` is raised; other failures raise ``duckdb.Error``.
    """
    import threading

    import duckdb

    timer = threading.Timer(timeout, con.interrupt) if timeout else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        rel = con.sql(sql, params=params or None)
        if rel is None:  # a statement without a result (e.g. SET)
            import pyarrow as pa

            return pa.table({})
        method = getattr(rel, "to_arrow_table", None) or rel.arrow
        return method()
    except duckdb.InterruptException:
        if timer is None:
            raise
        raise QueryTimeout(f"stopped after {timeout:g} s (--timeout); narrow the query or raise the limit") from None
    finally:
        if timer:
            timer.cancel()
