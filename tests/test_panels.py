"""Research surfaces: panels, money in one currency, and "as publicly known on date D".

Counts are recomputed here from the base tables with independent SQL and compared with the
published panels; fixed facts (a rate, a date known then) are asserted as values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import defcoop
from defcoop.catalog import QueryError
from defcoop.tabulate import money, panels


def sql(build: Path, text: str, params=None):
    con = defcoop.connect(build)
    try:
        return con.execute(text, params or []).fetchall()
    finally:
        con.close()


def test_dyad_year_count_matches_the_base_tables(real_build: Path) -> None:
    for year in (2022, 2024, 2025):
        (expected,) = sql(real_build, """
            SELECT count(DISTINCT g.agreement_id) FROM agreements g
            WHERE year(g.signed_date) = ? AND g.status IN ('signed', 'in_force', 'expired', 'terminated')
              AND EXISTS (SELECT 1 FROM agreement_parties p JOIN actor_country a USING (actor_id)
                          WHERE p.agreement_id = g.agreement_id AND p.role = 'party' AND a.country_iso3 = 'KOR')
              AND EXISTS (SELECT 1 FROM agreement_parties p JOIN actor_country a USING (actor_id)
                          WHERE p.agreement_id = g.agreement_id AND p.role = 'party' AND a.country_iso3 = 'MYS')
            """, [year])[0]
        got = sql(real_build, "SELECT agreements_signed, ccode1, ccode2, gwcode1 FROM dyad_years "
                              "WHERE iso3_1 = 'KOR' AND iso3_2 = 'MYS' AND year = ?", [year])
        assert got == [(expected, 732, 820, 732)], year
    assert expected >= 1  # 2025: the defence-industry MoU at least


def test_directed_count_matches_the_base_tables(real_build: Path) -> None:
    (expected,) = sql(real_build, """
        SELECT count(*), sum(c.quantity) FROM contracts c
        JOIN actor_country s ON s.actor_id = c.supplier_actor_id
        JOIN actor_country r ON r.actor_id = coalesce(c.end_user_actor_id, c.buyer_actor_id)
        WHERE c.counts_as_order AND s.country_iso3 = 'KOR' AND r.country_iso3 = 'POL' AND year(c.signed_date) = 2022
          AND (c.value_usd_nominal >= 50000000 OR c.quantity >= 10
               OR (c.value_usd_nominal IS NULL AND c.quantity IS NULL))""")
    got = sql(real_build, "SELECT contracts_signed, units_ordered FROM directed_dyad_years "
                          "WHERE iso3_1 = 'KOR' AND iso3_2 = 'POL' AND year = 2022")
    assert got == [expected] and expected[0] >= 5


def test_outside_coverage_is_null_not_zero(real_build: Path) -> None:
    # KOR-MYS agreements are declared from 2019: 2018 is in the spine (KOR -> any contracts) but not covered
    row = sql(real_build, "SELECT in_coverage, covered_agreements, agreements_signed, statements, contracts_signed "
                          "FROM dyad_years WHERE iso3_1 = 'KOR' AND iso3_2 = 'MYS' AND year = 2018")
    assert row == [(True, False, None, None, None)]
    # contracts either way: only KOR -> MYS is declared, so the undirected count stays NULL
    assert sql(real_build, "SELECT contracts_signed FROM dyad_years WHERE iso3_1 = 'KOR' AND iso3_2 = 'MYS' "
                           "AND year = 2023") == [(None,)]
    # the directed panel has the real count, 1 (the FA-50M), and a real 0 the year after
    assert sql(real_build, "SELECT year, contracts_signed FROM directed_dyad_years WHERE iso3_1 = 'KOR' "
                           "AND iso3_2 = 'MYS' AND year IN (2023, 2024) ORDER BY year") == [(2023, 1), (2024, 0)]
    # a pair no declaration reaches has no row at all
    assert sql(real_build, "SELECT count(*) FROM dyad_years WHERE iso3_1 = 'MYS' AND iso3_2 = 'POL'") == [(0,)]


def test_panel_columns_fit_stata_and_keys_are_ordered(real_build: Path) -> None:
    table = defcoop.panel("dyad_years", real_build)
    assert all(len(c) <= 32 for c in table.column_names)
    assert {"agreements_signed_mou", "agreements_signed_in_principle", "statements_condemn"} <= set(table.column_names)
    assert all(a < b for a, b in zip(table.column("ccode1").to_pylist(), table.column("ccode2").to_pylist()))
    assert defcoop.panel("directed_dyad_years", real_build).num_rows > 0
    with pytest.raises(KeyError):
        defcoop.panel("contracts", real_build)


def test_a_conversion_at_a_known_rate(real_build: Path) -> None:
    """EUR 146 m on 2 March 2017 at the ECB's 1.0514 USD per EUR of that day."""
    assert money.usd_rate("EUR", dt.date(2017, 3, 2), dt.date(2017, 3, 2)) == (1.0514, dt.date(2017, 3, 2))
    row = money.convert({"value_usd": None, "value_amount": 146_000_000, "value_currency": "EUR",
                         "signed_date": dt.date(2017, 3, 2), "signed_date_end": dt.date(2017, 3, 2),
                         "signed_date_precision": "day"})
    assert row == {"value_usd_nominal": 153_504_400, "value_usd_method": "ecb_reference_rate", "fx_rate": 1.0514,
                   "fx_date": dt.date(2017, 3, 2)}
    # a Sunday signing takes the Friday before; a month takes its last rate day
    assert money.usd_rate("KRW", dt.date(2022, 1, 9), dt.date(2022, 1, 16))[1] == dt.date(2022, 1, 14)
    assert money.usd_rate("AUD", dt.date(2023, 12, 1), dt.date(2023, 12, 31))[1] == dt.date(2023, 12, 29)
    # no rate: a currency the ECB does not publish, MYR before April 2005
    assert money.usd_rate("EGP", dt.date(2022, 2, 1), dt.date(2022, 2, 1)) is None
    assert money.usd_rate("MYR", dt.date(2004, 1, 1), dt.date(2004, 12, 31)) is None
    methods = dict(sql(real_build, "SELECT value_usd_method, count(*) FROM contracts WHERE value_amount IS NOT NULL "
                                   "GROUP BY ALL"))
    assert set(methods) <= {"source", "ecb_reference_rate", "no_rate"} and methods["ecb_reference_rate"] >= 10
    # the amount as reported is never overwritten
    assert sql(real_build, "SELECT count(*) FROM contracts WHERE value_usd IS NOT NULL AND value_usd_nominal <> value_usd"
               ) == [(0,)]


def test_as_known_on(real_build: Path) -> None:
    """The FA-50M signing date: on 1 March 2023 outlets reported the letter of acceptance day;
    by July 2023 it was the contract's, 23 May 2023."""
    def known(day: str) -> str:
        rows = defcoop.as_known_on(day, "mys-kai-fa-50m-2023", data=real_build).to_pylist()
        return next(r["value"] for r in rows if r["field"] == "signed_date")

    assert known("2023-03-01") == "2023-02-24"
    assert known("2023-07-01") == "2023-05-23"
    assert defcoop.as_known_on("2000-01-01", "mys-kai-fa-50m-2023", data=real_build).num_rows == 0
    with pytest.raises(QueryError):
        defcoop.as_known_on("2023-02-30", data=real_build)


def test_panel_exclusions_list_undated_items(real_build: Path) -> None:
    got = defcoop.query("panel_exclusions", data=real_build).to_pylist()
    assert got and all(r["reason"] and r["source_file"].startswith("datapackage/records/") for r in got)
    undated = {r["record_id"] for r in got if "has no date" in r["reason"]}
    for table, pk, column in (("deliveries", "delivery_id", "delivery_date"),):
        rows = sql(real_build, f"SELECT {pk} FROM {table} WHERE {column} IS NULL AND delivery_kind = 'actual'")
        assert {r[0] for r in rows} <= undated


def test_declaration_thresholds() -> None:
    d = panels.Declaration("KOR", None, True, "contracts", 2016, 2025, 50_000_000, 10)
    big = {"value_usd_nominal": 60_000_000, "quantity": 1}
    assert d.admits(big, "missiles") and d.covers("KOR", "POL", 2020) and not d.covers("POL", "KOR", 2020)
    assert d.admits({"value_usd_nominal": None, "quantity": 12}, "artillery")
    assert not d.admits({"value_usd_nominal": None, "quantity": 500}, "missiles")  # munitions by value only
    assert not d.admits({"value_usd_nominal": 10_000_000, "quantity": 2}, "aircraft")
    assert not d.covers("KOR", "POL", 2015)


def test_agreements_in_force_matches_the_base_tables(real_build: Path) -> None:
    """Joint statements and agreements in principle are declarations: never counted as in force."""
    (expected,) = sql(real_build, """
        SELECT count(DISTINCT g.agreement_id) FROM agreements g
        WHERE g.status IN ('signed', 'in_force', 'expired', 'terminated')
          AND g.agreement_type NOT IN ('joint_statement', 'agreement_in_principle')
          AND coalesce(g.in_force_date, g.signed_date) <= DATE '2025-12-31'
          AND (g.end_date_end IS NULL OR g.end_date_end >= DATE '2025-01-01')
          AND NOT (g.status IN ('expired', 'terminated') AND g.end_date IS NULL)
          AND EXISTS (SELECT 1 FROM agreement_parties p JOIN actor_country a USING (actor_id)
                      WHERE p.agreement_id = g.agreement_id AND p.role = 'party' AND a.country_iso3 = 'KOR')
          AND EXISTS (SELECT 1 FROM agreement_parties p JOIN actor_country a USING (actor_id)
                      WHERE p.agreement_id = g.agreement_id AND p.role = 'party' AND a.country_iso3 = 'MYS')""")[0]
    got = sql(real_build, "SELECT agreements_in_force FROM dyad_years WHERE iso3_1 = 'KOR' AND iso3_2 = 'MYS' "
                          "AND year = 2025")
    assert got == [(expected,)] and expected >= 5
