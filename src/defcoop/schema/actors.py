"""Which country an actor belongs to: THE rule, used by the coding rules and by ``actor_country``.

An actor's country is its own ``country_iso3``, else that of its nearest ancestor through
``parent_actor_id`` (at any depth); there is none for an IGO, for an actor under an IGO, and
for an actor with no country on its chain. A cycle ends the walk (cycles are errors reported by
:mod:`defcoop.rules.cycles`).
"""

from __future__ import annotations

from typing import Callable, NamedTuple


class ActorLink(NamedTuple):
    """What the rule reads of an actor."""

    actor_type: str
    country_iso3: str | None
    parent_actor_id: str | None


def country_of(actor_id: str, lookup: Callable[[str], ActorLink | None]) -> str | None:
    """The ISO 3166-1 alpha-3 country of ``actor_id``; ``lookup`` gives an actor's fields (None if unknown)."""
    seen: set[str] = set()
    link = lookup(actor_id)
    while link is not None and actor_id not in seen and link.actor_type != "igo":
        seen.add(actor_id)
        if link.country_iso3:
            return link.country_iso3
        actor_id = link.parent_actor_id or ""
        link = lookup(actor_id)
    return None
