"""Commands for researchers: info, queries, query, sql, verify, serve (they read a built snapshot)."""

from __future__ import annotations

import os
import sys

import click

from . import main, render
from .options import DATA, FORMAT, TIMEOUT, data_folder


@main.command()
@DATA
def info(data: str | None) -> None:
    """Describe the dataset: version, source dates, records per table, coverage.

    \b
    Example: defcoop info
    """
    from ..publish.summary import info_lines

    for line in info_lines(data_folder(data)):
        render.echo(line)


@main.command("queries")
def list_queries() -> None:
    """List the ready-made queries with their parameters.

    \b
    Example: defcoop queries
    """
    from ..catalog import all_queries

    for q in all_queries().values():
        render.echo(f"{q.name}: {q.title}")
        render.echo(f"    {q.description} ({q.grain})")
        for p in q.params:
            kind = f"id of {p.ref[0]}.{p.ref[1]}" if p.ref else p.type
            extra = ", '' = all" if p.empty_means_all else ""
            render.echo(f"    --param {p.name}=<{kind}>  default {p.default!r}{extra}: {p.description}")


@main.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Query parameter (repeatable).")
@FORMAT
@DATA
@TIMEOUT
def query(name: str, params: tuple[str, ...], fmt: str, data: str | None, timeout: float) -> None:
    """Run a ready-made query (see `defcoop queries`).

    \b
    Example: defcoop query contract_detail --param contract_id=mys-kai-fa-50m-2023
    """
    from ..api import query as run
    from ..catalog import QueryError

    values = {}
    for item in params:
        if "=" not in item:
            raise click.UsageError(f"--param {item!r}: expected K=V")
        key, value = item.split("=", 1)
        values[key] = value
    try:
        result = run(name, data_folder(data), timeout=timeout, **values)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    render.table(result, fmt)


@main.command()
@click.argument("statement")
@FORMAT
@DATA
@TIMEOUT
def sql(statement: str, fmt: str, data: str | None, timeout: float) -> None:
    """Run SQL on the read-only database (no file access outside it).

    \b
    Example: defcoop sql "SELECT contract_id, quantity FROM contracts"
    """
    import duckdb

    from ..api import connect, run_sql

    con = connect(data_folder(data))
    try:
        result = run_sql(con, statement, timeout=timeout)
    except duckdb.Error as exc:
        for line in f"error: {exc}".splitlines():  # DuckDB's messages span lines (the caret under the SQL)
            render.echo(line, err=True)
        sys.exit(1)
    finally:
        con.close()
    render.table(result, fmt)


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@DATA
def verify(folder: str | None, data: str | None) -> None:
    """Check a build: hashes and sizes, DuckDB = Parquet = CSV, keys hold.

    FOLDER is an alias of --data.

    \b
    Example: defcoop verify --data build
    """
    from ..publish.verify import verify as run

    if folder and data and folder != data:
        raise click.UsageError("give the build folder once: FOLDER or --data")
    problems = run(data_folder(data or folder))
    for p in problems:
        render.echo(p, err=True)
    if problems:
        render.echo(f"{len(problems)} difference(s)", err=True)
        sys.exit(1)
    render.echo("ok: every file matches datapackage.json and every table matches its twins")


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@DATA
def serve(port: int, data: str | None) -> None:
    """Browse defcoop.sqlite in Datasette on http://127.0.0.1:PORT (the [serve] extra).

    Tables and views with their descriptions, and the ready-made queries as canned queries.
    Reads a build or an unzipped release (the wheel's packaged data has no SQLite file).

    \b
    Example: defcoop serve --port 8001
    """
    import importlib.util

    from ..export.datasette import DATASETTE_METADATA
    from ..export.sqlite import SQLITE_FILE

    folder = data_folder(data)
    db = folder / SQLITE_FILE
    if not db.is_file():
        raise click.UsageError(f"{folder} has no {SQLITE_FILE}: pass --data with a build (defcoop build) or an "
                               "unzipped release; the installed package carries only Parquet and DuckDB")
    if importlib.util.find_spec("datasette") is None:
        click.echo("error: defcoop serve needs Datasette: pip install 'defcoop[serve]'", err=True)
        sys.exit(1)
    args = [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--host", "127.0.0.1",
            "--port", str(port)]
    if (folder / DATASETTE_METADATA).is_file():
        args += ["--metadata", str(folder / DATASETTE_METADATA)]
    click.echo(f"serving {db} at http://127.0.0.1:{port}/ (Ctrl-C stops)", err=True)
    sys.stdout.flush()
    os.execv(sys.executable, args)
