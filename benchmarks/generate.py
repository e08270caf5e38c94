"""Seeded generator of synthetic but valid defcoop packages, for benchmarks.

``generate(root, n, seed)`` writes about ``n`` record files into
``root/datapackage/records`` with the real shape: sources (some copying others),
states with COW codes, companies and bodies, systems and variants, agreements with
parties and domains, events, contracts with claims in several currencies, milestones
and partial dates, delivery lots, integrations and statements with actors and
subjects. Every reference resolves; the package validates.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

CURRENCIES = ["USD", "KRW", "MYR", "PLN", "PHP", "EUR"]
STATES = [("kor", "KOR", 732), ("mys", "MYS", 820), ("pol", "POL", 290), ("phl", "PHL", 840), ("tha", "THA", 800),
          ("idn", "IDN", 850), ("irq", "IRQ", 645), ("vnm", "VNM", 816), ("usa", "USA", 2), ("prk", "PRK", 731)]


def _date(rng: random.Random) -> str:
    y = rng.randint(1995, 2030)
    form = rng.random()
    if form < 0.6:
        return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if form < 0.8:
        return f"{y}-{rng.randint(1, 12):02d}"
    if form < 0.9:
        return f"{y}-Q{rng.randint(1, 4)}"
    return str(y)


def _dump(path: Path, record: dict) -> None:
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")


def generate(root: Path, n: int, seed: int = 1) -> dict[str, int]:
    """Write a package of about ``n`` records under ``root``; return counts per table."""
    rng = random.Random(seed)
    base = root / "datapackage" / "records"
    for t in ("sources", "actors", "weapon_systems", "agreements", "events", "contracts", "deliveries",
              "integrations", "statements"):
        (base / t).mkdir(parents=True, exist_ok=True)
    (root / "datapackage" / "package.yaml").write_text(
        "name: defcoop-bench\ntitle: synthetic benchmark package\nlicenses:\n  - name: CC-BY-4.0\n", "utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "bench"\nversion = "0.0.0"\n', "utf-8")
    # the state lists the build derives cow_code and gw_code from
    shutil.copytree(Path(__file__).resolve().parent.parent / "datapackage" / "reference",
                    root / "datapackage" / "reference", dirs_exist_ok=True)
    k = max(1, (n - len(STATES)) // 26)  # 26 records per unit: see the loops below
    counts: dict[str, int] = {}
    sources = [f"src-{i}" for i in range(2 * k)]
    for i, sid in enumerate(sources):
        rec = {"source_id": sid, "url": f"https://news.example.org/{i}", "publisher": f"Outlet {i % 37}",
               "published_date": _date(rng), "language": rng.choice(["en", "ko", "ms", "pl"]),
               "source_type": rng.choice(["news_agency", "newspaper", "trade_press", "government"]),
               "accessed_date": "2026-11-29"}
        if i % 5 == 4:
            rec["derived_from_source_id"] = sources[i - 1]
        _dump(base / "sources" / f"{sid}.yaml", rec)

    def cite(m: int = 2) -> list[dict]:
        return [{"source_id": s, "locator": f"para {rng.randint(1, 9)}"} for s in rng.sample(sources, m)]

    for aid, iso, _ in STATES:  # cow_code is derived by the build (from the COW list), not curated
        _dump(base / "actors" / f"{aid}.yaml", {"actor_id": aid, "actor_type": "state", "name": aid.upper(),
                                                "country_iso3": iso, "sources": cite(1)})
    companies = [f"firm-{i}" for i in range(k)]
    for cid in companies:
        aid, iso, _ = rng.choice(STATES)
        _dump(base / "actors" / f"{cid}.yaml", {"actor_id": cid, "actor_type": "company", "name": f"Firm {cid}",
                                                "name_native": "항공우주 " + cid, "country_iso3": iso,
                                                "parent_actor_id": aid, "sources": cite(1)})
    systems = [f"sys-{i}" for i in range(k)]
    for i, sid in enumerate(systems):
        rec = {"system_id": sid, "name": f"System {i}", "category": rng.choice(["aircraft", "ships", "missiles",
                                                                                 "sensors", "artillery"]),
               "manufacturer_actor_id": rng.choice(companies), "origin_country_iso3": "KOR", "sources": cite(1)}
        if i and i % 3 == 0:
            rec["variant_of_system_id"] = systems[i - 1]
        _dump(base / "weapon_systems" / f"{sid}.yaml", rec)
    events = [f"event-{i}" for i in range(k)]
    for eid in events:
        d = _date(rng)
        _dump(base / "events" / f"{eid}.yaml", {"event_id": eid, "name": f"Summit {eid}", "event_type": "summit",
                                                "start_date": d, "end_date": d, "country_iso3": "MYS",
                                                "participants": [{"actor_id": "kor", "role": "participant"},
                                                                 {"actor_id": "mys", "role": "host"}],
                                                "sources": cite(2)})
    agreements = [f"agr-{i}" for i in range(2 * k)]
    for aid in agreements:
        a, b = rng.sample(STATES, 2)
        d = _date(rng)
        _dump(base / "agreements" / f"{aid}.yaml", {
            "agreement_id": aid, "title": f"MoU {aid}", "agreement_type": "mou", "status": "signed",
            "signed_date": d, "event_id": rng.choice(events),
            "parties": [{"actor_id": a[0], "role": "party"}, {"actor_id": b[0], "role": "party"}],
            "domains": rng.sample(["defense_cooperation", "trade", "defense_industry", "education"], 2),
            "sources": cite(2),
            "claims": [{"field": "signed_date", "value": d, "source_id": sources[0], "rank": "preferred"}],
            "milestones": [{"milestone_type": "signature", "milestone_date": d, "source_id": sources[1]}]})
    contracts = [f"con-{i}" for i in range(5 * k)]
    for cid in contracts:
        cur = rng.choice(CURRENCIES)
        amount = rng.randint(1, 10**6) * 1000
        d = _date(rng)
        other = rng.choice(CURRENCIES)
        _dump(base / "contracts" / f"{cid}.yaml", {
            "contract_id": cid, "contract_type": "contract", "buyer_actor_id": rng.choice(STATES)[0],
            "supplier_actor_id": rng.choice(companies), "system_id": rng.choice(systems),
            "quantity": rng.randint(1, 60), "value_amount": amount, "value_currency": cur, "value_type": "contract",
            "signed_date": d, "status": "signed", "summary": f"Synthetic contract {cid} — ünïcödé 계약.",
            "sources": cite(2),
            "claims": [{"field": "value_amount", "value": f"{amount} {cur}", "source_id": sources[2],
                        "rank": "preferred", "rank_reason": "ministry figure"},
                       {"field": "value_amount", "value": f"{amount * 3} {other}", "source_id": sources[3],
                        "rank": "normal", "note": "converted by the outlet"},
                       {"field": "signed_date", "value": d, "source_id": sources[4], "rank": "preferred"}],
            "milestones": [{"milestone_type": "letter_of_acceptance", "milestone_date": d, "source_id": sources[5]},
                           {"milestone_type": "signature", "milestone_date": d, "source_id": sources[6]}]})
    for i, cid in enumerate(contracts):
        did = f"{cid}-lot-1"
        _dump(base / "deliveries" / f"{did}.yaml", {
            "delivery_id": did, "contract_id": cid, "lot_no": 1, "delivery_kind": "planned",
            "quantity": rng.randint(1, 10), "delivery_date": "2031-Q2", "sources": cite(1),
            "claims": [{"field": "delivery_date", "value": "2031-Q2", "source_id": sources[7], "rank": "preferred"},
                       {"field": "delivery_date", "value": "2031", "source_id": sources[8], "rank": "normal"}]})
    for i in range(k):
        iid = f"int-{i}"
        _dump(base / "integrations" / f"{iid}.yaml", {
            "integration_id": iid, "platform_system_id": rng.choice(systems),
            "component_system_id": rng.choice(systems), "customer_actor_id": rng.choice(STATES)[0],
            "status": rng.choice(["requested", "approved", "offered"]), "status_date": _date(rng),
            "sources": cite(1)})
    statements = [f"st-{i}" for i in range(8 * k)]
    for sid in statements:
        _dump(base / "statements" / f"{sid}.yaml", {
            "statement_id": sid, "statement_date": _date(rng),
            "stance": rng.choice(["commit", "agree", "condemn", "support", "concern"]),
            "topic": rng.choice(["trade", "nuclear_missile", "defense_industry"]),
            "summary": f"Synthetic clause {sid}.", "issued_in_agreement_id": rng.choice(agreements),
            "actors": [{"actor_id": "kor", "role": "speaker"}, {"actor_id": "mys", "role": "speaker"},
                       {"actor_id": "prk", "role": "target"}],
            "subjects": [{"table_name": "contracts", "record_id": rng.choice(contracts)}],
            "sources": cite(2)})
    for t in ("sources", "actors", "weapon_systems", "agreements", "events", "contracts", "deliveries",
              "integrations", "statements"):
        counts[t] = len(list((base / t).iterdir()))
    return counts
