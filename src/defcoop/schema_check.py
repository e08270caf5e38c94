"""Frictionless validation of the CSV tables, with errors traced back to curated files.

Frictionless checks each CSV table against its generated Table Schema (types,
required, enum constraints, primary and foreign keys). :func:`raw_errors` runs it and
returns plain tuples; :func:`locate` turns them into problems at the file, line and
record each row came from (:class:`defcoop.flatten.Origin`).

:class:`FrictionlessWorker` runs the same check in a process forked at the start of a
validation (where the platform can fork): the child imports Frictionless while the
parent reads the records, then validates the CSV folder it is sent, while the parent
writes Parquet and DuckDB. Without fork it runs in-process.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:  # this module stays light: the worker is forked before the models load
    from .flatten import Rows

RawError = tuple[str, int | None, str, str]  # table, row number (header = 1), field, message


def raw_errors(folder: Path) -> list[RawError]:
    """Validate ``<folder>/csv/*.csv`` as one package (foreign keys included)."""
    from frictionless import Package, Resource, Schema, system

    from .tables import specs

    resources = [Resource(path=f"csv/{name}.csv", name=name, basepath=str(folder),
                          schema=Schema.from_descriptor(spec.frictionless()))
                 for name, spec in specs().items()]
    package = Package(resources=resources, basepath=str(folder))
    with system.use_context(trusted=True):
        report = package.validate()
    return [(task.name, getattr(err, "row_number", None), getattr(err, "field_name", "") or "", err.message)
            for task in report.tasks for err in task.errors]


def locate(errors: list[RawError], tables: "dict[str, Rows]") -> list[Problem]:
    """Problems for Frictionless errors, at the curated file and line of each row."""
    problems = []
    for table, row_number, field, message in errors:
        origin = None
        if row_number and table in tables and 0 <= row_number - 2 < len(tables[table].origins):
            origin = tables[table].origins[row_number - 2]
        if origin:
            line, col = origin.position()
            problems.append(Problem("table-schema", f"{table}: {message}", origin.path, line, col,
                                    origin.record_id, field or origin.field))
        else:
            problems.append(Problem("table-schema", f"{table}: {message}"))
    return problems


def frictionless_problems(folder: Path, tables: "dict[str, Rows]") -> list[Problem]:
    """Validate ``<folder>/csv/*.csv`` in this process; return located problems."""
    return locate(raw_errors(folder), tables)


class FrictionlessWorker:
    """Frictionless in a forked child: :meth:`start` early, :meth:`submit` the CSV folder, :meth:`collect`."""

    def __init__(self) -> None:
        self._proc: Any = None
        self._conn: Any = None
        self._inline: list[RawError] = []

    def start(self) -> "FrictionlessWorker":
        if "fork" not in mp.get_all_start_methods():
            return self
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_child, args=(child, parent), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        return self

    def submit(self, folder: Path) -> None:
        """Ask the child to validate ``folder`` (returns at once); without a child, validate here."""
        if self._proc is None:
            self._inline = raw_errors(folder)
        else:
            self._conn.send(str(folder))

    def collect(self) -> list[RawError]:
        """The errors for the submitted folder (waits for the child)."""
        if self._proc is None:
            return self._inline
        try:
            status, payload = self._conn.recv()
        except EOFError:
            raise RuntimeError(f"the Frictionless process died (exit code {self._proc.exitcode})") from None
        finally:
            self.close()
        if status != "ok":
            raise RuntimeError(f"Frictionless failed: {payload}")
        return payload

    def close(self) -> None:
        if self._proc is None:
            return
        try:
            self._conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self._conn.close()
        self._proc.join()
        self._proc = None


def _child(conn: Any, parent_end: Any) -> None:
    # Close the parent's end so that recv() sees EOF if the parent dies (e.g. SIGKILL),
    # and this process exits, releasing every descriptor it inherited (the build lock).
    parent_end.close()
    gc.freeze()  # inherited objects are never garbage: keep the collector off them
    try:
        import frictionless  # noqa: F401 - warm the imports while the parent reads records

        from . import tables  # noqa: F401

        folder = conn.recv()
        if folder is None:
            return
        try:
            conn.send(("ok", raw_errors(Path(folder))))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            conn.send(("error", repr(exc)))
    except (EOFError, KeyboardInterrupt):
        return
