"""The tables as Arrow tables, built once and shared by the Parquet and DuckDB writers."""

from __future__ import annotations

from ..schema.derive import specs
from ..tabulate.flatten import Rows


def arrow_table(name: str, rows: Rows, version: str):  # -> pyarrow.Table
    """One table as a pyarrow.Table with its generated schema and the dataset version in metadata."""
    import pyarrow as pa

    spec = specs()[name]
    schema = spec.arrow().with_metadata({"defcoop.version": version, "defcoop.table": name,
                                         "defcoop.grain": spec.grain})
    columns = {c: [r.get(c) for r in rows.rows] for c in spec.column_names}
    return pa.Table.from_pydict(columns, schema=schema)


def arrow_tables(tables: dict[str, Rows], version: str) -> dict:  # -> {name: pyarrow.Table}
    """Every table as a pyarrow.Table, in dependency order (built once for Parquet and DuckDB)."""
    return {name: arrow_table(name, tables[name], version) for name in specs()}


