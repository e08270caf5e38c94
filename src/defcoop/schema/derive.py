"""Table specifications derived from the models, and their exports.

:func:`specs` returns every published table as a :class:`TableSpec` (columns with
type, description, code list, foreign key; primary key; grain) derived from the models
in :mod:`defcoop.schema.models`, ordered so that every table comes after the tables it
references (from the foreign keys). From a spec come the Frictionless Table Schema
(:meth:`TableSpec.frictionless`), the Arrow schema (:meth:`TableSpec.arrow`) and the
DuckDB DDL with comments (:meth:`TableSpec.duckdb_ddl`); the other formats' writers
(:mod:`defcoop.export`) read the type maps below, one per target. Nothing here is written per
table: keys, grains and descriptions of child tables come from their
:class:`~defcoop.schema.fields.Child` markers.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic.fields import FieldInfo

from . import codes
from .fields import Chars, Child, DateField, Derived, Ref
from .models import CURATED_MODELS, DERIVED_MODELS, RECORD_MODELS, Model, Record, RecordTable

SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE", "boolean": "BOOLEAN"}
"""Frictionless field type -> DuckDB (and standard SQL) type."""

SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT", "boolean": "INTEGER"}
"""Frictionless field type -> SQLite column type: dates are ISO 8601 text (``2023-02-01``),
booleans 0/1 (SQLite has neither type)."""

XLSX_CELLS = {"string": "string", "integer": "number", "number": "number", "date": "date", "boolean": "boolean"}
"""Frictionless field type -> kind of spreadsheet cell (text is always a text cell, never a formula)."""

STATA_TYPES = {"string": "str", "integer": "double", "number": "double", "date": "date", "boolean": "double"}
"""Frictionless field type -> Stata storage: integers as double (Stata's long is 32-bit, and
values in US dollars exceed it; doubles hold integers exactly up to 2^53), dates as %td daily
dates, booleans 0/1 labelled false/true; code-list columns are stored as labelled numbers (see defcoop.export.stata)."""

TABLE_MODELS: dict[str, type[Model]] = {**CURATED_MODELS, **DERIVED_MODELS}
"""Every table with a model of its own row (child tables come from their parents' fields)."""

ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...]]
"""(columns, referenced table, referenced columns)."""


@dataclass(frozen=True)
class Column:
    """One published column. ``type`` is a Frictionless type: string, integer, number, date, boolean.

    ``derived`` columns are computed by the build (:mod:`defcoop.tabulate.derived`), not curated.
    """

    name: str
    type: str
    description: str
    required: bool = False
    codes: type[codes.CodeList] | None = None
    ref: str | None = None  # referenced table (single-column foreign key)
    derived: bool = False

    @property
    def sql_type(self) -> str:
        """The column's type in DuckDB (and SQL generally)."""
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class TableSpec:
    """A published table: name, columns, primary key, composite foreign keys, grain.

    ``kind`` is ``curated`` (a folder of files that are not records: sources,
    published_totals), ``record`` (a record table), ``child`` (rows from a record's list
    field) or ``derived`` (computed by the build). ``model`` is the pydantic model of a
    row (the item model for child tables; None for scalar lists).
    """

    name: str
    description: str
    grain: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    composite_fks: tuple[ForeignKey, ...] = field(default=())
    model: type[Model] | None = None
    kind: str = "record"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def foreign_keys(self) -> list[ForeignKey]:
        """All foreign keys as (columns, table, referenced columns)."""
        fks = [((c.name,), c.ref, _pk(TABLE_MODELS[c.ref])) for c in self.columns if c.ref]
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

    def column_lines(self, types: dict[str, str], boolean_check: bool = False) -> list[tuple[str, str]]:
        """(column definition, description) of every column for a CREATE TABLE in a SQL dialect:
        the type from ``types`` (one map per target: :data:`SQL_TYPES`, :data:`SQLITE_TYPES`),
        NOT NULL for required and key columns, a CHECK for code lists (and, with
        ``boolean_check``, for booleans stored as 0/1)."""
        out = []
        for c in self.columns:
            line = f"  {c.name} {types[c.type]}"
            if c.required or c.name in self.primary_key:
                line += " NOT NULL"
            if c.codes is not None:
                line += f" CHECK ({c.name} IN ({', '.join(sql_literal(m.value) for m in c.codes)}))"
            elif boolean_check and c.type == "boolean":
                line += f" CHECK ({c.name} IN (0, 1))"
            out.append((line, c.description))
        return out

    def duckdb_ddl(self) -> list[str]:
        """CREATE TABLE (primary and foreign keys, NOT NULL, enum checks) and COMMENT ON statements.

        DuckDB has no self-referencing foreign keys: those (a parent contract, a variant of a
        system) are named in the column comments ("References t(c).") and checked by
        Frictionless at build time and by ``defcoop verify``, like every key. Each foreign key
        costs DuckDB an index of its own (in storage v1.0.0 at least one 16 KB block): with all
        of them the file is 6.6x the Parquet bytes at the 0.2 records (8.2x at 0.1's, 333
        records), under the 8x bound, and the ratio falls as records grow.
        """
        lines = [line for line, _ in self.column_lines(SQL_TYPES)]
        lines.append(f"  PRIMARY KEY ({', '.join(self.primary_key)})")
        lines += [f"  FOREIGN KEY ({', '.join(cols)}) REFERENCES {table} ({', '.join(ref)})"
                  for cols, table, ref in self.foreign_keys() if table != self.name]
        stmts = [f"CREATE TABLE {self.name} (\n" + ",\n".join(lines) + "\n)"]
        composite = [f"({', '.join(cols)}) references {table}({', '.join(ref)})"
                     for cols, table, ref in self.foreign_keys() if len(cols) > 1]
        keys = f" Foreign keys: {'; '.join(composite)}." if composite else ""
        stmts.append(f"COMMENT ON TABLE {self.name} IS {sql_literal(self.description + ' ' + self.grain + keys)}")
        refs = {cols[0]: f"{table}({ref[0]})" for cols, table, ref in self.foreign_keys() if len(cols) == 1}
        for c in self.columns:
            text = c.description + (f" References {refs[c.name]}." if c.name in refs else "")
            stmts.append(f"COMMENT ON COLUMN {self.name}.{c.name} IS {sql_literal(text)}")
        return stmts


def sql_literal(text: str) -> str:
    """``text`` as a SQL string literal (quotes doubled), for DuckDB and SQLite alike."""
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


def _pk(model: type[Model]) -> tuple[str, ...]:
    pk = getattr(model, "PK", ())
    return (pk,) if isinstance(pk, str) else tuple(pk)


def _columns_of(model: type[Model]) -> list[Column]:
    cols: list[Column] = []
    pk = _pk(model)
    names = sorted(model.model_fields, key=lambda n: (n not in pk, n == "notes"))
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
        type_ = {bool: "boolean", int: "integer", float: "number", dt.date: "date"}.get(base, "string")
        cols.append(Column(name, type_, desc, required, code_list, ref.table if ref else None,
                           _marker(info, Derived) is not None))
    return cols


@dataclass(frozen=True)
class FieldPlan:
    """How one model field is published: a partial date, a child list, a derived or a plain column;
    ``prose``: free text in the curators' words (a :data:`~defcoop.schema.fields.Prose` field)."""

    name: str
    is_date: bool
    child: Child | None
    ref: str | None
    derived: bool
    prose: bool = False


@lru_cache(maxsize=None)
def field_plan(model: type[Model]) -> tuple[FieldPlan, ...]:
    """The fields of ``model`` with their markers, computed once per model."""
    return tuple(FieldPlan(name, _marker(info, DateField) is not None, _marker(info, Child),
                           (r.table if (r := _marker(info, Ref)) else None), _marker(info, Derived) is not None,
                           bool((c := _marker(info, Chars)) and c.line_breaks))
                 for name, info in model.model_fields.items())


@lru_cache(maxsize=None)
def child_fields(model: type[Model]) -> dict[str, Child]:
    """List fields of a record model that become child-table rows, by field name."""
    return {name: m for name, info in model.model_fields.items() if (m := _marker(info, Child))}


def _item_type(model: type[Model], field_name: str) -> Any:
    base, _ = _unwrap(model.model_fields[field_name].annotation)
    (item,) = typing.get_args(base)
    return _unwrap(item)[0]


_REGISTRY_KEY: ForeignKey = (("table_name", "record_id"), "records", ("table_name", "record_id"))


def _child_spec(parent: type[Record], fname: str, child: Child) -> TableSpec:
    """The child table of ``parent``'s list field ``fname``."""
    if child.generic:
        prefix = [Column("table_name", "string", "Table of the record.", True, RecordTable),
                  Column("record_id", "string", "Id of the record in its table.", True)]
        fks: tuple[ForeignKey, ...] = (_REGISTRY_KEY,)
    else:
        singular = parent.TABLE[:-1].replace("_", " ")
        prefix = [Column(parent.PK, "string", f"The {singular} ({parent.TABLE}.{parent.PK}).", True, None,
                         parent.TABLE)]
        fks = ()
    if child.number:
        prefix.append(Column(child.number, "integer", "Order of the item within the record, from 1.", True))
    item = _item_type(parent, fname)
    if child.column:
        cols = [Column(child.column, "string", parent.model_fields[fname].description or "", True, item)]
        model = None
    else:
        cols, model = _columns_of(item), item
        fks += tuple(getattr(item, "COMPOSITE_FKS", ()))
    return TableSpec(child.table, child.description, child.grain, tuple(prefix + cols), child.key, fks, model, "child")


def _ordered(tables: dict[str, TableSpec]) -> dict[str, TableSpec]:
    """``tables`` with every table after the tables it references (declaration order breaks ties)."""
    position = {name: i for i, name in enumerate(tables)}
    sorter = graphlib.TopologicalSorter({name: {t for _, t, _ in spec.foreign_keys() if t != name}
                                         for name, spec in tables.items()})
    sorter.prepare()
    out: dict[str, TableSpec] = {}
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        for name in ready:
            out[name] = tables[name]
            sorter.done(name)
    return out


@lru_cache(maxsize=1)
def specs() -> dict[str, TableSpec]:
    """Every published table by name, each after the tables it references."""
    out: dict[str, TableSpec] = {}
    for name, model in TABLE_MODELS.items():
        kind = "record" if name in RECORD_MODELS else "derived" if name in DERIVED_MODELS else "curated"
        out[name] = TableSpec(name, model.DESCRIPTION, model.GRAIN, tuple(_columns_of(model)), _pk(model),
                              model=model, kind=kind)
    seen: set[str] = set()
    for model in RECORD_MODELS.values():
        for fname, child in child_fields(model).items():
            if child.table not in seen:  # a generic child appears once, from the first record model
                seen.add(child.table)
                out[child.table] = _child_spec(model, fname, child)
    return _ordered(out)


def pk_of(table: str) -> str:
    """The single-column primary key of ``table``."""
    (pk,) = _pk(TABLE_MODELS[table])
    return pk
