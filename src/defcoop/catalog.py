"""The ready-made queries in ``queries/*.sql`` and their headers.

A query file starts with comment lines::

    -- title: Contract detail with deliveries
    -- description: One contract with its milestones and delivery lots.
    -- grain: one row per contract and dated item
    -- param contract_id (text, default mys-kai-fa-50m-2023): the contract to show

Parameters appear in the SQL as ``$name`` and are always bound by DuckDB, never
pasted into the text. Query names are file stems (``[a-z0-9_]+``) and resolve only
inside the queries folder.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import queries_dir

NAME = re.compile(r"^[a-z0-9_]+$")
_PARAM = re.compile(r"^-- param (\w+) \((text|integer|number|date), default (.*?)\): (.+)$")
_KEY = re.compile(r"^-- (title|description|grain): (.+)$")
_CASTS = {"text": str, "integer": int, "number": float, "date": dt.date.fromisoformat}


class QueryError(ValueError):
    """Unknown query, unknown parameter or a parameter value of the wrong type."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    description: str

    def cast(self, value: Any) -> Any:
        try:
            return _CASTS[self.type](value) if isinstance(value, str) else value
        except ValueError:
            raise QueryError(f"parameter {self.name}: {value!r} is not a valid {self.type}") from None


@dataclass(frozen=True)
class Query:
    """A ready-made query: name, header fields, parameters and SQL text."""

    name: str
    title: str
    description: str
    grain: str
    params: tuple[Param, ...] = field(default=())
    sql: str = ""

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Parameter values (defaults filled, types cast); raises QueryError on unknown names."""
        known = {p.name: p for p in self.params}
        unknown = set(values) - set(known)
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(known) or 'none'}")
        return {name: p.cast(values.get(name, p.default)) for name, p in known.items()}


def parse(path: Path) -> Query:
    """Read one query file and its header."""
    text = path.read_text("utf-8")
    head: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if m := _KEY.match(line):
            head[m.group(1)] = m.group(2).strip()
        elif m := _PARAM.match(line):
            name, type_, default, description = m.groups()
            params.append(Param(name, type_, "" if default in ("''", '""') else default, description))
    missing = {"title", "description", "grain"} - set(head)
    if missing:
        raise QueryError(f"{path.name}: header lacks {', '.join(sorted(missing))}")
    return Query(path.stem, head["title"], head["description"], head["grain"], tuple(params), text)


def all_queries(folder: Path | None = None) -> dict[str, Query]:
    """Every query by name, sorted."""
    folder = folder or queries_dir()
    return {p.stem: parse(p) for p in sorted(folder.glob("*.sql")) if NAME.match(p.stem)}


def get(name: str, folder: Path | None = None) -> Query:
    """The query called ``name``; QueryError for names outside the catalogue (e.g. paths)."""
    found = all_queries(folder)
    if not NAME.match(name) or name not in found:
        raise QueryError(f"unknown query {name!r}; run `defcoop queries` to list them")
    return found[name]
