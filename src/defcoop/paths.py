"""Where the data, queries and repository root are.

Data: ``data_dir`` argument > ``DEFCOOP_DATA_DIR`` > ``defcoop/data`` inside the
installed package > ``build/`` of the source checkout the package runs from. The
folder is resolved once (following the build link) so that every file read through
one call comes from one snapshot.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent.parent  # src/defcoop -> repository root, in a source checkout


class DataNotFound(FileNotFoundError):
    """No built dataset was found; run `defcoop build` or install the wheel."""


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The snapshot folder holding datapackage.json, csv/, parquet/ and defcoop.duckdb."""
    candidates = [Path(explicit)] if explicit else []
    if not explicit and os.environ.get("DEFCOOP_DATA_DIR"):
        candidates.append(Path(os.environ["DEFCOOP_DATA_DIR"]))
    if not candidates:
        candidates += [PACKAGE / "data", CHECKOUT / "build"]
    for path in candidates:
        if (path / "datapackage.json").is_file():
            return path.resolve()
    raise DataNotFound(f"no built dataset at {', '.join(str(c) for c in candidates)}; "
                       "run `defcoop build` in a source checkout, or install the defcoop wheel")


def queries_dir() -> Path:
    """The ready-made queries: ``defcoop/queries`` in the wheel, ``queries/`` in a checkout."""
    for path in (PACKAGE / "queries", CHECKOUT / "queries"):
        if path.is_dir():
            return path
    raise FileNotFoundError("no queries folder found")


def queries_folder(root: Path) -> Path:
    """The queries of the source tree at ``root`` (its ``queries/``), else the installed ones."""
    return root / "queries" if (root / "queries").is_dir() else queries_dir()
