"""The live panel session: where each pitch in the running order is, and what that allows.

Pure: the standard library only.

A pitch on a panel (a slot) moves::

    waiting -> pitching -> scoring -> closed
    waiting -> scoring               (the chair opens scoring straight away)
    closed  -> scoring               (the chair reopens scoring; audited)
    pitching -> waiting              (the chair moves on before scoring opened: the team
                                      can pitch later, e.g. it was not in the room)

"Now pitching" is the panel's current slot, set by the chair; setting it moves a waiting
slot to pitching. Opening scoring on a slot makes it the current slot too (the team has
just pitched). One slot at most is pitching: a slot still pitching when the chair sets or
opens another goes back to waiting. Only a waiting slot moves in the running order.

Dragons may save a draft sheet at any time before scoring closes, so they can make notes
while the team pitches; they may submit only while scoring is open. Once scoring closes,
nothing on the sheet changes unless the chair reopens it.

Reopening scoring keeps scoring independent. While a pitch's scoring is closed every dragon
on the panel (not recused) may read the others' sheets (``visibility.may_see_others``), so:

- the slot keeps the time scoring last closed (``scoring_closed_at``) when the chair
  reopens it: "scoring has closed before" is known for good;
- after that, a dragon who had no sheet for the pitch when scoring closed cannot start one
  (``scoring_refusal`` with ``has_sheet=False, closed_before=True``): they could have read
  the others' sheets first. A dragon who had started a sheet before the close may finish
  and submit it - that is what the chair reopens scoring for - and a submitted sheet the
  chair reopens may change again, as at any time;
- the other sheets stay visible to everyone who could see them while closed: hiding them
  again would not undo what was read.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class SlotState(StrEnum):
    WAITING = "waiting"
    PITCHING = "pitching"
    SCORING = "scoring"
    CLOSED = "closed"


LABELS = {
    SlotState.WAITING: "Waiting",
    SlotState.PITCHING: "Now pitching",
    SlotState.SCORING: "Scoring open",
    SlotState.CLOSED: "Scoring closed",
}

MOVES: dict[SlotState, frozenset[SlotState]] = {
    SlotState.WAITING: frozenset({SlotState.PITCHING, SlotState.SCORING}),
    SlotState.PITCHING: frozenset({SlotState.SCORING, SlotState.WAITING}),
    SlotState.SCORING: frozenset({SlotState.CLOSED}),
    SlotState.CLOSED: frozenset({SlotState.SCORING}),
}


class SessionMoveRefused(Exception):
    """The move is not allowed. The message says why, in plain English."""


def check_slot_move(current: str, target: str) -> None:
    state, wanted = SlotState(current), SlotState(target)
    if wanted in MOVES[state]:
        return
    if wanted == state:
        raise SessionMoveRefused(f"This pitch is already {LABELS[state].lower()}")
    raise SessionMoveRefused(
        f"A pitch that is {LABELS[state].lower()} cannot become {LABELS[wanted].lower()}"
    )


def may_save_draft(state: str) -> bool:
    return SlotState(state) != SlotState.CLOSED


def may_submit(state: str) -> bool:
    return SlotState(state) == SlotState.SCORING


LATE_START = (
    "Scoring closed before you started a score sheet, so other dragons’ sheets were visible "
    "to you. You cannot score this pitch now"
)


def scoring_refusal(
    state: str, *, submitting: bool, has_sheet: bool = True, closed_before: bool = False
) -> str | None:
    """Why a dragon cannot save (or submit) a sheet for a pitch in ``state``, or None.
    ``has_sheet``: the dragon has a sheet for it already; ``closed_before``: its scoring has
    closed at least once (see the module docstring: no sheet can start after that)."""
    state = SlotState(state)
    if state == SlotState.CLOSED:
        return "Scoring for this pitch has closed. Ask the chair if you need to change your sheet"
    if closed_before and not has_sheet:
        return LATE_START
    if submitting and state != SlotState.SCORING:
        return (
            "Scoring for this pitch has not opened yet. Save your sheet as a draft and submit "
            "it when the chair opens scoring"
        )
    return None


# The chair's actions on a slot -----------------------------------------------------------------


class Action(StrEnum):
    NOW_PITCHING = "now_pitching"
    OPEN_SCORING = "open_scoring"
    CLOSE_SCORING = "close_scoring"
    REOPEN_SCORING = "reopen_scoring"


# Each action: the states it starts from, and the state it leads to.
ACTIONS: dict[Action, tuple[frozenset[SlotState], SlotState]] = {
    Action.NOW_PITCHING: (frozenset({SlotState.WAITING}), SlotState.PITCHING),
    Action.OPEN_SCORING: (frozenset({SlotState.WAITING, SlotState.PITCHING}), SlotState.SCORING),
    Action.CLOSE_SCORING: (frozenset({SlotState.SCORING}), SlotState.CLOSED),
    Action.REOPEN_SCORING: (frozenset({SlotState.CLOSED}), SlotState.SCORING),
}

_ONLY_WAITING = "Only a waiting pitch can be set as now pitching"
_NOT_OPENED = "Scoring for this pitch has not opened yet"
REFUSALS: dict[tuple[Action, SlotState], str] = {
    (Action.NOW_PITCHING, SlotState.PITCHING): "This pitch is already now pitching",
    (Action.NOW_PITCHING, SlotState.SCORING): f"Scoring for this pitch is open. {_ONLY_WAITING}",
    (Action.NOW_PITCHING, SlotState.CLOSED): f"Scoring for this pitch has closed. {_ONLY_WAITING}",
    (Action.OPEN_SCORING, SlotState.SCORING): "Scoring for this pitch is already open",
    (Action.OPEN_SCORING, SlotState.CLOSED): (
        "Scoring for this pitch has closed. To open it again, reopen scoring and give a reason"
    ),
    (Action.CLOSE_SCORING, SlotState.WAITING): _NOT_OPENED,
    (Action.CLOSE_SCORING, SlotState.PITCHING): _NOT_OPENED,
    (Action.CLOSE_SCORING, SlotState.CLOSED): "Scoring for this pitch has already closed",
    (Action.REOPEN_SCORING, SlotState.WAITING): f"{_NOT_OPENED}, so there is nothing to reopen",
    (Action.REOPEN_SCORING, SlotState.PITCHING): f"{_NOT_OPENED}, so there is nothing to reopen",
    (Action.REOPEN_SCORING, SlotState.SCORING): "Scoring for this pitch is already open",
}


def check_action(action: str, state: str) -> SlotState:
    """The state ``action`` moves a slot in ``state`` to; SessionMoveRefused says why not.

    Setting "now pitching" needs a waiting slot; opening scoring a waiting or pitching one;
    closing scoring an open one; reopening (with a reason, audited) a closed one. Every
    action is also a move ``check_slot_move`` allows.
    """
    action, state = Action(action), SlotState(state)
    starts, target = ACTIONS[action]
    if state not in starts:
        raise SessionMoveRefused(REFUSALS[(action, state)])
    check_slot_move(state, target)
    return target


def actions_for(state: str) -> list[Action]:
    """The actions the chair may take on a slot in ``state``, in the order the page shows them."""
    state = SlotState(state)
    return [action for action, (starts, _target) in ACTIONS.items() if state in starts]


def now_pitching_changes(states: Mapping[int, str], target: int) -> dict[int, SlotState]:
    """The slot state changes (by running-order position) when the chair sets the slot at
    ``target`` as now pitching: it must be waiting and becomes pitching; any other slot still
    pitching (never opened for scoring) goes back to waiting, so one slot at most pitches."""
    check_action(Action.NOW_PITCHING, states[target])
    changes = {
        position: SlotState.WAITING
        for position, state in states.items()
        if position != target and SlotState(state) == SlotState.PITCHING
    }
    changes[target] = SlotState.PITCHING
    return changes


def open_scoring_changes(states: Mapping[int, str], target: int) -> dict[int, SlotState]:
    """The slot state changes (by running-order position) when the chair opens scoring for
    the slot at ``target``: it must be waiting or pitching and becomes scoring, and it is now
    the pitch being heard (the panel's current position moves to it); any other slot still
    pitching (never opened) goes back to waiting, as with ``now_pitching_changes``. Slots
    being scored or closed are left alone."""
    check_action(Action.OPEN_SCORING, states[target])
    changes = {
        position: SlotState.WAITING
        for position, state in states.items()
        if position != target and SlotState(state) == SlotState.PITCHING
    }
    changes[target] = SlotState.SCORING
    return changes


def next_waiting(states: Mapping[int, str], current: int | None) -> int | None:
    """The position of the next pitch to call: the first waiting slot after ``current`` in
    the running order; when none is left after it, the first waiting slot from the start
    (a team that was skipped earlier); None when no slot is waiting."""
    waiting = sorted(p for p, state in states.items() if SlotState(state) == SlotState.WAITING)
    after = [position for position in waiting if current is None or position > current]
    if after:
        return after[0]
    return waiting[0] if waiting else None


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


def reorder_target(state: str, position: int, count: int, direction: str) -> int:
    """Where a slot at ``position`` (of ``count``, numbered 1..count) goes when moved one
    place ``direction``; it swaps with the slot there, so positions stay 1..count with no
    gaps. Only a waiting slot moves: the others have been called already."""
    if SlotState(state) != SlotState.WAITING:
        raise SessionMoveRefused("Only a waiting pitch can move in the running order")
    if Direction(direction) == Direction.UP:
        if position <= 1:
            raise SessionMoveRefused("This pitch is already first in the running order")
        return position - 1
    if position >= count:
        raise SessionMoveRefused("This pitch is already last in the running order")
    return position + 1


def follow_swap(current: int | None, first: int, second: int) -> int | None:
    """The "now pitching" position after the slots at ``first`` and ``second`` swap places:
    it follows its slot."""
    if current == first:
        return second
    if current == second:
        return first
    return current


# Reopening a sheet ---------------------------------------------------------------------------
# (A member's status on a pitch - to score, draft saved, submitted, recused, closed - is
# ``visibility.dragon_status``: one vocabulary for the dragon's page and the chair's.)


def sheet_reopen_refusal(slot_state: str, sheet_status: str) -> str | None:
    """Why the chair cannot reopen a dragon's sheet, or None when they can.

    Only a submitted sheet reopens (it becomes a draft the dragon can change and submit
    again), and only while scoring for the pitch has not closed: after close, the chair
    reopens scoring first, then the sheet.
    """
    if sheet_status != "submitted":
        return "This score sheet has not been submitted, so there is nothing to reopen"
    if SlotState(slot_state) == SlotState.CLOSED:
        return "Scoring for this pitch has closed. Reopen scoring first, then reopen the sheet"
    return None
