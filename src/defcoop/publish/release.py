"""The release bundle: ``<build>/defcoop-<version>.zip``.

Holds datapackage.json, csv/, parquet/, defcoop.duckdb, queries/*.sql, codebook.md
(generated), README.md, CITATION.cff, LICENSE, CHANGELOG.md and SHA256SUMS (one line
per other member).
Zip entries have a fixed timestamp and order, so the same files give the same zip.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from .build import Built
from ..export.docs import codebook

_EPOCH = (2020, 1, 1, 0, 0, 0)


def write_release(root: Path, built: Built) -> Path:
    """Write the zip next to the build's files and return its path."""
    folder = built.path
    version = built.result.meta["version"]
    members: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.endswith(".zip"):
            members[rel] = path.read_bytes()
    members["codebook.md"] = codebook().encode("utf-8")
    for name in ("README.md", "CITATION.cff", "LICENSE", "CHANGELOG.md"):
        members[name] = (root / name).read_bytes()
    for query in sorted((root / "queries").glob("*.sql")):
        members[f"queries/{query.name}"] = query.read_bytes()
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(members.items()))
    members["SHA256SUMS"] = sums.encode("ascii")
    target = folder / f"defcoop-{version}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(members.items()):
            info = zipfile.ZipInfo(f"defcoop-{version}/{name}", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    tmp.replace(target)
    return target
