"""Table specifications derived from the models, and their exports.

:func:`specs` returns every published table as a :class:`TableSpec` (columns with
type, description, code list, foreign key; primary key; grain) derived from
:mod:`defcoop.models`. From a spec come the Frictionless Table Schema
(:meth:`TableSpec.frictionless`), the Arrow schema (:meth:`TableSpec.arrow`) and the
DuckDB DDL with comments (:meth:`TableSpec.duckdb_ddl`). Nothing here is written by
hand per table except the child tables' keys.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic.fields import FieldInfo

from . import codes
from .models import RECORD_MODELS, Model, PublishedTotal, Record, RegistryRow, Source
from .fields import Child, DateField, Ref

SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE", "boolean": "BOOLEAN"}
"""Frictionless field type -> SQL type (one map; every SQL writer reads it)."""


@dataclass(frozen=True)
class Column:
    """One published column. ``type`` is a Frictionless type: string, integer, number, date, boolean."""

    name: str
    type: str
    description: str
    required: bool = False
    codes: type[codes.CodeList] | None = None
    ref: str | None = None  # referenced table (single-column foreign key)

    @property
    def sql_type(self) -> str:
        """The column's type in DuckDB (and SQL generally)."""
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class TableSpec:
    """A published table: name, columns, primary key, composite foreign keys, grain."""

    name: str
    description: str
    grain: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    composite_fks: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default=())
    model: type[Model] | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def foreign_keys(self) -> list[tuple[tuple[str, ...], str, tuple[str, ...]]]:
        """All foreign keys as (columns, table, referenced columns)."""
        fks = [((c.name,), c.ref, (pk_of(c.ref),)) for c in self.columns if c.ref]
        return fks + list(self.composite_fks)

    # ---------------------------------------------------------------- exports
    def frictionless(self) -> dict[str, Any]:
        """The Frictionless Table Schema (a dict, JSON-ready)."""
        fields = []
        for c in self.columns:
            f: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
            cons: dict[str, Any] = {}
            if c.required or c.name in self.primary_key:
                cons["required"] = True
            if c.codes is not None:
                cons["enum"] = [m.value for m in c.codes]
            if c.type == "date":
                f["format"] = "default"
            if cons:
                f["constraints"] = cons
            fields.append(f)
        fks = [{"fields": list(cols) if len(cols) > 1 else cols[0],
                "reference": {"resource": "" if table == self.name else table,
                              "fields": list(ref) if len(ref) > 1 else ref[0]}}
               for cols, table, ref in self.foreign_keys()]
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""],
                                  "primaryKey": list(self.primary_key)}
        if fks:
            schema["foreignKeys"] = fks
        return schema

    def arrow(self):  # -> pyarrow.Schema
        """The Arrow schema of the table's Parquet file."""
        import pyarrow as pa

        types_ = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(),
                  "boolean": pa.bool_()}
        return pa.schema([pa.field(c.name, types_[c.type], nullable=not (c.required or c.name in self.primary_key),
                                   metadata={"description": c.description}) for c in self.columns])

    def duckdb_ddl(self) -> list[str]:
        """CREATE TABLE (with keys and enum checks) and COMMENT ON statements."""
        lines = []
        for c in self.columns:
            line = f"  {c.name} {c.sql_type}"
            if c.required or c.name in self.primary_key:
                line += " NOT NULL"
            if c.codes is not None:
                values = ", ".join(_sql_str(m.value) for m in c.codes)
                line += f" CHECK ({c.name} IN ({values}))"
            lines.append(line)
        lines.append(f"  PRIMARY KEY ({', '.join(self.primary_key)})")
        for cols, table, ref in self.foreign_keys():
            if table == self.name:
                continue  # DuckDB has no self-referencing foreign keys; `defcoop verify` checks them
            lines.append(f"  FOREIGN KEY ({', '.join(cols)}) REFERENCES {table} ({', '.join(ref)})")
        stmts = [f"CREATE TABLE {self.name} (\n" + ",\n".join(lines) + "\n)"]
        stmts.append(f"COMMENT ON TABLE {self.name} IS {_sql_str(self.description + ' ' + self.grain)}")
        for c in self.columns:
            stmts.append(f"COMMENT ON COLUMN {self.name}.{c.name} IS {_sql_str(c.description)}")
        return stmts


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# -------------------------------------------------------------------- derivation

def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Optional and Annotated; return the base type and collected metadata."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, meta = args[0], meta + list(args[1:])
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation, meta


def _marker(info: FieldInfo, kind: type) -> Any:
    base, meta = _unwrap(info.annotation)
    for m in list(info.metadata) + meta:
        if isinstance(m, kind):
            return m
    return None


def _columns_of(model: type[Model]) -> list[Column]:
    cols: list[Column] = []
    pk = getattr(model, "PK", None)
    names = sorted(model.model_fields, key=lambda n: (n != pk, n == "notes"))
    for name in names:
        info = model.model_fields[name]
        if _marker(info, Child):
            continue
        base, _ = _unwrap(info.annotation)
        required = info.is_required()
        desc = info.description or ""
        if _marker(info, DateField):
            cols.append(Column(name, "date", desc + " First day of the period.", required))
            cols.append(Column(f"{name}_end", "date", f"Last day of the period of {name} (equal to {name} for a day).",
                               required))
            cols.append(Column(f"{name}_precision", "string", f"Precision of {name}: day, month, quarter, half or year.",
                               required, codes.Precision))
            continue
        ref = _marker(info, Ref)
        code_list = base if isinstance(base, type) and issubclass(base, codes.CodeList) else None
        type_ = {bool: "boolean", int: "integer", float: "number"}.get(base, "string")
        cols.append(Column(name, type_, desc, required, code_list, ref.table if ref else None))
    return cols


@dataclass(frozen=True)
class FieldPlan:
    """How one model field is published: a partial date, a child list, or a plain column."""

    name: str
    is_date: bool
    child: Child | None
    ref: str | None


@lru_cache(maxsize=None)
def field_plan(model: type[Model]) -> tuple[FieldPlan, ...]:
    """The fields of ``model`` with their markers, computed once per model."""
    return tuple(FieldPlan(name, _marker(info, DateField) is not None, _marker(info, Child),
                           (r.table if (r := _marker(info, Ref)) else None))
                 for name, info in model.model_fields.items())


@lru_cache(maxsize=None)
def child_fields(model: type[Model]) -> dict[str, Child]:
    """List fields of a record model that become child-table rows, by field name."""
    return {name: m for name, info in model.model_fields.items() if (m := _marker(info, Child))}


def _item_model(model: type[Model], field_name: str) -> Any:
    base, _ = _unwrap(model.model_fields[field_name].annotation)
    (item,) = typing.get_args(base)
    return _unwrap(item)[0]


_REGISTRY_KEY = (("table_name", "record_id"), "records", ("table_name", "record_id"))
_GENERIC = {  # child tables shared by every record table: key columns and primary key
    "record_sources": ("One row per record and source cited.", ("table_name", "record_id", "source_id")),
    "claims": ("One row per record, field, source and stated value.",
               ("table_name", "record_id", "field", "source_id", "value")),
    "milestones": ("One row per dated step of a record's history.", ("table_name", "record_id", "milestone_no")),
}
GENERIC_CHILDREN = frozenset(_GENERIC)
"""Child tables keyed by (table_name, record_id) rather than by the parent's primary key."""

_CHILD_KEYS = {
    "event_participants": ("One row per event, actor and role.", ("event_id", "actor_id", "role")),
    "agreement_parties": ("One row per agreement, actor and role.", ("agreement_id", "actor_id", "role")),
    "agreement_domains": ("One row per agreement and domain.", ("agreement_id", "domain")),
    "statement_actors": ("One row per statement, actor and role.", ("statement_id", "actor_id", "role")),
    "statement_subjects": ("One row per statement and record it is about.", ("statement_id", "table_name", "record_id")),
}
_CHILD_DESCRIPTIONS = {
    "record_sources": "Which sources each record cites, and where in them.",
    "claims": "What each source says about a field of a record; where sources disagree, every value is kept and ranked.",
    "milestones": "Dated steps of a record's history (letter of acceptance, signature, approval, negotiation rounds).",
    "event_participants": "Actors taking part in events.",
    "agreement_parties": "Parties, signatories and witnesses of agreements.",
    "agreement_domains": "Fields of cooperation each agreement covers.",
    "statement_actors": "Speakers, targets and addressees of statements.",
    "statement_subjects": "Records each statement is about.",
}


@lru_cache(maxsize=1)
def specs() -> dict[str, TableSpec]:
    """Every published table by name, in dependency order (referenced tables first)."""
    out: dict[str, TableSpec] = {}
    out["sources"] = TableSpec("sources", Source.DESCRIPTION, Source.GRAIN, tuple(_columns_of(Source)),
                               ("source_id",), model=Source)
    out["published_totals"] = TableSpec("published_totals", PublishedTotal.DESCRIPTION, PublishedTotal.GRAIN,
                                        tuple(_columns_of(PublishedTotal)), ("total_id",), model=PublishedTotal)
    out["records"] = TableSpec("records", "Registry of every curated record, with its file and how well it is sourced.",
                               "One row per curated record of any table.", tuple(_columns_of(RegistryRow)),
                               ("table_name", "record_id"), model=RegistryRow)
    children: list[TableSpec] = []
    for model in RECORD_MODELS.values():
        out[model.TABLE] = TableSpec(model.TABLE, model.DESCRIPTION, model.GRAIN, tuple(_columns_of(model)),
                                     (model.PK,), model=model)
        for fname, child in child_fields(model).items():
            if child.table in _GENERIC:
                continue
            grain, pk = _CHILD_KEYS[child.table]
            parent = Column(model.PK, "string", f"The {model.TABLE[:-1].replace('_', ' ')} ({model.TABLE}.{model.PK}).",
                            True, None, model.TABLE)
            if child.column:
                item = _unwrap(model.model_fields[fname].annotation)[0]
                (code_list,) = typing.get_args(item)
                cols = [parent, Column(child.column, "string", model.model_fields[fname].description or "", True,
                                       _unwrap(code_list)[0])]
            else:
                cols = [parent] + _columns_of(_item_model(model, fname))
            fks = (_REGISTRY_KEY,) if child.table == "statement_subjects" else ()
            children.append(TableSpec(child.table, _CHILD_DESCRIPTIONS[child.table], grain, tuple(cols), pk, fks))
    for spec in children:
        out[spec.name] = spec
    prefix = [Column("table_name", "string", "Table of the record.", True, codes.RecordTable),
              Column("record_id", "string", "Id of the record in its table.", True)]
    for name, (grain, pk) in _GENERIC.items():
        fname = {"record_sources": "sources"}.get(name, name)
        cols = list(prefix)
        if name == "milestones":
            cols.append(Column("milestone_no", "integer", "Order of the step within the record, from 1.", True))
        cols += _columns_of(_item_model(Record, fname))
        out[name] = TableSpec(name, _CHILD_DESCRIPTIONS[name], grain, tuple(cols), pk, (_REGISTRY_KEY,))
    return out


def pk_of(table: str) -> str:
    spec = specs()[table]
    (pk,) = spec.primary_key
    return pk
