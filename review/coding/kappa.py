"""Inter-coder agreement on statements: Cohen's kappa per field for two blind coders and the curated data.

Usage: python review/coding/kappa.py [--data build]
Reads review/coding/coder-a.csv, coder-b.csv and the curated statements (from the
build); prints raw agreement and Cohen's kappa for stance, topic, targets,
addressees and speakers (set-valued fields compared as whole sets), and lists every
disagreement between the two coders.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
FIELDS = ["stance", "topic", "targets", "addressees", "speakers"]


def cohen_kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa for two raters over the same items (nominal categories)."""
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def read(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["statement_id"]: r for r in csv.DictReader(fh)}


def curated(data: str) -> dict[str, dict[str, str]]:
    import defcoop

    con = defcoop.connect(data)
    out = {}
    for sid, stance, topic in con.execute("SELECT statement_id, stance, topic FROM statements").fetchall():
        roles = {}
        for role, key in (("target", "targets"), ("addressee", "addressees"), ("speaker", "speakers")):
            ids = [r[0] for r in con.execute("SELECT actor_id FROM statement_actors WHERE statement_id = ? AND "
                                              "role = ? ORDER BY actor_id", [sid, role]).fetchall()]
            roles[key] = "|".join(ids)
        out[sid] = {"stance": stance, "topic": topic, **roles}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="build")
    args = ap.parse_args()
    a, b = read(HERE / "coder-a.csv"), read(HERE / "coder-b.csv")
    c = curated(args.data)
    ids = sorted(set(a) & set(b))
    print(f"statements coded by both coders: {len(ids)}")
    print(f"{'field':<11}{'A-B agree':>10}{'A-B kappa':>10}{'A-cur kappa':>12}{'B-cur kappa':>12}")
    for f in FIELDS:
        va, vb, vc = [a[i][f] for i in ids], [b[i][f] for i in ids], [c[i][f] for i in ids]
        agree = sum(x == y for x, y in zip(va, vb))
        print(f"{f:<11}{agree:>6}/{len(ids):<3}{cohen_kappa(va, vb):>10.2f}{cohen_kappa(va, vc):>12.2f}"
              f"{cohen_kappa(vb, vc):>12.2f}")
    print("\ndisagreements between coders (A / B / curated):")
    for i in ids:
        for f in FIELDS:
            if a[i][f] != b[i][f]:
                print(f"  {i} {f}: {a[i][f] or '-'} / {b[i][f] or '-'} / {c[i][f] or '-'}")


if __name__ == "__main__":
    main()
