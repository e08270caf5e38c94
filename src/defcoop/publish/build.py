"""Build the published files atomically.

``build(root, out)`` validates ``root`` and writes ``csv/``, ``parquet/``,
``defcoop.duckdb``, ``defcoop.sqlite`` with ``datasette-metadata.json``, ``defcoop.xlsx``
(and ``stata/`` when asked: :mod:`defcoop.publish.outputs`) and ``datapackage.json`` into a
fresh snapshot folder
``<out>.d/<stamp>/``, then points ``<out>`` (a symbolic link) at it with one atomic
``rename``. Readers that resolve ``<out>`` see the old build or the new one, never a
mix; a failed or killed build leaves the previous snapshot and the link untouched.
The previous snapshot is kept (for readers still using it); older ones and
leftovers of killed builds are removed by the next build. Builds of one ``out`` are
serialised with a lock file.

The build removes only what it can prove it created: ``<out>.d/`` carries a manifest of
the names the build made there (:mod:`defcoop.publish.store`); a folder it does not
recognise is refused (:class:`OutputError`), never emptied, and so is an ``out`` inside
the curated ``datapackage/`` folder or a link ``out`` that does not point into the store.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..export.datapackage import datapackage_descriptor, write_datapackage
from ..frictionless import FrictionlessWorker
from ..validate import Result, validate
from . import store as snapshots
from .outputs import DEFAULT_FORMATS, build_time, write_outputs


class BuildFailed(Exception):
    """Validation found problems; nothing was published. ``result.problems`` lists them."""

    def __init__(self, result: Result):
        super().__init__(f"{len(result.problems)} problem(s)")
        self.result = result


class OutputError(Exception):
    """The output path cannot be used (e.g. it is a real folder, not a build link)."""


@dataclass
class Built:
    result: Result
    path: Path  # the snapshot folder now published
    seconds: float


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        _fsync_dir(path)
    _fsync_dir(folder)


def build(root: Path, out: Path | None = None, worker: FrictionlessWorker | None = None,
          formats: tuple[str, ...] = DEFAULT_FORMATS) -> Built:
    """Validate ``root`` and publish a new build at ``out`` (default ``root/build``).

    ``site``: also write the explorer (``site/``, :mod:`defcoop.export.site`); the wheel's
    build hook turns it off (the site ships in the release bundle, not in the wheel).
    Raises :class:`BuildFailed` (with every problem) when validation fails and
    :class:`OutputError` when ``out`` exists but is not a build link. ``worker`` is an
    already started :class:`~defcoop.schema_check.FrictionlessWorker` (optional).
    ``formats`` are the files written beside CSV, Parquet and DuckDB (names in
    :data:`~defcoop.publish.outputs.OPTIONAL_FORMATS`; ImportError when one's library is missing).
    """
    start = time.perf_counter()
    root = root.resolve()
    out = (out or root / "build").absolute()
    store = _check_output(root, out)
    with snapshots.locked(store):
        staging = snapshots.make_staging(store)
        try:
            created = build_time()
            result = validate(root, csv_dir=staging, alongside=lambda r: _write_binaries(r, staging, formats, created),
                              worker=worker)
            if not result.ok:
                raise BuildFailed(result)
            sources = [{"title": f"Public pages cited by the records ({len(result.tables['sources'].rows)} sources; "
                                 "see the sources table)", "path": "csv/sources.csv"}]
            write_datapackage(staging, datapackage_descriptor(staging, result.meta, result.tables["dataset_info"].rows[0],
                                                              sources, created))
            _fsync_tree(staging)
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
            final = snapshots.claim(store, stamp)
            os.rename(staging, final)
            previous = os.readlink(out) if out.is_symlink() else None
            link = snapshots.claim(store, f".link-{os.getpid()}")
            if link.is_symlink():
                link.unlink()
            os.symlink(os.path.relpath(final, out.parent), link)
            os.replace(link, out)  # the atomic step
            _fsync_dir(out.parent)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        snapshots.prune(store, keep={final.name, Path(previous).name if previous else ""})
    return Built(result, final, time.perf_counter() - start)


def _check_output(root: Path, out: Path) -> Path:
    """The store of ``out``, opened; :class:`OutputError` when ``out`` or its store may not be used."""
    curated = root / "datapackage"
    where = Path(os.path.normpath(out))
    real = where.parent.resolve() / where.name
    for p in (where, real):
        if p == curated or curated in p.parents or p == curated.resolve() or curated.resolve() in p.parents:
            raise OutputError(f"--out {out} is inside {curated}: a build there would be read as records; "
                              "choose a folder outside datapackage/")
    store = out.parent / f"{out.name}.d"
    if out.is_symlink():
        if not snapshots.owns_link(out, store):
            raise OutputError(f"{out} is a symbolic link to {os.readlink(out)}, not into {store}; "
                              "it is not a defcoop build link: remove it or choose another --out")
    elif out.exists():
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        else:
            raise OutputError(f"{out} exists and is not a defcoop build link; remove it or choose another --out")
    try:
        snapshots.open_store(store)
    except snapshots.StoreError as exc:
        raise OutputError(str(exc)) from None
    return store


def _write_binaries(result: Result, folder: Path, formats: tuple[str, ...], created: dt.datetime) -> None:
    """Write Parquet, DuckDB and ``formats`` (runs while Frictionless checks the CSV tables).

    A database library's own error for a full or read-only disk (DuckDB's IOException, SQLite's
    "database or disk is full") becomes an OSError, which the CLI prints as one line.
    """
    import sqlite3

    import duckdb

    try:
        write_outputs(result, folder, formats, created)
    except (duckdb.Error, sqlite3.Error) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0].strip()
        free = shutil.disk_usage(folder).free
        raise OSError(errno.EIO, f"could not write the database files: {first} ({free} bytes free on that disk)",
                      str(folder)) from None


def _fsync_dir(folder: Path) -> None:
    """fsync a file or folder by path."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
