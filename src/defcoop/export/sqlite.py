"""The SQLite database ``defcoop.sqlite``: every table with primary and foreign keys, the views.

Written with Python's own ``sqlite3``: one table per spec (types from
:data:`~defcoop.schema.derive.SQLITE_TYPES`: dates as ISO 8601 text, booleans 0/1), with
PRIMARY KEY, FOREIGN KEY (self-references included), NOT NULL and code-list CHECK
constraints; each column's description is a comment in the stored CREATE TABLE text
(``SELECT sql FROM sqlite_master``), and Datasette shows them from
``datasette-metadata.json`` (:mod:`defcoop.export.datasette`). The views
(``queries/views``) are translated from DuckDB's SQL (:mod:`defcoop.export.sqlite_sql`) and
keep their names. Foreign keys are checked when the file is written (``PRAGMA
foreign_keys``, deferred to the commit so that self-references may point forward), and a
reader enforces them on writes with ``PRAGMA foreign_keys = ON``. Not byte-reproducible
across SQLite versions: compare tables' contents.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import Query
from ..schema.derive import SQLITE_TYPES, TableSpec, specs, sql_literal
from .sqlite_sql import Untranslatable, to_sqlite

SQLITE_FILE = "defcoop.sqlite"


@dataclass
class Translated:
    """The views and queries in SQLite's SQL: ``sql`` by name, and ``failed`` name -> reason."""

    views: dict[str, str] = field(default_factory=dict)
    queries: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def sqlite_ddl(spec: TableSpec) -> str:
    """CREATE TABLE for ``spec`` with keys, checks and each column's description as a comment."""
    lines = spec.column_lines(SQLITE_TYPES, boolean_check=True)
    lines.append((f"  PRIMARY KEY ({', '.join(spec.primary_key)})", ""))
    for cols, table, ref in spec.foreign_keys():
        lines.append((f"  FOREIGN KEY ({', '.join(cols)}) REFERENCES {table} ({', '.join(ref)})", ""))
    body = []
    for i, (line, comment) in enumerate(lines):
        sep = "," if i < len(lines) - 1 else ""
        body.append(f"{line}{sep}" + (f"  -- {_one_line(comment)}" if comment else ""))
    head = f"-- {_one_line(spec.description + ' ' + spec.grain)}"
    return f"CREATE TABLE {spec.name} ( {head}\n" + "\n".join(body) + "\n)"


def translate(views: dict[str, Query], queries: dict[str, Query]) -> Translated:
    """Every view and query in SQLite's SQL; those that cannot be translated go to ``failed``."""
    out = Translated()
    for kind, found, target in (("view", views, out.views), ("query", queries, out.queries)):
        for name, q in found.items():
            try:
                target[name] = to_sqlite(q.sql, {p.name: (p.type, None if p.empty_means_all else p.default)
                                                 for p in q.params})
            except Untranslatable as exc:
                out.failed[name] = f"{kind}: {exc}"
    return out


def write_sqlite(arrows: dict, folder: Path, views: dict[str, Query], queries: dict[str, Query]) -> Translated:
    """Write ``<folder>/defcoop.sqlite`` (tables in dependency order, then the views); return
    the translations (views and queries; the build puts the queries in Datasette's metadata).

    Each translated query is prepared against the written file (``EXPLAIN``), so one that
    SQLite rejects is listed in ``failed`` with SQLite's message, not shipped. Raises
    ``sqlite3.IntegrityError`` when a key or check does not hold (the build then fails).
    """
    path = folder / SQLITE_FILE
    path.unlink(missing_ok=True)
    done = translate(views, queries)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = OFF")  # written once into a staging folder: no journal
        con.execute("PRAGMA synchronous = OFF")  # the build fsyncs the finished snapshot
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        con.execute("PRAGMA defer_foreign_keys = ON")
        for name, spec in specs().items():
            con.execute(sqlite_ddl(spec))
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(spec.columns))})",
                            _rows(arrows[name], spec))
        for name in list(done.views):
            try:
                con.execute(f"CREATE VIEW {name} AS\n{done.views[name]}")
                con.execute(f"SELECT * FROM {name} LIMIT 0")
            except sqlite3.Error as exc:
                con.execute(f"DROP VIEW IF EXISTS {name}")
                done.failed[name] = f"view: SQLite rejects the translation: {exc}"
                del done.views[name]
        con.execute("COMMIT")
        for name in list(done.queries):
            try:
                con.execute(f"EXPLAIN {done.queries[name]}", {p.name: None for p in queries[name].params})
            except sqlite3.Error as exc:
                done.failed[name] = f"query: SQLite rejects the translation: {exc}"
                del done.queries[name]
    except BaseException:
        con.close()
        path.unlink(missing_ok=True)
        raise
    con.close()
    return done


def _rows(table, spec: TableSpec):  # (pyarrow.Table, TableSpec) -> iterator of tuples
    convert = [_TO_SQLITE.get(c.type) for c in spec.columns]
    columns = [table.column(c.name).to_pylist() for c in spec.columns]
    for row in zip(*columns):
        yield tuple(v if f is None or v is None else f(v) for f, v in zip(convert, row))


_TO_SQLITE: dict[str, Any] = {"date": dt.date.isoformat, "boolean": int}
"""Python value -> SQLite value for the types SQLite lacks (see SQLITE_TYPES)."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


