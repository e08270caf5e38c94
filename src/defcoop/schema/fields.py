"""Field types shared by the models: ids, partial dates, ISO codes, money, text.

Each type validates a curator's text (every YAML scalar arrives as ``str``) and
raises a pydantic error whose type is a code of :data:`defcoop.problems.CATALOGUE`
(``bad-id``, ``date-format``, ``code-list``, ``number-range``, ``bad-value``).
Markers (:class:`Ref`, :class:`DateField`, :class:`Child`, :class:`Derived`) carry what
the table generator needs: foreign keys, date columns, child tables, computed columns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

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
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise _err("bad-value", f"{value!r} is not an http(s) URL")
    return value


def _wikidata(value: str) -> str:
    if not re.match(r"^Q[1-9][0-9]*$", value):
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


def _number_text(value: object) -> object:
    # Reject spellings Python's float() accepts but a curator never means.
    if isinstance(value, str) and value.strip().lower() in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        raise _err("number-range", f"{value!r} is not a finite number")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, AfterValidator(_text)]
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
