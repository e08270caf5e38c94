"""The Python API reads a built snapshot (its datapackage.json), not the curation models."""

from __future__ import annotations

from pathlib import Path

import pytest

import defcoop


def test_tables_works_after_any_other_call(mini_build: Path) -> None:
    """Regression: `from .tables import specs` inside the API replaced defcoop.tables with a module."""
    defcoop.load("contracts", data=mini_build)
    defcoop.query("records_by_sources", data=mini_build)
    names = defcoop.tables(mini_build)
    assert callable(defcoop.tables) and names[0] == "sources" and "actor_country" in names


def test_load_names_views(mini_build: Path) -> None:
    with pytest.raises(KeyError, match="is a view, not a table") as exc:
        defcoop.load("contested_fields", data=mini_build)
    assert "contract_overview" in str(exc.value)
    assert defcoop.load("contracts", data=mini_build).num_rows == 1


def test_connect_is_sandboxed(mini_build: Path, tmp_path: Path) -> None:
    import duckdb

    con = defcoop.connect(mini_build)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(f"COPY actors TO '{tmp_path / 'x.csv'}'")
    finally:
        con.close()
    assert not (tmp_path / "x.csv").exists()
