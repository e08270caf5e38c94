"""defcoop: hand-curated, source-cited records of defense cooperation.

Python API (heavy libraries load on first use, so ``import defcoop`` stays light):

- :func:`tables` -> list of table names; :func:`views` -> the database's views;
- :func:`panel` (``dyad_years`` | ``directed_dyad_years``) -> a dyad-year panel as ``pyarrow.Table``;
- :func:`as_known_on` (date, record_id=None) -> what was publicly known on a date;
- :func:`load` (name, to="arrow" | "pandas" | "polars") -> the table from the packaged Parquet
  file as a ``pyarrow.Table`` or a typed pandas / polars DataFrame;
- :func:`connect` -> read-only ``duckdb.DuckDBPyConnection`` on the packaged database;
- :func:`queries` -> the ready-made queries; :func:`query` (name, **params) -> ``pyarrow.Table``.

Data: the packaged build (``defcoop/data`` in the wheel), or a build folder given
as ``data_dir`` / ``DEFCOOP_DATA_DIR``, or ``build/`` of a source checkout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["tables", "views", "load", "panel", "as_known_on", "connect", "queries", "query", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import as_known_on, connect, load, panel, queries, query, tables, views


def __getattr__(name: str) -> Any:
    if name in {"tables", "views", "load", "panel", "as_known_on", "connect", "queries", "query"}:
        from . import api

        return getattr(api, name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("defcoop")
        except PackageNotFoundError:  # running from a source tree without install
            return "0+unknown"
    raise AttributeError(f"module 'defcoop' has no attribute {name!r}")
