"""The Frictionless Data Package descriptor (``datapackage.json``) with sizes and hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..schema.derive import specs
from .duckdb import DUCKDB_FILE


def file_hash(path: Path) -> str:
    """SHA-256 of a file, as Frictionless writes it (``sha256:<hex>``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def datapackage_descriptor(folder: Path, meta: dict[str, Any], info: dict[str, Any],
                           sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor for the files in ``folder``.

    ``resources`` are the CSV tables with their Table Schemas; ``binaries`` lists the
    Parquet files and the DuckDB file with ``bytes`` and ``hash`` so they can be verified.
    """
    resources = []
    for name, spec in specs().items():
        rel = f"csv/{name}.csv"
        resources.append({
            "name": name, "path": rel, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": f"{spec.description} {spec.grain}",
            "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel),
            "schema": spec.frictionless(),
        })
    binaries = []
    for name in specs():
        rel = f"parquet/{name}.parquet"
        binaries.append({"name": f"{name}-parquet", "path": rel, "format": "parquet",
                         "mediatype": "application/vnd.apache.parquet",
                         "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel)})
    rel = DUCKDB_FILE
    binaries.append({"name": "duckdb", "path": rel, "format": "duckdb", "mediatype": "application/vnd.duckdb",
                     "description": "All tables with keys, comments and views, in one DuckDB file.",
                     "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel)})
    keep = ("name", "title", "description", "homepage", "keywords", "licenses", "contributors")
    descriptor = {"profile": "tabular-data-package", **{k: meta[k] for k in keep if k in meta},
                  "version": meta["version"]}
    for key in ("sources_newest_date", "sources_checked_date"):
        if info.get(key):
            descriptor[key] = info[key].isoformat()
    descriptor["sources"] = sources
    descriptor["resources"] = resources
    # Parquet and DuckDB twins of the CSV resources, with sizes and hashes. Kept out of
    # `resources` because Frictionless would read Parquet through pandas.
    descriptor["binaries"] = binaries
    return descriptor


def write_datapackage(folder: Path, descriptor: dict[str, Any]) -> None:
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
