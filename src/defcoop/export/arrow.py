"""The tables as Arrow tables, built once and shared by every binary writer (Parquet, DuckDB,
SQLite, XLSX, Stata)."""

from __future__ import annotations

from typing import Any

from ..schema.derive import specs
from ..tabulate.flatten import Rows


def file_metadata(name: str, info: dict[str, Any]) -> dict[str, str]:
    """Key-value metadata of table ``name``'s file: dataset version, licence and citation travel
    with it (``info`` is the ``dataset_info`` row)."""
    spec = specs()[name]
    return {"defcoop.version": info["version"], "defcoop.table": name, "defcoop.grain": spec.grain,
            "defcoop.licenses": info["licenses"], "defcoop.citation": info["citation"]}


def arrow_table(name: str, rows: Rows, info: dict[str, Any]):  # -> pyarrow.Table
    """One table as a pyarrow.Table with its generated schema; the schema metadata carries
    the dataset's version, licence and citation (:func:`file_metadata`)."""
    import pyarrow as pa

    spec = specs()[name]
    schema = spec.arrow().with_metadata(file_metadata(name, info))
    columns = {c: [r.get(c) for r in rows.rows] for c in spec.column_names}
    return pa.Table.from_pydict(columns, schema=schema)


def arrow_tables(tables: dict[str, Rows]) -> dict:  # -> {name: pyarrow.Table}
    """Every table as a pyarrow.Table, in dependency order (built once for every writer)."""
    info = tables["dataset_info"].rows[0]
    return {name: arrow_table(name, tables[name], info) for name in specs()}
