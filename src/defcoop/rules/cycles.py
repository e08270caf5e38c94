"""Reference cycles: a chain of parents (or originals) that comes back to where it started.

A record table's reference to its own table (``parent_contract_id``, ``variant_of_system_id``,
``parent_actor_id``, ``parent_event_id``, ``parent_agreement_id``, ``derived_from_source_id``: found
from the models, none named here) must end at a record without one. A record pointing at itself
is a ``self-reference``; :func:`cycle_problems` reports every longer circle (A -> B -> A, of any
length) once, as ``reference-cycle`` at the member whose file sorts last, naming every member.
Each record has at most one such reference per field, so one walk per field is linear.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable

from ..curate.load import Loaded
from ..curate.problems import Problem
from ..schema.derive import field_plan


def self_references(model: type) -> list[str]:
    """The fields of ``model`` that reference its own table."""
    return [f.name for f in field_plan(model) if f.ref is not None and f.ref == getattr(model, "TABLE", None)]


def cycle_problems(items: list[Loaded], index: dict[str, dict[str, Any]],
                   problem: Callable[..., Problem]) -> list[Problem]:
    """``reference-cycle`` problems for ``items`` (one valid record per id); ``problem(item, code,
    message, *path)`` builds a located problem."""
    edges: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (table, field) -> id -> referenced id
    by_id: dict[tuple[str, str], Loaded] = {}
    for item in items:
        by_id[(item.table, item.id)] = item
        for field in self_references(type(item.record)):
            target = getattr(item.record, field)
            if target and target != item.id:
                edges[(item.table, field)][item.id] = target
    out = []
    for (table, field), nxt in sorted(edges.items()):
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        for start in sorted(nxt):
            walk, node = [], start
            while node in nxt and state.get(node) is None:
                state[node] = 1
                walk.append(node)
                node = nxt[node]
            if state.get(node) == 1:  # the walk met itself: a cycle from node on
                cycle = walk[walk.index(node):]
                members = [by_id[(table, n)] for n in cycle if (table, n) in by_id]
                if len(members) == len(cycle):
                    first = max(members, key=lambda m: m.doc.path)
                    i = cycle.index(first.id)
                    ring = cycle[i:] + cycle[:i] + [first.id]
                    out.append(problem(first, "reference-cycle", f"runs in a circle: {' -> '.join(ring)} "
                                       f"({len(cycle)} records); one of them must have no {field}", field))
            for n in walk:
                state[n] = 2
    return out
