"""Read every curated file under ``<root>/datapackage/records`` into models.

Layout: ``records/<table>/**/<id>.yaml``, one record per file, where ``<table>`` is
``sources`` or a record table (:data:`defcoop.models.RECORD_MODELS`). Each file is
read by :mod:`defcoop.reader` and validated by its pydantic model; every problem
(located at file, line and column) is collected, none stops the others.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..schema.models import RECORD_MODELS, Model, PublishedTotal, Source
from .problems import CATALOGUE, Problem
from .reader import Document, read_document
from ..schema.fields import SLUG

MODELS: dict[str, type[Model]] = {"sources": Source, "published_totals": PublishedTotal, **RECORD_MODELS}

_PYDANTIC_CODES = {
    "missing": "missing-field", "extra_forbidden": "unknown-field", "enum": "code-list",
    "finite_number": "number-range", "greater_than_equal": "number-range", "less_than_equal": "number-range",
}


@dataclass
class Loaded:
    """A valid record: its table, model instance, parsed document and display path."""

    table: str
    record: Any
    doc: Document

    @property
    def id(self) -> str:
        return getattr(self.record, MODELS[self.table].PK)

    def where(self, *path: str | int) -> tuple[int, int]:
        return self.doc.where(tuple(path))


def record_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every regular file under ``<root>/datapackage/records`` (sorted), and a problem for every other path.

    The walk never follows a symbolic link and never opens anything: a symbolic link (to a file
    inside or outside the repository, dangling or looping), a FIFO, socket or device, a dotfile or
    dot-folder, a folder named like a record file (``x.yaml/``) is a ``bad-path`` problem, and a
    folder that cannot be listed is ``file-unreadable``; each is located at its path relative to
    ``root``. Nothing under ``records/`` is skipped silently.
    """
    base = root / "datapackage" / "records"
    files: list[Path] = []
    problems: list[Problem] = []

    def bad(path: Path, code: str, message: str) -> None:
        problems.append(Problem(code, message, path.relative_to(root).as_posix(), 1, 1))

    def walk(folder: Path) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            bad(folder, "file-unreadable", f"cannot list the folder ({exc.strerror or exc})")
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                bad(path, "file-unreadable", f"cannot read ({exc.strerror or exc})")
                continue
            if stat.S_ISLNK(st.st_mode):
                try:
                    target = os.readlink(path)
                except OSError:
                    target = "?"
                bad(path, "bad-path", f"is a symbolic link (to {target!r}); a record is a regular file inside "
                                      "records/, never a link")
            elif entry.name.startswith("."):
                bad(path, "bad-path", f"{entry.name!r} is hidden (starts with a dot); records/ holds only "
                                      "record files and table folders: remove or rename it")
            elif stat.S_ISDIR(st.st_mode):
                if entry.name.endswith((".yaml", ".yml")):
                    bad(path, "bad-path", "is a folder named like a record file; a record is a file")
                else:
                    walk(path)
            elif stat.S_ISREG(st.st_mode):
                files.append(path)
            else:
                bad(path, "bad-path", f"is a {_special(st.st_mode)}, not a regular file")

    if base.is_symlink():
        bad(base, "bad-path", "the records folder is a symbolic link; it must be a folder of the repository")
    else:
        walk(base)
    return files, problems


def _special(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def load(root: Path, timings: dict[str, float] | None = None) -> tuple[list[Loaded], list[Problem]]:
    """Read and validate every record file under ``root``. Returns records and problems.

    When ``timings`` is given, the seconds spent reading YAML (``read``) and validating
    models (``models``) are added to it.
    """
    timings = timings if timings is not None else {}
    timings.setdefault("read", 0.0)
    timings.setdefault("models", 0.0)
    base = root / "datapackage" / "records"
    loaded: list[Loaded] = []
    if not base.is_dir() and not base.is_symlink():
        return [], [Problem("file-unreadable", f"no records folder at {base}", str(base), 1, 1)]
    files, problems = record_files(root)
    for file in files:
        display = file.relative_to(root).as_posix()
        table = file.relative_to(base).parts[0]
        if table not in MODELS:
            problems.append(Problem("unknown-table", f"{table!r} is not a table; expected one of {', '.join(MODELS)}",
                                    display, 1, 1))
            continue
        if file.suffix != ".yaml" or not SLUG.match(file.stem):
            problems.append(Problem("bad-filename", f"{file.name!r} is not '<kebab-case-id>.yaml'", display, 1, 1))
            continue
        item, found = load_file(file, display, table, timings)
        problems += found
        if item is not None:
            loaded.append(item)
    return loaded, problems


def load_file(file: Path, display: str, table: str,
              timings: dict[str, float] | None = None) -> tuple[Loaded | None, list[Problem]]:
    """Read one file as a record of ``table``."""
    t0 = time.perf_counter()
    doc, problems = read_document(file, display)
    t1 = time.perf_counter()
    if timings is not None:
        timings["read"] = timings.get("read", 0.0) + t1 - t0
    try:
        return _validate_doc(doc, problems, file, display, table)
    finally:
        if timings is not None:
            timings["models"] = timings.get("models", 0.0) + time.perf_counter() - t1


def _validate_doc(doc: Document | None, problems: list[Problem], file: Path, display: str,
                  table: str) -> tuple[Loaded | None, list[Problem]]:
    if doc is None:
        return None, problems
    model = MODELS[table]
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem("not-a-mapping", f"expected a mapping of columns, got a {_kind(data)}", display, 1, 1,
                              file.stem)]
    record_id = data.get(model.PK) if isinstance(data.get(model.PK), str) else file.stem
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        return None, [_problem(err, doc, record_id) for err in exc.errors()]
    if record_id != file.stem:
        line, col = doc.where((model.PK,))
        return None, [Problem("id-mismatch", f"id {record_id!r} differs from the file name {file.stem!r}",
                              display, line, col, record_id, model.PK)]
    return Loaded(table, record, doc), []


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text", type(None): "empty value"}.get(type(value), type(value).__name__)


def _data_path(data: Any, loc: tuple) -> tuple:
    """The steps of pydantic's error location that exist in the document (its internal steps dropped).

    A step is kept when it is a key of the mapping or an index of the list reached so far, so a
    curator's key is kept whatever characters it holds; the first step that is not in the data
    (a missing field, an unknown key) is kept too, then the walk stops.
    """
    out: list = []
    steps = list(loc)
    while steps:
        step = steps.pop(0)
        if isinstance(data, dict) and isinstance(step, str):
            out.append(step)
            if step not in data:
                break
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            out.append(step)
            data = data[step]
        elif not isinstance(data, (dict, list)):
            break
    return tuple(out)


def _problem(err: dict, doc: Document, record_id: str) -> Problem:
    loc = _data_path(doc.data, tuple(err["loc"]))
    code = err["type"] if err["type"] in CATALOGUE else _PYDANTIC_CODES.get(err["type"], "type-error")
    message = err["msg"]
    if code == "missing-field":
        message = "required field is missing"
    elif code == "unknown-field":
        message = f"{loc[-1]!r} is not a field here"
    elif code == "type-error":
        message = f"{message} (got a {_kind(err.get('input'))})"
    elif code == "code-list" and err["type"] == "enum":
        message = f"{err.get('input')!r} is not a permitted code; expected {err['ctx']['expected']}"
    line, col = doc.where(loc)
    return Problem(code, message, doc.path, line, col, record_id, ".".join(str(p) for p in loc))
