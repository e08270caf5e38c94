"""Cost grows linearly: locating many problems in one file (issue 12, class 7)."""

from __future__ import annotations

import time
from pathlib import Path

from defcoop.curate.load import load_file

HEAD = "actor_id: x\nactor_type: person\nname: X\nsources: [{source_id: wire-a}]\n"


def _locate(tmp_path: Path, n: int) -> tuple[float, list]:
    f = tmp_path / f"x{n}.yaml"
    f.write_text(HEAD + "".join(f"k{i}: v\n" for i in range(n)), "utf-8")
    t = time.perf_counter()
    _, problems = load_file(f, "x.yaml", "actors")
    return time.perf_counter() - t, problems


def test_locating_unknown_keys_is_linear(tmp_path: Path) -> None:
    """Regression: 50,000 unknown keys took 88 s (6 min on a slower machine): each lookup scanned every key."""
    _locate(tmp_path, 100)  # warm the models
    small, _ = _locate(tmp_path, 5_000)
    large, problems = _locate(tmp_path, 40_000)
    assert len(problems) == 40_000
    last = problems[-1]
    assert (last.code, last.line, last.field) == ("unknown-field", 40_004, "k39999")
    assert large < 5.0, large  # quadratic: about 50 s here
    assert large < 8 * small * 3, (small, large)  # 8x the keys: linear ~8x, quadratic ~64x
