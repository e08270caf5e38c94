"""The benchmark's synthetic packages are valid (else `benchmarks/run.py` measures a failed build)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO


def test_generated_package_validates(tmp_path: Path) -> None:
    """Regression: the generator still wrote `cow_code`, which the build now derives (code
    derived-field), and no state lists, so every synthetic build failed."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    from defcoop.validate import validate

    counts = generate(tmp_path / "pkg", 200, seed=3)
    result = validate(tmp_path / "pkg")
    assert result.problems == []
    assert len(result.tables["contracts"].rows) == counts["contracts"] > 0
    kor = next(r for r in result.tables["actors"].rows if r["actor_id"] == "kor")
    assert (kor["cow_code"], kor["gw_code"]) == (732, 732)
