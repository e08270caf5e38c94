"""The validation pipeline: records -> models -> dataset checks -> tables -> Frictionless.

:func:`validate` runs every stage on ``<root>/datapackage`` and returns a
:class:`Result` with the flattened tables and every :class:`~defcoop.problems.Problem`
found (sorted by file and line). Frictionless validates the CSV tables against the
generated Table Schemas (types, enums, primary and foreign keys); its row errors are
traced back to the curated file through each row's origin.
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def validate(root: Path, csv_dir: Path | None = None) -> Result:
    """Validate everything under ``root``. CSV tables are written to ``csv_dir`` (a temp dir if None)."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    meta, problems = read_meta(root)
    items, found = load(root)
    problems += found
    timings["read+models"] = time.perf_counter() - t
    t = time.perf_counter()
    failed: dict[str, set[str]] = defaultdict(set)
    for p in found:
        if p.path.startswith("datapackage/records/"):
            parts = Path(p.path).parts
            failed[parts[2]].add(Path(p.path).stem)
    problems += check(items, meta.get("assertions"), failed)
    timings["checks"] = time.perf_counter() - t
    t = time.perf_counter()
    tables = flatten(items)
    timings["tables"] = time.perf_counter() - t
    if not problems:
        from .outputs import write_csv
        from .schema_check import frictionless_problems

        t = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="defcoop-csv-") as tmp:
            target = csv_dir or Path(tmp)
            write_csv(tables, target)
            timings["csv"] = time.perf_counter() - t
            t = time.perf_counter()
            problems += frictionless_problems(target, tables)
            timings["frictionless"] = time.perf_counter() - t
    problems.sort(key=Problem.sort_key)
    return Result(items, tables, problems, meta, timings)
