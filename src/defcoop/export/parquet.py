"""Parquet tables: ``parquet/<table>.parquet`` (zstd, one row group, rows by primary key).

Byte-identical for the same input.
"""

from __future__ import annotations

from pathlib import Path


def write_parquet(arrows: dict, folder: Path) -> None:
    """Write ``<folder>/parquet/<table>.parquet`` (zstd, one row group, rows by primary key)."""
    import pyarrow.parquet as pq

    out = folder / "parquet"
    out.mkdir(parents=True, exist_ok=True)
    for name, table in arrows.items():
        pq.write_table(table, out / f"{name}.parquet",
                       compression="zstd", write_statistics=True, store_schema=True)


