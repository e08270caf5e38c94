"""Draw a seeded, stratified random sample of factual values for the fact-check.

Usage: python review/fact-check/sample_values.py --seed 20261129 --data build > sample.csv
       python review/fact-check/sample_values.py --seed 20261207 --added-since 35de02b \
           --countries IDN,PHL,THA,VNM,IND,TLS,PER,COL,ECU,USA,MYS --total 48 > sample.csv

``--added-since`` keeps only records whose files were added to git after that commit (the
new records of a curation round); ``--countries`` keeps records that involve an actor of one
of those countries (through actor_country: buyers, suppliers, parties, speakers, participants;
a delivery through its contract); ``--total`` scales the quotas to about that many values.

Values are dates, amounts, quantities, parties, stances, targets and statuses (never
ids alone), drawn per table in fixed quotas so every table is checked. For each value
the sources to reopen are the sources of the preferred claim on that field if there
is one, else the record's cited sources.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

QUOTAS = {  # table -> (fields, number of values)
    "contracts": (["signed_date", "quantity", "value_amount", "status", "buyer_actor_id", "supplier_actor_id"], 14),
    "agreements": (["signed_date", "status", "parties"], 7),
    "statements": (["statement_date", "stance", "targets", "speakers"], 10),
    "deliveries": (["delivery_date", "quantity"], 6),
    "integrations": (["status", "status_date"], 5),
    "events": (["start_date", "city"], 4),
    "milestones": (["milestone_date"], 6),
    "weapon_systems": (["manufacturer_actor_id", "variant_of_system_id"], 3),
    "positions": (["start_date", "title"], 2),
    "published_totals": (["value"], 0),  # only with --totals N (new in 0.2; not records)
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--data", default="build")
    ap.add_argument("--added-since", help="only records whose files git added after this commit")
    ap.add_argument("--countries", help="only records involving these ISO3 countries (comma-separated)")
    ap.add_argument("--total", type=int, help="scale the quotas to about this many values")
    ap.add_argument("--totals", type=int, default=0, help="also sample this many published_totals values")
    args = ap.parse_args()
    import defcoop

    con = defcoop.connect(args.data)
    rng = random.Random(args.seed)
    keep = _eligible(con, args.added_since, args.countries)
    if args.total:
        scale = args.total / sum(k for _, k in QUOTAS.values())
        for table, (fields, k) in list(QUOTAS.items()):
            QUOTAS[table] = (fields, max(1, round(k * scale)) if k else 0)
    QUOTAS["published_totals"] = (["value"], args.totals)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["n", "table", "record_id", "field", "value", "sources_to_open", "source_file"])
    n = 0
    for table, (fields, k) in QUOTAS.items():
        candidates = []
        if table == "published_totals":
            rows = con.execute("SELECT total_id, metric || ' ' || CAST(value AS VARCHAR) || ' ' || unit || ' ' || "
                               "year_from || '-' || year_to, source_id || coalesce(' [' || locator || ']', '') "
                               "FROM published_totals ORDER BY 1").fetchall()
            for tid, value, src in rng.sample(rows, min(k, len(rows))):
                n += 1
                out.writerow([n, table, tid, "value", value, src, f"datapackage/records/published_totals/{tid}.yaml"])
            continue
        for field in fields:
            if table == "milestones":
                rows = con.execute("SELECT table_name || '/' || record_id || '#' || milestone_no, "
                                   "milestone_type || ' ' || CAST(milestone_date AS VARCHAR) || ' (' || "
                                   "milestone_date_precision || ')', source_id, table_name, record_id "
                                   "FROM milestones ORDER BY ALL").fetchall()
                candidates += [(r[0], field, r[1], r[2], r[3], r[4]) for r in rows]
                continue
            pk = {"contracts": "contract_id", "agreements": "agreement_id", "statements": "statement_id",
                  "deliveries": "delivery_id", "integrations": "integration_id", "events": "event_id",
                  "weapon_systems": "system_id", "positions": "position_id"}[table]
            if field == "parties":
                sql = ("SELECT agreement_id, string_agg(actor_id || ':' || role, ', ' ORDER BY actor_id, role) "
                       "FROM agreement_parties GROUP BY 1 ORDER BY 1")
            elif field in ("targets", "speakers"):
                role = "speaker" if field == "speakers" else "target"
                sql = (f"SELECT statement_id, string_agg(actor_id, ', ' ORDER BY actor_id) FROM statement_actors "
                       f"WHERE role = '{role}' GROUP BY 1 ORDER BY 1")
            elif field == "value_amount":
                sql = (f"SELECT {pk}, CAST(CAST(value_amount AS DECIMAL(20,0)) AS VARCHAR) || ' ' || value_currency "
                       f"FROM {table} WHERE value_amount IS NOT NULL ORDER BY 1")
            else:
                sql = f"SELECT {pk}, CAST({field} AS VARCHAR) FROM {table} WHERE {field} IS NOT NULL ORDER BY 1"
                if field.endswith("_date"):
                    sql = (f"SELECT {pk}, CAST({field} AS VARCHAR) || ' (' || {field}_precision || ')' "
                           f"FROM {table} WHERE {field} IS NOT NULL ORDER BY 1")
            for rid, value in con.execute(sql).fetchall():
                pref = con.execute("SELECT string_agg(source_id, '; ') FROM claims WHERE table_name = ? AND "
                                   "record_id = ? AND field = ? AND rank = 'preferred'", [table, rid, field]).fetchone()[0]
                cited = pref or con.execute("SELECT string_agg(source_id || coalesce(' [' || locator || ']', ''), '; ') "
                                            "FROM record_sources WHERE table_name = ? AND record_id = ?",
                                            [table, rid]).fetchone()[0]
                candidates.append((rid, field, value, cited, table, rid))
        if keep is not None:
            candidates = [c for c in candidates if (c[4], c[5]) in keep]
        for rid, field, value, cited, rtable, rrid in rng.sample(candidates, min(k, len(candidates))):
            n += 1
            (src,) = con.execute("SELECT source_file FROM records WHERE table_name = ? AND record_id = ?",
                                 [rtable, rrid]).fetchone()
            out.writerow([n, table, rid, field, value, cited, src])


def _eligible(con, since: str | None, countries: str | None) -> set | None:
    """(table, record_id) of the records passing the --added-since and --countries filters."""
    if not since and not countries:
        return None
    import subprocess

    rows = con.execute("SELECT table_name, record_id, source_file FROM records").fetchall()
    keep = {(t, r) for t, r, _ in rows}
    if since:
        repo = Path(__file__).resolve().parents[2]
        added = set(subprocess.run(["git", "log", "--diff-filter=A", "--name-only", "--format=", f"{since}..HEAD",
                                    "--", "datapackage/records"], cwd=repo, capture_output=True, text=True,
                                   check=True).stdout.split())
        keep = {(t, r) for t, r, f in rows if f in added}
    if countries:
        wanted = [c.strip().upper() for c in countries.split(",")]
        involved = con.execute("""
            WITH refs AS (
              SELECT 'contracts' AS t, contract_id AS r, unnest([buyer_actor_id, supplier_actor_id, end_user_actor_id]) AS a FROM contracts
              UNION ALL SELECT 'deliveries', d.delivery_id, unnest([c.buyer_actor_id, c.end_user_actor_id]) FROM deliveries d JOIN contracts c USING (contract_id)
              UNION ALL SELECT 'agreements', agreement_id, actor_id FROM agreement_parties
              UNION ALL SELECT 'statements', statement_id, actor_id FROM statement_actors
              UNION ALL SELECT 'events', event_id, actor_id FROM event_participants
              UNION ALL SELECT 'integrations', integration_id, customer_actor_id FROM integrations
              UNION ALL SELECT 'positions', position_id, person_actor_id FROM positions
              UNION ALL SELECT 'weapon_systems', w.system_id, c.buyer_actor_id FROM weapon_systems w JOIN contracts c USING (system_id)
            )
            SELECT DISTINCT t, r FROM refs JOIN actor_country ac ON ac.actor_id = refs.a
            WHERE list_contains($w, ac.country_iso3)""", {"w": wanted}).fetchall()
        keep &= set(involved)
    return keep


if __name__ == "__main__":
    main()
