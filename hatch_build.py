"""Hatch build hook: put the built dataset into the wheel (defcoop/data).

Runs `defcoop build` from this source tree into a temporary folder and maps the
published snapshot to `defcoop/data` in the wheel, so `pip install defcoop` gives
`defcoop.load()` data without a build step. Nothing is written into src/ (a stale
copy there would shadow a checkout's fresh build/). Editable installs skip this:
they read build/ of the checkout.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        self._tmp = None
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from defcoop.publish.build import BuildFailed, build
        finally:
            sys.path.pop(0)
        self._tmp = tempfile.mkdtemp(prefix="defcoop-wheel-")
        try:
            built = build(root, Path(self._tmp) / "build", site=False)  # the site ships in the release only
        except BuildFailed as exc:
            raise RuntimeError("the dataset does not validate:\n" +
                               "\n".join(str(p) for p in exc.result.problems)) from None
        build_data["force_include"][str(built.path)] = "defcoop/data"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
