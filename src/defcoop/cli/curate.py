"""Commands for curators: validate, build, release, schema (they work on a source tree)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main, render
from .options import ROOT, root_dir


@main.command()
@ROOT
def validate(root: str | None) -> None:
    """Check every record: YAML, models, dataset rules, Frictionless. Writes nothing.

    Prints each problem as path:line:col: record-id: field: message [code].

    \b
    Example: defcoop validate --root .
    """
    from ..frictionless import FrictionlessWorker

    worker = FrictionlessWorker().start()  # before the heavy imports: they overlap
    from ..validate import validate as run

    result = run(root_dir(root), worker=worker)
    if result.problems:
        render.problems(result.problems)
        sys.exit(1)
    render.echo(f"ok: {len(result.items)} records and sources, no problems")


def _build(root: Path, out: str | None, worker=None, formats: tuple[str, ...] | None = None):
    """Run the build; problems exit 1, an unusable output path is a usage error, I/O errors one line."""
    from ..publish.build import BuildFailed, OutputError, build as run
    from ..publish.outputs import DEFAULT_FORMATS

    try:
        return run(root, Path(out) if out else None, worker, DEFAULT_FORMATS if formats is None else formats)
    except BuildFailed as exc:
        render.problems(exc.result.problems)
        render.echo("build failed; the previous output is unchanged", err=True)
        sys.exit(1)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        render.echo(f"error: cannot write the build: {exc.strerror or exc} ({exc.filename or out}); "
                   "the previous output is unchanged", err=True)
        sys.exit(1)


@main.command()
@ROOT
@click.option("--out", type=click.Path(), help="Output link (default: ROOT/build).")
@click.option("--formats", default="sqlite,xlsx,site", show_default=True, metavar="LIST",
              help="Files beside CSV, Parquet and DuckDB, comma-separated: sqlite, xlsx, stata, site ('' for none).")
def build(root: str | None, out: str | None, formats: str) -> None:
    """Validate, then write csv/, parquet/, defcoop.duckdb, defcoop.sqlite, defcoop.xlsx, site/, datapackage.json atomically.

    The snapshots live in OUT.d/, which the build marks as its own (OUT.d/.defcoop-store) and
    from which it removes only what it made; a folder it does not recognise is refused.

    \b
    Example: defcoop build --root . --out build
    """
    from ..frictionless import FrictionlessWorker

    worker = FrictionlessWorker().start()  # before the heavy imports: they overlap
    from ..publish.outputs import OPTIONAL_FORMATS
    from ..publish.summary import summary_lines

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = sorted(set(chosen) - set(OPTIONAL_FORMATS))
    if unknown:
        worker.close()
        raise click.UsageError(f"--formats: unknown {', '.join(unknown)}; known: {', '.join(OPTIONAL_FORMATS)}")
    if "stata" in chosen:
        from ..export.stata import stata_available

        if not stata_available():
            worker.close()
            raise click.UsageError("--formats stata needs pyreadstat: pip install 'defcoop[stata]'")
    built = _build(root_dir(root), out, worker, chosen)
    link = Path(out) if out else root_dir(root) / "build"
    for line in summary_lines(built.path, built.result, built.seconds, link):
        render.echo(line)


@main.command()
@ROOT
@click.option("--out", type=click.Path(), help="Build link to write first (default: ROOT/build).")
def release(root: str | None, out: str | None) -> None:
    """Build (with Stata files when the [stata] extra is installed), then write
    dist/defcoop-<version>.zip with the data, codebook, licences and checksums.

    \b
    Example: defcoop release
    """
    from ..export.stata import stata_available
    from ..publish.outputs import DEFAULT_FORMATS
    from ..publish.release import write_release

    r = root_dir(root)
    formats = DEFAULT_FORMATS
    if stata_available():
        formats += ("stata",)
    else:
        click.echo("stata/: skipped (pyreadstat is not installed: pip install 'defcoop[stata]')")
    built = _build(r, out, formats=formats)
    for note in built.result.notes:
        click.echo(f"note: {note}")
    try:
        target = write_release(r, built)
    except OSError as exc:
        render.echo(f"error: cannot write the release: {exc.strerror or exc} ({exc.filename or r / 'dist'})", err=True)
        sys.exit(1)
    render.echo(f"wrote {target}")


@main.command()
@ROOT
@click.option("--check", is_flag=True, help="Exit 1 if the committed files are stale instead of writing.")
def schema(root: str | None, check: bool) -> None:
    """Write schema/*.json and docs/codebook.md generated from the models.

    \b
    Example: defcoop schema --check
    """
    from ..export.docs import generated_files

    r = root_dir(root)
    files = generated_files(r)
    stale = []
    for rel, text in files.items():
        path = r / rel
        if not path.is_file() or path.read_text("utf-8") != text:
            stale.append(rel)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        render.echo("stale generated files (run `defcoop schema`): " + ", ".join(stale), err=True)
        sys.exit(1)
    render.echo(f"{len(files)} generated files, {len(stale)} {'stale' if check else 'rewritten'}")
