"""The validation pipeline: records -> models -> dataset checks -> tables -> Frictionless.

:func:`validate` runs every stage on ``<root>/datapackage`` and returns a
:class:`Result` with the flattened tables and every :class:`~defcoop.problems.Problem`
found (sorted by file and line). Frictionless validates the CSV tables against the
generated Table Schemas (types, enums, primary and foreign keys); its row errors are
traced back to the curated file through each row's origin.
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .rules.checks import check
from .tabulate.derived import derive
from .tabulate.flatten import Rows, flatten, sort_tables
from .tabulate.states import StateListError, member_since, state_codes
from .curate.load import Loaded, load
from .curate.meta import read_meta
from .curate.problems import Problem
from .frictionless import FrictionlessWorker, locate


@dataclass
class Result:
    """Outcome of a validation: tables (if the records were valid), problems, metadata, timings (s),
    and notes for the reader that are not problems (e.g. a query not translated to SQLite)."""

    items: list[Loaded]
    tables: dict[str, Rows]
    problems: list[Problem]
    meta: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    root: Path = Path(".")
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(root: Path, csv_dir: Path | None = None,
             alongside: Callable[["Result"], None] | None = None,
             worker: FrictionlessWorker | None = None) -> Result:
    """Validate everything under ``root``. CSV tables are written to ``csv_dir`` (a temp dir if None).

    Frictionless runs in a child process (see
    :class:`~defcoop.schema_check.FrictionlessWorker`; pass one started early, as the
    CLI does, or one is forked now), so that its import overlaps with loading the
    records. ``alongside`` (used by the build) is called with the
    clean result while Frictionless checks the CSV tables, so that writing Parquet and
    DuckDB uses the other core; the caller discards that output when Frictionless
    finds problems.
    """
    worker = worker or FrictionlessWorker().start()
    try:
        result = _validate(root, csv_dir, alongside, worker)
    except BaseException:  # interrupted, terminated or failed: end the children now, silently
        worker.close(wait=False)
        raise
    worker.close()
    return result


def _validate(root: Path, csv_dir: Path | None, alongside: Callable[["Result"], None] | None,
              worker: FrictionlessWorker) -> Result:
    timings: dict[str, float] = {}
    meta, problems = read_meta(root)
    with _no_gc():  # bulk allocation of acyclic objects: the cyclic GC only costs time here
        items, found = load(root, timings)
    problems += found
    t = time.perf_counter()
    failed: dict[str, set[str]] = defaultdict(set)
    for p in found:
        if p.path.startswith("datapackage/records/"):
            parts = Path(p.path).parts
            failed[parts[2]].add(Path(p.path).stem)
    problems += check(items, meta.get("assertions"), failed)
    timings["checks"] = time.perf_counter() - t
    t = time.perf_counter()
    with _no_gc():
        tables = flatten(items)
        if not problems:  # derived facts assume references resolve
            try:
                reference = root / "datapackage" / "reference"
                derive(tables, items, meta, state_codes(reference), member_since(reference))
            except StateListError as exc:
                problems.append(Problem("state-list", str(exc)))
        sort_tables(tables)
    timings["tables"] = time.perf_counter() - t
    result = Result(items, tables, problems, meta, timings, root)
    if not problems:
        from .export.csv import write_csv

        t = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="defcoop-csv-") as tmp:
            target = csv_dir or Path(tmp)
            write_csv(tables, target)
            timings["csv"] = time.perf_counter() - t
            t = time.perf_counter()
            worker.submit(target)  # Frictionless in the child while the caller's work runs here
            if alongside is not None:
                alongside(result)
            problems += locate(worker.collect(), tables)
            timings["frictionless"] = time.perf_counter() - t
    problems.sort(key=Problem.sort_key)
    return result
