"""Dyad-year panels built from the records, the actors' states and the coverage declarations.

Like peacesciencer, a panel starts from a spine and then counts into it: the spine is every
pair of states and year that a coverage declaration reaches (a declaration "KOR → any,
2000–2025" reaches KOR paired with every state of the Correlates of War state system in each
year; a state is in the system from the first year of its current COW membership spell). Then:

- ``dyad_years`` (unordered pairs, ``ccode1 < ccode2``): agreements signed that year with a
  party of each state (a multilateral agreement counts for every pair of its state parties),
  agreements in force (signed or in force, started on or before 31 December, not ended before
  1 January), orders either way, statements (a speaker of one state and a speaker, target or
  addressee of the other), with breakdowns by agreement type and by stance;
- ``directed_dyad_years`` (1 = supplier, 2 = recipient: the end user's state, else the
  buyer's): orders, units ordered, units delivered (actual lots by delivery year), the value
  of the orders whose value is known, and the number whose value is unknown.

A count is 0 only where a declaration for its table covers the row, with its thresholds
applied (a contract counts where it reaches ``min_value_usd`` in ``value_usd_nominal`` or
``min_units`` units of a major platform — munitions and sensors by value only —, or where
neither its value nor its quantity is known); otherwise the count is NULL: not collected.
``contracts_signed`` of an unordered pair is NULL unless both directions are covered. Items
that would count but are counted nowhere — no date, no state, a state without a COW code, an
ended agreement without an end date, outside every declaration for their table, below a
declaration's thresholds — are listed in ``panel_exclusions`` with the reason. An agreement
counts as signed in the year of its signing (or adoption) date unless it is only proposed or
under negotiation; it counts as in force only once signed (statuses signed, in_force, expired,
terminated), and never when it is a joint statement or an agreement in principle (declarations,
not instruments in force). Agreements of every type count, company-to-company ones included
(breakdown columns by type).
States come from ``actor_country``; orders from ``contracts.counts_as_order``; dates' years
from the published periods.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from ..schema import codes

PLATFORM_CATEGORIES = frozenset({"aircraft", "ships", "armoured_vehicles", "artillery", "air_defence_systems"})
"""SIPRI categories whose units count towards ``min_units`` (major platforms and launchers)."""
UNSIGNED_AGREEMENT = frozenset({"proposed", "negotiating"})
"""Agreement statuses never counted as signed (an agreement with a signing or adoption date and
another status counts in the year of that date)."""
IN_FORCE_AGREEMENT = frozenset({"signed", "in_force", "expired", "terminated"})
NEVER_IN_FORCE = frozenset({"joint_statement", "agreement_in_principle"})
"""Agreement types that are declarations, not instruments in force (never counted in agreements_in_force)."""
ENDED_AGREEMENT = frozenset({"expired", "terminated"})
SHORT = codes.SHORT_AGREEMENT_TYPES

def agreement_column(agreement_type: str) -> str:
    """Name of the breakdown column of one agreement type (at most 32 characters)."""
    return f"agreements_signed_{SHORT.get(agreement_type, agreement_type)}"


def stance_column(stance: str) -> str:
    """Name of the breakdown column of one stance."""
    return f"statements_{stance}"


AGREEMENT_COLUMNS = {agreement_column(t.value): t for t in codes.AgreementType}
STANCE_COLUMNS = {stance_column(s.value): s for s in codes.Stance}


@dataclass(frozen=True)
class Declaration:
    state_a: str
    state_b: str | None
    directed: bool
    table: str
    year_from: int
    year_to: int
    min_value_usd: int | None
    min_units: int | None

    def reaches(self, x: str, y: str, year: int) -> bool:
        """Whether the declaration covers the unordered pair {x, y} in ``year`` (any direction)."""
        return self.year_from <= year <= self.year_to and self.state_a in (x, y) and \
            (self.state_b is None or {x, y} == {self.state_a, self.state_b})

    def covers(self, supplier: str, recipient: str, year: int) -> bool:
        """Whether the declaration covers records from ``supplier`` to ``recipient`` in ``year``."""
        if not self.directed:
            return self.reaches(supplier, recipient, year)
        return self.year_from <= year <= self.year_to and supplier == self.state_a and \
            self.state_b in (None, recipient)

    def admits(self, contract: dict[str, Any], category: str | None) -> bool:
        """Whether a contract passes the thresholds (no thresholds: every contract)."""
        if self.min_value_usd is None and self.min_units is None:
            return True
        value, units = contract["value_usd_nominal"], contract["quantity"]
        if value is None and units is None:
            return True  # size unknown: counted, not hidden
        if self.min_value_usd is not None and value is not None and value >= self.min_value_usd:
            return True
        return self.min_units is not None and units is not None and units >= self.min_units and \
            category in PLATFORM_CATEGORIES


class _Panel:
    """Counts keyed by (iso3_1, iso3_2, year) with the spine's coverage flags."""

    def __init__(self, declarations: list[Declaration], members: dict[str, int], codes_: dict, directed: bool):
        self.decl, self.members, self.codes, self.directed = declarations, members, codes_, directed
        self.rows: dict[tuple[str, str, int], dict[str, Any]] = {}
        for d in declarations:
            for year in range(d.year_from, d.year_to + 1):
                if self.members.get(d.state_a, 10**9) > year:
                    continue
                others = [d.state_b] if d.state_b else [s for s, since in members.items() if since <= year]
                for other in others:
                    if other == d.state_a or self.members.get(other, 10**9) > year:
                        continue
                    pairs = [(d.state_a, other)]
                    if directed and not d.directed:
                        pairs.append((other, d.state_a))
                    for x, y in pairs:
                        self._row(x, y, year)

    def _row(self, x: str, y: str, year: int) -> None:
        if not self.directed and self.codes[x][0] > self.codes[y][0]:
            x, y = y, x
        if (x, y, year) in self.rows:
            return
        (c1, g1), (c2, g2) = self.codes[x], self.codes[y]
        row = {"ccode1": c1, "ccode2": c2, "gwcode1": g1, "gwcode2": g2, "iso3_1": x, "iso3_2": y, "year": year}
        if self.directed:
            row["covered_contracts"] = any(d.table == "contracts" and d.covers(x, y, year) for d in self.decl)
        else:
            for table in ("agreements", "contracts", "statements"):
                decls = [d for d in self.decl if d.table == table]
                if table == "contracts":
                    covered = any(d.covers(x, y, year) for d in decls) and any(d.covers(y, x, year) for d in decls)
                else:
                    covered = any(d.reaches(x, y, year) for d in decls)
                row[f"covered_{table}"] = covered
        row["in_coverage"] = any(d.reaches(x, y, year) for d in self.decl)
        self.rows[(x, y, year)] = row

    def get(self, x: str, y: str, year: int) -> dict[str, Any] | None:
        if not self.directed and x in self.codes and y in self.codes and self.codes[x][0] > self.codes[y][0]:
            x, y = y, x
        return self.rows.get((x, y, year))


def _year(value: dt.date | None) -> int | None:
    return value.year if value else None


def build_panels(tables: dict[str, list[dict[str, Any]]], members: dict[str, int],
                 state_codes: dict[str, tuple[int | None, int | None]]) -> tuple[list, list, list]:
    """(dyad_years rows, directed_dyad_years rows, panel_exclusions rows) from the table rows.

    ``tables`` maps table names to their rows (derived columns already filled); ``members``
    maps ISO3 to the first year in the COW state system; ``state_codes`` ISO3 to (COW, GW).
    """
    codes_ = {iso3: c for iso3, c in state_codes.items() if c[0] is not None and iso3 in members}
    members = {iso3: since for iso3, since in members.items() if iso3 in codes_}
    declarations = [Declaration(d["state_a_iso3"], d["state_b_iso3"], d["directed"], d["table_name"],
                                d["year_from"], d["year_to"], d["min_value_usd"], d["min_units"])
                    for d in tables["coverage_declarations"]]
    state = {r["actor_id"]: r["country_iso3"] for r in tables["actor_country"]}
    category = {r["system_id"]: r["category"] for r in tables["weapon_systems"]}
    undirected = _Panel(declarations, members, codes_, directed=False)
    directed = _Panel(declarations, members, codes_, directed=True)
    excluded: dict[tuple[str, str], str] = {}

    def outside(table: str, record_id: str, states: Iterable[str], year: int, joiner: str = "-") -> None:
        excluded.setdefault((table, record_id), f"outside the coverage declarations for {table} "
                                                f"({joiner.join(states)}, {year}): not collected there")

    def placeable(table: str, record_id: str, states: Iterable[str | None], year: int | None, what: str) -> bool:
        if year is None:
            excluded.setdefault((table, record_id), f"{what} has no date")
            return False
        missing = [s for s in states if s is None or s not in codes_]
        if missing:
            reason = "an actor has no state" if None in missing else \
                f"state {', '.join(sorted(set(missing)))} has no COW code in the state system"
            excluded.setdefault((table, record_id), reason)
            return False
        return True

    # ---- agreements: signed, in force, by type
    parties: dict[str, set[str | None]] = defaultdict(set)
    for p in tables["agreement_parties"]:
        if p["role"] == "party":
            parties[p["agreement_id"]].add(state.get(p["actor_id"]))
    for rows_ in (undirected.rows.values(),):
        for row in rows_:
            counted = row["covered_agreements"]
            row["agreements_signed"] = row["agreements_in_force"] = 0 if counted else None
            for column in AGREEMENT_COLUMNS:
                row[column] = 0 if counted else None
    for g in tables["agreements"]:
        if g["status"] in UNSIGNED_AGREEMENT:
            continue
        aid = g["agreement_id"]
        states = sorted({s for s in parties[aid] if s is not None})
        if len(states) < 2:
            continue
        if not placeable("agreements", aid, states, _year(g["signed_date"]), "a signed agreement"):
            continue
        year = g["signed_date"].year
        start = g["in_force_date"] or g["signed_date"]
        end = g["end_date_end"]
        if g["status"] in ENDED_AGREEMENT and end is None:
            excluded.setdefault(("agreements", aid), "ended at an unknown date: not counted as in force")
        counted = False
        for i, x in enumerate(states):
            for y in states[i + 1:]:
                row = undirected.get(x, y, year)
                if row is not None and row["covered_agreements"]:
                    row["agreements_signed"] += 1
                    row[agreement_column(g["agreement_type"])] += 1
                    counted = True
                if g["status"] not in IN_FORCE_AGREEMENT or (g["status"] in ENDED_AGREEMENT and end is None) \
                        or g["agreement_type"] in NEVER_IN_FORCE:
                    continue
                for y_ in range(start.year, (end.year if end else 9999) + 1):
                    r = undirected.get(x, y, y_)
                    if r is None:
                        if y_ > max((d.year_to for d in declarations), default=0):
                            break
                        continue
                    if r["covered_agreements"]:
                        r["agreements_in_force"] += 1
                        counted = True
        if not counted:
            outside("agreements", aid, states, year)

    # ---- statements
    for row in undirected.rows.values():
        counted = row["covered_statements"]
        row["statements"] = 0 if counted else None
        for column in STANCE_COLUMNS:
            row[column] = 0 if counted else None
    roles: dict[str, dict[str, set[str | None]]] = defaultdict(lambda: {"speaker": set(), "other": set()})
    for a in tables["statement_actors"]:
        roles[a["statement_id"]]["speaker" if a["role"] == "speaker" else "other"].add(state.get(a["actor_id"]))
    for s in tables["statements"]:
        sid = s["statement_id"]
        speakers = {x for x in roles[sid]["speaker"] if x is not None}
        others = {x for x in roles[sid]["other"] | roles[sid]["speaker"] if x is not None}
        pairs = {tuple(sorted((x, y))) for x in speakers for y in others if x != y}
        if not pairs:
            continue
        if not placeable("statements", sid, {z for p in pairs for z in p}, _year(s["statement_date"]), "a statement"):
            continue
        counted = False
        for x, y in pairs:
            row = undirected.get(x, y, s["statement_date"].year)
            if row is not None and row["covered_statements"]:
                row["statements"] += 1
                row[stance_column(s["stance"])] += 1
                counted = True
        if not counted:
            outside("statements", sid, sorted({z for p in pairs for z in p}), s["statement_date"].year)

    # ---- contracts and deliveries
    for row in undirected.rows.values():
        row["contracts_signed"] = 0 if row["covered_contracts"] else None
    for row in directed.rows.values():
        counted = row["covered_contracts"]
        for column in ("contracts_signed", "units_ordered", "units_delivered", "value_usd_ordered",
                       "contracts_value_unknown"):
            row[column] = 0 if counted else None

    def flow(c: dict[str, Any]) -> tuple[str | None, str | None]:
        return state.get(c["supplier_actor_id"]), state.get(c["end_user_actor_id"] or c["buyer_actor_id"])

    def admitted(c: dict[str, Any], s: str, r: str, year: int) -> bool:
        return any(d.table == "contracts" and d.covers(s, r, year) and d.admits(c, category.get(c["system_id"]))
                   for d in declarations)

    contracts = {c["contract_id"]: c for c in tables["contracts"]}
    for c in contracts.values():
        if not c["counts_as_order"]:
            continue
        s, r = flow(c)
        if s == r and s is not None:
            continue  # a domestic contract (e.g. a local subsidiary) is no flow between states
        if not placeable("contracts", c["contract_id"], (s, r), _year(c["signed_date"]), "an order"):
            continue
        year = c["signed_date"].year
        if not admitted(c, s, r, year):
            if not any(d.table == "contracts" and d.covers(s, r, year) for d in declarations):
                outside("contracts", c["contract_id"], (s, r), year, "->")
            else:
                excluded.setdefault(("contracts", c["contract_id"]), "below the coverage declaration's thresholds")
            continue
        row = undirected.get(s, r, year)
        if row is not None and row["contracts_signed"] is not None:
            row["contracts_signed"] += 1
        drow = directed.get(s, r, year)
        if drow is not None and drow["covered_contracts"]:
            drow["contracts_signed"] += 1
            drow["units_ordered"] += c["quantity"] or 0
            if c["value_usd_nominal"] is None:
                drow["contracts_value_unknown"] += 1
            else:
                drow["value_usd_ordered"] += c["value_usd_nominal"]
    for lot in tables["deliveries"]:
        if lot["delivery_kind"] != "actual":
            continue
        c = contracts[lot["contract_id"]]
        s, r = flow(c)
        if s == r and s is not None:
            continue
        if not placeable("deliveries", lot["delivery_id"], (s, r), _year(lot["delivery_date"]), "an actual lot"):
            continue
        year = lot["delivery_date"].year
        drow = directed.get(s, r, year)
        if drow is not None and drow["covered_contracts"] and admitted(c, s, r, year):
            drow["units_delivered"] += lot["quantity"] or 0

    exclusions = [{"table_name": t, "record_id": r, "reason": why} for (t, r), why in sorted(excluded.items())]
    return list(undirected.rows.values()), list(directed.rows.values()), exclusions
