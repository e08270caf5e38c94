"""The Frictionless Data Package descriptor (``datapackage.json``, Data Package v2).

Every data file of the build is a resource with ``bytes`` and ``hash`` (SHA-256), so that
``frictionless validate`` checks each of them: the CSV tables as table resources with their
Table Schemas (types, codes, primary and foreign keys), and the Parquet, DuckDB, SQLite,
XLSX and Stata files as ``type: "file"`` resources (checked for size and hash; their
content equals the CSV tables, which ``defcoop verify`` and the tests check). The site,
README, codebook and changelog are not resources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from ..schema.derive import specs

DATAPACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"

FILE_FORMATS: dict[str, tuple[str, str, str]] = {
    "parquet": ("parquet", "application/vnd.apache.parquet",
                "The {table} table as Parquet (zstd): the columns and types of the {table} resource; the file's "
                "key-value metadata carries the version, licence and citation."),
    "duckdb": ("duckdb", "application/vnd.duckdb",
               "Every table in one DuckDB database (DuckDB 1.1 or later) with primary keys, column comments "
               "and the views; dataset_info holds the version, licence and citation."),
    "sqlite": ("sqlite", "application/vnd.sqlite3",
               "Every table in one SQLite database (SQLite 3.38 or later) with primary and foreign keys and the "
               "views; dates are ISO 8601 text, booleans 0/1. Datasette: datasette-metadata.json."),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "Every table as a sheet of one workbook, after a sheet 'about' (version, licence, citation, "
             "sheets and columns); typed cells, dates as dates, text never read as a formula."),
    "dta": ("dta", "application/x-stata-dta",
            "The {table} table for Stata 14 or later: variable labels from the column descriptions, code "
            "lists as labelled numbers."),
}
"""File suffix -> (format, media type, description) of the non-CSV resources."""


def file_hash(path: Path) -> str:
    """SHA-256 of a file, as Frictionless writes it (``sha256:<hex>``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def data_files(folder: Path) -> list[tuple[str, str]]:
    """(resource name, relative path) of every non-CSV data file in ``folder``, in a fixed order."""
    found = []
    for name in specs():
        found.append((f"{name}-parquet", f"parquet/{name}.parquet"))
    for suffix in ("duckdb", "sqlite", "xlsx"):
        found.append((f"defcoop-{suffix}", f"defcoop.{suffix}"))
    for name in specs():
        found.append((f"{name}-stata", f"stata/{name}.dta"))
    return [(n, rel) for n, rel in found if (folder / rel).is_file()]


def datapackage_descriptor(folder: Path, meta: dict[str, Any], info: dict[str, Any],
                           sources: list[dict[str, Any]], created: dt.datetime | None = None) -> dict[str, Any]:
    """The Data Package v2 descriptor for the files in ``folder`` (a dict, JSON-ready).

    ``meta`` is package.yaml, ``info`` the ``dataset_info`` row, ``created`` the build time
    (default: now, UTC). Raises FileNotFoundError when a CSV table is missing.
    """
    resources = []
    for name, spec in specs().items():
        rel = f"csv/{name}.csv"
        resources.append({
            "name": name, "type": "table", "path": rel, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "description": f"{spec.description} {spec.grain}",
            "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel),
            "schema": spec.frictionless(),
        })
    for name, rel in data_files(folder):
        format_, mediatype, description = FILE_FORMATS[rel.rsplit(".", 1)[1]]
        table = Path(rel).stem
        resources.append({"name": name, "type": "file", "path": rel, "format": format_, "mediatype": mediatype,
                          "description": description.format(table=table),
                          "bytes": (folder / rel).stat().st_size, "hash": file_hash(folder / rel)})
    created = created or dt.datetime.now(dt.timezone.utc)
    descriptor: dict[str, Any] = {"$schema": DATAPACKAGE_SCHEMA}
    for key in ("name", "title", "description", "homepage", "keywords"):
        if key in meta:
            descriptor[key] = meta[key]
    descriptor["version"] = meta["version"]
    descriptor["created"] = created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for key in ("licenses",):
        if key in meta:
            descriptor[key] = meta[key]
    descriptor["contributors"] = [_contributor(c) for c in meta.get("contributors") or []]
    descriptor["citation"] = info["citation"]
    for key in ("sources_newest_date", "sources_checked_date"):
        if info.get(key):
            descriptor[key] = info[key].isoformat()
    descriptor["sources"] = sources
    descriptor["resources"] = resources
    return descriptor


def _contributor(person: dict[str, Any]) -> dict[str, Any]:
    """A contributor in v2's shape: ``roles`` (a list) instead of v1's ``role``."""
    out = {k: v for k, v in person.items() if k != "role"}
    if "role" in person and "roles" not in person:
        out["roles"] = [person["role"]]
    return out


def write_datapackage(folder: Path, descriptor: dict[str, Any]) -> None:
    """Write ``<folder>/datapackage.json`` (UTF-8, indented, non-ASCII kept)."""
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
