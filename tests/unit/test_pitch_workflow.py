from __future__ import annotations

import pytest

from spark.pitches.workflow import (
    EDITABLE,
    Actor,
    Status,
    TransitionRefused,
    can_move,
    check_move,
    moves_for,
)


def test_team_submits_a_draft_and_resubmits_a_returned_pitch():
    assert can_move(Status.DRAFT, Status.SUBMITTED, Actor.TEAM)
    assert can_move(Status.RETURNED, Status.SUBMITTED, Actor.TEAM)


def test_only_organisers_screen():
    assert can_move(Status.SUBMITTED, Status.ELIGIBLE, Actor.ORGANISER)
    assert not can_move(Status.SUBMITTED, Status.ELIGIBLE, Actor.TEAM)
    with pytest.raises(TransitionRefused, match="Only the organiser"):
        check_move(Status.SUBMITTED, Status.RETURNED, Actor.TEAM)


def test_impossible_moves_say_why():
    with pytest.raises(TransitionRefused, match="decided cannot become draft"):
        check_move(Status.DECIDED, Status.DRAFT, Actor.ORGANISER)
    with pytest.raises(TransitionRefused):
        check_move(Status.DRAFT, Status.DECIDED, Actor.CHAIR)


def test_withdrawal_is_the_team_s_until_the_pitch_is_pitched():
    assert can_move(Status.ASSIGNED, Status.WITHDRAWN, Actor.TEAM)
    assert not can_move(Status.PITCHED, Status.WITHDRAWN, Actor.TEAM)
    assert not can_move(Status.DECIDED, Status.WITHDRAWN, Actor.TEAM)
    assert not can_move(Status.SUBMITTED, Status.WITHDRAWN, Actor.ORGANISER)


def test_only_drafts_and_returned_pitches_are_editable():
    assert {Status.DRAFT, Status.RETURNED} == EDITABLE


def test_moves_for_lists_targets_in_pipeline_order():
    assert moves_for(Status.SUBMITTED, Actor.ORGANISER) == [Status.ELIGIBLE, Status.RETURNED]
    assert moves_for(Status.DRAFT, Actor.TEAM) == [Status.SUBMITTED, Status.WITHDRAWN]
    assert moves_for(Status.WITHDRAWN, Actor.TEAM) == []
