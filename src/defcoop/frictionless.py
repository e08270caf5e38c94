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
import signal
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from .curate.problems import Problem

if TYPE_CHECKING:  # this module stays light: the worker is forked before the models load
    from .tabulate.flatten import Rows

RawError = tuple[str, int | None, str, str]  # table, row number (header = 1), field, message


def raw_errors(folder: Path, part: int = 0, parts: int = 1) -> list[RawError]:
    """Validate ``<folder>/csv/*.csv`` as one package (foreign keys included).

    With ``parts`` > 1 only every ``parts``-th resource from ``part`` on is validated
    (each still looks up the others for its foreign keys), so that several processes
    can share the work.
    """
    from frictionless import Package, Resource, Schema, system

    from .schema.derive import specs

    resources = [Resource(path=f"csv/{name}.csv", name=name, basepath=str(folder),
                          schema=Schema.from_descriptor(spec.frictionless()))
                 for name, spec in specs().items()]
    package = Package(resources=resources, basepath=str(folder))
    out: list[RawError] = []
    with system.use_context(trusted=True):
        for resource in package.resources[part::parts]:
            report = resource.validate()
            out += [(resource.name, getattr(err, "row_number", None), getattr(err, "field_name", "") or "",
                     err.message) for task in report.tasks for err in task.errors]
    return out


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
    """Frictionless in forked children sharing the tables: :meth:`start` early, :meth:`submit`, :meth:`collect`."""

    def __init__(self, processes: int = 2) -> None:
        self._procs: list[Any] = []
        self._conns: list[Any] = []
        self._inline: list[RawError] = []
        self._n = processes

    def start(self) -> "FrictionlessWorker":
        if "fork" not in mp.get_all_start_methods():
            return self
        ctx = mp.get_context("fork")
        for part in range(self._n):
            parent, child = ctx.Pipe()
            # the child closes every parent-side end it inherits (its own and earlier workers')
            ends = [parent, *self._conns]
            proc = ctx.Process(target=_child, args=(child, ends, part, self._n), daemon=True)
            proc.start()
            child.close()
            self._procs.append(proc)
            self._conns.append(parent)
        return self

    def submit(self, folder: Path) -> None:
        """Ask the children to validate ``folder`` (returns at once); without children, validate here."""
        if not self._procs:
            self._inline = raw_errors(folder)
        for conn in self._conns:
            conn.send(str(folder))

    def collect(self) -> list[RawError]:
        """The errors for the submitted folder (waits for the children)."""
        if not self._procs:
            return self._inline
        out: list[RawError] = []
        try:
            for conn, proc in zip(self._conns, self._procs):
                try:
                    status, payload = conn.recv()
                except EOFError:
                    raise RuntimeError(f"a Frictionless process died (exit code {proc.exitcode})") from None
                if status != "ok":
                    raise RuntimeError(f"Frictionless failed: {payload}")
                out += payload
        finally:
            self.close()
        return out

    def close(self, wait: bool = True) -> None:
        """Tell the children to stop and reap them; ``wait=False`` (an interrupted build) ends them at once."""
        for conn in self._conns:
            try:
                conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            conn.close()
        for proc in self._procs:
            if not wait:
                proc.terminate()  # SIGTERM: the child's default action, silent
            proc.join()
        self._procs, self._conns = [], []


def _child(conn: Any, parent_ends: list[Any], part: int, parts: int) -> None:
    # Close the parent's ends so that recv() sees EOF if the parent dies (e.g. SIGKILL),
    # and this process exits, releasing every descriptor it inherited (the build lock).
    for end in parent_ends:
        end.close()
    # Ctrl-C reaches the whole process group: the parent handles it and closes the pipe, which
    # ends this child; SIGTERM ends it at once (not the parent's handler, inherited by the fork).
    # Either way it exits silently: a child's traceback would print after the shell prompt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()  # inherited objects are never garbage: keep the collector off them
    try:
        import frictionless  # noqa: F401 - warm the imports while the parent reads records

        from .schema import derive  # noqa: F401

        folder = conn.recv()
        if folder is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", raw_errors(Path(folder), part, parts))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            reply = ("error", repr(exc))
        conn.send(reply)
    except (EOFError, OSError, KeyboardInterrupt):  # the parent went away (closed pipe): nothing to report
        return
