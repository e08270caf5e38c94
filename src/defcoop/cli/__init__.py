"""The ``defcoop`` command line (click). Each command's help has an example.

Exit codes: 0 success, 1 the data has problems (or a query failed), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

ROOT_HELP = "Repository root holding datapackage/ (default: current directory)."


def _root(path: str | None) -> Path:
    root = Path(path or ".").resolve()
    if not (root / "datapackage").is_dir():
        raise click.UsageError(f"{root} has no datapackage/ folder; pass --root DIR")
    return root


def _print_problems(problems) -> None:
    for p in problems:
        click.echo(str(p), err=True)
    click.echo(f"{len(problems)} problem(s) found", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="defcoop", message="defcoop %(version)s")
def main() -> None:
    """defcoop: source-cited records of defense cooperation.

    \b
    Curators:    defcoop validate; defcoop build; defcoop release
    Researchers: defcoop info; defcoop queries; defcoop query NAME; defcoop sql "SELECT ..."
    """


@main.command()
@click.option("--root", type=click.Path(file_okay=False), help=ROOT_HELP)
def validate(root: str | None) -> None:
    """Check every record: YAML, models, dataset rules, Frictionless.

    Prints each problem as path:line:col: record-id: field: message [code].

    \b
    Example: defcoop validate --root .
    """
    from ..frictionless import FrictionlessWorker

    worker = FrictionlessWorker().start()  # before the heavy imports: they overlap
    from ..validate import validate as run

    result = run(_root(root), worker=worker)
    if result.problems:
        _print_problems(result.problems)
        sys.exit(1)
    click.echo(f"ok: {len(result.items)} records and sources, no problems")


@main.command()
@click.option("--root", type=click.Path(file_okay=False), help=ROOT_HELP)
@click.option("--out", type=click.Path(), help="Output link (default: ROOT/build).")
def build(root: str | None, out: str | None) -> None:
    """Validate, then write csv/, parquet/, defcoop.duckdb, datapackage.json atomically.

    \b
    Example: defcoop build --root . --out build
    """
    from ..frictionless import FrictionlessWorker

    worker = FrictionlessWorker().start()  # before the heavy imports: they overlap
    from ..publish.build import BuildFailed, OutputError, build as run
    from ..publish.summary import summary_lines

    try:
        built = run(_root(root), Path(out) if out else None, worker)
    except BuildFailed as exc:
        _print_problems(exc.result.problems)
        click.echo("build failed; the previous output is unchanged", err=True)
        sys.exit(1)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    for line in summary_lines(built.path, built.result, built.seconds):
        click.echo(line)


@main.command()
@click.option("--data", type=click.Path(file_okay=False), help="Build folder (default: packaged data).")
def info(data: str | None) -> None:
    """Describe the dataset: version, as-of date, records per table, coverage.

    \b
    Example: defcoop info
    """
    from ..publish.summary import info_lines

    for line in info_lines(_data(data)):
        click.echo(line)


def _data(data: str | None) -> Path:
    from ..paths import DataNotFound, data_dir

    try:
        return data_dir(data)
    except DataNotFound as exc:
        raise click.UsageError(str(exc)) from None


@main.command("queries")
def list_queries() -> None:
    """List the ready-made queries with their parameters.

    \b
    Example: defcoop queries
    """
    from ..catalog import all_queries

    for q in all_queries().values():
        click.echo(f"{q.name}: {q.title}")
        click.echo(f"    {q.description} ({q.grain})")
        for p in q.params:
            click.echo(f"    --param {p.name}=<{p.type}>  default {p.default!r}: {p.description}")


def _emit(table, fmt: str) -> None:
    rows = table.to_pylist()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(table.column_names)
        for r in rows:
            writer.writerow(["" if v is None else v for v in r.values()])
    else:
        cols = table.column_names
        cells = [[("" if v is None else str(v)) for v in r.values()] for r in rows]
        widths = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(cols)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
        click.echo("  ".join("-" * w for w in widths))
        for row in cells:
            click.echo("  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths)))
        click.echo(f"({len(rows)} rows)")


FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                      show_default=True)
DATA = click.option("--data", type=click.Path(file_okay=False), help="Build folder (default: packaged data).")


@main.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Query parameter (repeatable).")
@FORMAT
@DATA
def query(name: str, params: tuple[str, ...], fmt: str, data: str | None) -> None:
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
        table = run(name, _data(data), **values)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    _emit(table, fmt)


@main.command()
@click.argument("statement")
@FORMAT
@DATA
def sql(statement: str, fmt: str, data: str | None) -> None:
    """Run SQL on the read-only database (no file access outside it).

    \b
    Example: defcoop sql "SELECT contract_id, quantity FROM contracts"
    """
    import duckdb

    from ..api import connect, run_sql

    con = connect(_data(data))
    try:
        table = run_sql(con, statement)
    except duckdb.Error as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    finally:
        con.close()
    _emit(table, fmt)


@main.command()
@click.option("--root", type=click.Path(file_okay=False), help=ROOT_HELP)
@click.option("--out", type=click.Path(), help="Build link to release (default: ROOT/build).")
def release(root: str | None, out: str | None) -> None:
    """Build, then write build/defcoop-<version>.zip with data, codebook and licences.

    \b
    Example: defcoop release
    """
    from ..publish.build import BuildFailed, build as run
    from ..publish.release import write_release

    r = _root(root)
    try:
        built = run(r, Path(out) if out else None)
    except BuildFailed as exc:
        _print_problems(exc.result.problems)
        sys.exit(1)
    target = write_release(r, built)
    click.echo(f"wrote {target}")


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def verify(folder: str | None) -> None:
    """Check a build: hashes and sizes, DuckDB = Parquet = CSV, keys hold.

    \b
    Example: defcoop verify build
    """
    from ..publish.verify import verify as run

    problems = run(_data(folder))
    for p in problems:
        click.echo(p, err=True)
    if problems:
        click.echo(f"{len(problems)} difference(s)", err=True)
        sys.exit(1)
    click.echo("ok: every file matches datapackage.json and every table matches its twins")


@main.command()
@click.option("--root", type=click.Path(file_okay=False), help=ROOT_HELP)
@click.option("--check", is_flag=True, help="Exit 1 if the committed files are stale instead of writing.")
def schema(root: str | None, check: bool) -> None:
    """Write schema/*.json and docs/codebook.md generated from the models.

    \b
    Example: defcoop schema --check
    """
    from ..export.docs import generated_files

    r = _root(root)
    stale = []
    for rel, text in generated_files().items():
        path = r / rel
        if not path.is_file() or path.read_text("utf-8") != text:
            stale.append(rel)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        click.echo("stale generated files (run `defcoop schema`): " + ", ".join(stale), err=True)
        sys.exit(1)
    click.echo(f"{len(generated_files())} generated files, {len(stale)} {'stale' if check else 'rewritten'}")


if __name__ == "__main__":  # pragma: no cover
    main()
