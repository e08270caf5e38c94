"""Stata files: ``stata/<table>.dta`` (format 118: Stata 14 and later; UTF-8 text).

One file per table, written with pyreadstat (the ``[stata]`` extra). Storage follows
:data:`~defcoop.schema.derive.STATA_TYPES`: integers and numbers as doubles (exact up to
2^53; Stata's 32-bit long would overflow on US-dollar values), dates as ``%td`` daily dates,
text as str/strL. A code-list column is a labelled number, 1, 2, ... in the code list's
order, with a value label naming each code (``decode`` gives the text back); a boolean is
0/1 labelled false/true. A missing number or date is ``.``, a missing text ``""`` (Stata
has no other missing text). Variable labels are the column descriptions and the file label
the table description, cut to Stata's 80 characters (the codebook has them whole).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..schema.derive import STATA_TYPES, TableSpec, specs

STATA_FOLDER = "stata"
STATA_EPOCH = dt.date(1960, 1, 1)
"""Day 0 of Stata's daily dates."""
STATA_LABEL_MAX = 80
"""Characters in a Stata variable or file label."""


def stata_available() -> bool:
    """Whether pyreadstat (the ``[stata]`` extra) can be imported."""
    try:
        import pyreadstat  # noqa: F401
    except ImportError:
        return False
    return True


def write_stata(arrows: dict, folder: Path) -> None:
    """Write ``<folder>/stata/<table>.dta`` for every table.

    Raises ImportError naming the ``[stata]`` extra when pyreadstat is not installed.
    """
    try:
        import pyreadstat
    except ImportError:
        raise ImportError("Stata files need pyreadstat: pip install 'defcoop[stata]'") from None
    out = folder / STATA_FOLDER
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in specs().items():
        frame, value_labels = stata_frame(arrows[name], spec)
        pyreadstat.write_dta(frame, str(out / f"{name}.dta"), file_label=_label(f"{spec.description}"),
                             column_labels={c.name: _label(c.description) for c in spec.columns},
                             variable_value_labels=value_labels, version=14,
                             variable_format=formats(spec))


def formats(spec: TableSpec) -> dict[str, str]:
    """Stata display formats: ``%td`` for dates (a Stata date is a day number), whole numbers in full."""
    return {c.name: "%td" if c.type == "date" else "%15.0g" for c in spec.columns if c.type in ("date", "integer")}


def stata_frame(table, spec: TableSpec) -> tuple[Any, dict[str, dict[float, str]]]:
    """The pandas DataFrame pyreadstat writes for ``table``, and its value labels by column."""
    import pandas as pd

    data: dict[str, Any] = {}
    labels: dict[str, dict[float, str]] = {}
    for c in spec.columns:
        values = table.column(c.name).to_pylist()
        if c.codes is not None:
            number = {m.value: float(i) for i, m in enumerate(c.codes, 1)}
            data[c.name] = pd.Series([number[v] if v is not None else None for v in values], dtype="float64")
            labels[c.name] = {n: code for code, n in number.items()}
        elif STATA_TYPES[c.type] == "str":
            data[c.name] = pd.Series(["" if v is None else v for v in values], dtype=object)
        elif STATA_TYPES[c.type] == "date":  # days since 1960-01-01, shown with %td
            data[c.name] = pd.Series([None if v is None else float((v - STATA_EPOCH).days) for v in values],
                                     dtype="float64")
        else:  # double (integers, numbers, booleans)
            data[c.name] = pd.Series([None if v is None else float(v) for v in values], dtype="float64")
            if c.type == "boolean":
                labels[c.name] = {0.0: "false", 1.0: "true"}
    return pd.DataFrame(data, columns=spec.column_names), labels


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STATA_LABEL_MAX else text[: STATA_LABEL_MAX - 3].rstrip() + "..."
