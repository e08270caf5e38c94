"""``datasette-metadata.json``: what Datasette shows beside ``defcoop.sqlite``.

Title, description, licence, source, every table's and view's description and column
descriptions, and the ready-made queries (translated to SQLite, ``:param`` placeholders)
as canned queries, in the metadata format of Datasette 0.6x (``defcoop serve`` passes it
with ``--metadata``). Queries that could not be translated are named, with the reason, in
the database description.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..catalog import Query
from ..schema.derive import specs
from .sqlite import SQLITE_FILE, Translated

DATASETTE_METADATA = "datasette-metadata.json"


def datasette_metadata(meta: dict[str, Any], info: dict[str, Any], views: dict[str, Query],
                       queries: dict[str, Query], done: Translated) -> dict[str, Any]:
    """The metadata document (a dict, JSON-ready); ``meta`` is package.yaml, ``info`` the
    ``dataset_info`` row, ``done`` the translations written into the SQLite file."""
    licence = (meta.get("licenses") or [{}])[0]
    tables: dict[str, Any] = {}
    for name, spec in specs().items():
        tables[name] = {"description": f"{spec.description} {spec.grain}",
                        "columns": {c.name: c.description for c in spec.columns}}
    for name, view in views.items():
        if name in done.views:
            tables[name] = {"description": f"{view.description} Grain: {view.grain}.",
                            "columns": dict(view.columns)}
    canned = {}
    for name, sql in done.queries.items():
        q = queries[name]
        params = "; ".join(f":{p.name} = {p.description} (default {p.default!r}"
                           + (", '' = all" if p.empty_means_all else "") + ")" for p in q.params)
        canned[name] = {"title": q.title, "sql": sql, "hide_sql": True,  # results first; "show" reveals it
                        "description": f"{q.description} Grain: {q.grain}." + (f" Parameters: {params}." if params else ""),
                        **({"params": [p.name for p in q.params]} if q.params else {})}
    description = (f"{meta.get('description', '')} Version {info['version']}; cite as: {info['citation']}").strip()
    if done.failed:
        description += " Not translated to SQLite: " + "; ".join(f"{n} ({why})" for n, why in sorted(done.failed.items()))
    database = Path(SQLITE_FILE).stem
    return {
        "title": f"{info['title']} {info['version']}",
        "description": description,
        "license": licence.get("name", info["licenses"]),
        "license_url": licence.get("path", ""),
        "source": "Public sources cited by each record (see the sources table)",
        "source_url": meta.get("homepage", ""),
        "databases": {database: {"description": description, "tables": tables, "queries": canned}},
    }


def write_datasette_metadata(folder: Path, document: dict[str, Any]) -> None:
    """Write ``<folder>/datasette-metadata.json`` (UTF-8, indented)."""
    (folder / DATASETTE_METADATA).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
