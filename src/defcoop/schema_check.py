"""Frictionless validation of the CSV tables, with errors traced back to curated files.

Frictionless checks each CSV table against its generated Table Schema (types,
required, enum constraints, primary and foreign keys). A row error is reported at
the file, line and record the row came from (:class:`defcoop.flatten.Origin`).
"""

from __future__ import annotations

from pathlib import Path

from .flatten import Rows
from .problems import Problem
from .tables import specs


def frictionless_problems(folder: Path, tables: dict[str, Rows]) -> list[Problem]:
    """Validate ``<folder>/csv/*.csv`` as one package; return located problems."""
    from frictionless import Package, Resource, Schema, system

    resources = [Resource(path=f"csv/{name}.csv", name=name, basepath=str(folder),
                          schema=Schema.from_descriptor(spec.frictionless()))
                 for name, spec in specs().items()]
    package = Package(resources=resources, basepath=str(folder))
    with system.use_context(trusted=True):
        report = package.validate()
    problems = []
    for task in report.tasks:
        for err in task.errors:
            row_number = getattr(err, "row_number", None)
            origin = None
            if row_number and task.name in tables and 0 <= row_number - 2 < len(tables[task.name].origins):
                origin = tables[task.name].origins[row_number - 2]
            field = getattr(err, "field_name", "") or ""
            message = f"{task.name}: {err.message}"
            if origin:
                line, col = origin.position()
                problems.append(Problem("table-schema", message, origin.path, line, col,
                                        origin.record_id, field or origin.field))
            else:
                problems.append(Problem("table-schema", message))
    return problems
