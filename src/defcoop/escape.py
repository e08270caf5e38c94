"""Writing text that came from the data: one function per kind of output, used by every writer.

Records are validated (no control or invisible characters, see :mod:`defcoop.schema.fields`),
but what is printed or written also comes from file names, YAML keys, query results, SQL a
user typed and a ``datapackage.json`` that may have been tampered with. So every writer passes
such text through one of these:

- :func:`printable` — a terminal line (problems, tables, summaries, errors): every character
  that is not printable (controls such as newline and ESC, so no CSI/OSC sequence and no second
  line; bidi overrides, zero-width and other format characters; separators; unassigned code
  points) becomes a visible escape (``\\n``, ``\\x1b``, ``\\u202e``). Printable text, Hangul
  included, is unchanged;
- :func:`json_text` — JSON for a terminal or a file: the same characters as ``\\uXXXX`` escapes,
  so the JSON still decodes to the original values;
- :func:`spreadsheet_cell` — a text cell for CSV (or any format without a typed string cell): a
  value starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return (which spreadsheets run
  as formulas) gets a leading apostrophe, as OWASP recommends; other values are unchanged. An
  XLSX writer stores text as a typed string instead (openpyxl: ``cell.data_type = "s"``), which
  no spreadsheet evaluates, and tests it with :data:`FORMULA_TRIGGERS`;
- :func:`html_text` — text for HTML (the site): ``& < > " '`` escaped by the standard library's
  :func:`html.escape`, so no markup comes from the data.
"""

from __future__ import annotations

import decimal
import html
import json
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""


def _escape_char(c: str) -> str:
    code = ord(c)
    if c == "\n":
        return "\\n"
    if c == "\r":
        return "\\r"
    if c == "\t":
        return "\\t"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: Any) -> str:
    """``str(text)`` with every non-printable character as a visible escape (one terminal line)."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape_char(c) for c in text)


def _json_default(value: Any) -> Any:
    """What json cannot write: whole Decimals (DuckDB's sums) as integers, other Decimals as
    numbers, dates and anything else as text."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def json_text(value: Any, indent: int | None = 1) -> str:
    """``value`` as JSON (UTF-8 text kept readable) with every non-printable character as a ``\\uXXXX``
    escape; ``json.loads`` of the result gives ``value`` back. Decimals become numbers, dates and
    other objects strings."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=_json_default)
    if text.isprintable() or all(c.isprintable() or c == "\n" for c in text):
        return text
    out = []
    for c in text:
        if c.isprintable() or c == "\n":  # JSON's own line breaks (indent); those in strings are already \n
            out.append(c)
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04x}")
        else:  # a surrogate pair, as JSON spells characters beyond the BMP
            v = ord(c) - 0x10000
            out.append(f"\\u{0xD800 + (v >> 10):04x}\\u{0xDC00 + (v & 0x3FF):04x}")
    return "".join(out)


def spreadsheet_cell(value: Any) -> Any:
    """A value safe for a spreadsheet cell: text starting with a formula trigger is prefixed with ``'``;
    anything else (numbers, dates, None, other text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def html_text(value: Any) -> str:
    """``str(value)`` escaped for HTML text and attribute values (``&``, ``<``, ``>``, ``"``, ``'``)."""
    return html.escape("" if value is None else str(value), quote=True)
