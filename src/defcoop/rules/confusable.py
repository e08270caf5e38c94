"""Confusable ids and names: two values of one table that look alike but differ (Unicode TR39).

:func:`skeleton` is the TR39 skeleton of a text: NFD, each character replaced by the prototype it
is confusable with (``confusables.txt``, as shipped by the maintained ``confusable-homoglyphs``
package), NFD again. Two texts with one skeleton look the same (``Hanwha`` with a Cyrillic
``а``, ``rn`` and ``m``, ``l``, ``1`` and ``I``). :func:`confusable_problems` reports, per table,
every pair of distinct ids (primary keys) and of distinct names (the :data:`~defcoop.schema.fields.Text`
columns: names, native names, titles, publishers, designations) whose skeletons are equal, as
``confusable`` problems located at the value with more look-alike characters (the likelier impostor;
between equals, the later file), with both shown as code points.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import Any, Callable, Iterable

from ..curate.load import Loaded
from ..curate.problems import Problem
from ..schema.fields import Chars, chars_of

_MARKS = str.maketrans("", "", "\u200e\u200f")  # the package wraps right-to-left prototypes in LRM/RLM


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Character -> its prototype (a character or a short sequence), from confusables.txt.

    The package lists each source with its prototype and each prototype with all its sources; a
    character listed with exactly one partner whose own list holds more (or a sequence) is a
    source. Where the data is symmetric (one source, one prototype) the lower code point stands
    for both, which gives the same equivalence.
    """
    from confusable_homoglyphs.confusables import confusables_data as data

    out: dict[str, str] = {}
    for char, entries in data.items():
        if len(entries) != 1:
            continue
        target = entries[0]["c"].translate(_MARKS)
        if not target or target == char:
            continue
        partners = data.get(target, [])
        if len(target) > 1 or len(partners) > 1 or target < char:
            out[char] = target
    return out


def skeleton(text: str) -> str:
    """The TR39 skeleton of ``text`` (see the module docstring)."""
    protos = _prototypes()
    mapped = "".join(protos.get(c, c) for c in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def _mapped(text: str) -> int:
    """How many characters of ``text`` the skeleton replaces."""
    protos = _prototypes()
    return sum(c in protos for c in unicodedata.normalize("NFD", text))


def code_points(text: str) -> str:
    """``'Hanwhа' (H a n w h U+0430)``: the text with every character outside printable ASCII as its code point."""
    shown = " ".join(c if (c.isascii() and c.isprintable() and c != " ") else f"U+{ord(c):04X}" for c in text)
    return f"{text!r} ({shown})"


def _name_fields(model: type) -> list[str]:
    """The model's one-line text fields (:data:`Text`: names, titles, publishers)."""
    return [name for name, info in model.model_fields.items()
            if chars_of(info.rebuild_annotation()) == Chars(joiners=True)]


def confusable_problems(items: Iterable[Loaded], problem: Callable[..., Problem]) -> list[Problem]:
    """``confusable`` problems for every table; ``problem(item, code, message, *path)`` builds one."""
    pools: dict[tuple[str, str], dict[str, dict[str, tuple[Loaded, str]]]] = defaultdict(lambda: defaultdict(dict))
    for item in sorted(items, key=lambda i: i.doc.path):
        model = type(item.record)
        values: list[tuple[str, str, Any]] = [("ids", model.PK if isinstance(model.PK, str) else "", item.id)]
        values += [("names", f, getattr(item.record, f)) for f in _name_fields(model)]
        for pool, field, value in values:
            if isinstance(value, str) and value:
                pools[(item.table, pool)][skeleton(value)].setdefault(value, (item, field))
    out = []
    for (table, pool), by_skeleton in pools.items():
        for variants in by_skeleton.values():
            if len(variants) < 2:
                continue
            # the reference is the value closest to its skeleton (an impostor's look-alikes are mapped)
            order = sorted(variants, key=lambda v: (_mapped(v), variants[v][0].doc.path))
            first, (first_item, _) = order[0], variants[order[0]]
            for value in order[1:]:
                item, field = variants[value]
                what = "id" if pool == "ids" else "name"
                out.append(problem(item, "confusable", f"{what} {code_points(value)} looks like {code_points(first)} "
                                   f"of {first_item.doc.path} ({table}); make them differ visibly", field))
    return out
