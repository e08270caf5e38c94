"""How results and problems are printed: tables, CSV, JSON, problem lists."""

from __future__ import annotations

import json
import sys

import click


def problems(found) -> None:
    """Print each problem on its own line to stderr, then their number."""
    for p in found:
        click.echo(str(p), err=True)
    click.echo(f"{len(found)} problem(s) found", err=True)


def _json_value(value):
    """JSON for values json cannot write: whole Decimals (DuckDB's sums) as integers, other Decimals
    as numbers, dates as ISO text."""
    import decimal

    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _cell(value) -> str:
    """A CSV cell: lists and mappings as JSON, missing as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    return value


def table(result, fmt: str) -> None:
    """Print a pyarrow.Table as an aligned table, CSV or JSON on stdout."""
    rows = result.to_pylist()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=_json_value))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.column_names)
        for r in rows:
            writer.writerow([_cell(v) for v in r.values()])
    else:
        cols = result.column_names
        cells = [[("" if v is None else str(v)) for v in r.values()] for r in rows]
        widths = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(cols)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
        click.echo("  ".join("-" * w for w in widths))
        for row in cells:
            click.echo("  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths)))
        click.echo(f"({len(rows)} rows)")
