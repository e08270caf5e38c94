"""The wheel carries the built data: install it into a fresh venv and use it with no build step."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO
from defcoop.schema.derive import specs

SMOKE = """
import sys, defcoop
t = defcoop.load("contracts")
assert t.num_rows >= 1, t.num_rows
q = defcoop.query("contract_detail", contract_id="mys-kai-fa-50m-2023")
kinds = q.column("kind").to_pylist()
assert "letter_of_acceptance" in kinds and "signature" in kinds, kinds
con = defcoop.connect()
print(con.execute("SELECT version FROM dataset_info").fetchone()[0], t.num_rows, sorted(defcoop.queries())[0])
"""


def _version() -> str:
    import tomllib

    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]


@pytest.mark.slow
def test_wheel_installs_with_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("defcoop-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"defcoop-{_version()}.dist-info/METADATA").decode()
    data = {n.removeprefix("defcoop/data/") for n in names if n.startswith("defcoop/data/")}
    # only datapackage.json, parquet/ and the DuckDB file: never csv/, SQLite, XLSX, Stata or the site
    assert data == {"datapackage.json", "defcoop.duckdb"} | {f"parquet/{t}.parquet" for t in specs()}
    assert "defcoop/queries/contract_detail.sql" in names and "defcoop/py.typed" in names
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata
    assert "Classifier: Programming Language :: Python :: 3.11" in metadata
    assert "Project-URL: Source, " in metadata and "Project-URL: Issues, " in metadata
    assert "defcoop/export/site_templates/record.html" in names and "defcoop/export/site_static/site.js" in names
    assert not (REPO / "src" / "defcoop" / "data").exists()  # never a stale copy shadowing build/
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    out = subprocess.run([str(py), "-c", SMOKE], check=True, capture_output=True, text=True, cwd=tmp_path,
                         env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)})
    version, n, first_query = out.stdout.split()
    assert version == _version() and int(n) >= 1 and first_query == "agreements_by_domain_year"
    cli = subprocess.run([str(env_dir / "bin" / "defcoop"), "query", "records_by_sources", "--format", "csv"],
                         check=True, capture_output=True, text=True, cwd=tmp_path)
    assert cli.stdout.startswith("table_name,record_id,")
    verified = subprocess.run([str(env_dir / "bin" / "defcoop"), "verify"], capture_output=True, text=True,
                              cwd=tmp_path)
    assert verified.returncode == 0 and verified.stdout.startswith("ok: "), verified.stderr


@pytest.mark.slow
def test_isolated_wheel_build_carries_the_data(tmp_path: Path) -> None:
    """`pip wheel .` in pip's isolated build environment: the backend asks for the build's dependencies."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("defcoop-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        assert "defcoop/data/parquet/contracts.parquet" in zf.namelist()


def test_editable_install_needs_only_hatchling() -> None:
    """Regression: `pip install -e` installed pyarrow, duckdb, frictionless and pydantic twice."""
    sys.path.insert(0, str(REPO / "build_backend"))
    try:
        import defcoop_backend
    finally:
        sys.path.pop(0)
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        editable = defcoop_backend.get_requires_for_build_editable()
        wheel = defcoop_backend.get_requires_for_build_wheel()
    finally:
        os.chdir(cwd)
    assert not any(req.startswith(("pyarrow", "duckdb", "frictionless", "pydantic")) for req in editable)
    assert any(req.startswith("pyarrow") for req in wheel) and any(req.startswith("country_converter") for req in wheel)
