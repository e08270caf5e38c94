"""Hatch build hook: put the built dataset into the wheel (defcoop/data).

Runs `defcoop build` from this source tree into a temporary folder and copies the
published snapshot to src/defcoop/data (git-ignored), which the wheel includes, so
`pip install defcoop` gives `defcoop.load()` data without a build step. Editable
installs skip this: they read build/ of the checkout.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from defcoop.build import BuildFailed, build
        finally:
            sys.path.pop(0)
        dest = root / "src" / "defcoop" / "data"
        with tempfile.TemporaryDirectory(prefix="defcoop-wheel-") as tmp:
            try:
                built = build(root, Path(tmp) / "build")
            except BuildFailed as exc:
                raise RuntimeError("the dataset does not validate:\n" +
                                   "\n".join(str(p) for p in exc.result.problems)) from None
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(built.path, dest, ignore=shutil.ignore_patterns("*.zip"))
