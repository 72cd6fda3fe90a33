"""The live panel session: where each pitch in the running order is, and what that allows.

Pure: the standard library only.

A pitch on a panel (a slot) moves::

    waiting -> pitching -> scoring -> closed
    waiting -> scoring               (the chair opens scoring straight away)
    closed  -> scoring               (the chair reopens scoring; audited)

"Now pitching" is the panel's current slot, set by the chair; setting it moves a waiting
slot to pitching. Dragons may save a draft sheet at any time before scoring closes, so they
can make notes while the team pitches; they may submit only while scoring is open. Once
scoring closes, nothing on the sheet changes unless the chair reopens it.
"""

from __future__ import annotations

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
    SlotState.PITCHING: frozenset({SlotState.SCORING}),
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


def scoring_refusal(state: str, *, submitting: bool) -> str | None:
    """Why a dragon cannot save (or submit) a sheet for a pitch in ``state``, or None."""
    state = SlotState(state)
    if state == SlotState.CLOSED:
        return "Scoring for this pitch has closed. Ask the chair if you need to change your sheet"
    if submitting and state != SlotState.SCORING:
        return (
            "Scoring for this pitch has not opened yet. Save your sheet as a draft and submit "
            "it when the chair opens scoring"
        )
    return None
