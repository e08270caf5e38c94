"""Build the published files atomically.

``build(root, out)`` validates ``root`` and writes ``csv/``, ``parquet/``,
``defcoop.duckdb`` and ``datapackage.json`` into a fresh snapshot folder
``<out>.d/<stamp>/``, then points ``<out>`` (a symbolic link) at it with one atomic
``rename``. Readers that resolve ``<out>`` see the old build or the new one, never a
mix; a failed or killed build leaves the previous snapshot and the link untouched.
The previous snapshot is kept (for readers still using it); older ones and
leftovers of killed builds are removed by the next build. Builds of one ``out`` are
serialised with a lock file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..export.arrow import arrow_tables
from ..export.datapackage import datapackage_descriptor, write_datapackage
from ..export.duckdb import write_duckdb
from ..export.parquet import write_parquet
from ..export.site import write_site
from ..catalog import all_views
from ..frictionless import FrictionlessWorker
from ..paths import queries_folder
from ..validate import Result, validate


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


@contextmanager
def _locked(store: Path) -> Iterator[None]:
    with open(store / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        _fsync_dir(path)
    _fsync_dir(folder)


def build(root: Path, out: Path | None = None, worker: FrictionlessWorker | None = None,
          site: bool = True) -> Built:
    """Validate ``root`` and publish a new build at ``out`` (default ``root/build``).

    ``site``: also write the explorer (``site/``, :mod:`defcoop.export.site`); the wheel's
    build hook turns it off (the site ships in the release bundle, not in the wheel).
    Raises :class:`BuildFailed` (with every problem) when validation fails and
    :class:`OutputError` when ``out`` exists but is not a build link. ``worker`` is an
    already started :class:`~defcoop.schema_check.FrictionlessWorker` (optional).
    """
    start = time.perf_counter()
    root = root.resolve()
    out = (out or root / "build").absolute()
    if out.exists() and not out.is_symlink():
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        else:
            raise OutputError(f"{out} exists and is not a defcoop build link; remove it or choose another --out")
    store = out.parent / f"{out.name}.d"
    store.mkdir(parents=True, exist_ok=True)
    with _locked(store):
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=store))
        staging.chmod(0o755)  # mkdtemp makes it private; a published build is readable by all
        try:
            result = validate(root, csv_dir=staging, alongside=lambda r: _write_binaries(r, staging, site),
                              worker=worker)
            if not result.ok:
                raise BuildFailed(result)
            sources = [{"title": f"Public pages cited by the records ({len(result.tables['sources'].rows)} sources; "
                                 "see the sources table)", "path": "csv/sources.csv"}]
            write_datapackage(staging, datapackage_descriptor(staging, result.meta, result.tables["dataset_info"].rows[0], sources))
            _fsync_tree(staging)
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
            final = store / stamp
            os.rename(staging, final)
            previous = out.resolve() if out.is_symlink() else None
            link = out.parent / f".{out.name}.link-{os.getpid()}"
            if link.is_symlink():
                link.unlink()
            os.symlink(os.path.relpath(final, out.parent), link)
            os.replace(link, out)  # the atomic step
            _fsync_dir(out.parent)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _prune(store, keep={final, previous})
    return Built(result, final, time.perf_counter() - start)


def _write_binaries(result: Result, folder: Path, site: bool = True) -> None:
    """Write Parquet, DuckDB and the site (runs while Frictionless checks the CSV tables)."""
    t = time.perf_counter()
    arrows = arrow_tables(result.tables, result.meta["version"])
    write_parquet(arrows, folder)
    result.timings["parquet"] = time.perf_counter() - t
    t = time.perf_counter()
    write_duckdb(arrows, folder, all_views(queries_folder(result.root)))
    result.timings["duckdb"] = time.perf_counter() - t
    if site:
        t = time.perf_counter()
        write_site(arrows, folder / "site")
        result.timings["site"] = time.perf_counter() - t


def _fsync_dir(folder: Path) -> None:
    """fsync a file or folder by path."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(store: Path, keep: set[Path | None]) -> None:
    """Remove snapshots other than ``keep`` and leftovers of killed builds."""
    for path in store.iterdir():
        if path.name == ".lock" or path in keep:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
