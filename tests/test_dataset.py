"""Dataset-level guarantees on the real records: a lost file fails, scope minimums hold."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO
from defcoop.validate import validate


def copy_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "datapackage", root / "datapackage")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_a_lost_file_fails_validation(tmp_path: Path) -> None:
    root = copy_repo(tmp_path)
    (root / "datapackage" / "records" / "contracts" / "tha-kai-t-50th-2015.yaml").unlink()
    problems = validate(root).problems
    codes = {p.code for p in problems}
    assert "min-records" in codes
    assert any(p.code == "unresolved-reference" and "tha-kai-t-50th-2015" in p.message for p in problems)


def test_scope_minimums(real_build: Path) -> None:
    import duckdb

    con = duckdb.connect(str(real_build / "defcoop.duckdb"), read_only=True)
    count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    assert count("SELECT count(*) FROM contracts") >= 30
    assert count("SELECT count(*) FROM agreements") >= 20
    assert count("SELECT count(*) FROM statements") >= 40
    assert count("SELECT count(*) FROM weapon_systems") >= 25
    assert count("SELECT count(*) FROM integrations") >= 15
    assert count("SELECT count(DISTINCT source_id) FROM (SELECT source_id FROM record_sources UNION ALL "
                 "SELECT source_id FROM claims UNION ALL SELECT source_id FROM milestones)") >= 120
    assert count("SELECT count(*) FROM (SELECT table_name, record_id, field FROM claims GROUP BY ALL "
                 "HAVING count(DISTINCT value) > 1)") >= 40
    # DSCA approvals are statements, never contracts
    assert count("SELECT count(*) FROM contracts WHERE contract_id ILIKE '%dsca%'") == 0
    assert count("SELECT count(*) FROM statements WHERE statement_id LIKE 'dsca-%'") >= 2


def test_every_record_is_cited_and_states_have_cow_codes(real_build: Path) -> None:
    import duckdb

    con = duckdb.connect(str(real_build / "defcoop.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM records WHERE n_sources = 0").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM actors WHERE actor_type = 'state' AND cow_code IS NULL").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM contracts WHERE system_id IS NULL").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM contracts WHERE status IN ('signed', 'in_production', 'delivering', "
                       "'delivered') AND signed_date IS NULL").fetchone() == (0,)
