"""The models are the one source of truth: every table, column and code is described and exported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO
from defcoop.schema import codes
from defcoop.export.docs import generated_files
from defcoop.schema.derive import specs

TABLES = list(specs())


def test_design_tables_exist() -> None:
    assert set(TABLES) >= {
        "records", "sources", "actors", "positions", "events", "event_participants", "agreements",
        "agreement_parties", "agreement_domains", "weapon_systems", "contracts", "deliveries", "integrations",
        "statements", "statement_actors", "statement_subjects", "milestones", "record_sources", "claims"}


@pytest.mark.parametrize("table", TABLES)
def test_every_column_is_described_and_exports(table: str) -> None:
    spec = specs()[table]
    assert spec.grain.startswith("One row per")
    assert spec.columns[0].name == spec.primary_key[0]
    for c in spec.columns:
        assert len(c.description) > 10, (table, c.name)
    assert spec.arrow().names == spec.column_names
    assert spec.frictionless()["primaryKey"] == list(spec.primary_key)
    assert spec.duckdb_ddl()[0].startswith(f"CREATE TABLE {table} (")


def test_contract_columns_match_design() -> None:
    names = specs()["contracts"].column_names
    design = ["contract_id", "contract_type", "parent_contract_id", "buyer_actor_id", "supplier_actor_id",
              "end_user_actor_id", "system_id", "quantity", "value_amount", "value_currency", "value_type", "value_usd",
              "signed_date", "signed_date_precision", "status", "agreement_id", "event_id", "offset_terms", "summary"]
    assert [n for n in names if n in design] == design  # every DESIGN column, in DESIGN's order
    assert names.index("signed_date_end") == names.index("signed_date") + 1


def test_every_code_has_a_definition() -> None:
    for cl in codes.CodeList.__subclasses__():
        for member in cl:
            assert len(member.definition) > 10, (cl.__name__, member.value)


def test_sipri_categories_and_stances() -> None:
    assert [m.value for m in codes.Category] == [
        "aircraft", "air_defence_systems", "anti_submarine_warfare", "armoured_vehicles", "artillery", "engines",
        "missiles", "naval_weapons", "satellites", "sensors", "ships", "other"]
    assert "condemn" in {m.value for m in codes.Stance}


def test_committed_schemas_and_codebook_are_fresh() -> None:
    for rel, text in generated_files().items():
        assert (REPO / rel).read_text("utf-8") == text, f"{rel} is stale: run `defcoop schema`"


def test_import_defcoop_is_light() -> None:
    code = ("import sys, defcoop; heavy = {'duckdb', 'pyarrow', 'frictionless', 'pydantic'} & set(sys.modules); "
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO, env={"PYTHONPATH": str(REPO / "src")})
    assert out.stdout.strip() == "[]"


def test_citation_carries_the_package_version() -> None:
    """Regression: CITATION.cff still said 0.1.0 after the bump (one version, from pyproject.toml)."""
    import tomllib

    version = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert f"version: {version}\n" in (REPO / "CITATION.cff").read_text("utf-8")
