"""YAML's traps are closed: text stays text, dates are ours, Unicode is stored NFC."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from conftest import write
from defcoop.curate.reader import read_document
from defcoop.validate import validate


def read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_document(path, "x.yaml")


def test_implicit_booleans_octal_numbers_and_dates_stay_text(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "a: no\nb: On\nc: 0755\nd: 2023-05-23\ne: 1e9\nf: ~\ng:\nh: 'null'\n")
    assert problems == []
    assert doc.data == {"a": "no", "b": "On", "c": "0755", "d": "2023-05-23", "e": "1e9", "f": None,
                        "g": None, "h": "null"}


def test_name_no_is_kept_as_text_through_validation(mini: Path) -> None:
    write(mini, "actors/no.yaml", "actor_id: no\nactor_type: person\nname: No\nsources: [{source_id: wire-a}]\n")
    result = validate(mini)
    assert result.problems == []
    row = next(r for r in result.tables["actors"].rows if r["actor_id"] == "no")
    assert row["name"] == "No"


def test_unquoted_date_becomes_date_and_precision(mini: Path) -> None:
    result = validate(mini)
    contract = result.tables["contracts"].rows[0]
    assert str(contract["signed_date"]) == "2023-05-23" and contract["signed_date_precision"] == "day"
    lot = result.tables["deliveries"].rows[0]
    assert str(lot["delivery_date"]) == "2026-10-01" and lot["delivery_date_precision"] == "month"


def test_crlf_line_ends_are_read_like_lf(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, b"a: x\r\nb: y\r\n")
    assert problems == [] and doc.data == {"a": "x", "b": "y"}
    assert doc.where(("b",)) == (2, 4)


def test_bom_is_rejected(tmp_path: Path) -> None:
    _, (p,) = read(tmp_path, b"\xef\xbb\xbfa: x\n")
    assert p.code == "encoding" and "BOM" in p.message


def test_duplicate_key_in_nested_mapping(tmp_path: Path) -> None:
    _, (p,) = read(tmp_path, "a:\n  b: 1\n  b: 2\n")
    assert (p.code, p.line, p.col) == ("yaml-duplicate-key", 3, 3)


def test_tab_is_rejected(tmp_path: Path) -> None:
    _, (p,) = read(tmp_path, "a: x\n\tb: y\n")
    assert (p.code, p.line, p.col) == ("yaml-tab", 2, 1)


def test_hangul_and_malay_names_are_stored_nfc(mini: Path) -> None:
    # "대한민국" written decomposed (conjoining jamo), "Kementerian Pertahanan" with a
    # decomposed e-acute in a note: both must come out NFC.
    hangul_nfd = unicodedata.normalize("NFD", "대한민국")
    malay_nfd = unicodedata.normalize("NFD", "Pertahanan Malaysia — café")
    assert hangul_nfd != "대한민국"
    write(mini, "actors/kor-body.yaml",
          f"actor_id: kor-body\nactor_type: government_body\nname: Body\nname_native: {hangul_nfd}\n"
          f"notes: {malay_nfd}\nsources: [{{source_id: wire-a}}]\n")
    result = validate(mini)
    assert result.problems == []
    row = next(r for r in result.tables["actors"].rows if r["actor_id"] == "kor-body")
    assert row["name_native"] == "대한민국"
    assert row["notes"] == unicodedata.normalize("NFC", "Pertahanan Malaysia — café")
    assert unicodedata.is_normalized("NFC", row["notes"])
