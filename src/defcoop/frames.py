"""Data frames for :func:`defcoop.load`: an Arrow table as pandas or polars with the right types.

Types come from the table's schema in ``datapackage.json`` (never from the curation
models, so this works from the wheel's packaged data), one map per library below:

- integers stay integers with missing values (pandas ``Int64``; polars ``Int64`` as is);
- dates are dates (pandas ``datetime64[ms]``, the type its ``.dt`` methods use; polars ``Date``);
- code-list columns (a field with an ``enum`` constraint) are categoricals whose categories
  are the whole code list in its order, used or not (pandas ``category``; polars ``Enum``);
- booleans are pandas ``boolean`` (with missing values); text is pandas' string type.
"""

from __future__ import annotations

from typing import Any

PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string",
                "date": "datetime64[ms]"}
"""Frictionless field type -> pandas dtype (code lists become ``category`` instead)."""

EXTRAS = {"pandas": "pandas", "polars": "polars"}
"""Library -> the defcoop extra that installs it."""


def _require(library: str) -> Any:
    import importlib

    try:
        return importlib.import_module(library)
    except ImportError:
        raise ImportError(f"defcoop.load(..., to={library!r}) needs {library}: "
                          f"pip install 'defcoop[{EXTRAS[library]}]'") from None


def codes_of(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Column -> its code list, for the fields of a Table Schema with an ``enum`` constraint."""
    return {f["name"]: list(f["constraints"]["enum"]) for f in schema["fields"]
            if "enum" in f.get("constraints", {})}


def to_pandas(table, schema: dict[str, Any]):  # (pyarrow.Table, Table Schema) -> pandas.DataFrame
    """``table`` as a pandas DataFrame typed by ``schema`` (see the module doc). ImportError names the extra."""
    pd = _require("pandas")
    frame = table.to_pandas(date_as_object=False)
    codes = codes_of(schema)
    for f in schema["fields"]:
        name = f["name"]
        if name in codes:
            frame[name] = pd.Categorical(frame[name], categories=codes[name])
        else:
            frame[name] = frame[name].astype(PANDAS_TYPES[f["type"]])
    return frame


def to_polars(table, schema: dict[str, Any]):  # (pyarrow.Table, Table Schema) -> polars.DataFrame
    """``table`` as a polars DataFrame, code lists as ``Enum`` (see the module doc). ImportError names the extra."""
    pl = _require("polars")
    frame = pl.from_arrow(table)
    codes = codes_of(schema)
    return frame.with_columns([pl.col(name).cast(pl.Enum(values)) for name, values in codes.items()])
