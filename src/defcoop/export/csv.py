"""CSV tables: ``csv/<table>.csv`` (UTF-8, header row, LF line ends, rows by primary key).

Byte-identical for the same input. Dates are ISO 8601, missing values are empty. No cell starts
a spreadsheet formula (:func:`defcoop.escape.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from ..escape import spreadsheet_cell
from ..schema.derive import specs
from ..tabulate.flatten import Rows


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    # Text never starts a formula (the models reject it); values from elsewhere are neutralised, so that
    # `defcoop verify` shows the difference instead of a spreadsheet running it.
    return spreadsheet_cell(str(value))


def write_csv(tables: dict[str, Rows], folder: Path) -> None:
    """Write ``<folder>/csv/<table>.csv`` (UTF-8, header, LF line ends) for every table."""
    out = folder / "csv"
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in specs().items():
        cols = spec.column_names
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(cols)
            for row in tables[name].rows:
                writer.writerow([_csv_value(row.get(c)) for c in cols])


