"""Money in one currency: each contract's value in US dollars of the day (nominal).

``value_usd_nominal`` is, in order: the source's USD figure (``value_usd``), the amount itself
when its currency is USD (both method ``source``), or ``value_amount`` converted at the euro
reference rates of the European Central Bank (method ``ecb_reference_rate``), crossed through
EUR, as shipped by the ``currencyconverter`` package (its ``eurofxref-hist.zip``; cited as the
source ``ecb-euro-reference-rates``). The rate's day (``fx_date``) is the signing day, or the
last day before it with a rate (weekends, holidays); for a month, quarter, half or year it is
the last day of that period with a rate. Where the series has no rate (a currency it does not
carry such as EGP or SAR, MYR before April 2005, no signing date, a period after the series
ends) ``value_usd_nominal`` is empty with method ``no_rate``. Amounts are whole dollars,
rounded half up. The amount as reported (``value_amount``, ``value_currency``) is never changed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

MAX_DAYS_BACK = 7  # a signing day without a rate takes the last rate day at most a week before
RATE_DIGITS = 10
"""Significant digits of fx_rate (the ECB publishes 5-6; the cross rate through EUR is rounded to 10, so
every format, spreadsheets included, holds the same number, and value_usd_nominal = amount x fx_rate)."""


@lru_cache(maxsize=1)
def _converter():  # -> currency_converter.CurrencyConverter
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def usd_rate(currency: str, start: dt.date, end: dt.date) -> tuple[float, dt.date] | None:
    """(USD per unit of ``currency``, day of the rate) for the last rate day in [start, end], or None."""
    conv = _converter()
    bounds = [conv.bounds.get(c) for c in (currency, "USD")]
    if any(b is None for b in bounds):
        return None
    day = min(end, *(b.last_date for b in bounds))
    first = max(start, *(b.first_date for b in bounds))
    while day >= first:
        try:
            return conv.convert(1, currency, "USD", date=day), day
        except Exception:  # RateNotFoundError: no rate that day (weekend, holiday)
            day -= dt.timedelta(days=1)
    return None


def convert(row: dict[str, Any]) -> dict[str, Any]:
    """The four derived money columns of a contract row (value_usd_nominal, method, fx_rate, fx_date)."""
    empty = {"value_usd_nominal": None, "value_usd_method": None, "fx_rate": None, "fx_date": None}
    if row["value_usd"] is not None:
        return {**empty, "value_usd_nominal": row["value_usd"], "value_usd_method": "source"}
    if row["value_amount"] is None:
        return empty
    if row["value_currency"] == "USD":
        return {**empty, "value_usd_nominal": row["value_amount"], "value_usd_method": "source"}
    start, end = row["signed_date"], row["signed_date_end"]
    if start is None:
        return {**empty, "value_usd_method": "no_rate"}
    if row["signed_date_precision"] == "day":
        start = end - dt.timedelta(days=MAX_DAYS_BACK)
    found = usd_rate(row["value_currency"], start, end)
    if found is None:
        return {**empty, "value_usd_method": "no_rate"}
    rate, day = float(f"{found[0]:.{RATE_DIGITS}g}"), found[1]
    usd = int((Decimal(row["value_amount"]) * Decimal(repr(rate))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return {"value_usd_nominal": usd, "value_usd_method": "ecb_reference_rate", "fx_rate": rate, "fx_date": day}
