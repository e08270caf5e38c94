"""Dataset checks: rules that need more than one record.

:func:`check` takes every valid record (see :mod:`defcoop.load`) and returns the
problems: duplicate ids, unresolved references, uncited records, claims on unknown
fields or with invalid values, claims that contradict the record, dates out of
order, self-references, inconsistent values, and the package's assertions (minimum
records per table, from ``datapackage/package.yaml``). Each problem is located at
the offending value's file, line and column; assertions name their rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any, Iterator

from ..schema import codes
from ..schema.dates import PartialDate
from ..curate.load import Loaded
from ..curate.problems import Problem
from ..schema.models import Record
from .coding import statement_problems
from .confusable import confusable_problems
from .cycles import cycle_problems
from ..schema.derive import Column, field_plan, specs
from ..schema.fields import iso_codes

SIGNED_STATUSES = {"signed", "in_production", "delivering", "delivered"}
SUPPLY_TYPES = {"contract", "option", "donation", "local_production"}
"""Contract types that deliver their quantity (a licence's or technology transfer's lots are the licensee's)."""
MONEY = re.compile(r"([0-9]+) ([A-Z]{3})\Z")
"""A claimed amount: whole units in ASCII digits (not \\d, which matches every script's digits), a space, a currency."""


def _p(item: Loaded, code: str, message: str, *path: str | int) -> Problem:
    line, col = item.where(*path)
    return Problem(code, message, item.doc.path, line, col, item.id, ".".join(map(str, path)))


def check(items: list[Loaded], assertions: dict[str, int] | None = None,
          failed: dict[str, set[str]] | None = None) -> list[Problem]:
    """Run every dataset rule over ``items``; return the problems found.

    ``failed`` names records (by table) that exist but did not validate: references
    to them are not reported again.
    """
    problems: list[Problem] = []
    index: dict[str, dict[str, Any]] = defaultdict(dict)
    for table, ids in (failed or {}).items():
        for record_id in ids:
            index[table][record_id] = None
    for item in items:
        first = index[item.table].get(item.id)
        if item.id in index[item.table] and first is None:
            continue  # the same id also failed validation elsewhere; reported there
        if first is not None:
            problems.append(_p(item, "duplicate-id", f"id {item.id!r} is also used by {first.doc.path}",
                               _pk(item)))
        else:
            index[item.table][item.id] = item
    lots: dict[str, list] = defaultdict(list)
    for item in items:
        if item.table == "deliveries" and item.record.delivery_kind == "actual":
            lots[item.record.contract_id].append(item)
    for item in items:
        problems += _references(item, index)
        if isinstance(item.record, Record):
            problems += _record_rules(item, index, lots)
    firsts = [item for item in items if index[item.table].get(item.id) is item]
    problems += cycle_problems(firsts, index, _p)
    problems += confusable_problems(items, _p)
    for table, minimum in (assertions or {}).items():
        n = len(index.get(table, {}))
        if n < minimum:
            problems.append(Problem("min-records", f"table {table!r} has {n} records; the package asserts at least {minimum}"))
    return problems


def _pk(item: Loaded) -> str:
    return specs()[item.table].primary_key[0]


def _refs(model_obj: Any, path: tuple) -> Iterator[tuple[tuple, str, str]]:
    """Yield (path, referenced table, id) for every reference in a model, children included."""
    for f in field_plan(type(model_obj)):
        if f.ref is None and f.child is None:
            continue
        value = getattr(model_obj, f.name)
        if not value:
            continue
        if f.ref:
            yield path + (f.name,), f.ref, value
        elif not isinstance(value[0], str):
            for i, child in enumerate(value):
                yield from _refs(child, path + (f.name, i))


def _references(item: Loaded, index: dict[str, dict[str, Loaded]]) -> list[Problem]:
    out = []
    for path, table, ref_id in _refs(item.record, ()):
        if ref_id not in index.get(table, {}):
            out.append(_p(item, "unresolved-reference", f"no {table} record with id {ref_id!r}", *path))
        elif table == item.table and ref_id == item.id:
            out.append(_p(item, "self-reference", f"{path[-1]} points to the record itself", *path))
    for i, subject in enumerate(getattr(item.record, "subjects", []) or []):
        if subject.record_id not in index.get(subject.table_name, {}):
            out.append(_p(item, "unresolved-reference",
                          f"no {subject.table_name} record with id {subject.record_id!r}", "subjects", i, "record_id"))
    return out


def _record_rules(item: Loaded, index: dict[str, dict[str, Loaded]],
                  lots: dict[str, list[Loaded]]) -> list[Problem]:
    rec = item.record
    out: list[Problem] = []
    if not rec.sources:
        out.append(_p(item, "unsourced-record", "the record cites no source (add `sources:`)", _pk(item)))
    cited: set[str] = set()
    for i, c in enumerate(rec.sources):
        if c.source_id in cited:
            out.append(_p(item, "duplicate-id", f"source {c.source_id!r} is cited twice", "sources", i, "source_id"))
        cited.add(c.source_id)
    out += _claims(item, index)
    out += _dates(item, index)
    out += _delivered(item, lots)
    out += _consistency(item)
    if item.table == "statements":
        out += statement_problems(item, index, _p)
    return out


# ---------------------------------------------------------------- claims

@lru_cache(maxsize=None)
def _claimable(table: str) -> dict[str, Column]:
    """The curated fields of ``table`` a claim may be about (not its key, children or derived columns)."""
    spec = specs()[table]
    names = {f.name for f in field_plan(spec.model) if f.child is None} - set(spec.primary_key)
    return {c.name: c for c in spec.columns if c.name in names}


def _parse_claim(column: Column, field: str, value: str) -> Any:
    """Canonical form of a claim value (comparable with the record's); raises ValueError."""
    if column.type == "date":
        return PartialDate.parse(value).text
    if field == "value_amount":
        m = MONEY.match(value)
        if not m or m.group(2) not in iso_codes()[1]:
            raise ValueError("expected '<amount> <ISO 4217 code>' with the amount in digits, e.g. '920000000 USD'")
        return (float(m.group(1)), m.group(2))
    if column.codes is not None:
        if value not in {m.value for m in column.codes}:
            raise ValueError(f"{value!r} is not a code of {column.codes.__name__}")
        return value
    if column.type == "integer":
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError("expected digits (an integer)")
        return int(value)
    if column.type == "number":
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
            hint = " (the currency is USD by definition; write only the digits)" if field == "value_usd" else ""
            raise ValueError("expected a number in digits" + hint)
        return float(value)
    return value


def _record_value(rec: Any, field: str) -> Any:
    value = getattr(rec, field)
    if field == "value_amount":
        return None if value is None else (float(value), rec.value_currency)
    if isinstance(value, codes.CodeList):
        return value.value
    return value


def _claims(item: Loaded, index: dict[str, dict[str, Any]] | None = None) -> list[Problem]:
    out = []
    fields = _claimable(item.table)
    preferred: dict[str, tuple[int, Any]] = {}
    for i, claim in enumerate(item.record.claims):
        if claim.field not in fields:
            out.append(_p(item, "claim-field", f"{claim.field!r} is not a column of {item.table} "
                          f"(claimable: {', '.join(sorted(fields))})", "claims", i, "field"))
            continue
        try:
            parsed = _parse_claim(fields[claim.field], claim.field, claim.value)
        except ValueError as exc:
            out.append(_p(item, "claim-value", f"value {claim.value!r} for {claim.field}: {exc}", "claims", i, "value"))
            continue
        ref = fields[claim.field].ref
        if ref and index is not None and claim.value not in index.get(ref, {}):
            out.append(_p(item, "claim-value", f"value {claim.value!r} for {claim.field}: no {ref} record has this id "
                          "(a claim on a reference names a record; put other wording in the note)", "claims", i, "value"))
            continue
        if claim.rank != "preferred":
            continue
        if claim.field in preferred and preferred[claim.field][1] != parsed:
            out.append(_p(item, "claim-conflict", f"two different preferred values for {claim.field}: "
                          f"{item.record.claims[preferred[claim.field][0]].value!r} and {claim.value!r}",
                          "claims", i, "value"))
            continue
        preferred[claim.field] = (i, parsed)
        actual = _record_value(item.record, claim.field)
        if actual != parsed:
            out.append(_p(item, "claim-conflict", f"record has {claim.field} = {_show(actual)} but the preferred "
                          f"claim says {claim.value!r}", "claims", i, "value"))
    return out


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return f"'{value[0]:.0f} {value[1]}'"
    return repr(value)


# ---------------------------------------------------------------- dates and consistency

_ORDER = {  # table -> pairs of date fields that must not run backwards
    "positions": [("start_date", "end_date")],
    "events": [("start_date", "end_date")],
    "agreements": [("signed_date", "in_force_date"), ("signed_date", "end_date"), ("in_force_date", "end_date")],
}


def _delivered(item: Loaded, lots: dict[str, list[Loaded]]) -> list[Problem]:
    """A supply contract's actual lots may not add up to more than its quantity."""
    rec = item.record
    if item.table != "contracts" or rec.quantity is None or rec.contract_type not in SUPPLY_TYPES:
        return []
    delivered = sum(lot.record.quantity or 0 for lot in lots.get(rec.contract_id, []))
    if delivered <= rec.quantity:
        return []
    return [_p(item, "consistency", f"its actual delivery lots add up to {delivered} units, more than the "
               f"contract's quantity {rec.quantity}", "quantity")]


def _dates(item: Loaded, index: dict[str, dict[str, Loaded]]) -> list[Problem]:
    rec = item.record
    out = []
    for a, b in _ORDER.get(item.table, []):
        va, vb = getattr(rec, a), getattr(rec, b)
        if va and vb and PartialDate.parse(vb).surely_before(PartialDate.parse(va)):
            out.append(_p(item, "date-order", f"{b} {vb} is before {a} {va}", b))
    if item.table == "deliveries" and rec.delivery_date and rec.delivery_kind == "actual":
        contract = index["contracts"].get(rec.contract_id)
        signed = contract.record.signed_date if contract else None
        if signed and PartialDate.parse(rec.delivery_date).surely_before(PartialDate.parse(signed)):
            out.append(_p(item, "date-order", f"actual delivery {rec.delivery_date} is before the contract's "
                          f"signature {signed} ({contract.doc.path})", "delivery_date"))
    return out


def _typed_absence(item: Loaded, value: str, status: str) -> list[Problem]:
    """A value present is `reported`; an empty one says why (withheld, with the source; unknown; not_applicable)."""
    rec = item.record
    given, why = getattr(rec, value), getattr(rec, status)
    if given is not None:
        if why not in (None, "reported"):
            return [_p(item, "consistency", f"{value} is given, so {status} is 'reported' (or left out), not {why.value!r}",
                       status)]
        return []
    if why is None or why == "reported":
        return [_p(item, "consistency", f"{value} is empty: say why in {status} (withheld, unknown or not_applicable)",
                   status if why else _pk(item))]
    if why == "withheld" and not any(c.field == status and c.value == "withheld" for c in rec.claims):
        return [_p(item, "consistency", f"{status} 'withheld' needs the source that says so: a claim on {status} "
                   "with value withheld", status)]
    return []


def _consistency(item: Loaded) -> list[Problem]:
    rec = item.record
    out = []
    if item.table == "contracts":
        if rec.status in SIGNED_STATUSES and not rec.signed_date:
            out.append(_p(item, "consistency", f"status {rec.status.value!r} needs a signed_date", "status"))
        if rec.status == "planned" and rec.signed_date:
            out.append(_p(item, "consistency", "a planned contract has no signed_date", "signed_date"))
        if rec.system_id is None:
            out.append(_p(item, "consistency", "a contract needs the system bought (system_id)", "contract_id"))
        if (rec.value_amount is None) != (rec.value_currency is None):
            out.append(_p(item, "consistency", "value_amount and value_currency go together", "value_amount"))
        for value, status in (("value_amount", "value_status"), ("quantity", "quantity_status")):
            out += _typed_absence(item, value, status)
    if item.table == "actors" and rec.actor_type == "state":
        if rec.country_iso3 is None:
            out.append(_p(item, "consistency", "a state needs country_iso3", "actor_type"))
    return out
