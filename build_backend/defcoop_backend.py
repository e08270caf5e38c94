"""PEP 517 build backend: hatchling, plus the runtime dependencies for wheels only.

A wheel carries the built dataset, so building it runs ``defcoop build`` (hatch_build.py) and
needs pydantic, frictionless, pyarrow, duckdb, PyYAML, pycountry and country_converter. Listing
them in ``build-system.requires`` made every ``pip install -e`` install them a second time into
pip's isolated build environment, although an editable install never builds the data. This
backend asks for them only in ``get_requires_for_build_wheel``; everything else is hatchling's.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from hatchling.build import *  # noqa: F403 - re-export hatchling's PEP 517/660 hooks
from hatchling.build import get_requires_for_build_wheel as _hatch_requires_for_wheel


def get_requires_for_build_wheel(config_settings=None):  # noqa: ANN001, ANN201 - PEP 517 signature
    project = tomllib.loads(Path("pyproject.toml").read_text("utf-8"))["project"]
    needed = list(project["dependencies"]) + list(project["optional-dependencies"]["curate"])
    return _hatch_requires_for_wheel(config_settings) + needed
