"""Every error code, each from a small invalid input, located at file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write
from defcoop.curate.problems import CATALOGUE
from defcoop.validate import validate

CONTRACT = "contracts/mys-maker-jet-m-2023.yaml"


def only(root: Path):
    problems = validate(root).problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "datapackage" / "records" / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


STATEMENT = "statements/kor-mys-mou-2022-trust.yaml"

# (code, rel path, content written or (old, new) replacement, line, col, record id, field)
CASES = [
    ("encoding", "actors/x.yaml", b"\xef\xbb\xbfactor_id: x\n", 1, 1, "", ""),
    ("encoding", "actors/x.yaml", b"actor_id: x\nname: \xff\n", 2, 7, "", ""),
    ("yaml-syntax", "actors/x.yaml", "actor_id: x\nname: [unclosed\n", 3, 1, "", ""),
    ("yaml-syntax", "actors/x.yaml", b"actor_id: x\nname: a\x00b\n", 2, 8, "", ""),
    ("yaml-tab", "actors/x.yaml", "actor_id: x\nname:\tX\n", 2, 6, "", ""),
    ("yaml-duplicate-key", "actors/x.yaml", "actor_id: x\nname: A\nname: B\n", 3, 1, "", ""),
    ("yaml-anchor", "actors/x.yaml", "actor_id: &a x\nname: *a\n", 1, 11, "", ""),
    ("yaml-anchor", "actors/x.yaml", "actor_id: x\n<<: {name: A}\n", 2, 1, "", ""),
    ("yaml-tag", "actors/x.yaml", "actor_id: x\nname: !!binary aGk=\n", 2, 7, "", ""),
    ("yaml-too-deep", "actors/x.yaml", "actor_id: x\nnotes: " + "[" * 30 + "]" * 30 + "\n", 2, 27, "", ""),
    ("not-a-mapping", "actors/x.yaml", "- actor_id: x\n", 1, 1, "x", ""),
    ("empty-file", "actors/x.yaml", "\n\n", 1, 1, "", ""),
    ("empty-file", "actors/x.yaml", "# only a comment\n", 1, 1, "", ""),
    ("unknown-table", "treaties/x.yaml", "id: x\n", 1, 1, "", ""),
    ("bad-filename", "actors/Bad Name.yaml", "actor_id: x\n", 1, 1, "", ""),
    ("bad-filename", "actors/x.yml", "actor_id: x\n", 1, 1, "", ""),
    ("id-mismatch", "actors/x.yaml", "actor_id: y\nactor_type: person\nname: Y\nsources: [{source_id: wire-a}]\n",
     1, 11, "y", "actor_id"),
    ("missing-field", "actors/x.yaml", "actor_id: x\nactor_type: person\nsources: [{source_id: wire-a}]\n",
     1, 1, "x", "name"),
    ("unknown-field", "actors/x.yaml", "actor_id: x\nactor_type: person\nname: X\nnmae: Y\n"
     "sources: [{source_id: wire-a}]\n", 4, 7, "x", "nmae"),
    ("type-error", "actors/x.yaml", "actor_id: x\nactor_type: person\nname: X\nsources: wire-a\n", 4, 10, "x",
     "sources"),
    ("bad-id", "actors/x.yaml", "actor_id: x\nactor_type: person\nname: X\nparent_actor_id: ../kor\n"
     "sources: [{source_id: wire-a}]\n", 4, 18, "x", "parent_actor_id"),
    ("code-list", "actors/x.yaml", "actor_id: x\nactor_type: company\nname: X\ncountry_iso3: XXX\n"
     "sources: [{source_id: wire-a}]\n", 4, 15, "x", "country_iso3"),
    ("code-list", CONTRACT, ("value_currency: USD", "value_currency: RM"), 8, 17, "mys-maker-jet-m-2023",
     "value_currency"),
    ("date-format", CONTRACT, ("signed_date: 2023-05-23", "signed_date: 2023-02-30"), 11, 14,
     "mys-maker-jet-m-2023", "signed_date"),
    ("date-format", CONTRACT, ("signed_date: 2023-05-23", "signed_date: 2026-Q5"), 11, 14,
     "mys-maker-jet-m-2023", "signed_date"),
    ("number-range", CONTRACT, ("value_amount: 920000000", "value_amount: NaN"), 7, 15,
     "mys-maker-jet-m-2023", "value_amount"),
    ("number-range", CONTRACT, ("value_amount: 920000000", "value_amount: 1e400"), 7, 15,
     "mys-maker-jet-m-2023", "value_amount"),
    ("number-range", CONTRACT, ("value_amount: 920000000", "value_amount: 920000000.5"), 7, 15,
     "mys-maker-jet-m-2023", "value_amount"),
    ("number-range", CONTRACT, ("quantity: 18", "quantity: \uff11\uff18"), 6, 11,
     "mys-maker-jet-m-2023", "quantity"),
    ("bad-value", "sources/x.yaml", "source_id: x\nurl: example.org\npublisher: P\nlanguage: en\n"
     "source_type: blog\n", 2, 6, "x", "url"),
    ("duplicate-id", "actors/more/kor.yaml", "actor_id: kor\nactor_type: state\nname: K\ncountry_iso3: KOR\n"
     "sources: [{source_id: wire-a}]\n", 1, 11, "kor", "actor_id"),
    ("derived-field", "actors/kor.yaml", ("country_iso3: KOR\n", "country_iso3: KOR\ncow_code: 732\n"), 5, 11,
     "kor", "cow_code"),
    ("unresolved-reference", CONTRACT, ("supplier_actor_id: maker", "supplier_actor_id: nobody"), 4, 20,
     "mys-maker-jet-m-2023", "supplier_actor_id"),
    ("unresolved-reference", "actors/x.yaml", "actor_id: x\nactor_type: person\nname: X\n"
     "sources: [{source_id: no-such-source}]\n", 4, 23, "x", "sources.0.source_id"),
    ("unsourced-record", "actors/x.yaml", "actor_id: x\nactor_type: person\nname: X\n", 1, 11, "x", "actor_id"),
    ("claim-field", CONTRACT, ("field: quantity,", "field: qty,"), 21, 13, "mys-maker-jet-m-2023",
     "claims.2.field"),
    ("claim-value", CONTRACT, ("value: 3800000000 MYR", "value: RM3.8 billion"), 20, 34, "mys-maker-jet-m-2023",
     "claims.1.value"),
    ("claim-conflict", CONTRACT, ('value: "18"', 'value: "16"'), 21, 30, "mys-maker-jet-m-2023",
     "claims.2.value"),
    ("date-order", "events/show-2023.yaml", ("end_date: 2023-05-27", "end_date: 2023-04"), 5, 11, "show-2023",
     "end_date"),
    ("self-reference", "weapon_systems/jet-m.yaml", ("variant_of_system_id: jet", "variant_of_system_id: jet-m"),
     5, 23, "jet-m", "variant_of_system_id"),
    ("consistency", CONTRACT, ("signed_date: 2023-05-23\n", ""), 11, 9, "mys-maker-jet-m-2023", "status"),
    ("consistency", "actors/kor.yaml", ("country_iso3: KOR\n", ""), 2, 13, "kor", "actor_type"),
    ("claim-value", CONTRACT, ('  - {field: quantity, value: "18", source_id: paper-b, rank: preferred}',
     '  - {field: quantity, value: "18", source_id: paper-b, rank: preferred}\n'
     '  - {field: supplier_actor_id, value: "a Korean maker", source_id: wire-a, rank: normal}'), 22, 39,
     "mys-maker-jet-m-2023", "claims.3.value"),
    ("hidden-character", "actors/x.yaml", 'actor_id: x\nactor_type: person\nname: "Ha\\u202Enwha"\n'
     "sources: [{source_id: wire-a}]\n", 3, 7, "x", "name"),
    ("hidden-character", "actors/x.yaml", 'actor_id: x\nactor_type: person\nname: X\nnotes: "ok\\u00ADhidden"\n'
     "sources: [{source_id: wire-a}]\n", 4, 8, "x", "notes"),
    ("hidden-character", "sources/x.yaml", 'source_id: x\nurl: "https://example.org/a\\u200Bb"\npublisher: P\n'
     "language: en\nsource_type: blog\n", 2, 6, "x", "url"),
    ("bad-value", "actors/x.yaml", "actor_id: x\nactor_type: person\nname: '=HYPERLINK(\"http://evil\")'\n"
     "sources: [{source_id: wire-a}]\n", 3, 7, "x", "name"),
    ("date-format", CONTRACT, ("signed_date: 2023-05-23", "signed_date: \uff12\uff10\uff12\uff13-05-23"), 11, 14,
     "mys-maker-jet-m-2023", "signed_date"),
    ("number-range", "published_totals/x.yaml", "total_id: x\nmetric: export_orders_usd\nexporter_iso3: KOR\n"
     "year_from: 2023\nyear_to: 2023\nvalue: \u0661\u0668.5\nunit: usd\nbasis: orders\nrank: preferred\n"
     "source_id: wire-a\n", 6, 8, "x", "value"),
    ("number-range", "published_totals/x.yaml", "total_id: x\nmetric: export_orders_usd\nexporter_iso3: KOR\n"
     "year_from: \uff12\uff10\uff12\uff13\nyear_to: 2023\nvalue: 18\nunit: usd\nbasis: orders\nrank: preferred\n"
     "source_id: wire-a\n", 4, 12, "x", "year_from"),
    ("claim-value", CONTRACT, ('value: "18"', 'value: "\u0661\u0668"'), 21, 30, "mys-maker-jet-m-2023",
     "claims.2.value"),
    ("confusable", "actors/x.yaml", "actor_id: x\nactor_type: company\nname: Maker Aer\u043espace\n"
     "sources: [{source_id: wire-a}]\n", 3, 7, "x", "name"),
    ("confusable", "actors/1eader-a.yaml", "actor_id: 1eader-a\nactor_type: person\nname: Someone\n"
     "sources: [{source_id: wire-a}]\n", 1, 11, "1eader-a", "actor_id"),
    ("reference-cycle", "weapon_systems/jet.yaml", ("category: aircraft\n", "category: aircraft\nvariant_of_system_id: jet-m\n"),
     4, 23, "jet", "variant_of_system_id"),
    ("reference-cycle", "sources/wire-a.yaml", ("accessed_date:", "derived_from_source_id: mirror-a\naccessed_date:"),
     7, 25, "wire-a", "derived_from_source_id"),
    ("coding-rule", STATEMENT, ("  - {actor_id: kor, role: speaker}\n  - {actor_id: mys, role: speaker}\n", "  - {actor_id: kor, role: target}\n"),
     8, 3, "kor-mys-mou-2022-trust", "actors"),
    ("coding-rule", STATEMENT, ("  - {actor_id: mys, role: speaker}\n", "  - {actor_id: leader-a, role: speaker}\n"),
     8, 3, "kor-mys-mou-2022-trust", "actors"),
    ("coding-rule", STATEMENT, ("stance: reaffirm", "stance: condemn"), 3, 9, "kor-mys-mou-2022-trust", "stance"),
    ("coding-rule", STATEMENT, ("stance: reaffirm", "stance: request"), 3, 9, "kor-mys-mou-2022-trust", "stance"),
]


@pytest.mark.parametrize("code,rel,change,line,col,record_id,field", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_error_is_located(mini: Path, code, rel, change, line, col, record_id, field) -> None:
    if isinstance(change, tuple):
        replace(mini, rel, *change)
    else:
        write(mini, rel, change)
    p = only(mini)
    assert (p.code, p.path, p.line, p.col, p.record_id, p.field) == (
        code, f"datapackage/records/{rel}", line, col, record_id, field), str(p)
    assert str(p).startswith(f"datapackage/records/{rel}:{line}:{col}: ")
    assert str(p).endswith(f"[{code}]")


def test_file_too_large(mini: Path) -> None:
    write(mini, "actors/x.yaml", "actor_id: x\nnotes: " + "a" * (10 << 20) + "\n")
    p = only(mini)
    assert (p.code, p.path, p.line) == ("file-too-large", "datapackage/records/actors/x.yaml", 1)


def test_missing_records_folder(tmp_path: Path) -> None:
    (tmp_path / "datapackage").mkdir()
    problems = validate(tmp_path).problems
    assert [p.code for p in problems] == ["file-unreadable", "file-unreadable"]
    assert {p.path.rsplit("/", 1)[-1] for p in problems} == {"package.yaml", "records"}


def test_min_records_names_its_rule(mini: Path) -> None:
    meta = mini / "datapackage" / "package.yaml"
    meta.write_text(meta.read_text("utf-8").replace("sources: 1", "sources: 1\n    contracts: 5"), "utf-8")
    p = only(mini)
    assert p.code == "min-records" and p.path == ""
    assert str(p) == "<min-records>: table 'contracts' has 1 records; the package asserts at least 5 [min-records]"


def test_table_schema_error_points_at_record(mini: Path, tmp_path: Path) -> None:
    """A row Frictionless rejects is reported at the file and line the row came from."""
    from defcoop.export.csv import write_csv
    from defcoop.frictionless import frictionless_problems

    result = validate(mini)
    write_csv(result.tables, tmp_path)
    csv = tmp_path / "csv" / "contracts.csv"
    csv.write_text(csv.read_text("utf-8").replace("in_production", "bogus_status"), "utf-8")
    (p,) = frictionless_problems(tmp_path, result.tables)
    assert (p.code, p.path, p.line, p.record_id, p.field) == (
        "table-schema", "datapackage/records/contracts/mys-maker-jet-m-2023.yaml", 1, "mys-maker-jet-m-2023", "status")


def test_all_errors_at_once(mini: Path) -> None:
    write(mini, "actors/a.yaml", "actor_id: a\nname: [\n")
    write(mini, "actors/b.yaml", "actor_id: b\nactor_type: robot\nname: B\nsources: [{source_id: wire-a}]\n")
    replace(mini, CONTRACT, "value_currency: USD", "value_currency: RM")
    codes = sorted(p.code for p in validate(mini).problems)
    assert codes == ["code-list", "code-list", "yaml-syntax"]


def test_delivering_more_than_the_quantity_is_an_error(mini: Path) -> None:
    """Regression: actual lots adding up to more than the contract's quantity passed (units_delivered_unknown hid it)."""
    replace(mini, "deliveries/mys-maker-jet-m-2023-lot-1.yaml", "delivery_kind: planned\nquantity: 2",
            "delivery_kind: actual\nquantity: 20")
    p = only(mini)
    assert (p.code, p.path, p.line, p.record_id, p.field) == (
        "consistency", f"datapackage/records/{CONTRACT}", 6, "mys-maker-jet-m-2023", "quantity")
    assert "add up to 20 units, more than the contract's quantity 18" in p.message


def test_a_missing_state_list_is_one_problem(mini: Path) -> None:
    (mini / "datapackage" / "reference" / "gw-states.tsv").unlink()
    p = only(mini)
    assert p.code == "state-list" and "gw-states.tsv: cannot read the state list" in p.message


def test_bad_path_is_located(mini: Path) -> None:
    """A symbolic link under records/ (here to a real record outside the repository) is an error at its path."""
    import os

    outside = mini.parent / "outside.yaml"
    outside.write_text("actor_id: evil\nactor_type: person\nname: E\nsources: [{source_id: wire-a}]\n", "utf-8")
    os.symlink(outside, mini / "datapackage" / "records" / "actors" / "evil.yaml")
    p = only(mini)
    assert (p.code, p.path, p.line, p.col) == ("bad-path", "datapackage/records/actors/evil.yaml", 1, 1)
    assert str(p).startswith("datapackage/records/actors/evil.yaml:1:1: is a symbolic link")


def test_every_code_is_tested() -> None:
    tested = {c[0] for c in CASES} | {"file-too-large", "file-unreadable", "min-records", "table-schema",
                                      "state-list", "bad-path"}
    assert tested == set(CATALOGUE)
