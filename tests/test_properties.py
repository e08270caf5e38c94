"""Property tests: valid records survive the whole pipeline; a mutated file never crashes the validator."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from defcoop.publish.build import build
from defcoop.schema.fields import FORMULA_START, HIDDEN
from defcoop.validate import validate

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))

text = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs", "S", "M")), min_size=1, max_size=40) \
    .map(lambda s: unicodedata.normalize("NFC", s).strip()).filter(bool) \
    .filter(lambda s: s[0] not in FORMULA_START and not HIDDEN.search(s))  # valid text: no formula, nothing invisible
slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
partial_date = st.one_of(
    st.dates(min_value=__import__("datetime").date(1950, 1, 1), max_value=__import__("datetime").date(2030, 12, 31))
    .map(lambda d: d.isoformat()),
    st.tuples(st.integers(1950, 2030), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.tuples(st.integers(1950, 2030), st.integers(1, 4)).map(lambda t: f"{t[0]}-Q{t[1]}"),
    st.integers(1950, 2030).map(str),
)
amount = st.integers(0, 10**13)
currency = st.sampled_from(["USD", "KRW", "MYR", "PLN", "PHP", "EUR"])


@st.composite
def contract(draw):
    cid = "gen-" + draw(slug)
    value, cur = draw(amount), draw(currency)
    record = {
        "contract_id": cid, "contract_type": "contract", "buyer_actor_id": "mys", "supplier_actor_id": "maker",
        "system_id": "jet", "quantity": draw(st.integers(0, 10**6)), "value_amount": value,
        "value_currency": cur, "signed_date": draw(partial_date), "status": "signed",
        "summary": draw(text), "offset_terms": draw(text),
        "sources": [{"source_id": "wire-a", "locator": draw(text)}],
        "claims": [{"field": "value_amount", "value": f"{value} {cur}", "source_id": "wire-a", "rank": "preferred",
                    "note": draw(text)}],
    }
    actor = {"actor_id": "gen-actor", "actor_type": "person", "name": draw(text), "name_native": draw(text),
             "sources": [{"source_id": "paper-b"}]}
    return record, actor


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(contract())
def test_generated_records_round_trip_quick(tmp_path_factory, generated) -> None:
    _round_trip(tmp_path_factory, generated)


@pytest.mark.slow
@SETTINGS
@given(contract())
def test_generated_records_round_trip(tmp_path_factory, generated) -> None:
    _round_trip(tmp_path_factory, generated)


def _round_trip(tmp_path_factory, generated) -> None:
    import duckdb
    import pyarrow.parquet as pq

    record, actor = generated
    root = tmp_path_factory.mktemp("prop") / "pkg"
    shutil.copytree(MINI, root)
    base = root / "datapackage" / "records"
    (base / "contracts" / f"{record['contract_id']}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True),
                                                                     "utf-8")
    (base / "actors" / "gen-actor.yaml").write_text(yaml.safe_dump(actor, allow_unicode=True), "utf-8")
    snap = build(root, root / "build").path
    rows = {r["contract_id"]: r for r in pq.read_table(snap / "parquet" / "contracts.parquet").to_pylist()}
    got = rows[record["contract_id"]]
    for key in ("quantity", "summary", "offset_terms", "value_currency"):
        assert got[key] == record[key], key
    assert got["value_amount"] == float(record["value_amount"])
    from defcoop.schema.dates import PartialDate

    pd = PartialDate.parse(record["signed_date"])
    assert (got["signed_date"], got["signed_date_precision"]) == (pd.start, pd.precision)
    con = duckdb.connect(str(snap / "defcoop.duckdb"), read_only=True)
    name, native = con.execute("SELECT name, name_native FROM actors WHERE actor_id = 'gen-actor'").fetchone()
    assert (name, native) == (actor["name"], actor["name_native"])
    (claim,) = con.execute("SELECT value, note FROM claims WHERE record_id = ?", [record["contract_id"]]).fetchall()
    assert claim == (f"{record['value_amount']} {record['value_currency']}", record["claims"][0]["note"])


CONTRACT = MINI / "datapackage" / "records" / "contracts" / "mys-maker-jet-m-2023.yaml"


@st.composite
def mutation(draw):
    data = CONTRACT.read_bytes()
    kind = draw(st.sampled_from(["delete", "insert", "replace", "dupline", "swaplines", "truncate"]))
    i = draw(st.integers(0, len(data) - 1))
    if kind == "delete":
        return data[:i] + data[i + 1:]
    if kind == "insert":
        return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i:]
    if kind == "replace":
        return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    if kind == "truncate":
        return data[:i]
    lines = data.split(b"\n")
    j, k = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    if kind == "dupline":
        lines.insert(j, lines[k])
    else:
        lines[j], lines[k] = lines[k], lines[j]
    return b"\n".join(lines)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutation())
def test_mutated_file_never_crashes_validator_quick(tmp_path_factory, data: bytes) -> None:
    _never_crashes(tmp_path_factory, data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutation())
def test_mutated_file_never_crashes_validator(tmp_path_factory, data: bytes) -> None:
    _never_crashes(tmp_path_factory, data)


def _never_crashes(tmp_path_factory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("mut") / "pkg"
    shutil.copytree(MINI, root)
    (root / "datapackage" / "records" / "contracts" / CONTRACT.name).write_bytes(data)
    result = validate(root)
    for p in result.problems:
        assert p.path and p.line >= 1 and p.col >= 1, str(p)
        assert str(p).endswith(f"[{p.code}]")
