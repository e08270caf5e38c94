"""Which files a build writes beside the CSV tables, and writing them.

Every build writes Parquet and DuckDB (the core, read by the Python API and shipped in the
wheel) and, by default, SQLite (with ``datasette-metadata.json``), XLSX and the explorer site
(``site/``); Stata files
only when asked (``defcoop release`` asks when pyreadstat, the ``[stata]`` extra, is
installed). All of them are written from one set of Arrow tables while the Frictionless
workers check the CSV tables (see :mod:`defcoop.publish.build`).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from ..catalog import all_queries, all_views
from ..paths import queries_folder
from ..validate import Result

OPTIONAL_FORMATS = ("sqlite", "xlsx", "stata", "site")
"""Formats a build may add to the core (CSV, Parquet, DuckDB): SQLite, XLSX, Stata, the explorer site."""
DEFAULT_FORMATS = ("sqlite", "xlsx", "site")
"""Formats every ``defcoop build`` writes."""


def build_time() -> dt.datetime:
    """The build's ``created`` time (UTC): ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def write_outputs(result: Result, folder: Path, formats: tuple[str, ...], created: dt.datetime) -> None:
    """Write Parquet, DuckDB and each of ``formats`` (the explorer too: ``site``) into ``folder``; record each one's seconds in
    ``result.timings`` and anything a reader should know (e.g. a query not translated to SQLite)
    in ``result.notes``. Raises ValueError for an unknown format, ImportError when a format's
    library is missing (the message names the extra)."""
    from ..export.arrow import arrow_tables
    from ..export.duckdb import write_duckdb
    from ..export.parquet import write_parquet

    unknown = set(formats) - set(OPTIONAL_FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(sorted(unknown))}; known: {', '.join(OPTIONAL_FORMATS)}")
    t = time.perf_counter()
    arrows = arrow_tables(result.tables)
    write_parquet(arrows, folder)
    result.timings["parquet"] = time.perf_counter() - t
    t = time.perf_counter()
    queries = queries_folder(result.root)
    views = all_views(queries)
    write_duckdb(arrows, folder, views)
    result.timings["duckdb"] = time.perf_counter() - t
    info = result.tables["dataset_info"].rows[0]
    if "sqlite" in formats:
        from ..export.datasette import datasette_metadata, write_datasette_metadata
        from ..export.sqlite import write_sqlite

        t = time.perf_counter()
        ready = all_queries(queries)
        done = write_sqlite(arrows, folder, views, ready)
        write_datasette_metadata(folder, datasette_metadata(result.meta, info, views, ready, done))
        result.notes += [f"not translated to SQLite: {name}: {why}" for name, why in sorted(done.failed.items())]
        result.timings["sqlite"] = time.perf_counter() - t
    if "xlsx" in formats:
        from ..export.xlsx import write_xlsx

        t = time.perf_counter()
        write_xlsx(arrows, folder, info, created)
        result.timings["xlsx"] = time.perf_counter() - t
    if "stata" in formats:
        from ..export.stata import write_stata

        t = time.perf_counter()
        write_stata(arrows, folder)
        result.timings["stata"] = time.perf_counter() - t
    if "site" in formats:
        from ..export.site import write_site

        t = time.perf_counter()
        write_site(arrows, folder / "site")
        result.timings["site"] = time.perf_counter() - t
