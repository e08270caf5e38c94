"""Partial dates: ``2024-11-25``, ``2023-05``, ``2026-Q3``, ``2026-H2``, ``2027``.

A partial date is published as three columns: ``<x>`` (the first day of the period,
a :class:`datetime.date`), ``<x>_end`` (its last day) and ``<x>_precision`` (day,
month, quarter, half, year); :func:`period` is the one definition of a period. Order checks compare whole periods: ``2023`` and ``2023-05`` overlap,
so neither is "before" the other.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_PATTERNS = [  # ASCII digits only ([0-9], not \d, which matches every script's digits), no trailing newline
    (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z"), "day"),
    (re.compile(r"([0-9]{4})-([0-9]{2})\Z"), "month"),
    (re.compile(r"([0-9]{4})-Q([0-9])\Z"), "quarter"),
    (re.compile(r"([0-9]{4})-H([0-9])\Z"), "half"),
    (re.compile(r"([0-9]{4})\Z"), "year"),
]

FORMS = "YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A period: its first day, last day and precision. ``text`` is the curated form."""

    start: dt.date
    end: dt.date
    precision: str
    text: str

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Parse a curated partial date. Raises ValueError with a message for curators."""
        if not isinstance(text, str):
            raise ValueError(f"expected a partial date ({FORMS}), got {type(text).__name__}")
        for pattern, precision in _PATTERNS:
            m = pattern.match(text)
            if not m:
                continue
            year = int(m.group(1))
            if year < 1900 or year > 2100:
                raise ValueError(f"year {year} is outside 1900-2100")
            if precision == "day":
                try:
                    start = dt.date(year, int(m.group(2)), int(m.group(3)))
                except ValueError as exc:
                    raise ValueError(f"{text!r} is not a calendar date ({exc})") from None
                return cls(start, start, precision, text)
            if precision == "month":
                month = int(m.group(2))
                if not 1 <= month <= 12:
                    raise ValueError(f"{text!r}: month must be 01-12")
                return cls(dt.date(year, month, 1), _month_end(year, month), precision, text)
            if precision == "quarter":
                q = int(m.group(2))
                if not 1 <= q <= 4:
                    raise ValueError(f"{text!r}: quarter must be Q1-Q4")
                return cls(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), precision, text)
            if precision == "half":
                h = int(m.group(2))
                if h not in (1, 2):
                    raise ValueError(f"{text!r}: half must be H1 or H2")
                return cls(dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h), precision, text)
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
        raise ValueError(f"{text!r} is not a partial date ({FORMS})")

    def surely_before(self, other: "PartialDate") -> bool:
        """True when this whole period ends before ``other`` starts."""
        return self.end < other.start


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=65536)
def period(text: str) -> PartialDate:
    """The period of a curated partial date (cached): THE definition every output uses.

    Raises ValueError for text that is not a partial date.
    """
    return PartialDate.parse(text)


def overlap(a: PartialDate, b: PartialDate) -> bool:
    """True when the two periods share at least one day (a coarser date contains the finer one)."""
    return a.start <= b.end and b.start <= a.end
