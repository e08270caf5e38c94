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


def test_values_fixed_by_the_fact_check_and_coding_review(real_build: Path) -> None:
    """Regression: values corrected by the fact-check (review/fact-check) and the coding review (review/coding)."""
    import duckdb

    con = duckdb.connect(str(real_build / "defcoop.duckdb"), read_only=True)
    one = lambda sql: con.execute(sql).fetchone()  # noqa: E731
    # fact-check row 41: the PhantomStrike status date was guessed; sourced to Feb 2025
    assert one("SELECT CAST(status_date AS VARCHAR), status_date_precision FROM integrations "
               "WHERE integration_id = 'fa-50m-phantomstrike-mys'") == ("2025-02-01", "month")
    # row 42: Poland's AIM-9X integration is contracted work, not just approved
    assert one("SELECT status FROM integrations WHERE integration_id = 'fa-50pl-aim-9x-pol'") == ("in_progress",)
    # row 53: the AMRAAM C-8 maker is now cited from a page that names Raytheon
    assert one("SELECT count(*) FROM record_sources WHERE record_id = 'aim-120c-8' "
               "AND source_id = 'aeroflap-belgium-amraam'") == (1,)
    # follow-up: KRI Ardadedali handed over at Okpo on 25 Apr 2018, reached Surabaya 17 May 2018
    assert one("SELECT CAST(delivery_date AS VARCHAR) FROM deliveries "
               "WHERE delivery_id = 'idn-dsme-nagapasa-class-2011-lot-2-actual'") == ("2018-04-25",)
    assert one("SELECT count(*) FROM milestones WHERE record_id = 'idn-dsme-nagapasa-class-2011' "
               "AND milestone_date = DATE '2018-05-17'") == (1,)
    # coding review: resolved stances and targets
    stances = dict(con.execute("SELECT statement_id, stance FROM statements WHERE statement_id IN ("
                               "'kai-2025-09-26-radar-choice', 'pol-mon-2024-fa-50-audit', "
                               "'pol-mon-2024-10-02-us-missile-commitment', "
                               "'kor-mys-joint-statement-2024-asean-apec-chairs-cooperation')").fetchall())
    assert stances == {"kai-2025-09-26-radar-choice": "deny", "pol-mon-2024-fa-50-audit": "announce",
                       "pol-mon-2024-10-02-us-missile-commitment": "request",
                       "kor-mys-joint-statement-2024-asean-apec-chairs-cooperation": "commit"}
    assert one("SELECT topic FROM statements WHERE statement_id = "
               "'anwar-official-visit-kor-2024-11-dprk-provocations-condemnation'") == ("regional_security",)
    assert one("SELECT count(*) FROM statement_actors WHERE statement_id = 'kor-mys-joint-statement-2024-dprk-cvid' "
               "AND actor_id = 'prk' AND role IN ('target', 'addressee')") == (2,)
