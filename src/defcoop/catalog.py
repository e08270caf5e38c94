"""The ready-made queries in ``queries/*.sql``, the views in ``queries/views/*.sql``, and their headers.

A query or view file starts with comment lines::

    -- title: Contract detail with deliveries
    -- description: One contract with its milestones and delivery lots.
    -- grain: one row per contract and dated item
    -- param contract_id (id contracts.contract_id, default mys-kai-fa-50m-2023): the contract to show
    -- param actor (id actors.actor_id, default kor, '' = all): only records of this actor
    -- param since_year (integer, default 1990): count contracts signed in or after this year
    -- column contract_id: The contract (views: every column is described)

Parameter types: ``text``, ``integer``, ``number``, ``date``, or ``id <table>.<column>``: a
value that must exist in that column (matched case-insensitively; an unknown one is a
:class:`QueryError` naming the closest values); ``'' = all`` lets the empty string stand for
"every record". Parameters appear in the SQL as ``$name`` and are always bound by DuckDB,
never pasted into the text. A header line that does not parse is an error, not ignored.
Query names are file stems (``[a-z0-9_]+``) and resolve only inside the queries folder;
views are not queries (:func:`all_queries` does not list them).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import queries_dir

NAME = re.compile(r"^[a-z0-9_]+$")
_PARAM = re.compile(r"^-- param (\w+) \((text|integer|number|date|id (\w+)\.(\w+)), default (.*?)(, '' = all)?\): (.+)$")
_KEY = re.compile(r"^-- (title|description|grain): (.+)$")
_COLUMN = re.compile(r"^-- column (\w+): (.+)$")
def _ascii_number(cast):  # noqa: ANN001, ANN202
    """int/float that accept ASCII digits only (Python's own accept every script's digits: '１８' -> 18)."""
    pattern = re.compile(r"-?[0-9]+\Z" if cast is int else r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")

    def parse(text: str):  # noqa: ANN202
        if not pattern.match(text.strip()):
            raise ValueError(text)
        return cast(text)
    return parse


_CASTS = {"text": str, "integer": _ascii_number(int), "number": _ascii_number(float), "date": dt.date.fromisoformat}


class QueryError(ValueError):
    """Unknown query, unknown parameter, a malformed header, a parameter value of the wrong
    type or an id that no record has."""


@dataclass(frozen=True)
class Param:
    """A query parameter: ``type`` is text/integer/number/date or ``id``; ``ref`` = (table, column) for ids."""

    name: str
    type: str
    default: str
    description: str
    ref: tuple[str, str] | None = None
    empty_means_all: bool = False

    def cast(self, value: Any, con: Any = None) -> Any:
        """The value to bind: typed, and for an id the stored spelling (checked against ``con``)."""
        if self.ref:
            return self._resolve(str(value), con)
        try:
            return _CASTS[self.type](value) if isinstance(value, str) else value
        except ValueError:
            raise QueryError(f"parameter {self.name}: {value!r} is not a valid {self.type}") from None

    def _resolve(self, value: str, con: Any) -> str:
        if value == "" and self.empty_means_all:
            return ""
        if con is None:
            return value
        table, column = self.ref  # type: ignore[misc]
        known = [r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()]
        by_fold = {str(k).casefold(): k for k in known}
        if value.casefold() in by_fold:
            return by_fold[value.casefold()]
        close = difflib.get_close_matches(value.casefold(), list(by_fold), n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(by_fold[c] for c in close)}" if close else ""
        allowed = " ('' for all)" if self.empty_means_all else ""
        raise QueryError(f"parameter {self.name}: no {table}.{column} is {value!r}{hint}{allowed}")


@dataclass(frozen=True)
class Query:
    """A ready-made query or view: name, header fields, parameters, described columns and SQL text."""

    name: str
    title: str
    description: str
    grain: str
    params: tuple[Param, ...] = field(default=())
    sql: str = ""
    columns: tuple[tuple[str, str], ...] = field(default=())

    def bind(self, values: dict[str, Any], con: Any = None) -> dict[str, Any]:
        """Parameter values (defaults filled, types cast, ids checked on ``con``); QueryError on unknown names."""
        known = {p.name: p for p in self.params}
        unknown = set(values) - set(known)
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(known) or 'none'}")
        return {name: p.cast(values.get(name, p.default), con) for name, p in known.items()}


def parse(path: Path) -> Query:
    """Read one query or view file and its header; QueryError when the header is malformed."""
    text = path.read_text("utf-8")
    head: dict[str, str] = {}
    params, columns = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("--"):
            break
        if m := _KEY.match(line):
            head[m.group(1)] = m.group(2).strip()
        elif m := _PARAM.match(line):
            name, type_, table, column, default, all_, description = m.groups()
            ref = (table, column) if table else None
            params.append(Param(name, "id" if ref else type_, "" if default in ("''", '""') else default,
                                description, ref, bool(all_)))
        elif m := _COLUMN.match(line):
            columns.append((m.group(1), m.group(2).strip()))
        else:
            raise QueryError(f"{path.name}:{number}: header line not understood: {line!r} (expected "
                             "'-- title|description|grain: ...', '-- param NAME (TYPE, default V): ...' "
                             "or '-- column NAME: ...')")
    missing = {"title", "description", "grain"} - set(head)
    if missing:
        raise QueryError(f"{path.name}: header lacks {', '.join(sorted(missing))}")
    return Query(path.stem, head["title"], head["description"], head["grain"], tuple(params), text, tuple(columns))


def all_queries(folder: Path | None = None) -> dict[str, Query]:
    """Every ready-made query by name, sorted (views are not queries)."""
    folder = folder or queries_dir()
    return {p.stem: parse(p) for p in sorted(folder.glob("*.sql")) if NAME.match(p.stem)}


def all_views(folder: Path | None = None) -> dict[str, Query]:
    """Every view (``queries/views/*.sql``) by name, each after the views it reads."""
    import graphlib

    folder = (folder or queries_dir()) / "views"
    found = {p.stem: parse(p) for p in sorted(folder.glob("*.sql")) if NAME.match(p.stem)}
    needs = {name: {o for o in found if o != name and re.search(rf"\b{o}\b", q.sql)} for name, q in found.items()}
    return {name: found[name] for name in graphlib.TopologicalSorter(needs).static_order()}


def get(name: str, folder: Path | None = None) -> Query:
    """The query called ``name``; QueryError for names outside the catalogue (e.g. paths)."""
    found = all_queries(folder)
    if not NAME.match(name) or name not in found:
        close = difflib.get_close_matches(name, list(found), n=3) if NAME.match(name) else []
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise QueryError(f"unknown query {name!r}{hint}; run `defcoop queries` to list them")
    return found[name]
