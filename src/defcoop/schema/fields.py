"""Field types shared by the models: ids, partial dates, ISO codes, money, text.

Each type validates a curator's text (every YAML scalar arrives as ``str``) and
raises a pydantic error whose type is a code of :data:`defcoop.problems.CATALOGUE`
(``bad-id``, ``date-format``, ``code-list``, ``number-range``, ``bad-value``,
``hidden-character``).

Characters (:func:`visible`, run on every field of every model by the models' base class):
no field holds a control character (C0, C1, DEL), a format character (bidi overrides and
isolates, zero-width space, word joiner, soft hyphen, BOM, tags...), a line or paragraph
separator, a private-use, surrogate or unassigned code point, or any other default-ignorable
(invisible) code point such as the Hangul fillers U+3164 and U+115F. Exceptions, by field type
(:class:`Chars`): :data:`Text` (names, native names, titles, publishers) and :data:`Prose` (the
curators' prose) may hold ZWNJ U+200C and ZWJ U+200D, which Persian, the Indic scripts and emoji
sequences need to be spelt right; :data:`Prose` may also hold line breaks (U+000A). Ids, codes,
dates, numbers and URLs allow none of these. Numbers, dates, codes, ids and URLs are written with
ASCII digits only (other scripts' digits, e.g. fullwidth or Arabic-Indic, are rejected); free text
may hold any script's digits. :data:`Text` and :data:`Prose` never start with ``=``, ``+``, ``-``
or ``@``, which spreadsheets run as formulas.
Markers (:class:`Ref`, :class:`DateField`, :class:`Child`, :class:`Derived`) carry what
the table generator needs: foreign keys, date columns, child tables, computed columns.
"""

from __future__ import annotations

import math
import re
import typing
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

import regex

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from .dates import PartialDate

SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""A kebab-case id: ASCII a-z and 0-9 in runs joined by single hyphens (\\Z: no trailing newline)."""


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to the primary key of ``table``."""

    table: str


@dataclass(frozen=True)
class DateField:
    """Marks a partial-date field: published as ``<name>`` (first day), ``<name>_end`` (last day)
    and ``<name>_precision``."""


@dataclass(frozen=True)
class Child:
    """Marks a list field whose items become rows of the child table ``table``.

    ``key`` is the child table's primary key, ``grain`` and ``description`` document it.
    ``column`` is set when the items are scalars (e.g. agreement domains); ``number``
    names a column holding the item's position in the list (from 1); ``generic`` children
    are keyed by ``(table_name, record_id)`` of any record instead of the parent's key.
    """

    table: str
    key: tuple[str, ...]
    grain: str
    description: str
    column: str | None = None
    number: str | None = None
    generic: bool = False


@dataclass(frozen=True)
class Derived:
    """Marks a published column computed by the build (see :mod:`defcoop.tabulate.derived`);
    a curated file may not set it."""


@dataclass(frozen=True)
class Chars:
    """Marks the invisible characters a text field allows: ``line_breaks`` (U+000A) and ``joiners``
    (ZWNJ U+200C, ZWJ U+200D). A field without this marker allows neither."""

    line_breaks: bool = False
    joiners: bool = False


STRICT = Chars()
HIDDEN = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}\p{Default_Ignorable_Code_Point}]")
"""Characters no field may hold unless its :class:`Chars` allows them (controls, format characters,
separators, private-use, surrogates, unassigned, default-ignorables)."""
JOINERS = frozenset("\u200c\u200d")
FORMULA_START = frozenset("=+-@")
"""First characters that make a spreadsheet cell a formula (OWASP's CSV-injection list, less tab and CR,
which are hidden characters anyway)."""


def describe_char(c: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character as its code point and Unicode name."""
    kind = {"Cc": "a control character", "Co": "a private-use character", "Cs": "a surrogate",
            "Cn": "an unassigned code point"}.get(unicodedata.category(c), "unnamed")
    return f"U+{ord(c):04X} {unicodedata.name(c, '') or '(' + kind + ')'}"


def visible(value: Any, chars: Chars = STRICT) -> Any:
    """``value`` unchanged when every character of its text (or of each text in a list) is allowed;
    raises the pydantic error ``hidden-character`` naming the first other one and its position (from 1)."""
    if isinstance(value, str):
        for m in HIDDEN.finditer(value):
            c = m.group()
            if (c == "\n" and chars.line_breaks) or (c in JOINERS and chars.joiners):
                continue
            allowed = ("line breaks, ZWNJ and ZWJ" if chars.line_breaks else "ZWNJ and ZWJ") if chars.joiners \
                else "none"
            raise _err("hidden-character", f"{describe_char(c)} at character {m.start() + 1}: control and invisible "
                       f"characters are not allowed here (this field allows: {allowed})")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                visible(item, chars)
    return value


def chars_of(annotation: Any) -> Chars:
    """The :class:`Chars` marker of a field's annotation (looked for inside Optional and Annotated), else STRICT."""
    if typing.get_origin(annotation) is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Chars):
                return meta
    for arg in typing.get_args(annotation):
        found = chars_of(arg)
        if found is not STRICT:
            return found
    return STRICT


def _ascii_digits(value: str, what: str) -> str:
    for c in value:
        if c.isdigit() and not c.isascii():
            raise _err("bad-value", f"{value!r}: {describe_char(c)} is not an ASCII digit; write {what} with 0-9")
    return value


def _err(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, message)


def _slug(value: str) -> str:
    if not SLUG.match(value) or len(value) > 120:
        raise _err("bad-id", f"{value!r} is not a lowercase kebab-case id (a-z, 0-9, single hyphens, at most 120 chars)")
    return value


def _partial_date(value: str) -> str:
    try:
        PartialDate.parse(value)
    except ValueError as exc:
        raise _err("date-format", str(exc)) from None
    return value


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise _err("bad-value", "text is empty")
    if value[0] in FORMULA_START:
        raise _err("bad-value", f"text starts with {value[0]!r}, which a spreadsheet runs as a formula; "
                                "start with a word or digit")
    return value


@lru_cache(maxsize=1)
def iso_codes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """ISO 3166-1 alpha-3 countries, ISO 4217 currencies and ISO 639-1 languages (pycountry)."""
    import pycountry

    return (frozenset(c.alpha_3 for c in pycountry.countries),
            frozenset(c.alpha_3 for c in pycountry.currencies),
            frozenset(getattr(lang, "alpha_2", "") for lang in pycountry.languages) - {""})


def _iso3(value: str) -> str:
    if value not in iso_codes()[0]:
        raise _err("code-list", f"{value!r} is not an ISO 3166-1 alpha-3 country code (upper case, e.g. KOR)")
    return value


def _currency(value: str) -> str:
    if value not in iso_codes()[1]:
        raise _err("code-list", f"{value!r} is not an ISO 4217 currency code (e.g. USD, KRW, MYR)")
    return value


def _language(value: str) -> str:
    if value not in iso_codes()[2]:
        raise _err("code-list", f"{value!r} is not an ISO 639-1 language code (e.g. en, ko, ms)")
    return value


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
        raise _err("bad-value", f"{value!r} is not an http(s) URL")
    return _ascii_digits(value, "a URL's digits")


def _wikidata(value: str) -> str:
    if not re.fullmatch(r"Q[1-9][0-9]*", value):
        raise _err("bad-value", f"{value!r} is not a Wikidata item id (Q123)")
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise _err("number-range", "number must be finite")
    if value < 0:
        raise _err("number-range", "number must not be negative")
    return value


def _digits(value: object) -> object:
    """Whole numbers are written in ASCII digits only (no sign, exponent, decimals or other scripts' digits)."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise _err("number-range", f"{value!r} is not a whole number in ASCII digits (e.g. 920000000)")
    return value


def _whole(value: int) -> int:
    if value < 0 or value >= 2**63:
        raise _err("number-range", "amount must be a whole number of currency units between 0 and 2^63")
    return value


def _year(value: int) -> int:
    if not 1900 <= value <= 2100:
        raise _err("number-range", "year must be between 1900 and 2100")
    return value


def _bool(value: object) -> object:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise _err("bad-value", f"{value!r} is not true or false")
        return value == "true"
    return value


def _count(value: int) -> int:
    if value < 0 or value > 10**9:
        raise _err("number-range", "count must be between 0 and 1e9")
    return value


_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")


def _number_text(value: object) -> object:
    """A number is written in ASCII digits (decimals and an exponent allowed): no other script's digits,
    underscores, NaN or infinity, which Python's float() would accept."""
    if isinstance(value, str) and not _NUMBER.match(value.strip()):
        raise _err("number-range", f"{value!r} is not a finite number in ASCII digits (e.g. 920000000 or 1.5)")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, AfterValidator(_text), Chars(joiners=True)]
"""One line of text in any script: names, native names, titles, publishers (ZWNJ and ZWJ allowed)."""
Prose = Annotated[str, AfterValidator(_text), Chars(line_breaks=True, joiners=True)]
"""The curators' prose (summary, notes...): like :data:`Text`, and may hold line breaks."""
Date = Annotated[str, AfterValidator(_partial_date), DateField()]
ISO3 = Annotated[str, AfterValidator(_iso3)]
Currency = Annotated[str, AfterValidator(_currency)]
Language = Annotated[str, AfterValidator(_language)]
Url = Annotated[str, AfterValidator(_url)]
WikidataId = Annotated[str, AfterValidator(_wikidata)]
Amount = Annotated[float, BeforeValidator(_number_text), AfterValidator(_finite)]
Count = Annotated[int, BeforeValidator(_digits), AfterValidator(_count)]
WholeAmount = Annotated[int, BeforeValidator(_digits), AfterValidator(_whole)]
"""An amount of money in whole units of its currency (int64 in every output)."""
Year = Annotated[int, BeforeValidator(_digits), AfterValidator(_year)]
Bool = Annotated[bool, BeforeValidator(_bool)]
"""``true`` or ``false`` (YAML's other spellings such as ``yes`` are rejected)."""


def ref(table: str) -> object:
    """A slug that references ``table`` (a foreign key)."""
    return Annotated[str, AfterValidator(_slug), Ref(table)]


def _computed(value: object) -> object:
    raise _err("derived-field", "this column is computed by the build; remove it from the file")


def derived(type_: object) -> object:
    """A published column of ``type_`` computed by the build; rejected in curated input."""
    return Annotated[type_, BeforeValidator(_computed), Derived()]
