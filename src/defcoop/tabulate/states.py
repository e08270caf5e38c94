"""Merge keys of states from the primary lists: Correlates of War and Gleditsch–Ward codes.

The codes come from the lists in ``datapackage/reference/`` (the COW State System Membership
list, ``cow-states.csv``; the Gleditsch–Ward list of independent states, ``gw-states.tsv``;
provenance in their README and the ``cow-state-list`` / ``gw-state-list`` sources). A state
still a member in a list's last year (COW v2016: 2016; GW: 2020) is taken to continue to today.

Linking a list's row to an ISO 3166-1 alpha-3 code goes by the row's name, matched with the
country-name regular expressions of ``country_converter`` (coco), a maintained library for
exactly this; only current (not obsolete) coco entries count. coco's own ``GWcode`` column is
*not* used for the codes: it disagrees with the list for Vietnam, Yemen and Czechia (tests
keep these differences). coco's table is read from the installed package's data file, without
importing coco (which imports pandas: about half a second on every build). Names no regex
matches are linked in ``NAME_LINKS`` below, each with its reason.

:func:`state_codes` returns ``{iso3: (cow_code, gw_code)}``; it raises :class:`StateListError`
when a list is missing or malformed, or a current row links to no or several countries.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

COW_FILE = "cow-states.csv"
GW_FILE = "gw-states.tsv"

NAME_LINKS: dict[tuple[str, int], str] = {
    # (list, code) -> ISO3, for current rows whose name no coco regex matches.
    ("gw", 260): "DEU",  # GW continues the Federal Republic ("German Federal Republic") as united Germany
    ("gw", 816): "VNM",  # "Vietnam, Democratic Republic of": coco's regex excludes names with "republic"
    ("cow", 345): "SRB",  # COW continues "Yugoslavia" (345) as Serbia after 2006
}


class StateListError(ValueError):
    """A state list cannot be read or linked to ISO codes."""


@lru_cache(maxsize=1)
def _coco_names() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(ISO3, name regex) of every current country in country_converter's data table."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise StateListError("the package country_converter is not installed (pip install 'defcoop[curate]')")
    table = Path(spec.submodule_search_locations[0]) / "country_data.tsv"
    with open(table, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return tuple((r["ISO3"], re.compile(r["regex"], re.IGNORECASE)) for r in rows if not r.get("obsolete"))


def iso3_of(name: str) -> list[str]:
    """The ISO3 codes of the current countries whose coco regex matches ``name``."""
    return sorted({iso3 for iso3, regex in _coco_names() if regex.search(name)})


def _spells(path: Path, kind: str) -> list[tuple[int, str, int, int]]:
    """(code, name, start year, end year) of every membership spell in a list."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            if kind == "cow":
                rows = [(r["ccode"], r["statenme"], r["styear"], r["endyear"]) for r in csv.DictReader(fh)]
            else:
                rows = [(r["statenumber"], r["countryname"], r["start"][:4], r["end"][:4])
                        for r in csv.DictReader(fh, delimiter="\t")]
    except (OSError, KeyError, TypeError, UnicodeDecodeError, csv.Error) as exc:
        raise StateListError(f"{path}: cannot read the state list ({exc})") from None
    if not rows:
        raise StateListError(f"{path}: the state list is empty")
    try:
        return [(int(code), name, int(start), int(end)) for code, name, start, end in rows]
    except (ValueError, TypeError) as exc:
        raise StateListError(f"{path}: a code or year is not a number ({exc})") from None


def _current(path: Path, kind: str) -> dict[int, tuple[str, int]]:
    """{code: (name, first year of its current spell)} of the states still members in the list's last year."""
    spells = _spells(path, kind)
    last = max(end for *_, end in spells)
    return {code: (name, start) for code, name, start, end in spells if end == last}


@lru_cache(maxsize=4)
def state_codes(reference: Path) -> dict[str, tuple[int | None, int | None]]:
    """ISO3 -> (COW code, GW code) of every state current in either list in ``reference``."""
    return {iso3: (cow, gw) for iso3, (cow, gw, _) in _linked(reference).items()}


@lru_cache(maxsize=4)
def member_since(reference: Path) -> dict[str, int]:
    """ISO3 -> first year of the current COW membership spell (the panels' state-system spine)."""
    return {iso3: since for iso3, (cow, _, since) in _linked(reference).items() if cow is not None}


@lru_cache(maxsize=4)
def _linked(reference: Path) -> dict[str, tuple[int | None, int | None, int | None]]:
    out: dict[str, list[int | None]] = {}
    for position, (kind, file) in enumerate((("cow", COW_FILE), ("gw", GW_FILE))):
        for code, (name, since) in _current(reference / file, kind).items():
            linked = NAME_LINKS.get((kind, code))
            found = [linked] if linked else iso3_of(name)
            if len(found) != 1:
                raise StateListError(f"{reference / file}: {name!r} ({code}) links to "
                                     f"{', '.join(found) or 'no country'}; add it to NAME_LINKS")
            entry = out.setdefault(found[0], [None, None, None])
            if entry[position] is not None:
                raise StateListError(f"{reference / file}: {found[0]} has two current codes "
                                     f"({entry[position]} and {code})")
            entry[position] = code
            if kind == "cow":
                entry[2] = since
    return {iso3: (cow, gw, since) for iso3, (cow, gw, since) in out.items()}
