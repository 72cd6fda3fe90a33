"""The live panel session's rules: slot moves, the chair's actions, the running order, and each
member's status on a pitch."""

from __future__ import annotations

import pytest

from spark.panels import session
from spark.panels.session import Action, SessionMoveRefused, SlotState

W, P, S, C = "waiting", "pitching", "scoring", "closed"


# Slot moves ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target"),
    [(W, P), (W, S), (P, S), (P, W), (S, C), (C, S)],
)
def test_allowed_slot_moves(current, target):
    session.check_slot_move(current, target)


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (W, C, "A pitch that is waiting cannot become scoring closed"),
        (P, C, "A pitch that is now pitching cannot become scoring closed"),
        (S, W, "A pitch that is scoring open cannot become waiting"),
        (S, P, "A pitch that is scoring open cannot become now pitching"),
        (C, W, "A pitch that is scoring closed cannot become waiting"),
        (C, P, "A pitch that is scoring closed cannot become now pitching"),
        (S, S, "This pitch is already scoring open"),
        (W, W, "This pitch is already waiting"),
    ],
)
def test_refused_slot_moves_say_why(current, target, message):
    with pytest.raises(SessionMoveRefused, match=f"^{message}$"):
        session.check_slot_move(current, target)


def test_unknown_states_are_not_moves():
    with pytest.raises(ValueError):
        session.check_slot_move("paused", S)


def test_drafts_and_submissions_follow_the_slot():
    assert [session.may_save_draft(s) for s in (W, P, S, C)] == [True, True, True, False]
    assert [session.may_submit(s) for s in (W, P, S, C)] == [False, False, True, False]
    assert session.scoring_refusal(S, submitting=True) is None
    assert session.scoring_refusal(W, submitting=False) is None
    assert "has not opened yet" in session.scoring_refusal(P, submitting=True)
    assert "has closed" in session.scoring_refusal(C, submitting=False)


@pytest.mark.parametrize("submitting", [False, True])
def test_after_a_close_only_a_sheet_started_before_it_can_be_scored(submitting):
    """Scoring reopened: every dragon could read the others' sheets while it was closed, so a
    dragon with no sheet from before the close cannot start one; one who had a sheet may
    finish it."""
    late = session.scoring_refusal(S, submitting=submitting, has_sheet=False, closed_before=True)
    assert late == (
        "Scoring closed before you started a score sheet, so other dragons’ sheets were "
        "visible to you. You cannot score this pitch now"
    )
    assert (
        session.scoring_refusal(S, submitting=submitting, has_sheet=True, closed_before=True)
        is None
    )
    assert session.scoring_refusal(S, submitting=submitting, has_sheet=False) is None
    # While closed, the closed message comes first.
    assert "has closed" in session.scoring_refusal(
        C, submitting=submitting, has_sheet=False, closed_before=True
    )


# The chair's actions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "state", "target"),
    [
        (Action.NOW_PITCHING, W, SlotState.PITCHING),
        (Action.OPEN_SCORING, W, SlotState.SCORING),
        (Action.OPEN_SCORING, P, SlotState.SCORING),
        (Action.CLOSE_SCORING, S, SlotState.CLOSED),
        (Action.REOPEN_SCORING, C, SlotState.SCORING),
    ],
)
def test_actions_lead_to_their_state(action, state, target):
    assert session.check_action(action, state) == target


@pytest.mark.parametrize(
    ("action", "state", "message"),
    [
        (Action.NOW_PITCHING, P, "This pitch is already now pitching"),
        (Action.NOW_PITCHING, S, "Scoring for this pitch is open. Only a waiting pitch"),
        (Action.NOW_PITCHING, C, "Scoring for this pitch has closed. Only a waiting pitch"),
        (Action.OPEN_SCORING, S, "Scoring for this pitch is already open"),
        (Action.OPEN_SCORING, C, "reopen scoring and give a reason"),
        (Action.CLOSE_SCORING, W, "Scoring for this pitch has not opened yet"),
        (Action.CLOSE_SCORING, P, "Scoring for this pitch has not opened yet"),
        (Action.CLOSE_SCORING, C, "Scoring for this pitch has already closed"),
        (Action.REOPEN_SCORING, W, "nothing to reopen"),
        (Action.REOPEN_SCORING, P, "nothing to reopen"),
        (Action.REOPEN_SCORING, S, "Scoring for this pitch is already open"),
    ],
)
def test_refused_actions_say_why(action, state, message):
    with pytest.raises(SessionMoveRefused, match=message):
        session.check_action(action, state)


def test_every_refusal_has_a_message():
    for action, (starts, _target) in session.ACTIONS.items():
        for state in SlotState:
            if state not in starts:
                assert session.REFUSALS[(action, state)]


def test_actions_for_each_state_in_page_order():
    assert session.actions_for(W) == [Action.NOW_PITCHING, Action.OPEN_SCORING]
    assert session.actions_for(P) == [Action.OPEN_SCORING]
    assert session.actions_for(S) == [Action.CLOSE_SCORING]
    assert session.actions_for(C) == [Action.REOPEN_SCORING]


# Now pitching and the next pitch ---------------------------------------------------------------


def test_now_pitching_moves_a_waiting_slot_and_sends_the_pitching_one_back():
    states = {1: C, 2: P, 3: W, 4: W}
    assert session.now_pitching_changes(states, 3) == {
        3: SlotState.PITCHING,
        2: SlotState.WAITING,
    }


def test_now_pitching_leaves_scoring_and_closed_slots_alone():
    assert session.now_pitching_changes({1: S, 2: C, 3: W}, 3) == {3: SlotState.PITCHING}


@pytest.mark.parametrize("state", [P, S, C])
def test_now_pitching_needs_a_waiting_slot(state):
    with pytest.raises(SessionMoveRefused):
        session.now_pitching_changes({1: state, 2: W}, 1)


def test_opening_scoring_calls_the_pitch_and_sends_the_pitching_one_back():
    """Opening scoring on a waiting pitch makes it the one being heard: a pitch still
    pitching (never opened) goes back to waiting, as when the chair sets now pitching."""
    assert session.open_scoring_changes({1: P, 2: W, 3: S}, 2) == {
        1: SlotState.WAITING,
        2: SlotState.SCORING,
    }
    assert session.open_scoring_changes({1: P, 2: W}, 1) == {1: SlotState.SCORING}
    assert session.open_scoring_changes({1: C, 2: W}, 2) == {2: SlotState.SCORING}


@pytest.mark.parametrize("state", [S, C])
def test_opening_scoring_needs_a_waiting_or_pitching_slot(state):
    with pytest.raises(SessionMoveRefused):
        session.open_scoring_changes({1: state, 2: P}, 1)


@pytest.mark.parametrize(
    ("states", "current", "expected"),
    [
        ({1: W, 2: W}, None, 1),
        ({1: S, 2: W, 3: W}, 1, 2),
        ({1: C, 2: C, 3: W}, 2, 3),
        # Skipped ahead: the next after the current one first...
        ({1: W, 2: C, 3: P, 4: W}, 3, 4),
        # ...then back to the one skipped earlier.
        ({1: W, 2: C, 3: S}, 3, 1),
        ({1: C, 2: S}, 2, None),
        ({}, None, None),
    ],
)
def test_next_waiting(states, current, expected):
    assert session.next_waiting(states, current) == expected


# Running order -------------------------------------------------------------------------------


def test_reorder_swaps_with_a_neighbour():
    assert session.reorder_target(W, 2, 4, "up") == 1
    assert session.reorder_target(W, 2, 4, "down") == 3


@pytest.mark.parametrize(
    ("state", "position", "direction", "message"),
    [
        (W, 1, "up", "already first"),
        (W, 4, "down", "already last"),
        (P, 2, "up", "Only a waiting pitch can move"),
        (S, 2, "down", "Only a waiting pitch can move"),
        (C, 2, "down", "Only a waiting pitch can move"),
    ],
)
def test_reorder_refusals(state, position, direction, message):
    with pytest.raises(SessionMoveRefused, match=message):
        session.reorder_target(state, position, 4, direction)


def test_reorder_rejects_an_unknown_direction():
    with pytest.raises(ValueError):
        session.reorder_target(W, 2, 4, "sideways")


@pytest.mark.parametrize(("current", "expected"), [(None, None), (1, 1), (2, 3), (3, 2), (4, 4)])
def test_now_pitching_follows_its_slot_when_swapped(current, expected):
    assert session.follow_swap(current, 2, 3) == expected


# Reopening a sheet (a member's status on a pitch is visibility.dragon_status: test_sheet_rules)


@pytest.mark.parametrize(
    ("slot", "sheet", "message"),
    [
        (S, "submitted", None),
        (W, "submitted", None),
        (S, "draft", "has not been submitted"),
        (C, "submitted", "Reopen scoring first"),
        (C, "draft", "has not been submitted"),
    ],
)
def test_sheet_reopen(slot, sheet, message):
    refusal = session.sheet_reopen_refusal(slot, sheet)
    assert refusal == message if message is None else message in refusal
