"""Reading decisions: a pitch's history, the one in force, and the money they award.

A pitch's decisions form a chain: the first, then each amendment superseding the one before.
The decision **in force** (effective) is the latest *signed* one: signed, and not superseded by
a signed amendment. An unsigned decision (the first, before signing, or an amendment being
prepared) is the **draft**; there is at most one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from spark.decisions.models import Decision
from spark.extensions import db

_amendment = aliased(Decision)

# A signed decision no signed amendment supersedes.
IN_FORCE = and_(
    Decision.signed_at.is_not(None),
    ~exists().where(_amendment.supersedes_id == Decision.id, _amendment.signed_at.is_not(None)),
)


def history(pitch_id: int, *, fresh: bool = False) -> list[Decision]:
    """Every decision on the pitch, oldest first; ``fresh`` reads them again from the
    database even if the session holds them."""
    query = select(Decision).where(Decision.pitch_id == pitch_id).order_by(Decision.id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def in_force(decisions: list[Decision]) -> Decision | None:
    """The decision in force among a pitch's ``history``."""
    signed = [decision for decision in decisions if decision.signed_at is not None]
    return signed[-1] if signed else None


def draft(decisions: list[Decision]) -> Decision | None:
    """The unsigned decision among a pitch's ``history``, if any."""
    return next((decision for decision in decisions if decision.signed_at is None), None)


def in_force_for(pitch_ids: Iterable[int]) -> dict[int, Decision]:
    """Pitch id -> the decision in force, for many pitches in one query."""
    ids = list(pitch_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(Decision).where(Decision.pitch_id.in_(ids), IN_FORCE))
    return {decision.pitch_id: decision for decision in rows}


def in_force_in_round(round_id: int) -> dict[int, Decision]:
    """Pitch id -> the decision in force, for every decided pitch in the round."""
    rows = db.session.scalars(select(Decision).where(Decision.round_id == round_id, IN_FORCE))
    return {decision.pitch_id: decision for decision in rows}


def awarded_pence(round_id: int, *, leaving_out: Collection[int] = ()) -> int:
    """What the round's decisions in force award from its pot, leaving out the decisions
    ``leaving_out`` (the one an amendment replaces)."""
    query = select(func.coalesce(func.sum(Decision.amount_pence), 0)).where(
        Decision.round_id == round_id, Decision.outcome == "funded", IN_FORCE
    )
    if leaving_out:
        query = query.where(Decision.id.not_in(list(leaving_out)))
    return int(db.session.scalar(query) or 0)
