"""The statement coding rules that can be checked (the rest are in the codebook's "Coding rules").

:func:`statement_problems` checks one statement against the dataset's index of records:

1. it has at least one speaker;
2. a person speaking has a speaker of their own (an organisation or state of their country,
   or an organisation they held a position in): "Yoon" comes with ``kor``, a CEO with the firm;
3. a clause of a joint statement has every state party to that joint statement as a speaker;
4. ``condemn`` and ``concern`` name a target actor; ``support`` and ``welcome`` name a target
   actor or, for a document or deal, a subject record;
5. ``request`` names an addressee.

Each problem has the code ``coding-rule`` and points at the statement's ``actors`` (or stance).
"""

from __future__ import annotations

from typing import Any, Callable

from ..curate.load import Loaded
from ..curate.problems import Problem
from ..schema.actors import ActorLink, country_of

NEEDS_TARGET = frozenset({"condemn", "concern"})
NEEDS_TARGET_OR_SUBJECT = frozenset({"support", "welcome"})
NEEDS_ADDRESSEE = frozenset({"request"})


def _country(actor_id: str, actors: dict[str, Any]) -> str | None:
    """An actor's country (:func:`defcoop.schema.actors.country_of`) from the loaded actor records."""
    def lookup(aid: str) -> ActorLink | None:
        rec = actors[aid].record if aid in actors else None
        return ActorLink(rec.actor_type.value, rec.country_iso3, rec.parent_actor_id) if rec else None

    return country_of(actor_id, lookup)


def statement_problems(item: Loaded, index: dict[str, dict[str, Loaded | None]],
                       problem: Callable[..., Problem]) -> list[Problem]:
    """Problems of one statement; ``problem(item, code, message, *path)`` builds a located problem."""
    rec = item.record
    actors = {k: v for k, v in index.get("actors", {}).items() if v is not None}
    roles: dict[str, set[str]] = {"speaker": set(), "target": set(), "addressee": set()}
    for a in rec.actors:
        roles[a.role.value].add(a.actor_id)
    speakers = roles["speaker"]
    out: list[Problem] = []

    def fail(message: str, *path: str) -> None:
        out.append(problem(item, "coding-rule", message, *(path or ("actors",))))

    if not speakers:
        fail("a statement needs at least one speaker (role: speaker)")
    people = {s for s in speakers if s in actors and actors[s].record.actor_type == "person"}
    others = speakers - people
    positions = [p.record for p in index.get("positions", {}).values() if p is not None]
    for person in sorted(people):
        country = _country(person, actors)
        offices = {p.organization_actor_id for p in positions if p.person_actor_id == person}
        if not any(o in offices or (country and _country(o, actors) == country) for o in others):
            fail(f"speaker {person!r} speaks for a state or organisation: add it as a speaker too "
                 f"(e.g. {country.lower() if country else 'the organisation'})")
    doc = index.get("agreements", {}).get(rec.issued_in_agreement_id or "")
    if doc is not None and doc.record.agreement_type == "joint_statement":
        parties = {p.actor_id for p in doc.record.parties if p.role == "party"}
        states = {p for p in parties if p in actors and actors[p].record.actor_type == "state"}
        missing = sorted(states - speakers)
        if missing:
            fail(f"a clause of joint statement {doc.id!r} has every state party as a speaker; missing: "
                 f"{', '.join(missing)}")
    stance = rec.stance.value
    if stance in NEEDS_TARGET and not roles["target"]:
        fail(f"stance {stance!r} needs the actor it is about (role: target)", "stance")
    if stance in NEEDS_TARGET_OR_SUBJECT and not roles["target"] and not rec.subjects:
        fail(f"stance {stance!r} needs a target actor or, for a document or deal, a subject record", "stance")
    if stance in NEEDS_ADDRESSEE and not roles["addressee"]:
        fail("stance 'request' needs the actor asked to act (role: addressee)", "stance")
    return out
