"""The workbook ``defcoop.xlsx``: a sheet ``about``, then one sheet per table.

``about`` holds the dataset's name, title, version, licence, citation and source dates (from
``dataset_info``), the list of sheets with their descriptions and row counts, and every
column's type and description. Each table's sheet has a header row (frozen, with a filter)
and one typed cell per value (:data:`~defcoop.schema.derive.XLSX_CELLS`): numbers as
numbers, dates as dates (``yyyy-mm-dd``), booleans as TRUE/FALSE, text as text. Text is
always written as a string cell, never as a formula, a number or a link, whatever it looks
like (``=HYPERLINK(...)``, ``+1``, ``007``, a URL); text that a spreadsheet would read as a
formula if retyped carries Excel's quote prefix. A missing value is an empty cell.
Written with XlsxWriter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..schema.derive import XLSX_CELLS, specs

XLSX_FILE = "defcoop.xlsx"
EXCEL_MAX_TEXT = 32767
"""Characters one Excel cell holds; a longer text is an error, never cut silently."""
_FORMULA_START = ("=", "+", "-", "@")


def write_xlsx(arrows: dict, folder: Path, info: dict[str, Any], created: dt.datetime | None = None) -> None:
    """Write ``<folder>/defcoop.xlsx`` from the Arrow tables; ``info`` is the ``dataset_info``
    row, ``created`` the timestamp stored in the document properties (default: now).

    Raises ValueError when a text is longer than an Excel cell holds (32,767 characters).
    """
    import xlsxwriter

    path = folder / XLSX_FILE
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False, "default_date_format": "yyyy-mm-dd"})
    try:
        wb.set_properties({"title": f"{info['title']} {info['version']}", "author": "defcoop contributors",
                           "comments": info["citation"], "created": (created or dt.datetime.now(dt.timezone.utc))
                           .replace(tzinfo=None)})
        bold = wb.add_format({"bold": True})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        quoted = wb.add_format({"quote_prefix": True})
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        _about(wb.add_worksheet("about"), arrows, info, bold, wrap)
        for name, spec in specs().items():
            ws = wb.add_worksheet(name)
            table = arrows[name]
            for j, c in enumerate(spec.columns):
                ws.write_string(0, j, c.name, bold)
                ws.set_column(j, j, _width(c.type, table.column(c.name)))
                writer = _CELL_WRITERS[XLSX_CELLS[c.type]]
                for i, value in enumerate(table.column(c.name).to_pylist(), 1):
                    if value is not None:
                        writer(ws, i, j, value, quoted, date)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(table.num_rows, 1), len(spec.columns) - 1)
    finally:
        wb.close()


def _about(ws, arrows: dict, info: dict[str, Any], bold, wrap) -> None:
    """The first sheet: the dataset (key, value), the sheets, then every column."""
    for j, width in enumerate((24, 24, 10, 100)):
        ws.set_column(j, j, width)
    facts = [("dataset", info["title"]), ("name", info["name"]), ("version", info["version"]),
             ("licence", info["licenses"]), ("citation", info["citation"]),
             ("sources_newest_date", info["sources_newest_date"]),
             ("sources_checked_date", info["sources_checked_date"])]
    for i, (key, value) in enumerate(facts):
        ws.write_string(i, 0, key, bold)
        if isinstance(value, dt.date):
            ws.write_datetime(i, 1, dt.datetime(value.year, value.month, value.day))
        elif value is not None:
            ws.write_string(i, 1, str(value))
    i = len(facts) + 1
    for j, head in enumerate(("sheet", "rows", "", "description")):
        ws.write_string(i, j, head, bold)
    for name, spec in specs().items():
        i += 1
        ws.write_string(i, 0, name)
        ws.write_number(i, 1, arrows[name].num_rows)
        ws.write_string(i, 3, f"{spec.description} {spec.grain}", wrap)
    i += 2
    for j, head in enumerate(("sheet", "column", "type", "description")):
        ws.write_string(i, j, head, bold)
    for name, spec in specs().items():
        for c in spec.columns:
            i += 1
            for j, text in enumerate((name, c.name, c.type)):
                ws.write_string(i, j, text)
            ws.write_string(i, 3, c.description, wrap)


def _text(ws, i: int, j: int, value: str, quoted, date) -> None:
    if len(value) > EXCEL_MAX_TEXT:
        raise ValueError(f"{ws.name} row {i + 1}: a text of {len(value)} characters; an Excel cell holds {EXCEL_MAX_TEXT}")
    ws.write_string(i, j, value, quoted if value.startswith(_FORMULA_START) else None)


def _date(ws, i: int, j: int, value: dt.date, quoted, date) -> None:
    ws.write_datetime(i, j, dt.datetime(value.year, value.month, value.day), date)


_CELL_WRITERS = {
    "string": _text,
    "number": lambda ws, i, j, value, quoted, date: ws.write_number(i, j, value),
    "boolean": lambda ws, i, j, value, quoted, date: ws.write_boolean(i, j, value),
    "date": _date,
}


def _width(type_: str, column) -> float:  # (str, pyarrow.ChunkedArray) -> column width in characters
    if type_ == "date":
        return 11
    if type_ != "string" or len(column) == 0:
        return 12
    import pyarrow.compute as pc

    longest = pc.max(pc.utf8_length(column)).as_py() or 8
    return min(60, max(8, longest + 1))
