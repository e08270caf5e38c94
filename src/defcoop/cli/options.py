"""Options shared by the commands: one spelling each, one way to resolve them."""

from __future__ import annotations

from pathlib import Path

import click

ROOT = click.option("--root", type=click.Path(file_okay=False),
                    help="Repository root holding datapackage/ (default: current directory).")
DATA = click.option("--data", type=click.Path(file_okay=False),
                    help="Build folder to read (default: ./build of a checkout, else the packaged data).")
TIMEOUT = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
                       metavar="SECONDS", help="Stop the statement after this many seconds (exit 3).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                      show_default=True, help="Output format.")


def root_dir(path: str | None) -> Path:
    """The repository root given (or the current directory); a usage error when it has no datapackage/."""
    root = Path(path or ".").resolve()
    if not (root / "datapackage").is_dir():
        raise click.UsageError(f"{root} has no datapackage/ folder; pass --root DIR")
    return root


def data_folder(data: str | None) -> Path:
    """The build snapshot to read; a usage error when none exists."""
    from ..paths import DataNotFound, data_dir

    try:
        return data_dir(data)
    except DataNotFound as exc:
        raise click.UsageError(str(exc)) from None
