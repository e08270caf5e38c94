"""Shared fixtures: a small valid package to break on purpose, and one real build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
sys.path.insert(0, str(REPO / "src"))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small valid fixture package (tests/fixtures/mini) to modify."""
    root = tmp_path / "pkg"
    shutil.copytree(MINI, root)
    return root


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / "datapackage" / "records" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own records, built once per test session; returns the snapshot folder."""
    from defcoop.publish.build import build

    out = tmp_path_factory.mktemp("real") / "build"
    return build(REPO, out).path


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from defcoop.publish.build import build

    out = tmp_path_factory.mktemp("mini") / "build"
    return build(MINI, out).path
