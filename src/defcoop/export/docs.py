"""Files generated from the models: ``schema/<table>.json`` and ``docs/codebook.md``.

``defcoop schema`` writes them; ``defcoop schema --check`` (and a test) fails when
the committed copies differ, so the models stay the one source of truth.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import codes
from ..curate.problems import CATALOGUE
from ..schema.derive import specs

RULES = Path(__file__).parent.parent / "curate" / "coding_rules.md"


def schema_json(table: str) -> str:
    return json.dumps(specs()[table].frictionless(), indent=2, ensure_ascii=False) + "\n"


def codebook() -> str:
    """The codebook (Markdown): tables, grains, columns, code lists, coding rules, error codes."""
    out = ["# defcoop codebook", "",
           "Generated from the pydantic models (`defcoop schema`); do not edit by hand.", "",
           "## Tables", ""]
    used: dict[str, type[codes.CodeList]] = {}
    for name, spec in specs().items():
        out += [f"### `{name}`", "", spec.description, "", f"**Grain:** {spec.grain}", "",
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
            out.append(f"| `{c.name}` | {c.type} | {req} | {desc} |")
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


def generated_files() -> dict[str, str]:
    """Relative path -> content of every generated file."""
    files = {f"schema/{name}.json": schema_json(name) for name in specs()}
    files["docs/codebook.md"] = codebook()
    return files
