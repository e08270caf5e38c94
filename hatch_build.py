"""Hatch build hook: put the built dataset into the wheel (defcoop/data).

Runs `defcoop build` (core formats only: CSV, Parquet, DuckDB) from this source tree into a
temporary folder and maps `datapackage.json`, `parquet/` and `defcoop.duckdb` of the
snapshot to `defcoop/data` in the wheel, so `pip install defcoop` gives `defcoop.load()`,
`query()` and `connect()` data without a build step. Never csv/, SQLite, XLSX, Stata or the
site: those are in the release zip. The DuckDB file is shipped rather than rebuilt from
Parquet in memory by `connect()`: measured on today's records, it adds 342 KB to the wheel
(2.1 MB installed), while building the database in memory would make every `connect()`,
`defcoop query` and `defcoop sql` take 0.22 s instead of 0.03 s (0.07 s without keys), and
give wheel users a different database (no comments unless rebuilt) from the one CI opens
with DuckDB 1.1. The datapackage.json is the core build's: it lists the
CSV tables (with the Table Schemas that `load(..., to="pandas")` reads), the Parquet files
and the DuckDB file; `defcoop verify` knows the wheel carries no CSV (see
defcoop.publish.verify.WHEEL_FILES). Nothing is written into src/ (a stale copy there would
shadow a checkout's fresh build/). Editable installs skip this: they read build/ of the
checkout.
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
            from defcoop.publish.verify import WHEEL_FILES
        finally:
            sys.path.pop(0)
        self._tmp = tempfile.mkdtemp(prefix="defcoop-wheel-")
        try:
            built = build(root, Path(self._tmp) / "build", formats=())  # the wheel: core files only, no site
        except BuildFailed as exc:
            raise RuntimeError("the dataset does not validate:\n" +
                               "\n".join(str(p) for p in exc.result.problems)) from None
        for rel in (f.rstrip("/") for f in WHEEL_FILES):
            build_data["force_include"][str(built.path / rel)] = f"defcoop/data/{rel}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
