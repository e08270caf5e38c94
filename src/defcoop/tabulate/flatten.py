"""Flatten valid records into table rows (generic: no table is named here).

:func:`flatten` returns ``{table: Rows}``; each :class:`Rows` holds the rows (dicts
of column -> Python value; dates as :class:`datetime.date`) and for each row the
:class:`Origin` it came from (file, line, column, record id), so that errors found in
the tables point back at the curated file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..curate.load import Loaded
from ..schema import codes
from ..schema.dates import period
from ..schema.derive import child_fields, field_plan, specs
from ..schema.models import Record


@dataclass(frozen=True)
class Origin:
    """Where a row came from: the record's file and id, and the path of the value in it."""

    item: Loaded
    loc: tuple = ()
    field: str = ""

    @property
    def path(self) -> str:
        return self.item.doc.path

    @property
    def record_id(self) -> str:
        return self.item.id

    def position(self) -> tuple[int, int]:
        """Line and column of the row's value in the file (computed on demand)."""
        return self.item.where(*self.loc)


@dataclass
class Rows:
    """Rows of one table with their origins, in primary-key order after :meth:`sort`."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    origins: list[Origin | None] = field(default_factory=list)

    def add(self, row: dict[str, Any], origin: Origin | None) -> None:
        self.rows.append(row)
        self.origins.append(origin)

    def sort(self, key: tuple[str, ...]) -> None:
        order = sorted(range(len(self.rows)), key=lambda i: tuple(_sort_value(self.rows[i][k]) for k in key))
        self.rows = [self.rows[i] for i in order]
        self.origins = [self.origins[i] for i in order]


def _sort_value(value: Any) -> tuple:
    return (value is not None, value if value is not None else 0)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, codes.CodeList) else value


def columns(obj: Any) -> dict[str, Any]:
    """The published columns of a model instance: partial dates as first day, last day and
    precision (:func:`defcoop.schema.dates.period`); derived columns empty (filled later)."""
    out: dict[str, Any] = {}
    for f in field_plan(type(obj)):
        if f.child is not None:
            continue
        if f.derived:
            out[f.name] = None
            continue
        value = getattr(obj, f.name)
        if f.is_date:
            pd = period(value) if value else None
            out[f.name] = pd.start if pd else None
            out[f"{f.name}_end"] = pd.end if pd else None
            out[f"{f.name}_precision"] = pd.precision if pd else None
        else:
            out[f.name] = _plain(value)
    return out


def flatten(items: list[Loaded]) -> dict[str, Rows]:
    """Turn records into rows of every curated table and child table (derived columns empty).

    Derived tables (``records``, ``actor_country``) start empty; :func:`defcoop.tabulate.derived.derive`
    fills them and the derived columns. Rows are not sorted yet (see :func:`sort_tables`).
    """
    tables: dict[str, Rows] = {name: Rows() for name in specs()}
    for item in items:
        rec, table = item.record, item.table
        tables[table].add(columns(rec), Origin(item))
        if not isinstance(rec, Record):
            continue
        key = {"table_name": table, "record_id": item.id}
        pk = {type(rec).PK: item.id}
        for fname, child in child_fields(type(rec)).items():
            parent = key if child.generic else pk
            for i, value in enumerate(getattr(rec, fname)):
                o = Origin(item, (fname, i), f"{fname}.{i}")
                if child.column:
                    row = {**parent, child.column: _plain(value)}
                else:
                    row = {**parent, **({child.number: i + 1} if child.number else {}), **columns(value)}
                tables[child.table].add(row, o)
    return tables


def sort_tables(tables: dict[str, Rows]) -> None:
    """Sort every table by its primary key (deterministic output)."""
    for name, spec in specs().items():
        tables[name].sort(spec.primary_key)
