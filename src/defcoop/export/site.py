"""The explorer: a static site generated from the built tables, for people who would rather look.

:func:`write_site` writes ``<folder>/`` (the build puts it at ``<snapshot>/site/``):

- ``index.html`` — what the dataset is, a search over names, ids and summaries, the tables,
  the country pairs and the network of states, companies and systems;
- ``<table>/index.html`` — every record of a table, sortable and filterable;
- ``<table>/<record_id>.html`` — one page per actor, agreement, contract, delivery, event,
  integration, statement and weapon system: its fields in words (labels and tooltips from
  the column descriptions of :func:`defcoop.schema.derive.specs`), milestones, lots, every
  claim grouped by field with rank, reason and source, its verification, its sources and
  every related record (both directions, found from the foreign keys of the specs);
- ``pairs/<a>-<b>.html`` — one page per pair of countries (ISO 3166-1 alpha-3, lower case,
  sorted) that records tie together, with counts by year and table and a timeline;
- ``network.html`` and the pictures in ``charts/`` (SVG, drawn at build time by
  :mod:`defcoop.export.site_charts`; pages need no script to show them);
- ``assets/`` — the style sheet (screen and print), a small script (search, sort, filter)
  and ``search-index.js``: the search data, loaded with ``<script src>`` so that the site
  works opened from disk (``file://``, where browsers block ``fetch()``) and hosted.

Only the published tables are read (pyarrow tables or lists of row dicts, as the build has
them); every value from the data is HTML-escaped (Jinja2 autoescaping). The output is the
same bytes for the same tables.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import shutil
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..schema.derive import Column, TableSpec, specs
from . import site_charts

PAGE_TABLES = ("actors", "agreements", "contracts", "deliveries", "events", "integrations", "statements",
               "weapon_systems")
"""Tables with a page per record, in the order the site lists them."""

TABLE_TITLES = {"actors": "Actors", "agreements": "Agreements", "contracts": "Contracts", "deliveries": "Deliveries",
                "events": "Events", "integrations": "Integrations", "statements": "Statements",
                "weapon_systems": "Weapon systems"}
SINGULAR = {"actors": "actor", "agreements": "agreement", "contracts": "contract", "deliveries": "delivery",
            "events": "event", "integrations": "integration", "statements": "statement",
            "weapon_systems": "weapon system"}
VERIFICATION_WORDS = {
    "corroborated": ("Corroborated", "two or more independent sources support the record"),
    "single_source": ("Single source", "one independent source supports the record"),
    "contested": ("Contested", "independent sources state incompatible values for a field"),
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHILD_PROCESS_FROM = 12
"""Draw the pictures in child processes (two, one per core) when there are at least this many;
fewer are drawn in-process (starting a child costs about as much as ten pictures)."""
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


@dataclass
class SiteReport:
    """What :func:`write_site` wrote: counts of pages and pictures, total files and bytes, seconds."""

    pages: int
    charts: int
    files: int
    bytes: int
    seconds: float


# ------------------------------------------------------------------ formatting

def format_period(start: dt.date | None, precision: str | None) -> str:
    """A partial date in words: ``12 Aug 2025``, ``Aug 2025``, ``Q3 2025``, ``H2 2025``, ``2025``.

    ``start`` is the first day of the period (the published ``<x>`` column), ``precision``
    the ``<x>_precision`` column (day when None). Returns '' for None."""
    if start is None:
        return ""
    p = precision or "day"
    if p == "day":
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    if p == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if p == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if p == "half":
        return f"H{1 if start.month <= 6 else 2} {start.year}"
    return str(start.year)


def humanize(name: str) -> str:
    """A column or code name in words: ``buyer_actor_id`` -> ``Buyer``, ``origin_country_iso3`` ->
    ``Origin country``, ``value_usd`` -> ``Value USD``, ``in_force_date`` -> ``In force date``."""
    if name.endswith("_iso3"):
        name = name[:-5] if name.endswith("country_iso3") else name[:-5] + "_country"
    for suffix in ("_actor_id", "_system_id", "_agreement_id", "_contract_id", "_event_id", "_id"):
        if name.endswith(suffix) and name != suffix[1:]:
            name = name[: -len(suffix)]
            break
    words = ["USD" if w == "usd" else w for w in name.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return str(value)


_AMOUNT = re.compile(r"^(\d{4,})( [A-Z]{3})?$")


def format_claim_value(value: str) -> str:
    """A claim's value as text for people: ``920000000 USD`` -> ``920,000,000 USD``; others as stated."""
    m = _AMOUNT.match(value)
    return f"{int(m.group(1)):,}{m.group(2) or ''}" if m else value


def web_url(value: str | None) -> str | None:
    """``value`` when it is an http or https address, else None (such values are shown, not linked)."""
    return value if isinstance(value, str) and value.lower().startswith(("http://", "https://")) else None


def _lang(text: str | None) -> str | None:
    return "ko" if text and _HANGUL.search(text) else None


# ------------------------------------------------------------------ the data

def _rows(table: Any) -> list[dict[str, Any]]:
    return table.to_pylist() if hasattr(table, "to_pylist") else list(getattr(table, "rows", table))


class _Data:
    """The published tables, indexed for the pages."""

    def __init__(self, tables: Mapping[str, Any]):
        self.specs: dict[str, TableSpec] = specs()
        self.t: dict[str, list[dict[str, Any]]] = {name: _rows(tab) for name, tab in tables.items()}
        self.pk = {name: s.primary_key[0] for name, s in self.specs.items() if len(s.primary_key) == 1}
        self.by_id = {name: {r[self.pk[name]]: r for r in self.t.get(name, [])}
                      for name in (*PAGE_TABLES, "sources", "actor_country") if name in self.pk}
        self.registry = {(r["table_name"], r["record_id"]): r for r in self.t.get("records", [])}
        self.claims: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in self.t.get("claims", []):
            self.claims[(r["table_name"], r["record_id"])].append(r)
        self.milestones: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in self.t.get("milestones", []):
            self.milestones[(r["table_name"], r["record_id"])].append(r)
        self.cited: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in self.t.get("record_sources", []):
            self.cited[(r["table_name"], r["record_id"])].append(r)
        self.lots: dict[str, list[dict]] = defaultdict(list)
        for r in self.t.get("deliveries", []):
            self.lots[r["contract_id"]].append(r)
        self.positions: dict[str, list[dict]] = defaultdict(list)  # offices a person held (no page of their own)
        for r in self.t.get("positions", []):
            self.positions[r["person_actor_id"]].append(r)
        self.info = (self.t.get("dataset_info") or [{}])[0]
        self.links = self._links()

    def exists(self, table: str, rid: Any) -> bool:
        return table in PAGE_TABLES and rid in self.by_id.get(table, {})

    def name(self, table: str, rid: str) -> str:
        """A record's name in words (falls back on its id)."""
        row = self.by_id.get(table, {}).get(rid)
        if row is None:
            return rid
        if table in ("actors", "events", "weapon_systems"):
            return row["name"]
        if table == "agreements":
            return row["title"]
        if table == "contracts":
            bits = [self.name("actors", row["buyer_actor_id"])]
            if row.get("system_id"):
                bits.append(self.name("weapon_systems", row["system_id"]))
            year = row["signed_date"].year if row.get("signed_date") else None
            return f"{' – '.join(bits)} ({humanize(row['contract_type']).lower()}{', ' + str(year) if year else ''})"
        if table == "deliveries":
            return f"Lot {row['lot_no']} ({row['delivery_kind']}) of {self.name('contracts', row['contract_id'])}"
        if table == "integrations":
            return (f"{self.name('weapon_systems', row['component_system_id'])} on "
                    f"{self.name('weapon_systems', row['platform_system_id'])} for "
                    f"{self.name('actors', row['customer_actor_id'])}")
        if table == "statements":
            summary = row.get("summary") or rid
            return summary if len(summary) <= 90 else summary[:87].rstrip() + "…"
        return rid

    def _links(self) -> dict[tuple[str, str], list[tuple[str, str, str, str]]]:
        """(table, id) -> [(direction 'out'|'in', label, table, id)] from every foreign key of the specs."""
        links: dict[tuple[str, str], set[tuple[str, str, str, str]]] = defaultdict(set)

        def tie(owner: tuple[str, str], label: str, target: tuple[str, str], back: str) -> None:
            if owner == target or not self.exists(*target) or not self.exists(*owner):
                return
            links[owner].add(("out", label, *target))
            links[target].add(("in", back, *owner))

        for name, spec in self.specs.items():
            rows = self.t.get(name, [])
            if spec.kind == "record" and name in PAGE_TABLES:
                pk = spec.primary_key[0]
                for col in spec.columns:
                    if col.ref and col.name != pk:
                        for r in rows:
                            if r.get(col.name) is not None:
                                tie((name, r[pk]), humanize(col.name), (col.ref, r[col.name]),
                                    f"{SINGULAR[name].capitalize()} ({humanize(col.name).lower()})")
            elif spec.kind == "child" and spec.columns[0].ref in PAGE_TABLES:
                parent, pcol = spec.columns[0].ref, spec.columns[0].name
                refs = [c for c in spec.columns[1:] if c.ref]
                generic = "table_name" in spec.column_names and "record_id" in spec.column_names
                for r in rows:
                    role = r.get("role")
                    owner = (parent, r[pcol])
                    for c in refs:
                        if r.get(c.name) is not None:
                            what = humanize(role) if role else humanize(c.name)
                            tie(owner, what, (c.ref, r[c.name]), f"{SINGULAR[parent].capitalize()} ({what.lower()})")
                    if generic:
                        tie(owner, "Subject", (r["table_name"], r["record_id"]),
                            f"{SINGULAR[parent].capitalize()} about it")
        order = {t: i for i, t in enumerate(PAGE_TABLES)}
        return {k: sorted(v, key=lambda x: (x[0] == "in", x[1], order[x[2]], self.name(x[2], x[3]).lower(), x[3]))
                for k, v in links.items()}

    # ---------------------------------------------------------- countries and pairs
    def country(self, actor_id: str | None) -> str | None:
        row = self.by_id.get("actor_country", {}).get(actor_id)
        return row["country_iso3"] if row else None

    def pairs(self) -> dict[str, list[tuple[str, str]]]:
        """``'<a>-<b>'`` (lower-case ISO3, sorted) -> [(table, id)] of the records that tie a and b.

        The rule of ``queries/coverage.sql`` (a test holds them equal): a contract's buyer and
        supplier, two parties (role party) of an agreement, a speaker of a statement and any
        other of its actors, each through ``actor_country``; a delivery belongs to its
        contract's pair."""
        ties: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)

        def tie(table: str, rid: str, xs: Iterable[str | None], ys: Iterable[str | None]) -> None:
            for x in xs:
                for y in ys:
                    cx, cy = self.country(x), self.country(y)
                    if cx and cy and cx != cy:
                        ties[(table, rid)].add(tuple(sorted((cx.lower(), cy.lower()))))  # type: ignore[arg-type]

        for r in self.t.get("contracts", []):
            tie("contracts", r["contract_id"], [r["buyer_actor_id"]], [r["supplier_actor_id"]])
        parties: dict[str, list[str]] = defaultdict(list)
        for r in self.t.get("agreement_parties", []):
            if r["role"] == "party":
                parties[r["agreement_id"]].append(r["actor_id"])
        for aid, actors in parties.items():
            tie("agreements", aid, actors, actors)
        speakers: dict[str, list[str]] = defaultdict(list)
        everyone: dict[str, list[str]] = defaultdict(list)
        for r in self.t.get("statement_actors", []):
            everyone[r["statement_id"]].append(r["actor_id"])
            if r["role"] == "speaker":
                speakers[r["statement_id"]].append(r["actor_id"])
        for sid, actors in speakers.items():
            tie("statements", sid, actors, everyone[sid])
        for r in self.t.get("deliveries", []):
            ties[("deliveries", r["delivery_id"])] = ties.get(("contracts", r["contract_id"]), set())
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        order = {t: i for i, t in enumerate(PAGE_TABLES)}
        for (table, rid), pairs in sorted(ties.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
            for a, b in sorted(pairs):
                out[f"{a}-{b}"].append((table, rid))
        return dict(sorted(out.items()))

    def country_name(self, iso3: str) -> str:
        iso3 = iso3.upper()
        for row in self.t.get("actors", []):
            if row.get("actor_type") == "state" and row.get("country_iso3") == iso3:
                return row["name"]
        import pycountry

        country = pycountry.countries.get(alpha_3=iso3)
        return country.name if country else iso3


# ------------------------------------------------------------------ the writer

@lru_cache(maxsize=1)
def _environment():
    """The Jinja2 environment (templates compiled once per process)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("defcoop.export", "site_templates"),
        autoescape=True,  # every value from the data is HTML-escaped
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["period"] = lambda row, col: format_period(row.get(col), row.get(f"{col}_precision"))
    env.filters["human"] = humanize
    env.filters["claim_value"] = format_claim_value
    return env


class _Writer:
    def __init__(self, data: _Data, folder: Path):
        self.d = data
        self.folder = folder
        self.env = _environment()
        self.files = 0
        self.bytes = 0
        self.charts = 0
        self.pages = 0

    def write(self, rel: str, text: str) -> None:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)

    def page(self, rel: str, template: str, **context: Any) -> None:
        depth = rel.count("/")
        root = "../" * depth
        context.setdefault("page_title", "")
        html = self.env.get_template(template).render(root=root, info=self.d.info, w=self, **context)
        self.write(rel, html)
        self.pages += 1

    # ------------------------------------------------------ helpers for the templates
    def href(self, table: str, rid: str) -> str:
        return f"{table}/{rid}.html"

    def field_rows(self, table: str, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The record's columns in words: label, description (tooltip), text, link, code definition."""
        spec = self.d.specs[table]
        out = []
        skip = {spec.primary_key[0], "notes"}
        for col in spec.columns:
            if col.name in skip or col.name.endswith(("_end", "_precision")) and _is_date_part(spec, col.name):
                continue
            value = row.get(col.name)
            if value is None or value == "":
                continue
            item = {"name": col.name, "label": humanize(col.name), "description": col.description,
                    "text": None, "href": None, "definition": None, "lang": None,
                    "long": isinstance(value, str) and len(value) > 80}
            if col.type == "date":
                # shown as the whole period, so the column's "first day" wording does not apply
                item["description"] = col.description.removesuffix(" First day of the period.")
                item["text"] = format_period(value, row.get(f"{col.name}_precision"))
                if row.get(f"{col.name}_precision") not in (None, "day"):
                    item["text"] += f" ({value.isoformat()} to {row[col.name + '_end'].isoformat()})"
            elif col.ref:
                item["text"] = self.d.name(col.ref, value)
                if self.d.exists(col.ref, value):
                    item["href"] = self.href(col.ref, value)
            elif col.codes is not None:
                item["text"] = humanize(value).lower() if col.name != "value_currency" else value
                try:
                    item["definition"] = col.codes(value).definition
                except ValueError:
                    pass
            elif col.name in ("url", "archive_url"):
                item["text"], item["href"] = value, web_url(value)
            else:
                item["text"] = _number(value) if not isinstance(value, str) else value
                item["lang"] = _lang(value) if isinstance(value, str) else None
            out.append(item)
        return out

    def claim_groups(self, table: str, rid: str) -> list[dict[str, Any]]:
        """Claims grouped by field (in column order), preferred first, with their sources."""
        spec = self.d.specs[table]
        order = {c.name: i for i, c in enumerate(spec.columns)}
        rank = {"preferred": 0, "normal": 1, "deprecated": 2}
        groups: dict[str, list[dict]] = defaultdict(list)
        for c in self.d.claims.get((table, rid), []):
            groups[c["field"]].append(c)
        out = []
        for field in sorted(groups, key=lambda f: (order.get(f, 999), f)):
            claims = sorted(groups[field], key=lambda c: (rank.get(c["rank"], 3), c["source_id"], c["value"]))
            col = next((c for c in spec.columns if c.name == field), None)
            out.append({"field": field, "label": humanize(field), "description": col.description if col else "",
                        "contested": any(c.get("field_contested") for c in claims),
                        "claims": [dict(c, source=self.source(c["source_id"])) for c in claims]})
        return out

    def source(self, source_id: str) -> dict[str, Any]:
        """A source row for a citation: its date in words; ``url`` None unless http(s) (never a
        ``javascript:`` link, whatever the tables hold)."""
        row = self.d.by_id.get("sources", {}).get(source_id) or {"source_id": source_id, "url": None}
        return dict(row, url=web_url(row.get("url")),
                    date_text=format_period(row.get("published_date"), row.get("published_date_precision")))

    def verification(self, table: str, rid: str) -> dict[str, Any]:
        reg = self.d.registry.get((table, rid), {})
        word, meaning = VERIFICATION_WORDS.get(reg.get("verification"), ("Not assessed", ""))
        contested = sorted({c["field"] for c in self.d.claims.get((table, rid), []) if c.get("field_contested")})
        return {"code": reg.get("verification") or "none", "word": word, "meaning": meaning,
                "n_sources": reg.get("n_sources", 0), "n_independent": reg.get("n_independent_sources", 0),
                "contested_fields": [humanize(f) for f in contested]}

    def table_columns(self, table: str) -> list[Column]:
        """The columns an index lists besides name and verification: required coded ones, then the first date."""
        spec = self.d.specs[table]
        coded = [c for c in spec.columns if c.codes is not None and c.required][:3]
        dates = [c for c in spec.columns if c.type == "date" and not _is_date_part(spec, c.name)][:1]
        return coded + dates


def _is_date_part(spec: TableSpec, name: str) -> bool:
    for suffix in ("_end", "_precision"):
        if name.endswith(suffix) and name[: -len(suffix)] in spec.column_names:
            base = next(c for c in spec.columns if c.name == name[: -len(suffix)])
            return base.type == "date"
    return False


def _story_rows(data: _Data, contract: dict[str, Any]) -> list[dict[str, Any]]:
    rid = contract["contract_id"]
    rows = []
    seen: Counter[str] = Counter()

    def add(kind: str, label: str, start: dt.date, end: dt.date | None, precision: str | None) -> None:
        seen[label] += 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        rows.append({"kind": kind, "label": label, "start": start, "end": end or start, "precision": precision})

    has_signature = False
    for m in data.milestones.get(("contracts", rid), []):
        has_signature |= m["milestone_type"] == "signature"
        add("signature" if m["milestone_type"] == "signature" else "milestone", humanize(m["milestone_type"]),
            m["milestone_date"], m.get("milestone_date_end"), m.get("milestone_date_precision"))
    if contract.get("signed_date") and not has_signature:
        add("signature", "Signature", contract["signed_date"], contract.get("signed_date_end"),
            contract.get("signed_date_precision"))
    for lot in sorted(data.lots.get(rid, []), key=lambda r: (r["delivery_kind"], r["lot_no"])):
        if lot.get("delivery_date"):
            qty = f", {lot['quantity']} units" if lot.get("quantity") is not None else ""
            add(f"{lot['delivery_kind']} lot", f"Lot {lot['lot_no']} {lot['delivery_kind']}{qty}",
                lot["delivery_date"], lot.get("delivery_date_end"), lot.get("delivery_date_precision"))
    return rows


def _pair_items(data: _Data, records: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Dated items of a pair's timeline (agreements, contract steps, deliveries, statements)."""
    items = []

    def add(kind: str, table: str, rid: str, what: str, row: dict, col: str) -> None:
        if row.get(col):
            items.append({"kind": kind, "table": table, "id": rid, "what": what, "label": data.name(table, rid),
                          "start": row[col], "end": row.get(f"{col}_end") or row[col],
                          "precision": row.get(f"{col}_precision") or "day",
                          "date_text": format_period(row[col], row.get(f"{col}_precision"))})

    for table, rid in records:
        row = data.by_id[table][rid]
        if table == "agreements":
            add("agreement", table, rid, "signed", row, "signed_date")
        elif table == "contracts":
            ms = data.milestones.get((table, rid), [])
            for m in ms:
                add("contract step", table, rid, humanize(m["milestone_type"]).lower(), m, "milestone_date")
            if not any(m["milestone_type"] == "signature" for m in ms):
                add("contract step", table, rid, "signature", row, "signed_date")
        elif table == "deliveries":
            add("delivery", table, rid, f"{row['delivery_kind']} lot {row['lot_no']}", row, "delivery_date")
        elif table == "statements":
            add("statement", table, rid, humanize(row["stance"]).lower(), row, "statement_date")
    items.sort(key=lambda i: (i["start"], i["end"], i["kind"], i["id"], i["what"]))
    return items


PANEL_COUNTS = ("agreements_signed", "agreements_in_force", "statements")
"""The dyad_years columns a pair page shows per year (orders come from directed_dyad_years, per direction)."""


def _pair_years(data: _Data, pair: str, records: list[tuple[str, str]]
                ) -> tuple[str, list[str], list[dict[str, Any]]]:
    """(caption, column labels, rows of year and counts): from the panels when a coverage
    declaration reaches the pair (agreements and statements from ``dyad_years``, orders per
    direction from ``directed_dyad_years``; every year a declaration reaches, real zeros
    included, "not collected" where the panel is NULL), else counted from the records (by the
    year of each record's first date) and said to be no complete count."""
    a, b = pair.upper().split("-")
    dyads = {r["year"]: r for r in data.t.get("dyad_years") or [] if {r["iso3_1"], r["iso3_2"]} == {a, b}}
    directed = {(r["iso3_1"], r["year"]): r for r in data.t.get("directed_dyad_years") or []
                if {r["iso3_1"], r["iso3_2"]} == {a, b}}
    if dyads or directed:
        years = sorted(set(dyads) | {y for _, y in directed})
        labels = [humanize(c) for c in PANEL_COUNTS] + [f"Orders {a}\u2192{b}", f"Orders {b}\u2192{a}"]

        def shown(row: dict[str, Any] | None, column: str) -> Any:
            return "not collected" if row is None or row.get(column) is None else row[column]

        return ("Per year, from the dyad-year panels (\u201cnot collected\u201d: outside what the dataset "
                "declares complete)", labels, [
                    {"year": y, "counts": [shown(dyads.get(y), c) for c in PANEL_COUNTS]
                     + [shown(directed.get((s, y)), "contracts_signed") for s in (a, b)]}
                    for y in years])
    cols = [t for t in PAGE_TABLES if any(t == table for table, _ in records)]
    per: dict[int, Counter[str]] = defaultdict(Counter)
    for table, rid in records:
        row = data.by_id[table][rid]
        date_col = next((c.name for c in data.specs[table].columns if c.type == "date"), None)
        if date_col and row.get(date_col):
            per[row[date_col].year][table] += 1
    return ("Records by year (the year of each record's first date; no coverage declaration reaches this pair, so "
            "these are the records found, not a complete count)", [TABLE_TITLES[c] for c in cols],
            [{"year": y, "counts": [per[y][c] for c in cols]} for y in sorted(per)])


def _network(data: _Data) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """States, companies and systems tied by agreements (between parties) and contracts
    (buyer–supplier, and each with the system). Other actors count as their state."""
    def node_of(actor_id: str | None) -> str | None:
        row = data.by_id["actors"].get(actor_id)
        if row is None:
            return None
        if row["actor_type"] in ("state", "company"):
            return f"actors/{actor_id}"
        ac = data.by_id.get("actor_country", {}).get(actor_id) or {}
        return f"actors/{ac['state_actor_id']}" if ac.get("state_actor_id") else None

    weights: Counter[tuple[str, str]] = Counter()
    for (table, rid), links in data.links.items():
        if table == "agreements":
            parties = sorted({n for d, _, t, o in links if d == "out" and t == "actors" and (n := node_of(o))})
            for a, b in itertools.combinations(parties, 2):
                weights[(a, b)] += 1
        elif table == "contracts":
            row = data.by_id[table][rid]
            ends = [node_of(row["buyer_actor_id"]), node_of(row["supplier_actor_id"])]
            system = f"weapon_systems/{row['system_id']}" if row.get("system_id") else None
            pairs = [(ends[0], ends[1])] + [(e, system) for e in ends]
            for a, b in pairs:
                if a and b and a != b:
                    weights[tuple(sorted((a, b)))] += 1  # type: ignore[index]
    ids = sorted({n for e in weights for n in e})
    nodes = []
    for n in ids:
        table, rid = n.split("/", 1)
        kind = "system" if table == "weapon_systems" else data.by_id["actors"][rid]["actor_type"]
        nodes.append({"id": n, "label": data.name(table, rid), "kind": kind})
    return nodes, [(a, b, w) for (a, b), w in sorted(weights.items())]


def write_site(tables: Mapping[str, Any], folder: Path) -> SiteReport:
    """Write the explorer into ``folder`` (created; an existing one is replaced).

    ``tables``: table name -> pyarrow.Table or list of row dicts (the published tables, with
    dates as :class:`datetime.date`); it must hold the record tables, ``records``,
    ``claims``, ``milestones``, ``record_sources``, ``sources``, ``actor_country``, the child
    tables and ``dataset_info``; ``dyad_years`` is read when present. Returns a
    :class:`SiteReport`. Raises KeyError when a required table is missing and OSError on
    I/O faults.
    """
    start = time.perf_counter()
    for name in ("records", "claims", "sources", "actor_country", "dataset_info", *PAGE_TABLES):
        if name not in tables:
            raise KeyError(f"write_site needs the {name} table")
    data = _Data(tables)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    w = _Writer(data, folder)
    static = resources.files("defcoop.export") / "site_static"
    for name in ("site.css", "site.js"):
        w.write(f"assets/{name}", (static / name).read_text("utf-8"))

    pairs = data.pairs()
    # ---- pictures: a story per contract and a timeline per pair with two dated steps or more, the
    # network. The specs are made here; drawing them (the costly part) runs in a child process
    # while the pages are written (:class:`~defcoop.export.site_charts.ChartProcess`).
    jobs: list[dict[str, Any]] = []
    stories: dict[str, tuple[str, list]] = {}
    for rid, row in data.by_id["contracts"].items():
        steps = _story_rows(data, row)
        if len(steps) >= 2:
            rel = f"charts/contract-{rid}.svg"
            jobs.append({"path": rel, "spec": site_charts.story_spec(
                steps, f"Story of contract {rid}: {len(steps)} dated steps")})
            stories[rid] = (rel, _key(s["kind"] for s in steps))
    pair_pages = []
    for pair, records in pairs.items():
        items = _pair_items(data, records)
        chart = None
        if len(items) >= 2:  # one dated item needs no picture: the list below shows it
            chart = f"charts/pair-{pair}.svg"
            jobs.append({"path": chart, "spec": site_charts.timeline_spec(
                [{"kind": i["kind"], "label": i["label"], "start": i["start"], "end": i["end"],
                  "precision": i["precision"]} for i in items], f"Timeline of {pair}: {len(items)} dated items")})
        a, b = pair.split("-")
        pair_pages.append({"pair": pair, "title": f"{data.country_name(a)} – {data.country_name(b)}",
                           "records": records, "items": items, "chart": chart,
                           "key": _key(i["kind"] for i in items),
                           "counts": Counter(t for t, _ in records)})
    nodes, edges = _network(data)
    network = None
    if nodes:
        network = "charts/network.svg"
        jobs.append({"path": network, "network": {"nodes": nodes, "edges": edges,
                                                  "title": "Network of states, companies and systems"}})
    pairs_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pair, records in pairs.items():
        for rec in records:
            pairs_of[rec].append(pair)
    for sub in sorted({str(Path(j["path"]).parent) for j in jobs}):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    drawer = None
    if len(jobs) >= CHILD_PROCESS_FROM:
        drawer = site_charts.ChartPool(min(2, os.cpu_count() or 1)).start(jobs, folder)

    try:
        # ---- record pages
        for table in PAGE_TABLES:
            for rid, row in data.by_id[table].items():
                lots = sorted(data.lots.get(rid, []), key=lambda r: (r["lot_no"], r["delivery_kind"])) \
                    if table == "contracts" else []
                w.page(f"{table}/{rid}.html", "record.html", table=table, rid=rid, row=row,
                       page_title=data.name(table, rid), kind=SINGULAR[table],
                       fields=w.field_rows(table, row), claims=w.claim_groups(table, rid),
                       milestones=data.milestones.get((table, rid), []), cited=data.cited.get((table, rid), []),
                       verification=w.verification(table, rid), links=data.links.get((table, rid), []),
                       lots=lots, story=stories.get(rid, (None, []))[0], story_key=stories.get(rid, (None, []))[1],
                       table_title=TABLE_TITLES[table],
                       pairs=pairs_of.get((table, rid), []),
                       positions=sorted(data.positions.get(rid, []), key=lambda r: (
                           r.get("start_date") or dt.date.min, r["position_id"])) if table == "actors" else [])
        # ---- pair pages
        for p in pair_pages:
            caption, labels, years = _pair_years(data, p["pair"], p["records"])
            w.page(f"pairs/{p['pair']}.html", "pair.html", page_title=p["title"], p=p, year_labels=labels,
                   years=years, years_caption=caption, table_titles=TABLE_TITLES)
        # ---- indexes
        for table in PAGE_TABLES:
            cols = w.table_columns(table)
            rows = []
            for rid, row in data.by_id[table].items():
                v = w.verification(table, rid)
                rows.append({"id": rid, "name": data.name(table, rid), "verification": v,
                             "cells": [_cell(row, c) for c in cols]})
            rows.sort(key=lambda r: (r["name"].lower(), r["id"]))
            w.page(f"{table}/index.html", "table.html", page_title=TABLE_TITLES[table], table=table, cols=cols,
                   rows=rows, spec=data.specs[table])
        w.page("pairs/index.html", "pairs.html", page_title="Country pairs", pairs=pair_pages)
        w.page("network.html", "network.html", page_title="Network", network=network, nodes=nodes, edges=edges,
               key=_key(n["kind"] for n in nodes), max_nodes=site_charts.MAX_NODES,
               names={n["id"]: n["label"] for n in nodes})
        counts = {t: len(data.by_id[t]) for t in PAGE_TABLES}
        top = sorted(pair_pages, key=lambda p: (-len(p["records"]), p["pair"]))[:12]
        w.page("index.html", "index.html", page_title="", counts=counts, titles=TABLE_TITLES,
               pairs=pair_pages, top_pairs=top, network=network, specs=data.specs)
        w.write("assets/search-index.js", _search_index(data))
    except BaseException:
        if drawer:
            drawer.kill()
        raise
    w.bytes += drawer.wait() if drawer else site_charts.render_jobs(jobs, folder)
    w.charts = len(jobs)
    w.files += len(jobs)
    return SiteReport(w.pages, w.charts, w.files, w.bytes, time.perf_counter() - start)


def _key(kinds: Any) -> list[tuple[str, str]]:
    """The colour key of a picture: (kind, colour) in the pictures' order of kinds."""
    present = set(kinds)
    return site_charts.key(k for k in site_charts.KIND_COLOURS if k in present)


def _cell(row: dict[str, Any], col: Column) -> dict[str, str]:
    value = row.get(col.name)
    if value is None:
        return {"text": "", "sort": ""}
    if col.type == "date":
        return {"text": format_period(value, row.get(f"{col.name}_precision")), "sort": value.isoformat()}
    return {"text": humanize(str(value)).lower(), "sort": str(value)}


def _search_index(data: _Data) -> str:
    """``window.DEFCOOP_SEARCH = [[table, id, name, summary], ...]`` (JSON, ``<`` escaped)."""
    entries = []
    for table in PAGE_TABLES:
        for rid, row in data.by_id[table].items():
            text = " ".join(str(row[c]) for c in ("summary", "description", "name_native", "designation")
                            if row.get(c))
            entries.append([table, rid, data.name(table, rid), text])
    payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.DEFCOOP_SEARCH = {payload};\n"


def site_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) of a written site folder."""
    n = size = 0
    for dirpath, _, files in os.walk(folder):
        for f in files:
            n += 1
            size += os.path.getsize(os.path.join(dirpath, f))
    return n, size


def read_tables(snapshot: Path) -> dict[str, Any]:
    """The published tables of a build snapshot (its Parquet files), for :func:`write_site`."""
    import pyarrow.parquet as pq

    return {p.stem: pq.read_table(p) for p in sorted((snapshot / "parquet").glob("*.parquet"))}


__all__ = ["PAGE_TABLES", "SiteReport", "format_claim_value", "format_period", "humanize", "read_tables", "site_size",
           "web_url", "write_site"]
