"""The benchmark's synthetic package validates (benchmarks/generate.py; CI runs the benchmark)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO


def test_generated_package_validates(tmp_path: Path) -> None:
    """Regression: the generator wrote cow_code (derived since 0.2) and no state lists, so every
    synthetic build failed with derived-field and state-list problems."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    from defcoop.validate import validate

    counts = generate(tmp_path / "pkg", 200, seed=200)
    result = validate(tmp_path / "pkg")
    assert [str(p) for p in result.problems] == []
    assert counts["contracts"] == len(result.tables["contracts"].rows) > 0
