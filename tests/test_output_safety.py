"""Output that cannot be forged or hide things (issue 12, classes 2, 3 and 5)."""

from __future__ import annotations

import csv
import io
import json
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ValidationError

from conftest import write
from defcoop.cli import main
from defcoop.escape import html_text, json_text, printable, spreadsheet_cell
from defcoop.schema import models
from defcoop.schema.fields import Chars, chars_of
from defcoop.validate import validate

ESC_SEQUENCES = ["\x1b[31mred", "\x1b]0;pwned\x07", "\x1b]8;;http://evil\x1b\\link", "\x9b2J"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# ---------------------------------------------------------------- the escaping functions

@pytest.mark.parametrize("raw,shown", [
    ("plain Hangul 한국 text", "plain Hangul 한국 text"),
    ("a\nb", "a\\nb"), ("\x1b[31mred", "\\x1b[31mred"), ("rtl\u202eevil", "rtl\\u202eevil"),
    ("zero\u200bwidth", "zero\\u200bwidth"), ("tag\U000e0041", "tag\\U000e0041"), ("c1\x9b", "c1\\x9b"),
])
def test_printable_escapes_every_invisible_character(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert printable(raw).isprintable()


def test_json_text_round_trips_and_is_printable() -> None:
    value = [{"a": "\x1b]0;x\x07", "b": "\u202e\u200d한", "c": "line\nbreak", "d": "\U000e0001"}]
    text = json_text(value)
    assert json.loads(text) == value
    assert all(line.isprintable() for line in text.splitlines())
    assert "\\u202e" in text and "\\udb40\\udc01" in text


@pytest.mark.parametrize("value,cell", [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"),
                                        ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
                                        ("plain", "plain"), (5, 5), (-5, -5), (None, None)])
def test_spreadsheet_cell(value, cell) -> None:
    assert spreadsheet_cell(value) == cell


def test_html_text() -> None:
    assert html_text('<script>alert("x")</script> & \'') == \
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;"
    assert html_text(None) == ""


# ---------------------------------------------------------------- printers

def test_a_file_name_with_a_newline_prints_one_line(mini: Path) -> None:
    """Regression: a file name with a newline printed a second, believable error line."""
    write(mini, "actors/x\ndatapackage/records/actors/kor.yaml:1:1: kor: fake [ok].yaml", "actor_id: x\n")
    res = run("validate", "--root", str(mini))
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert len(lines) == 2 and lines[1] == "1 problem(s) found"
    assert lines[0].startswith("datapackage/records/actors/x\\ndatapackage/records/actors/kor.yaml:1:1: kor: fake")
    assert lines[0].endswith("[bad-filename]")


@pytest.mark.parametrize("seq", ESC_SEQUENCES)
def test_escape_sequences_in_keys_never_reach_the_terminal(mini: Path, seq: str) -> None:
    key = json.dumps(seq)  # a YAML double-quoted key: its escapes become the raw characters
    write(mini, "actors/x.yaml", f"actor_id: x\nactor_type: person\nname: X\n{key}: 1\nsources: [{{source_id: wire-a}}]\n")
    res = run("validate", "--root", str(mini))
    assert res.exit_code == 1
    assert "\x1b" not in res.output and "\x07" not in res.output and "\x9b" not in res.output
    assert "[unknown-field]" in res.output and len(res.output.splitlines()) == 2


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_output_is_escaped_in_every_format(mini_build: Path, fmt: str) -> None:
    sql = "SELECT chr(27) || ']0;pwned' || chr(7) AS a, 'x' || chr(8238) || 'y' AS b, '=1+1' AS c, 'l1' || chr(10) || 'l2' AS d"
    res = run("sql", sql, "--format", fmt, "--data", str(mini_build))
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\x07" not in res.output and "\u202e" not in res.output
    if fmt == "json":
        assert json.loads(res.output) == [{"a": "\x1b]0;pwned\x07", "b": "x\u202ey", "c": "=1+1", "d": "l1\nl2"}]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(res.output)))
        assert rows[1] == ["\\x1b]0;pwned\\x07", "x\\u202ey", "'=1+1", "l1\nl2"]  # CSV keeps its quoted line break
    else:
        assert len(res.output.splitlines()) == 4  # header, rule, one row, count


def test_verify_messages_from_a_forged_descriptor_are_escaped(mini_build: Path, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    desc = json.loads((data / "datapackage.json").read_text("utf-8"))
    desc["resources"][0]["path"] = "csv/x\n\x1b[2Jok: every file matches.csv"
    (data / "datapackage.json").write_text(json.dumps(desc))
    res = run("verify", "--data", str(data))
    assert res.exit_code == 1 and "\x1b" not in res.output
    assert not any(line.startswith("ok:") for line in res.output.splitlines())


# ---------------------------------------------------------------- the models reject hidden characters

HIDDEN = ["\u202e", "\u2066", "\u200b", "\ufeff", "\u00ad", "\u3164", "\u115f", "\u2028", "\ue000", "\U000e0041",
          "\x1b", "\x00", "\x85", "\u034f", "\ufe0f"]


def _all_models() -> list[type[BaseModel]]:
    out = set()

    def visit(m):
        if m in out:
            return
        out.add(m)
        for info in m.model_fields.values():
            for arg in _args(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)
    for m in models.CURATED_MODELS.values():
        visit(m)
    return sorted(out, key=lambda m: m.__name__)


def _args(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _args(arg)


def _scalar_fields(model):
    for name, info in model.model_fields.items():
        if not any(isinstance(a, type) and issubclass(a, BaseModel) for a in _args(info.annotation)):
            yield name, info


@pytest.mark.parametrize("model", _all_models(), ids=lambda m: m.__name__)
def test_every_field_of_every_model_rejects_hidden_characters(model) -> None:
    """The rule is the models' base class, not each type: no field can be forgotten."""
    for name, info in _scalar_fields(model):
        is_list = typing.get_origin(info.annotation) is list
        for ch in HIDDEN:
            value = f"ab{ch}c"
            with pytest.raises(ValidationError) as exc:
                model.model_validate({name: [value] if is_list else value})
            errors = [e for e in exc.value.errors() if e["loc"][:1] == (name,)]
            assert [e["type"] for e in errors] == ["hidden-character"], (model.__name__, name, repr(ch), errors)


def test_which_fields_allow_joiners_and_line_breaks() -> None:
    """ZWNJ and ZWJ are allowed in names, native names, titles and prose; line breaks in prose only."""
    allowed = {(m.__name__, n): chars_of(i.rebuild_annotation()) for m in _all_models() for n, i in _scalar_fields(m)
               if chars_of(i.rebuild_annotation()) != Chars()}
    assert allowed[("Actor", "name_native")] == Chars(joiners=True)
    assert allowed[("Agreement", "title")] == Chars(joiners=True)
    assert allowed[("Actor", "notes")] == Chars(line_breaks=True, joiners=True)
    for key in [("Actor", "actor_id"), ("Source", "url"), ("Contract", "signed_date"), ("Actor", "country_iso3"),
                ("Claim", "source_id"), ("Actor", "wikidata_id")]:
        assert key not in allowed, key
    actor = {"actor_id": "x", "actor_type": "person", "name": "X"}
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم: ZWNJ is part of the spelling
    models.Actor.model_validate({**actor, "name_native": persian, "notes": "line\nbreak \u200d"})
    with pytest.raises(ValidationError, match="hidden-character|U\\+000A"):
        models.Actor.model_validate({**actor, "name": "line\nbreak"})


# ---------------------------------------------------------------- ASCII digits (class 3)

@pytest.mark.parametrize("field,value,code", [
    ("signed_date", "\u0662\u0660\u0662\u0663-05-23", "date-format"),  # Arabic-Indic
    ("signed_date", "2023-\uff10\uff15", "date-format"),  # fullwidth
    ("signed_date", "2023\n", "hidden-character"),
    ("quantity", "\u0967\u096e", "number-range"),  # Devanagari
    ("value_amount", "\uff19\uff12\uff10", "number-range"),
])
def test_non_ascii_digits_are_rejected(mini: Path, field: str, value: str, code: str) -> None:
    """Regression: fullwidth and Arabic-Indic digits passed and then crashed info and contested_values."""
    path = mini / "datapackage/records/contracts/mys-maker-jet-m-2023.yaml"
    text = path.read_text("utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith(f"{field}:"))
    path.write_text(text.replace(line, f"{field}: {json.dumps(value)}"), "utf-8")
    codes = {(p.code, p.field) for p in validate(mini).problems}
    assert (code, field) in codes, codes


def test_claim_as_at_url_and_wikidata_take_ascii_digits_only() -> None:
    with pytest.raises(ValidationError, match="date-format"):
        models.Claim.model_validate({"field": "status", "value": "signed", "source_id": "s", "rank": "normal",
                                     "as_at": "\u0662\u0660\u0662\u0664"})
    with pytest.raises(ValidationError, match="not an ASCII digit"):
        models.Source.model_validate({"source_id": "s", "url": "https://example.org/\u0661", "publisher": "P",
                                      "language": "en", "source_type": "blog"})
    with pytest.raises(ValidationError, match="Wikidata"):
        models.Actor.model_validate({"actor_id": "x", "actor_type": "person", "name": "X", "wikidata_id": "Q\uff11"})
    # free text may hold any script's digits
    models.Actor.model_validate({"actor_id": "x", "actor_type": "person", "name": "X \u0661\u0662", "notes": "\uff11"})


def test_query_parameters_take_ascii_digits_only(mini_build: Path) -> None:
    res = run("query", "arms_flows", "--param", "since_year=\uff12\uff10\uff10\uff10", "--data", str(mini_build))
    assert res.exit_code == 2 and "not a valid integer" in res.output


# ---------------------------------------------------------------- confusables and cycles (classes 2 and 5)

def test_confusable_publishers_cannot_pose_as_independent(mini: Path) -> None:
    """A copy with a Cyrillic 'е' in its publisher would count as a second, independent voice."""
    write(mini, "sources/copy.yaml", "source_id: copy\nurl: https://example.com/x\npublisher: Example Wir\u0435\n"
          "language: en\nsource_type: newspaper\n")
    (p,) = validate(mini).problems
    assert p.code == "confusable" and p.field == "publisher" and "U+0435" in p.message
    assert "'Example Wire'" in p.message and "wire-a.yaml" in p.message


@pytest.mark.parametrize("table,field,ids", [
    ("contracts", "parent_contract_id", ["c-a", "c-b", "c-c"]),
    ("actors", "parent_actor_id", ["a-a", "a-b", "a-c", "a-d"]),
    ("events", "parent_event_id", ["e-a", "e-b"]),
    ("agreements", "parent_agreement_id", ["g-a", "g-b", "g-c"]),
    ("weapon_systems", "variant_of_system_id", ["w-a", "w-b", "w-c"]),
    ("sources", "derived_from_source_id", ["s-a", "s-b", "s-c", "s-d", "s-e"]),
])
def test_reference_cycles_of_any_length(mini: Path, table: str, field: str, ids: list[str]) -> None:
    """Regression: A -> B -> A (and longer) passed; only A -> A was caught."""
    body = {
        "contracts": "contract_type: contract\nbuyer_actor_id: mys\nsupplier_actor_id: maker\nsystem_id: jet\n"
                     "status: planned\nvalue_status: unknown\nquantity_status: unknown\n",
        "actors": "actor_type: company\nname: {id}\n",
        "events": "name: {id}\nevent_type: summit\n",
        "agreements": "title: {id}\nagreement_type: mou\nstatus: proposed\n",
        "weapon_systems": "name: {id}\ncategory: aircraft\n",
        "sources": "url: https://example.org/{id}\npublisher: P {id}\nlanguage: en\nsource_type: blog\n",
    }[table]
    pk = models.CURATED_MODELS[table].PK
    cite = "" if table == "sources" else "sources: [{source_id: wire-a}]\n"
    for i, rid in enumerate(ids):
        write(mini, f"{table}/{rid}.yaml", f"{pk}: {rid}\n{body.format(id=rid)}{field}: {ids[(i + 1) % len(ids)]}\n"
              f"{cite}")
    problems = validate(mini).problems
    assert [(p.code, p.record_id, p.field) for p in problems] == [("reference-cycle", ids[-1], field)], \
        [str(p) for p in problems]
    ring = " -> ".join(ids[-1:] + ids)
    assert f"runs in a circle: {ring} ({len(ids)} records)" in problems[0].message


def test_package_metadata_rejects_hidden_characters(mini: Path) -> None:
    """Sibling: package.yaml is no model, but its title reaches datapackage.json and dataset_info."""
    meta = mini / "datapackage" / "package.yaml"
    text = meta.read_text("utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("title:"))
    meta.write_text(text.replace(line, 'title: "Example\\u202e dataset"'), "utf-8")
    (p,) = validate(mini).problems
    assert (p.code, p.path, p.field) == ("hidden-character", "datapackage/package.yaml", "title")
    assert p.line == text.splitlines().index(line) + 1 and "U+202E RIGHT-TO-LEFT OVERRIDE" in p.message
