"""Flatten valid records into table rows, and compute the ``records`` registry.

:func:`flatten` returns ``{table: Rows}``; each :class:`Rows` holds the rows (dicts
of column -> Python value; dates as :class:`datetime.date`) sorted by primary key,
and for each row the :class:`Origin` it came from (file, line, column, record id),
so that errors found in the tables point back at the curated file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..schema import codes
from ..schema.dates import PartialDate
from ..curate.load import Loaded
from ..schema.models import Record
from ..schema.derive import GENERIC_CHILDREN, child_fields, field_plan, specs


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
    origins: list[Origin] = field(default_factory=list)

    def add(self, row: dict[str, Any], origin: Origin) -> None:
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


def _columns(obj: Any) -> dict[str, Any]:
    """The published columns of a model instance (partial dates split in two)."""
    out: dict[str, Any] = {}
    for f in field_plan(type(obj)):
        if f.child is not None:
            continue
        value = getattr(obj, f.name)
        if f.is_date:
            pd = _parse_date(value) if value else None
            out[f.name] = pd.start if pd else None
            out[f"{f.name}_end"] = pd.end if pd else None
            out[f"{f.name}_precision"] = pd.precision if pd else None
        else:
            out[f.name] = _plain(value)
    return out


_parse_date = lru_cache(maxsize=65536)(PartialDate.parse)


def independent_roots(source_ids: set[str], derived: dict[str, str | None]) -> set[str]:
    """Follow ``derived_from_source_id`` to the original of each source (cycles stop)."""
    roots = set()
    for sid in source_ids:
        seen = {sid}
        while derived.get(sid) and derived[sid] not in seen:
            sid = derived[sid]
            seen.add(sid)
        roots.add(sid)
    return roots


def contested_fields(record: Any) -> list[str]:
    """Fields whose non-deprecated claims disagree.

    Amounts are compared within one currency (other currencies are not rivals). Dates
    disagree only when their periods do not overlap: ``2019-11`` and ``2019-11-28``
    agree (one is coarser); ``2026-Q3`` and ``2026-10`` disagree. Other values
    disagree when their texts differ. The `contested_fields` view applies the same rule.
    """
    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in record.claims:
        if claim.rank == "deprecated":
            continue
        group = claim.value.rsplit(" ", 1)[-1] if claim.field == "value_amount" else ""
        values[(claim.field, group)].add(claim.value)
    out = set()
    for (field_name, _), vals in values.items():
        if len(vals) < 2:
            continue
        if field_name.endswith("_date"):
            periods = [_parse_date(v) for v in vals]
            if any(a.end < b.start for a in periods for b in periods):
                out.add(field_name)
        else:
            out.add(field_name)
    return sorted(out)


def flatten(items: list[Loaded]) -> dict[str, Rows]:
    """Turn records into rows of every published table, each table sorted by its key."""
    tables: dict[str, Rows] = {name: Rows() for name in specs()}
    derived = {i.id: i.record.derived_from_source_id for i in items if i.table == "sources"}
    for item in items:
        rec, table = item.record, item.table
        origin = Origin(item)
        tables[table].add(_columns(rec), origin)
        if not isinstance(rec, Record):
            continue
        key = {"table_name": table, "record_id": item.id}
        pk = {type(rec).PK: item.id}
        for fname, child in child_fields(type(rec)).items():
            for i, value in enumerate(getattr(rec, fname)):
                o = Origin(item, (fname, i), f"{fname}.{i}")
                parent = key if child.table in GENERIC_CHILDREN else pk
                if child.column:
                    row = {**parent, child.column: _plain(value)}
                else:
                    row = {**parent, **({"milestone_no": i + 1} if child.table == "milestones" else {}),
                           **_columns(value)}
                tables[child.table].add(row, o)
        cited = {c.source_id for c in rec.sources} | {c.source_id for c in rec.claims} | \
                {m.source_id for m in rec.milestones}
        roots = independent_roots(cited, derived)
        verification = "contested" if contested_fields(rec) else \
            "corroborated" if len(roots) >= 2 else "single_source"
        tables["records"].add({**key, "source_file": item.doc.path, "n_sources": len(cited),
                               "n_independent_sources": len(roots), "verification": verification}, origin)
    for name, spec in specs().items():
        tables[name].sort(spec.primary_key)
    return tables
