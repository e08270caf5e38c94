"""Derived facts, each defined once, computed at build time and published as columns and tables.

:func:`derive` fills, in the flattened tables (:mod:`defcoop.tabulate.flatten`):

- ``actors.cow_code`` / ``gw_code`` of states, from the state lists (:mod:`defcoop.tabulate.states`);
- ``actor_country``: the state each actor belongs to (:func:`actor_countries`);
- ``contracts.value_status`` / ``quantity_status`` = ``reported`` where the value is given;
- ``contracts.value_usd_nominal``, ``value_usd_method``, ``fx_rate``, ``fx_date`` (:mod:`.money`);
- ``contracts.counts_as_order`` (:func:`counts_as_order`), ``units_delivered_reported`` and
  ``units_delivered_unknown`` (:func:`delivered_units`);
- ``claims.field_contested`` (:func:`contested_fields`);
- ``records``: sources, independent sources and verification of every record;
- ``dataset_info``; the panels ``dyad_years``, ``directed_dyad_years`` and ``panel_exclusions``
  (:mod:`.panels`).

The SQL views and ready-made queries read these columns; none re-derives them. The rules are
stated in the codebook (``curate/coding_rules.md``, "Derived facts") and tested on real records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Any

from ..curate.load import Loaded
from ..schema.actors import ActorLink, country_of
from ..schema.dates import PartialDate, overlap, period
from ..schema.derive import field_plan, specs
from ..schema.models import Claim, Record
from . import money
from .panels import build_panels
from .flatten import Origin, Rows

ORDER_TYPES = frozenset({"contract", "option", "donation", "licence", "local_production"})
"""Contract types that are orders when signed (a framework is one only without signed children)."""
NOT_SIGNED = frozenset({"planned", "offered", "negotiating"})
"""Contract statuses of deals that were never signed."""
DELIVERING = frozenset({"delivering", "delivered"})
MONEY_FIELDS = frozenset({"value_amount", "value_usd"})
"""Amounts of money: a rounded figure covers the more precise one it rounds."""
CHANGING = frozenset({("contracts", "status"), ("agreements", "status"), ("integrations", "status"),
                      ("integrations", "status_date")})
"""Fields describing a state that changes: a claim without ``as_at`` describes its source's publication date."""


# ---------------------------------------------------------------- sources and independence

class SourceIndex:
    """Sources by id: the original each copy derives from, and its publisher."""

    def __init__(self, source_rows: list[dict[str, Any]]):
        self._rows = {r["source_id"]: r for r in source_rows}

    def published(self, source_id: str) -> PartialDate | None:
        """The publication period of a source (None when unknown)."""
        row = self._rows.get(source_id)
        if not row or row["published_date"] is None:
            return None
        return PartialDate(row["published_date"], row["published_date_end"], row["published_date_precision"], "")

    def root(self, source_id: str) -> str:
        """The original a source derives from: follow ``derived_from_source_id`` to its end.

        In a cycle (a ``reference-cycle`` problem, so never in a published build) every member has
        one root, the lowest id of the cycle, so that copies of one another never count as independent.
        """
        walk = [source_id]
        while nxt := (self._rows.get(source_id) or {}).get("derived_from_source_id"):
            if nxt in walk:
                return min(walk[walk.index(nxt):])
            walk.append(nxt)
            source_id = nxt
        return source_id

    def voice(self, source_id: str) -> str:
        """Who independently stands behind a source: the publisher of its original (case and spacing folded)."""
        row = self._rows.get(self.root(source_id)) or {}
        return " ".join(str(row.get("publisher", source_id)).casefold().split())

    def independent(self, a: str, b: str) -> bool:
        """Two sources are independent when their originals have different publishers."""
        return self.voice(a) != self.voice(b)


# ---------------------------------------------------------------- contested values

def _interval(text: str, qualifier: str, money: bool = False) -> tuple[Decimal, Decimal]:
    """The range a number covers: itself; for an approximate figure plus or minus half a unit of
    its last significant digit (about 4000000000 covers 3500000000-4500000000); for an exact
    amount of money, the same range unless it is given to the unit (RM 3.8 bn is a rounding that
    covers RM 3.84 bn, as a month covers its days)."""
    value = Decimal(text)
    exponent = value.normalize().as_tuple().exponent
    if value == 0 or not (qualifier == "approximate" or (money and exponent > 0)):
        return value, value
    half = Decimal(5) * Decimal(10) ** (exponent - 1)
    return value - half, value + half


def compatible(column_type: str, field: str, a: Claim, b: Claim,
               family: dict[str, set[str]] | None = None) -> bool:
    """Whether two claimed values about one field can both be true.

    Dates agree when their periods overlap; amounts in different currencies and converted
    figures are never rivals; an approximate figure agrees with any value in its range; a
    weapon system agrees with its own variants (``family``: system id -> the ids it is a variant
    of, at any depth: ``aim-9`` contains ``aim-9l``); other values agree when their texts are equal.
    """
    if a.value == b.value:
        return True
    if family and (a.value in family.get(b.value, ()) or b.value in family.get(a.value, ())):
        return True
    if column_type == "date":
        return overlap(period(a.value), period(b.value))
    if field == "value_amount" or column_type in ("integer", "number"):
        if "converted" in (a.qualifier, b.qualifier):
            return True
        (x, cx), (y, cy) = (_split_amount(c.value) if field == "value_amount" else (c.value, "") for c in (a, b))
        if cx != cy:
            return True
        money = field in MONEY_FIELDS
        try:
            (lo1, hi1), (lo2, hi2) = _interval(x, a.qualifier, money), _interval(y, b.qualifier, money)
        except InvalidOperation:
            return False
        if money and a.qualifier == b.qualifier == "exact":  # two roundings: the coarser must contain the finer
            return (lo1 <= lo2 and hi2 <= hi1) or (lo2 <= lo1 and hi1 <= hi2)
        return lo1 <= hi2 and lo2 <= hi1
    return False


def _split_amount(value: str) -> tuple[str, str]:
    amount, _, currency = value.partition(" ")
    return amount, currency


UNKNOWN = PartialDate(dt.date.min, dt.date.min, "unknown", "")
"""The moment of a changing value stated by a source without a publication date: it overlaps nothing."""


def _moment(table: str, record: Any, claim: Claim, sources: SourceIndex) -> PartialDate | None:
    """The moment a claim describes: its ``as_at``; for a changing value (a status, a planned
    lot) without one, its source's publication date (:data:`UNKNOWN` when the source has none);
    otherwise None (the value itself, the record's one moment)."""
    if claim.as_at:
        return period(claim.as_at)
    changing = (table, claim.field) in CHANGING or (table == "deliveries" and record.delivery_kind == "planned")
    if not changing:
        return None
    return sources.published(claim.source_id) or UNKNOWN


def contested_fields(table: str, record: Any, sources: SourceIndex,
                     family: dict[str, set[str]] | None = None) -> set[str]:
    """Fields of a record that are contested (see :func:`contests`)."""
    return {field for field, _ in contests(table, record, sources, family)}


def contests(table: str, record: Any, sources: SourceIndex,
             family: dict[str, set[str]] | None = None) -> set[tuple[str, int]]:
    """(field, index in ``record.claims``) of every claim in a contest: a rival pair of claims.

    A field is contested when two non-deprecated claims from independent sources state
    incompatible values (:func:`compatible`) about the same moment (:func:`_moment`): two
    claims with moments are compared when their moments overlap, two without a moment (the
    record's one moment) always, one with and one without never (a dated plan or status is
    history, not a rival of the value itself). Prose fields are never contested.
    """
    spec = specs()[table]
    types = {c.name: c.type for c in spec.columns}
    refs = {c.name: c.ref for c in spec.columns}
    prose = {f.name for f in field_plan(spec.model) if f.prose}  # the curators' words: never rivals
    by_field: dict[str, list[tuple[int, Claim]]] = defaultdict(list)
    for i, claim in enumerate(record.claims):
        if claim.rank != "deprecated" and claim.field not in prose:
            by_field[claim.field].append((i, claim))
    out: set[tuple[str, int]] = set()
    for field, claims in by_field.items():
        for (i, a), (j, b) in combinations(claims, 2):
            if not sources.independent(a.source_id, b.source_id):
                continue
            ma, mb = _moment(table, record, a, sources), _moment(table, record, b, sources)
            if (ma is None) != (mb is None) or UNKNOWN in (ma, mb) or (ma is not None and not overlap(ma, mb)):
                continue
            if not compatible(types.get(field, "string"), field, a, b, family if refs.get(field) == "weapon_systems"
                              else None):
                out |= {(field, i), (field, j)}
    return out


def system_ancestors(system_rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """System id -> the systems it is a variant of, at any depth (through variant_of_system_id)."""
    parent = {r["system_id"]: r["variant_of_system_id"] for r in system_rows}
    out: dict[str, set[str]] = {}
    for sid in parent:
        seen: set[str] = set()
        nxt = parent.get(sid)
        while nxt and nxt not in seen and nxt != sid:
            seen.add(nxt)
            nxt = parent.get(nxt)
        out[sid] = seen
    return out


# ---------------------------------------------------------------- contracts

def counts_as_order(contract: dict[str, Any], children: list[dict[str, Any]]) -> bool:
    """Whether a contract row is an order.

    TRUE for a signed contract, option, donation, licence or local production (signed = has a
    signed date and is not planned, offered or negotiating), and for a signed framework none of
    whose children with a quantity is signed; FALSE for amendments, technology transfers and
    unsigned deals.
    """
    def signed(c: dict[str, Any]) -> bool:
        return c["signed_date"] is not None and c["status"] not in NOT_SIGNED

    if contract["contract_type"] in ORDER_TYPES:
        return signed(contract)
    if contract["contract_type"] == "framework":
        return signed(contract) and not any(signed(c) and c["quantity"] is not None for c in children)
    return False


def delivered_units(contract: dict[str, Any], lots: list[dict[str, Any]]) -> tuple[int, int | None]:
    """(units in actual lots, units of a delivering/delivered contract that no actual lot shows)."""
    reported = sum(lot["quantity"] or 0 for lot in lots if lot["delivery_kind"] == "actual")
    unknown = None
    if contract["status"] in DELIVERING and contract["quantity"] is not None:
        unknown = max(contract["quantity"] - reported, 0)
    return reported, unknown


def _contracts(tables: dict[str, Rows]) -> None:
    rows = tables["contracts"].rows
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["parent_contract_id"]:
            children[r["parent_contract_id"]].append(r)
    lots: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in tables["deliveries"].rows:
        lots[d["contract_id"]].append(d)
    for r in rows:
        for value, status in (("value_amount", "value_status"), ("quantity", "quantity_status")):
            if r[value] is not None:
                r[status] = "reported"
        r.update(money.convert(r))
        r["counts_as_order"] = counts_as_order(r, children[r["contract_id"]])
        if r["counts_as_order"]:  # delivered units belong to orders (a framework's are its children's)
            r["units_delivered_reported"], r["units_delivered_unknown"] = delivered_units(r, lots[r["contract_id"]])


# ---------------------------------------------------------------- actors

def actor_countries(actor_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One ``actor_country`` row per actor: its country by :func:`defcoop.schema.actors.country_of`;
    the state actor and codes are those of the state with that country code."""
    links = {r["actor_id"]: ActorLink(r["actor_type"], r["country_iso3"], r["parent_actor_id"]) for r in actor_rows}
    states = {r["country_iso3"]: r for r in actor_rows if r["actor_type"] == "state" and r["country_iso3"]}
    out = []
    for actor_id in links:
        iso3 = country_of(actor_id, links.get)
        state = states.get(iso3) if iso3 else None
        out.append({"actor_id": actor_id, "state_actor_id": state["actor_id"] if state else None,
                    "country_iso3": iso3, "cow_code": state["cow_code"] if state else None,
                    "gw_code": state["gw_code"] if state else None})
    return out


def _state_codes(actor_rows: list[dict[str, Any]], codes: dict[str, tuple[int | None, int | None]]) -> None:
    for r in actor_rows:
        if r["actor_type"] == "state" and r["country_iso3"] in codes:
            r["cow_code"], r["gw_code"] = codes[r["country_iso3"]]


# ---------------------------------------------------------------- entry point

def dataset_info(meta: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``dataset_info`` row: package metadata and the dataset's two dates, from the cited ``sources``.

    ``sources_newest_date`` is the newest ``published_date`` of a cited source (what the records
    can know about); ``sources_checked_date`` the newest ``accessed_date`` (statuses hold as of it).
    """
    published = [r["published_date"] for r in sources if r["published_date"]]
    checked = [r["accessed_date"] for r in sources if r["accessed_date"]]
    name, title, version = meta.get("name", "defcoop"), meta.get("title") or "defcoop", meta["version"]
    citation = " ".join(str(meta.get("citation") or f"{title}, version {{version}}").split())
    return {"name": name, "title": title, "version": version,
            "licenses": ", ".join(lic.get("name", "") for lic in meta.get("licenses") or []) or "unspecified",
            "citation": citation.replace("{version}", version),
            "sources_newest_date": max(published) if published else None,
            "sources_checked_date": max(checked) if checked else None}


def derive(tables: dict[str, Rows], items: list[Loaded], meta: dict[str, Any],
           state_codes: dict[str, tuple[int | None, int | None]], members: dict[str, int]) -> None:
    """Fill every derived column and table in ``tables`` (in place); ``meta`` is the package
    metadata, ``state_codes`` maps ISO 3166-1 alpha-3 to (COW code, GW code), ``members`` to the
    first year in the COW state system (the panels' spine)."""
    _state_codes(tables["actors"].rows, state_codes)
    origins = {r["actor_id"]: o for r, o in zip(tables["actors"].rows, tables["actors"].origins)}
    for row in actor_countries(tables["actors"].rows):
        tables["actor_country"].add(row, origins[row["actor_id"]])
    _contracts(tables)
    sources = SourceIndex(tables["sources"].rows)
    family = system_ancestors(tables["weapon_systems"].rows)
    contested: dict[tuple[str, str], set[str]] = {}
    rivals: set[tuple[str, str, str, int]] = set()  # (table, record, field, index of the claim in the record)
    for item in items:
        rec = item.record
        if not isinstance(rec, Record):
            continue
        found = contests(item.table, rec, sources, family)
        fields = {field for field, _ in found}
        contested[(item.table, item.id)] = fields
        rivals |= {(item.table, item.id, field, i) for field, i in found}
        cited = {c.source_id for c in rec.sources} | {c.source_id for c in rec.claims} | \
                {m.source_id for m in rec.milestones}
        voices = {sources.voice(s) for s in cited}
        verification = "contested" if fields else "corroborated" if len(voices) >= 2 else "single_source"
        tables["records"].add({"table_name": item.table, "record_id": item.id, "source_file": item.doc.path,
                               "n_sources": len(cited), "n_independent_sources": len(voices),
                               "verification": verification}, Origin(item))
    for row, origin in zip(tables["claims"].rows, tables["claims"].origins):
        key = (row["table_name"], row["record_id"])
        row["field_contested"] = row["field"] in contested.get(key, ())
        row["in_contest"] = (*key, row["field"], origin.loc[1]) in rivals
    cited = {r["source_id"] for name in ("record_sources", "claims", "milestones", "published_totals")
             for r in tables[name].rows}
    tables["dataset_info"].add(dataset_info(meta, [r for r in tables["sources"].rows if r["source_id"] in cited]),
                               None)
    dyads, directed, excluded = build_panels({name: rows.rows for name, rows in tables.items()}, members, state_codes)
    for name, rows in (("dyad_years", dyads), ("directed_dyad_years", directed), ("panel_exclusions", excluded)):
        for row in rows:
            tables[name].add(row, None)
