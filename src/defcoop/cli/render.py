"""How results and problems are printed: tables, CSV, JSON, problem lists, lines.

Everything printed passes through :mod:`defcoop.escape`: a line of text through
:func:`~defcoop.escape.printable` (:func:`echo`), JSON through :func:`~defcoop.escape.json_text`,
CSV cells through :func:`~defcoop.escape.spreadsheet_cell` and ``printable`` (line breaks inside a
quoted CSV cell are kept: CSV defines them). No text from the data reaches the terminal raw.
"""

from __future__ import annotations

import sys

import click

from ..escape import json_text, printable, spreadsheet_cell


def echo(text: object = "", err: bool = False) -> None:
    """Print one line of text (escaped: a value cannot start a second line or send a terminal sequence)."""
    click.echo(printable(text), err=err)


def problems(found) -> None:
    """Print each problem on its own line to stderr, then their number."""
    for p in found:
        echo(p, err=True)
    echo(f"{len(found)} problem(s) found", err=True)


def _csv_cell(value: object) -> object:
    """A CSV cell: lists and mappings as JSON; text escaped for terminals and spreadsheets."""
    if isinstance(value, (list, dict)):
        value = json_text(value, indent=None)
    if isinstance(value, str):
        return "\n".join(printable(part) for part in spreadsheet_cell(value).split("\n"))
    return value


def table(result, fmt: str) -> None:
    """Print a pyarrow.Table as an aligned table, CSV or JSON on stdout."""
    rows = result.to_pylist()
    if fmt == "json":
        click.echo(json_text(rows))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([_csv_cell(c) for c in result.column_names])
        for r in rows:
            writer.writerow(["" if v is None else _csv_cell(v) for v in r.values()])
    else:
        cols = [printable(c) for c in result.column_names]
        cells = [[("" if v is None else printable(v)) for v in r.values()] for r in rows]
        widths = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(cols)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
        click.echo("  ".join("-" * w for w in widths))
        for row in cells:
            click.echo("  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths)))
        click.echo(f"({len(rows)} rows)")
