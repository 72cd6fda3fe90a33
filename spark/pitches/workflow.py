"""Pitch statuses and who may move a pitch between them: one table, no framework.

Pure: the standard library only.

    draft -> submitted -> eligible -> assigned -> pitched -> decided
    submitted -> returned (an organiser sends it back with reasons) -> submitted (team resubmits)
    draft | submitted | returned | eligible | assigned -> withdrawn (the team)
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    ASSIGNED = "assigned"
    PITCHED = "pitched"
    DECIDED = "decided"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class Actor(StrEnum):
    TEAM = "team"  # a lead or member of the pitch's team
    ORGANISER = "organiser"
    CHAIR = "chair"  # the chair of the panel the pitch is routed to


# (from, to) -> who may make the move.
TRANSITIONS: dict[tuple[Status, Status], frozenset[Actor]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({Actor.TEAM}),
    (Status.RETURNED, Status.SUBMITTED): frozenset({Actor.TEAM}),
    (Status.SUBMITTED, Status.ELIGIBLE): frozenset({Actor.ORGANISER}),
    (Status.SUBMITTED, Status.RETURNED): frozenset({Actor.ORGANISER}),
    (Status.ELIGIBLE, Status.RETURNED): frozenset({Actor.ORGANISER}),
    (Status.ELIGIBLE, Status.ASSIGNED): frozenset({Actor.ORGANISER}),
    (Status.ASSIGNED, Status.ELIGIBLE): frozenset({Actor.ORGANISER}),
    (Status.ASSIGNED, Status.PITCHED): frozenset({Actor.CHAIR, Actor.ORGANISER}),
    (Status.PITCHED, Status.DECIDED): frozenset({Actor.CHAIR}),
    **{
        (status, Status.WITHDRAWN): frozenset({Actor.TEAM})
        for status in (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.RETURNED,
            Status.ELIGIBLE,
            Status.ASSIGNED,
        )
    },
}

# The team may change the pitch's content only in these statuses.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class TransitionRefused(Exception):
    """The move is not allowed, or not allowed for this person. The message says why."""


def can_move(current: Status, target: Status, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((current, target), frozenset())


def check_move(current: Status, target: Status, actor: Actor) -> None:
    """Raise TransitionRefused with a plain-English reason unless ``actor`` may move the pitch."""
    allowed = TRANSITIONS.get((current, target))
    if allowed is None:
        raise TransitionRefused(f"A pitch that is {current.value} cannot become {target.value}")
    if actor not in allowed:
        raise TransitionRefused(
            f"Only the {' or '.join(sorted(a.value for a in allowed))} can make a pitch "
            f"{target.value} from {current.value}"
        )


def moves_for(current: Status, actor: Actor) -> list[Status]:
    """Where ``actor`` may move a pitch in ``current`` status, in pipeline order."""
    order = list(Status)
    targets = [to for (frm, to), who in TRANSITIONS.items() if frm == current and actor in who]
    return sorted(targets, key=order.index)
