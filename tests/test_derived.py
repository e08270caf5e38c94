"""Derived facts: each defined once in Python (defcoop.tabulate.derived), published, read by SQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import REPO
from defcoop import api
from defcoop.schema.models import Claim
from defcoop.tabulate import derived
from defcoop.tabulate.states import iso3_of, state_codes


def one(build: Path, sql: str):
    con = api.connect(build)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- merge keys

def test_state_codes_come_from_the_lists_not_coco() -> None:
    codes = state_codes(REPO / "datapackage" / "reference")
    # (COW, GW) for states whose codes are easy to get wrong
    assert codes["KOR"] == (732, 732) and codes["PRK"] == (731, 731) and codes["MYS"] == (820, 820)
    assert codes["DEU"] == (255, 260)  # GW continues the Federal Republic; COW re-enters Germany as 255
    assert codes["SRB"] == (345, 340)
    assert codes["RUS"] == (365, 365) and codes["USA"] == (2, 2)


@pytest.mark.parametrize("iso3,coco_gw,list_gw", [("VNM", 817, 816), ("YEM", 680, 678), ("CZE", 315, 316)])
def test_known_differences_between_coco_and_the_gw_list(iso3: str, coco_gw: int, list_gw: int) -> None:
    """country_converter's GWcode column names a predecessor state for these; the list is right."""
    import csv
    import importlib.util

    folder = Path(importlib.util.find_spec("country_converter").submodule_search_locations[0])
    with open(folder / "country_data.tsv", encoding="utf-8") as fh:
        coco = {r["ISO3"]: r["GWcode"] for r in csv.DictReader(fh, delimiter="\t")}
    assert int(coco[iso3]) == coco_gw
    assert state_codes(REPO / "datapackage" / "reference")[iso3][1] == list_gw


def test_coco_regexes_link_names_of_both_lists() -> None:
    assert iso3_of("South Korea") == ["KOR"] and iso3_of("Korea, Republic of") == ["KOR"]
    assert iso3_of("Korea, People's Republic of") == ["PRK"]


def test_every_actor_has_its_state(real_build: Path) -> None:
    """Regression: actor_country's cow_code was NULL for all persons and companies."""
    got = dict((a, (iso, cow, gw)) for a, iso, cow, gw in one(
        real_build, "SELECT actor_id, country_iso3, cow_code, gw_code FROM actor_country"))
    assert got["kai"] == ("KOR", 732, 732)
    assert got["anwar-ibrahim"] == ("MYS", 820, 820)
    assert got["mys-rmaf"] == ("MYS", 820, 820)  # through its parent
    assert got["asean"] == (None, None, None)  # an IGO has no state
    assert one(real_build, "SELECT count(*) FROM actor_country ac JOIN actors a USING (actor_id) "
                           "WHERE a.actor_type IN ('person', 'company') AND ac.cow_code IS NULL") == [(0,)]
    assert one(real_build, "SELECT count(*) FROM actors WHERE actor_type = 'state' AND cow_code IS NULL") == [(0,)]


# ---------------------------------------------------------------- orders and deliveries

def test_counts_as_order_on_real_contracts(real_build: Path) -> None:
    got = dict(one(real_build, "SELECT contract_id, counts_as_order FROM contracts"))
    assert got["mys-kai-fa-50m-2023"] is True
    assert got["mys-kai-fa-50m-phase-2"] is False  # planned
    assert got["pol-kai-fa-50-framework-2022"] is False  # its executive contracts are signed
    assert got["pol-kai-fa-50gf-2022"] is True and got["pol-kai-fa-50pl-2022"] is True
    assert got["pol-kai-fa-50pl-annex-2026"] is False  # an amendment


def test_counts_as_order_rule() -> None:
    base = {"contract_type": "contract", "signed_date": dt.date(2020, 1, 1), "status": "signed", "quantity": 4}
    assert derived.counts_as_order({**base, "contract_type": "option"}, [])
    assert derived.counts_as_order({**base, "contract_type": "donation"}, [])
    assert not derived.counts_as_order({**base, "contract_type": "technology_transfer"}, [])
    assert not derived.counts_as_order({**base, "status": "negotiating"}, [])
    assert not derived.counts_as_order({**base, "signed_date": None, "status": "planned"}, [])
    framework = {**base, "contract_type": "framework"}
    assert derived.counts_as_order(framework, [{**base, "status": "planned", "signed_date": None}])
    assert not derived.counts_as_order(framework, [base])
    assert derived.counts_as_order(framework, [{**base, "quantity": None}])  # a child without quantity


def test_delivered_units() -> None:
    contract = {"status": "delivered", "quantity": 12}
    lots = [{"delivery_kind": "actual", "quantity": 5}, {"delivery_kind": "planned", "quantity": 7},
            {"delivery_kind": "actual", "quantity": None}]
    assert derived.delivered_units(contract, lots) == (5, 7)
    assert derived.delivered_units({"status": "signed", "quantity": 12}, lots) == (5, None)


# ---------------------------------------------------------------- contested

class FakeSources(derived.SourceIndex):
    def __init__(self, publishers: dict[str, str], published: dict[str, str] | None = None,
                 derived_from: dict[str, str] | None = None):
        rows = []
        for sid, pub in publishers.items():
            p = derived.period((published or {}).get(sid, "2024-01-01"))
            rows.append({"source_id": sid, "publisher": pub, "derived_from_source_id": (derived_from or {}).get(sid),
                         "published_date": p.start, "published_date_end": p.end, "published_date_precision": p.precision})
        super().__init__(rows)


class Rec:
    def __init__(self, *claims: Claim, delivery_kind: str = "actual"):
        self.claims, self.delivery_kind = list(claims), delivery_kind


def c(field: str, value: str, source: str, **kw) -> Claim:
    return Claim(field=field, value=value, source_id=source, rank=kw.pop("rank", "normal"), **kw)


SOURCES = FakeSources({"a": "Yonhap", "b": "Bernama", "a2": "yonhap ", "copy": "Malay Mail"},
                      {"a": "2023-05-23", "b": "2024-03-19", "copy": "2024-03-20"}, {"copy": "b"})


@pytest.mark.parametrize("claims,contested", [
    ((c("value_amount", "4000000000 MYR", "a", qualifier="approximate"), c("value_amount", "3800000000 MYR", "b")), False),
    ((c("value_amount", "4500000000 MYR", "a"), c("value_amount", "3800000000 MYR", "b")), True),
    ((c("value_amount", "4080000000 MYR", "a", qualifier="converted"), c("value_amount", "3800000000 MYR", "b")), False),
    ((c("value_amount", "920000000 USD", "a"), c("value_amount", "1200000000000 KRW", "b")), False),
    ((c("signed_date", "2019-11", "a"), c("signed_date", "2019-11-28", "b")), False),
    ((c("signed_date", "2026-Q3", "a"), c("signed_date", "2026-10", "b")), True),
    ((c("signed_date", "2026-Q3", "a"), c("signed_date", "2026-10", "a2")), False),  # one publisher
    ((c("signed_date", "2026-Q3", "b"), c("signed_date", "2026-10", "copy")), False),  # a copy of b
    ((c("signed_date", "2026-Q3", "a"), c("signed_date", "2026-10", "b", rank="deprecated")), False),
    ((c("summary", "one", "a"), c("summary", "two", "b")), False),  # prose
    ((c("quantity", "18", "a", as_at="2023"), c("quantity", "16", "b", as_at="2024-03")), False),  # history
    ((c("quantity", "18", "a", as_at="2024"), c("quantity", "16", "b", as_at="2024-03")), True),
    ((c("quantity", "18", "a"), c("quantity", "16", "b", as_at="2022")), False),  # a dated plan vs the value
    ((c("system_id", "aim-9", "a"), c("system_id", "aim-9l", "b")), False),  # a system contains its variant
    ((c("system_id", "aim-9x", "a"), c("system_id", "aim-9l", "b")), True),  # siblings are rivals
    ((c("value_amount", "3800000000 MYR", "a"), c("value_amount", "3840000000 MYR", "b")), False),  # a rounding
    ((c("value_amount", "6500000000 USD", "a"), c("value_amount", "6700000000 USD", "b")), True),
    ((c("value_amount", "1070000000 USD", "a"), c("value_amount", "1120000000 USD", "b")), True),
    ((c("quantity", "20", "a"), c("quantity", "24", "b")), True),  # counts are not rounded
])
def test_contested_rule(claims, contested: bool) -> None:
    family = derived.system_ancestors([{"system_id": "aim-9", "variant_of_system_id": None},
                                       {"system_id": "aim-9l", "variant_of_system_id": "aim-9"},
                                       {"system_id": "aim-9x", "variant_of_system_id": "aim-9"}])
    assert bool(derived.contested_fields("contracts", Rec(*claims), SOURCES, family)) is contested


def test_a_status_from_an_undated_source_has_an_unknown_moment() -> None:
    """Regression: two undated sources' statuses were compared as if they described one moment."""
    undated = FakeSources({"x": "Outlet X", "y": "Outlet Y"})
    undated._rows["x"]["published_date"] = undated._rows["y"]["published_date"] = None
    rec = Rec(c("status", "proposed", "x"), c("status", "cancelled", "y"))
    assert derived.contested_fields("integrations", rec, undated) == set()


def test_a_plan_is_dated_by_its_source_by_default() -> None:
    """A planned lot's date claims without as_at describe their sources' publication dates."""
    rec = Rec(c("delivery_date", "2026-10", "a"), c("delivery_date", "2027", "b"), delivery_kind="planned")
    assert derived.contested_fields("deliveries", rec, SOURCES) == set()
    rec.delivery_kind = "actual"
    assert derived.contested_fields("deliveries", rec, SOURCES) == {"delivery_date"}


def test_independent_sources_count_publishers_of_originals(real_build: Path) -> None:
    for n_sources, n_independent in one(real_build, "SELECT n_sources, n_independent_sources FROM records"):
        assert 1 <= n_independent <= n_sources


# ---------------------------------------------------------------- views and their documentation

def test_views_read_python_computed_columns() -> None:
    from defcoop.catalog import all_views

    views = all_views(REPO / "queries")
    assert set(views) >= {"contested_fields", "contract_overview"}
    assert "field_contested" in views["contested_fields"].sql
    for view in views.values():  # no view re-derives a period or a state
        assert "make_date" not in view.sql and "parent_actor_id" not in view.sql


def test_every_view_and_derived_column_is_described(real_build: Path) -> None:
    from defcoop.catalog import all_views
    from defcoop.schema.derive import specs

    for name, view in all_views(REPO / "queries").items():
        cols = [r[0] for r in one(real_build, f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{name}' "
                                              "ORDER BY column_index")]
        assert [c for c, _ in view.columns] == cols, name
        assert all(len(d) > 10 for _, d in view.columns), name
    for spec in specs().values():
        for col in spec.columns:
            assert len(col.description) > 10, (spec.name, col.name)


def test_a_derived_from_cycle_never_makes_copies_independent() -> None:
    """Regression: with a -> b -> a, the walk stopped at different records, so a and b had two 'voices'."""
    from defcoop.tabulate.derived import SourceIndex

    rows = [{"source_id": "a", "publisher": "Wire", "derived_from_source_id": "b"},
            {"source_id": "b", "publisher": "Mirror", "derived_from_source_id": "c"},
            {"source_id": "c", "publisher": "Paper", "derived_from_source_id": "a"},
            {"source_id": "d", "publisher": "Other", "derived_from_source_id": "a"}]
    index = SourceIndex(rows)
    assert {index.root(s) for s in "abcd"} == {"a"}
    assert not index.independent("a", "b") and not index.independent("c", "d")
