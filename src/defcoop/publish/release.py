"""The release bundle: ``dist/defcoop-<version>.zip`` in the source tree.

Its root holds ``datapackage.json`` with the build's files (csv/, parquet/, defcoop.duckdb,
defcoop.sqlite with datasette-metadata.json, defcoop.xlsx, and stata/ when the build wrote
it), queries/ (with views/), codebook.md (generated), curating.md, README.md (generated for
someone who unzipped it: :mod:`defcoop.publish.readme`), CITATION.cff, LICENSE, CHANGELOG.md
and SHA256SUMS (one line per other member). ``frictionless validate`` on the zip finds
``datapackage.json`` at its root and checks every table and every file's hash.
Zip entries have a fixed timestamp and order, so the same files give the same zip. Written
to a temporary name and renamed, so a failed release leaves the previous zip whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

from ..catalog import all_queries, all_views
from ..export.docs import codebook
from ..paths import queries_folder
from .build import Built
from .readme import bundle_readme

_EPOCH = (2020, 1, 1, 0, 0, 0)


def release_members(root: Path, built: Built) -> dict[str, bytes]:
    """Zip member name -> bytes (the build's files and the documents beside them)."""
    folder = built.path
    members: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            members[path.relative_to(folder).as_posix()] = path.read_bytes()
    queries = queries_folder(root)
    members["codebook.md"] = codebook(all_views(queries), all_queries(queries)).encode("utf-8")
    descriptor = json.loads(members["datapackage.json"])
    members["README.md"] = bundle_readme(folder, descriptor).encode("utf-8")
    for name, rel in (("CITATION.cff", "CITATION.cff"), ("LICENSE", "LICENSE"),
                      ("CHANGELOG.md", "CHANGELOG.md"), ("curating.md", "docs/curating.md")):
        if (root / rel).is_file():
            members[name] = (root / rel).read_bytes()
    for query in sorted(queries.rglob("*.sql")):
        members[f"queries/{query.relative_to(queries).as_posix()}"] = query.read_bytes()
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(members.items()))
    members["SHA256SUMS"] = sums.encode("ascii")
    return members


def write_release(root: Path, built: Built) -> Path:
    """Write ``<root>/dist/defcoop-<version>.zip`` and return its path (raises OSError on I/O faults)."""
    version = built.result.meta["version"]
    members = release_members(root, built)
    target = root / "dist" / f"defcoop-{version}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in sorted(members.items()):
                info = zipfile.ZipInfo(name, date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
