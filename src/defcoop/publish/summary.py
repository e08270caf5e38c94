"""Text summaries printed by ``defcoop build`` and ``defcoop info``."""

from __future__ import annotations

from pathlib import Path

from ..schema.models import RECORD_MODELS
from ..validate import Result

VERIFICATION_SQL = "SELECT verification, count(*) AS n FROM records GROUP BY ALL ORDER BY n DESC"


def summary_lines(path: Path, result: Result, seconds: float, link: Path | None = None) -> list[str]:
    """Records per table, sources, claims and timing of a finished build (``link``: the build link
    that points at the snapshot ``path``, shown where readers should open files)."""
    t = result.tables
    lines = [f"built defcoop {result.meta['version']} -> {path}"]
    for name in RECORD_MODELS:
        lines.append(f"  {name:<22}{len(t[name].rows):>6}")
    lines.append(f"  {'sources':<22}{len(t['sources'].rows):>6}")
    lines.append(f"  {'claims':<22}{len(t['claims'].rows):>6}")
    lines.append(f"  {'milestones':<22}{len(t['milestones'].rows):>6}")
    verif: dict[str, int] = {}
    for r in t["records"].rows:
        verif[r["verification"]] = verif.get(r["verification"], 0) + 1
    lines.append("  records: " + ", ".join(f"{k} {v}" for k, v in sorted(verif.items())))
    lines += [f"  note: {n}" for n in result.notes]
    if (path / "site").is_dir():
        from ..export.site import site_size

        files, size = site_size(path / "site")
        lines.append(f"  site: {files} files, {size / 1e6:.1f} MB (open {(link or path) / 'site' / 'index.html'})")
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    lines.append(f"done in {seconds:.2f}s ({stages}; the files beside the CSV tables are written while "
                 "Frictionless runs)")
    return lines


def info_lines(data: Path) -> list[str]:
    """Version, source dates, table sizes, coverage declarations, reconciliation and coverage of a build."""
    from ..api import connect, query, tables

    con = connect(data)
    try:
        name, version, newest, checked = con.execute(
            "SELECT name, version, sources_newest_date, sources_checked_date FROM dataset_info").fetchone()
        lines = [f"{name} {version} at {data}",
                 f"newest source published {newest}; sources checked up to {checked} (statuses are as of that date)",
                 "", "records per table:"]
        for table in tables(data):
            (n,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            lines.append(f"  {table:<22}{n:>6}")
        lines += ["", "coverage declarations (what the dataset claims to be complete for; elsewhere a missing "
                  "record means 'not collected'):"]
        for row in con.execute("SELECT state_a_iso3, state_b_iso3, directed, table_name, year_from, year_to, "
                               "min_value_usd, min_units FROM coverage_declarations ORDER BY ALL").fetchall():
            a, b, directed, table, y0, y1, usd, units = row
            pair = f"{a} {'->' if directed else '-'} {b or 'any'}"
            limits = " or ".join(x for x in (f">= USD {usd:,}" if usd else "", f">= {units} units" if units else "") if x)
            lines.append(f"  {pair:<14}{table:<12}{y0}-{y1}  {limits or 'every record'}")
        lines += ["", "export orders per year from 2021: records' sum (value_usd_nominal of orders) against the published "
                  "total (earlier years: the query below):"]
        for r in query("export_orders_vs_published", data).to_pylist():
            if r["published_value_usd"] is None or r["year"] < 2021:
                continue
            share = f"{float(r['share_of_published']):.0%}" if r["share_of_published"] is not None else "-"
            lines.append(f"  {r['year']}  {r['orders'] or 0:>3} orders  USD {float(r['orders_value_usd'] or 0) / 1e9:6.2f} bn"
                         f"  of {float(r['published_value_usd']) / 1e9:6.2f} bn  ({share})")
        lines.append("  see: defcoop query export_orders_vs_published (the notes explain each year's difference)")
        lines += ["", "records by verification:"]
        lines += [f"  {v:<22}{n:>6}" for v, n in con.execute(VERIFICATION_SQL).fetchall()]
        coverage = query("coverage", data).to_pylist()  # the shipped query, one definition of a pair
        for table in ("contracts", "agreements", "statements"):
            lines += ["", f"{table} per country pair (ISO3):"]
            lines += [f"  {r['country_pair']:<22}{r['records']:>6}" for r in coverage if r["table_name"] == table]
        (n,) = con.execute("SELECT count(*) FROM contested_fields").fetchone()
        lines += ["", f"contested fields (independent sources disagree about one moment): {n}",
                  "see: defcoop query coverage; defcoop query contested_values; defcoop query panel_exclusions"]
        return lines
    finally:
        con.close()
