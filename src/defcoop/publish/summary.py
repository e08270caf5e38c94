"""Text summaries printed by ``defcoop build`` and ``defcoop info``."""

from __future__ import annotations

from pathlib import Path

from ..schema.models import RECORD_MODELS
from ..validate import Result

VERIFICATION_SQL = "SELECT verification, count(*) AS n FROM records GROUP BY ALL ORDER BY n DESC"


def summary_lines(path: Path, result: Result, seconds: float) -> list[str]:
    """Records per table, sources, claims and timing of a finished build."""
    t = result.tables
    lines = [f"built defcoop {result.meta['version']} -> {path}"]
    for name in RECORD_MODELS:
        lines.append(f"  {name:<16}{len(t[name].rows):>6}")
    lines.append(f"  {'sources':<16}{len(t['sources'].rows):>6}")
    lines.append(f"  {'claims':<16}{len(t['claims'].rows):>6}")
    lines.append(f"  {'milestones':<16}{len(t['milestones'].rows):>6}")
    verif: dict[str, int] = {}
    for r in t["records"].rows:
        verif[r["verification"]] = verif.get(r["verification"], 0) + 1
    lines.append("  records: " + ", ".join(f"{k} {v}" for k, v in sorted(verif.items())))
    if (path / "site").is_dir():
        from ..export.site import site_size

        files, size = site_size(path / "site")
        lines.append(f"  site: {files} files, {size / 1e6:.1f} MB (open {path / 'site' / 'index.html'})")
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    lines.append(f"done in {seconds:.2f}s ({stages}; Parquet, DuckDB and the site are written while "
                 "Frictionless runs)")
    return lines


def info_lines(data: Path) -> list[str]:
    """Version, source dates, table sizes and coverage of a build folder."""
    from ..api import connect, query
    from ..schema.derive import specs

    con = connect(data)
    try:
        name, version, newest, checked = con.execute(
            "SELECT name, version, sources_newest_date, sources_checked_date FROM dataset_info").fetchone()
        lines = [f"{name} {version} at {data}",
                 f"newest source published {newest}; sources checked up to {checked} (statuses are as of that date)",
                 "", "records per table:"]
        for table in specs():
            (n,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            lines.append(f"  {table:<20}{n:>6}")
        lines += ["", "coverage — records by verification:"]
        lines += [f"  {v:<20}{n:>6}" for v, n in con.execute(VERIFICATION_SQL).fetchall()]
        coverage = query("coverage", data).to_pylist()  # the shipped query, one definition of a pair
        for table in ("contracts", "agreements", "statements"):
            lines += ["", f"coverage — {table} per country pair (ISO3):"]
            lines += [f"  {r['country_pair']:<20}{r['records']:>6}" for r in coverage if r["table_name"] == table]
        (n,) = con.execute("SELECT count(*) FROM contested_fields").fetchone()
        lines += ["", f"contested fields (sources disagree, none deprecated): {n}",
                  "see: defcoop query coverage; defcoop query contested_values"]
        return lines
    finally:
        con.close()
