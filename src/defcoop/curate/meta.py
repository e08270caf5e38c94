"""Package metadata: ``datapackage/package.yaml`` plus the version from ``pyproject.toml``.

``package.yaml`` holds the Data Package descriptor's hand-written parts (name,
title, description, licences, contributors, keywords) and ``assertions``
(minimum records per table). The version has one home, ``pyproject.toml``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .problems import Problem
from .reader import read_document


def read_meta(root: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Return the package metadata (with ``version``) and any problem reading it."""
    file = root / "datapackage" / "package.yaml"
    doc, problems = read_document(file, file.relative_to(root).as_posix())
    meta: dict[str, Any] = dict(doc.data) if doc and isinstance(doc.data, dict) else {}
    if doc and not isinstance(doc.data, dict):
        problems.append(Problem("not-a-mapping", "package.yaml must be a mapping", doc.path, 1, 1))
    if doc:
        problems += _hidden(doc, meta, ())
    meta["version"] = project_version(root)
    assertions = meta.get("assertions") or {}
    try:
        meta["assertions"] = {t: int(n) for t, n in (assertions.get("min_records") or {}).items()}
    except (TypeError, ValueError, AttributeError):
        line, col = doc.where(("assertions",)) if doc else (1, 1)
        problems.append(Problem("type-error", "assertions.min_records maps table names to integers",
                                str(file.relative_to(root)), line, col, "", "assertions.min_records"))
        meta["assertions"] = {}
    return meta, problems


def project_version(root: Path) -> str:
    """The version in ``<root>/pyproject.toml``, else the installed distribution's."""
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("defcoop")
    except PackageNotFoundError:
        return "0+unknown"


def _hidden(doc, value: Any, path: tuple) -> list[Problem]:  # noqa: ANN001 - a reader Document
    """``hidden-character`` problems for package.yaml's text (it is not a model, so the models' rule is
    applied here): the title, description and citation reach datapackage.json and dataset_info."""
    from pydantic_core import PydanticCustomError

    from ..schema.fields import Chars, visible

    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _hidden(doc, v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _hidden(doc, v, path + (i,))]
    try:
        visible(value, Chars(line_breaks=True, joiners=True))
    except PydanticCustomError as exc:
        line, col = doc.where(path)
        return [Problem("hidden-character", exc.message(), doc.path, line, col, "", ".".join(map(str, path)))]
    return []
