"""Files generated from the models: ``schema/<table>.json`` and ``docs/codebook.md``.

``defcoop schema`` writes them; ``defcoop schema --check`` (and a test) fails when
the committed copies differ, so the models stay the one source of truth.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..catalog import Query, all_queries, all_views
from ..paths import queries_folder
from ..schema import codes
from ..curate.problems import CATALOGUE
from ..schema.derive import specs

RULES = Path(__file__).parent.parent / "curate" / "coding_rules.md"


def schema_json(table: str) -> str:
    return json.dumps(specs()[table].frictionless(), indent=2, ensure_ascii=False) + "\n"


_KINDS = {"curated": "curated (not a record)", "record": "curated records", "child": "rows of a record's list",
          "derived": "computed by the build"}


def codebook(views: dict[str, Query] | None = None, queries: dict[str, Query] | None = None) -> str:
    """The codebook (Markdown): tables, views, queries, grains, columns, code lists, coding rules, error codes.

    ``views`` are the database views (:func:`defcoop.catalog.all_views`), documented like tables;
    ``queries`` the ready-made queries (:func:`defcoop.catalog.all_queries`) with their parameters.
    """
    out = ["# defcoop codebook", "",
           "Generated from the pydantic models and the view files (`defcoop schema`); do not edit by hand.",
           "Columns marked *derived* are computed by the build (rules under \"Derived facts\"), never curated.", "",
           "## Tables", ""]
    used: dict[str, type[codes.CodeList]] = {}
    for name, spec in specs().items():
        out += [f"### `{name}`", "", spec.description, "", f"**Grain:** {spec.grain} "
                f"**Kind:** {_KINDS[spec.kind]}.", "",
                f"**Primary key:** `{', '.join(spec.primary_key)}`", ""]
        fks = spec.foreign_keys()
        if fks:
            out.append("**Foreign keys:** " + "; ".join(
                f"`{', '.join(c)}` → `{t}({', '.join(r)})`" for c, t, r in fks))
            out.append("")
        out += ["| column | type | required | description |", "|---|---|---|---|"]
        for c in spec.columns:
            desc = c.description
            if c.codes is not None:
                used[c.codes.__name__] = c.codes
                desc += f" Codes: [{c.codes.__name__}](#{c.codes.__name__.lower()})."
            req = "yes" if c.required or c.name in spec.primary_key else ""
            if c.derived:
                desc = "*Derived.* " + desc
            out.append(f"| `{c.name}` | {c.type} | {req} | {desc} |")
        out.append("")
    out += ["## Views", "", "Views in the DuckDB and SQLite files (`queries/views/*.sql`; SQLite's are translated, "
            "lists becoming JSON arrays); queries build on them.", ""]
    for view in (views or {}).values():
        out += [f"### `{view.name}`", "", view.description, "", f"**Grain:** {view.grain[:1].upper()}{view.grain[1:]}.",
                "", "| column | description |", "|---|---|"]
        out += [f"| `{col}` | {desc} |" for col, desc in view.columns]
        out.append("")
    out += ["## Ready-made queries", "", "Run with `defcoop query NAME --param k=v` or `defcoop.query(name, **params)`.", ""]
    for q in (queries or {}).values():
        out += [f"### `{q.name}`", "", f"**{q.title}.** {q.description}", "",
                f"**Grain:** {q.grain[:1].upper()}{q.grain[1:]}.", ""]
        for prm in q.params:
            kind = f"id of `{prm.ref[0]}.{prm.ref[1]}` (any case)" if prm.ref else prm.type
            extra = "; `''` = all" if prm.empty_means_all else ""
            out.append(f"- `{prm.name}` ({kind}, default `{prm.default}`{extra}): {prm.description}")
        out.append("")
    out += ["## Code lists", ""]
    for cname in sorted(used):
        cl = used[cname]
        out += [f"### {cname}", "", cl.__doc__ or "", "", "| code | definition |", "|---|---|"]
        out += [f"| `{m.value}` | {m.definition} |" for m in cl]
        out.append("")
    out += [RULES.read_text("utf-8").rstrip(), "", "## Error codes", "",
            "`defcoop validate` reports each problem as `path:line:col: record-id: field: message [code]`.", "",
            "| code | what is wrong | how to fix |", "|---|---|---|"]
    out += [f"| `{k}` | {e.description} | {e.hint} |" for k, e in CATALOGUE.items()]
    return "\n".join(out) + "\n"


def generated_files(root: Path | None = None) -> dict[str, str]:
    """Relative path -> content of every generated file (views from ``root``'s queries/)."""
    files = {f"schema/{name}.json": schema_json(name) for name in specs()}
    folder = queries_folder(root) if root else None
    files["docs/codebook.md"] = codebook(all_views(folder), all_queries(folder))
    return files
