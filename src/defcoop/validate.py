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
import multiprocessing as mp
from contextlib import contextmanager
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .checks import check
from .flatten import Rows, flatten
from .load import Loaded, load
from .package import read_meta
from .problems import Problem


@dataclass
class Result:
    """Outcome of a validation: tables (if the records were valid), problems, metadata, timings (s)."""

    items: list[Loaded]
    tables: dict[str, Rows]
    problems: list[Problem]
    meta: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

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


def _frictionless_beside(folder: Path, tables: dict[str, Rows], work: Callable[[], None]) -> list[Problem]:
    """Run Frictionless in a forked child (it inherits the tables) while ``work`` runs here."""
    from .schema_check import frictionless_problems

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        gc.freeze()  # the inherited records are never garbage: keep the collector off them
        try:
            send.send(("ok", frictionless_problems(folder, tables)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            send.send(("error", repr(exc)))

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    try:
        work()
        try:
            status, payload = receive.recv()
        except EOFError:
            raise RuntimeError(f"the Frictionless process died (exit code {proc.exitcode})") from None
    finally:
        proc.join()
    if status != "ok":
        raise RuntimeError(f"Frictionless failed: {payload}")
    return payload


def validate(root: Path, csv_dir: Path | None = None,
             alongside: Callable[["Result"], None] | None = None) -> Result:
    """Validate everything under ``root``. CSV tables are written to ``csv_dir`` (a temp dir if None).

    ``alongside`` (used by the build) is called with the clean result while
    Frictionless checks the CSV tables in a forked child process (where the platform
    can fork), so that writing Parquet and DuckDB uses the second core; the caller
    discards that output when Frictionless finds problems.
    """
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
    timings["tables"] = time.perf_counter() - t
    result = Result(items, tables, problems, meta, timings)
    if not problems:
        from .outputs import write_csv
        from .schema_check import frictionless_problems

        t = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="defcoop-csv-") as tmp:
            target = csv_dir or Path(tmp)
            write_csv(tables, target)
            timings["csv"] = time.perf_counter() - t
            t = time.perf_counter()
            if alongside is not None and "fork" in mp.get_all_start_methods():
                problems += _frictionless_beside(target, tables, lambda: alongside(result))
            else:
                problems += frictionless_problems(target, tables)
                if alongside is not None:
                    alongside(result)
            timings["frictionless"] = time.perf_counter() - t
    problems.sort(key=Problem.sort_key)
    return result
