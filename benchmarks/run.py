"""defcoop benchmarks: every stage on the real data and on synthetic packages, with anchors.

Usage:
    python benchmarks/run.py [--sizes 1000,10000,50000] [--runs 5] [--json FILE]

Prints one table (and writes the same figures as JSON with --json):
- real data, median of --runs fresh processes: `import defcoop`, `defcoop validate`,
  the core build (`defcoop build --formats ''`: validate, CSV, Parquet, DuckDB), the default
  build (core + SQLite + XLSX) and what SQLite and XLSX add to it (%), `defcoop.load("contracts")`;
  the explorer's share of the build (`real.build.site_s`, written while Frictionless runs) and
  its size; each shipped query, warm, in one process; the size of every output (KB) and the DuckDB /
  Parquet ratio;
- synthetic packages of N records (benchmarks/generate.py, seeded): wall time of each
  stage (read YAML, models, dataset checks, tables, CSV, Frictionless, Parquet, DuckDB, and
  each format separately: SQLite, XLSX, Stata, site), the core build and the build with every
  format, in process; the whole `defcoop build` (core and default) in a fresh process, and its
  peak memory (max RSS of the build process, and of its largest child: the forked
  Frictionless workers, which share the parent's pages copy-on-write);
- anchors on the same tables in the same run: `frictionless validate` alone (CLI, fresh
  process), DuckDB reading the CSV tables and writing Parquet, and `python -c pass`.
Targets (BENCHMARKS.md) are checked by reading this output, not by tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def wall(cmd: list[str], runs: int, cwd: Path = REPO, env: dict | None = None) -> float:
    """Median wall time (s) of ``cmd`` over ``runs`` fresh processes."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env or os.environ, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def in_process(code: str, runs: int) -> float:
    """Median of the seconds printed by ``code`` run in fresh processes."""
    vals = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True)
        vals.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(vals)


def real_data(runs: int, figures: dict) -> None:
    defcoop_cli = str(BIN / "defcoop")
    with tempfile.TemporaryDirectory() as tmp:
        figures["real.python_c_pass_s"] = wall([sys.executable, "-c", "pass"], runs)
        figures["real.import_defcoop_s"] = in_process(
            "import time; t = time.perf_counter(); import defcoop; print(time.perf_counter() - t)", runs)
        figures["real.validate_s"] = wall([defcoop_cli, "validate", "--root", str(REPO)], runs)
        figures["real.build_core_s"] = wall([defcoop_cli, "build", "--root", str(REPO), "--out", f"{tmp}/core",
                                             "--formats", ""], runs)
        figures["real.build_s"] = wall([defcoop_cli, "build", "--root", str(REPO), "--out", f"{tmp}/b"], runs)
        figures["real.build_sqlite_xlsx_s"] = wall([defcoop_cli, "build", "--root", str(REPO), "--out", f"{tmp}/sx",
                                                    "--formats", "sqlite,xlsx"], runs)
        figures["real.sqlite_xlsx_added_pct"] = 100 * (figures["real.build_sqlite_xlsx_s"] / figures["real.build_core_s"] - 1)
        # The explorer (site/), written during the build: its own time (median) and size.
        stages = [json.loads(subprocess.run(
            [sys.executable, "-c", STAGE_CODE.format(src=str(REPO / "src"), root=str(REPO), out=f"{tmp}/s",
                                                    formats=("sqlite", "xlsx", "site"))],
            check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]) for _ in range(runs)]
        figures["real.build.site_s"] = statistics.median(s["site"] for s in stages)
        figures["real.build.site_mb"] = stages[-1]["site_mb"]
        data = Path(f"{tmp}/b").resolve()
        sizes(data, figures)
        figures["real.load_contracts_fresh_s"] = wall(
            [sys.executable, "-c", f"import defcoop; defcoop.load('contracts', data={str(data)!r})"], runs)
        import defcoop
        from defcoop.api import run_sql

        con = defcoop.connect(data)
        for name, q in defcoop.queries().items():
            params = q.bind({})
            run_sql(con, q.sql, params)  # warm
            times = []
            for _ in range(max(runs, 5)):
                t = time.perf_counter()
                run_sql(con, q.sql, params)
                times.append(time.perf_counter() - t)
            figures[f"real.query.{name}_s"] = statistics.median(times)
        con.close()


def sizes(data: Path, figures: dict) -> None:
    """Size (KB) of every output of the build at ``data``, with Stata files written beside it."""
    from defcoop.export.stata import stata_available, write_stata

    def kb(paths) -> float:
        return sum(p.stat().st_size for p in paths) / 1024

    figures["real.size.csv_kb"] = kb((data / "csv").glob("*.csv"))
    figures["real.size.parquet_kb"] = kb((data / "parquet").glob("*.parquet"))
    for name in ("defcoop.duckdb", "defcoop.sqlite", "defcoop.xlsx", "datapackage.json", "datasette-metadata.json"):
        figures[f"real.size.{name.replace('defcoop.', '').replace('.json', '')}_kb"] = kb([data / name])
    figures["real.size.duckdb_over_parquet"] = figures["real.size.duckdb_kb"] / figures["real.size.parquet_kb"]
    if stata_available():
        import pyarrow.parquet as pq

        from defcoop.schema.derive import specs

        with tempfile.TemporaryDirectory() as tmp:
            write_stata({n: pq.read_table(data / "parquet" / f"{n}.parquet") for n in specs()}, Path(tmp))
            figures["real.size.stata_kb"] = kb((Path(tmp) / "stata").glob("*.dta"))


STAGE_CODE = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from pathlib import Path
from defcoop.publish.build import build
from defcoop.export.site import site_size
t = time.perf_counter()
built = build(Path({root!r}), Path({out!r}), formats={formats!r})
total = time.perf_counter() - t
print(json.dumps({{**built.result.timings, "total": total, "site_mb": site_size(built.path / "site")[1] / 1e6,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_rss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""


def synthetic(n: int, runs: int, figures: dict) -> None:
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        counts = generate(root, n, seed=n)
        figures[f"n{n}.records"] = sum(counts.values())
        from defcoop.export.stata import stata_available

        every = ("sqlite", "xlsx", "site") + (("stata",) if stata_available() else ())
        for label, formats in (("core.", ()), ("", every)):
            stage_runs = []
            for i in range(runs):
                code = STAGE_CODE.format(src=str(REPO / "src"), root=str(root), out=f"{tmp}/out", formats=formats)
                out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
                stage_runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            keys = ["total"] if label else list(stage_runs[0])
            for key in keys:
                figures[f"n{n}.{label}{key}" + ("" if key.endswith("_mb") else "_s")] = statistics.median(
                    r[key] for r in stage_runs)
        figures[f"n{n}.defcoop_build_core_cli_s"] = wall([str(BIN / "defcoop"), "build", "--root", str(root),
                                                          "--out", f"{tmp}/core", "--formats", ""], runs)
        figures[f"n{n}.defcoop_build_cli_s"] = wall([str(BIN / "defcoop"), "build", "--root", str(root),
                                                     "--out", f"{tmp}/cli"], runs)
        snap = Path(f"{tmp}/core").resolve()
        figures[f"n{n}.anchor.frictionless_validate_cli_s"] = wall(  # on the core build: CSV tables + hashes
            [str(BIN / "frictionless"), "validate", "--trusted", str(snap / "datapackage.json")], runs, cwd=snap)
        figures[f"n{n}.anchor.duckdb_csv_to_parquet_s"] = duckdb_anchor(snap, Path(tmp) / "pq", runs)


def duckdb_anchor(snap: Path, out: Path, runs: int) -> float:
    """DuckDB reading every CSV table and writing zstd Parquet: close to the floor for writing."""
    import duckdb

    out.mkdir(exist_ok=True)
    times = []
    for _ in range(runs):
        con = duckdb.connect()
        t = time.perf_counter()
        for csv in sorted((snap / "csv").glob("*.csv")):
            con.execute(f"COPY (SELECT * FROM read_csv('{csv}')) TO '{out / (csv.stem + '.parquet')}' "
                        "(FORMAT parquet, COMPRESSION zstd)")
        times.append(time.perf_counter() - t)
        con.close()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="comma-separated synthetic sizes")
    ap.add_argument("--runs", type=int, default=5, help="fresh-process runs per figure (median)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--skip-real", action="store_true", help="only the synthetic sizes")
    args = ap.parse_args()
    figures: dict[str, float] = {}
    if not args.skip_real:
        real_data(args.runs, figures)
    for n in [int(s) for s in args.sizes.split(",") if s]:
        synthetic(n, args.runs, figures)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        unit = " %" if key.endswith("_pct") else "" if key.endswith(("records", "_mb", "_kb", "_over_parquet")) else " s"
        print(f"{key:<{width}}  {value:>10.3f}{unit}" if isinstance(value, float) else f"{key:<{width}}  {value:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
