"""Text summaries printed by ``defcoop build`` and ``defcoop info``."""

from __future__ import annotations

from pathlib import Path

from .validate import Result

COVERAGE_SQL = {
    "verification": "SELECT verification, count(*) AS n FROM records GROUP BY ALL ORDER BY n DESC",
    "pairs": """
        WITH parties AS (
          SELECT c.contract_id AS id, coalesce(b.country_iso3, bp.country_iso3) AS a,
                 coalesce(s.country_iso3, sp.country_iso3) AS b
          FROM contracts c
          JOIN actors b ON b.actor_id = c.buyer_actor_id LEFT JOIN actors bp ON bp.actor_id = b.parent_actor_id
          JOIN actors s ON s.actor_id = c.supplier_actor_id LEFT JOIN actors sp ON sp.actor_id = s.parent_actor_id)
        SELECT least(a, b) || '-' || greatest(a, b) AS pair, count(*) AS contracts
        FROM parties WHERE a IS NOT NULL AND b IS NOT NULL GROUP BY ALL ORDER BY contracts DESC, pair""",
    "contested": "SELECT count(*) AS n FROM contested_fields",
}


def summary_lines(path: Path, result: Result, seconds: float) -> list[str]:
    """Records per table, sources, claims and timing of a finished build."""
    t = result.tables
    lines = [f"built defcoop {result.meta['version']} -> {path}"]
    for name in ("actors", "positions", "events", "agreements", "weapon_systems", "contracts", "deliveries",
                 "integrations", "statements"):
        lines.append(f"  {name:<16}{len(t[name].rows):>6}")
    lines.append(f"  {'sources':<16}{len(t['sources'].rows):>6}")
    lines.append(f"  {'claims':<16}{len(t['claims'].rows):>6}")
    lines.append(f"  {'milestones':<16}{len(t['milestones'].rows):>6}")
    verif: dict[str, int] = {}
    for r in t["records"].rows:
        verif[r["verification"]] = verif.get(r["verification"], 0) + 1
    lines.append("  records: " + ", ".join(f"{k} {v}" for k, v in sorted(verif.items())))
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    lines.append(f"done in {seconds:.2f}s ({stages})")
    return lines


def info_lines(data: Path) -> list[str]:
    """Version, as-of date, table sizes and coverage of a build folder."""
    from .api import connect
    from .tables import specs

    con = connect(data)
    try:
        name, version, as_of = con.execute("SELECT name, version, as_of FROM dataset_info").fetchone()
        lines = [f"{name} {version} (as of {as_of}) at {data}", "", "records per table:"]
        for table in specs():
            (n,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            lines.append(f"  {table:<20}{n:>6}")
        lines += ["", "coverage — records by verification:"]
        lines += [f"  {v:<20}{n:>6}" for v, n in con.execute(COVERAGE_SQL["verification"]).fetchall()]
        lines += ["", "coverage — contracts per country pair (ISO3):"]
        lines += [f"  {p:<20}{n:>6}" for p, n in con.execute(COVERAGE_SQL["pairs"]).fetchall()]
        (n,) = con.execute(COVERAGE_SQL["contested"]).fetchone()
        lines += ["", f"contested fields (sources disagree, none deprecated): {n}",
                  "see: defcoop query coverage; defcoop query contested_values"]
        return lines
    finally:
        con.close()
