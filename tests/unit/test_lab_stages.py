"""The lab's stage rules (spark.lab.stages): every move from every stage in every status."""

from __future__ import annotations

import itertools

import pytest

from spark.lab import stages
from spark.lab.stages import (
    Action,
    Change,
    Kind,
    ProjectState,
    Refusal,
    Request,
    StageInfo,
    decide,
    describe,
    possible_moves,
    skipped_between,
)

STAGES = [
    StageInfo("discovery", "Discovery"),
    StageInfo("alpha", "Alpha"),
    StageInfo("beta", "Beta"),
    StageInfo("live", "Live"),
    StageInfo("scaled", "Scaled across government"),
]
KEYS = [stage.key for stage in STAGES]


def _state(stage="discovery", status="active"):
    return ProjectState(stage, status)


def _move(to_stage, evidence="Research with 12 users", assessment="met", reason=""):
    return Request(Action.MOVE, to_stage, evidence, assessment, reason)


def _problems(result):
    assert isinstance(result, Refusal), result
    return result.problems


# Forward one stage -------------------------------------------------------------------------


@pytest.mark.parametrize("here, there", list(itertools.pairwise(KEYS)))
def test_forward_one_stage_with_evidence_and_met_moves_the_project(here, there):
    change = decide(STAGES, _state(here), _move(there))
    assert change == Change(
        kind=Kind.FORWARD,
        from_stage=here,
        to_stage=there,
        stage=there,
        status="active",
        status_reason="",
        evidence="Research with 12 users",
        assessment="met",
        reason="",
    )
    assert change.stage_changed


def test_forward_keeps_an_optional_reason():
    change = decide(STAGES, _state(), _move("alpha", reason="Ahead of plan"))
    assert (change.kind, change.reason) == (Kind.FORWARD, "Ahead of plan")


def test_forward_not_met_records_the_assessment_and_the_project_stays():
    change = decide(STAGES, _state("alpha"), _move("beta", assessment="not_met"))
    assert (change.kind, change.from_stage, change.to_stage, change.stage) == (
        Kind.ASSESSED,
        "alpha",
        "beta",
        "alpha",
    )
    assert (change.assessment, change.status) == ("not_met", "active")
    assert not change.stage_changed


def test_forward_needs_evidence_and_an_assessment():
    problems = _problems(decide(STAGES, _state(), _move("alpha", evidence="", assessment="")))
    assert problems == {
        "evidence": "Enter the evidence the project meets the gate",
        "assessment": "Select whether the project met the gate",
    }


@pytest.mark.parametrize("assessment", ["", "maybe", "MET"])
def test_an_unknown_assessment_is_refused(assessment):
    problems = _problems(decide(STAGES, _state(), _move("alpha", assessment=assessment)))
    assert problems == {"assessment": stages.ENTER_ASSESSMENT}


# Skipping ----------------------------------------------------------------------------------


def test_a_skip_without_a_reason_is_refused_on_the_reason():
    problems = _problems(decide(STAGES, _state(), _move("beta")))
    assert problems == {"reason": "Enter why the project is skipping a stage"}


def test_a_skip_without_anything_shows_every_problem_at_once():
    problems = _problems(decide(STAGES, _state(), _move("live", evidence="", assessment="")))
    assert set(problems) == {"evidence", "assessment", "reason"}


@pytest.mark.parametrize(
    "here, there",
    [(a, b) for a, b in itertools.combinations(KEYS, 2) if KEYS.index(b) - KEYS.index(a) > 1],
)
def test_a_skip_with_a_reason_evidence_and_met_moves(here, there):
    change = decide(STAGES, _state(here), _move(there, reason="Alpha done by another team"))
    assert (change.kind, change.stage, change.assessment) == (Kind.SKIP, there, "met")
    assert change.reason == "Alpha done by another team"


def test_a_skip_not_met_is_an_assessment_and_the_project_stays():
    change = decide(STAGES, _state(), _move("beta", assessment="not_met", reason="Fast track"))
    assert (change.kind, change.stage, change.to_stage) == (Kind.ASSESSED, "discovery", "beta")


# Back ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("here, there", [(b, a) for a, b in itertools.pairwise(KEYS)])
def test_back_one_stage_with_a_reason(here, there):
    change = decide(STAGES, _state(here), _move(there, evidence="", assessment="", reason="Why"))
    assert (change.kind, change.stage, change.assessment, change.reason) == (
        Kind.BACK,
        there,
        None,
        "Why",
    )


def test_back_needs_a_reason_but_no_evidence_or_assessment():
    problems = _problems(decide(STAGES, _state("beta"), _move("alpha", "", "", "")))
    assert problems == {"reason": "Enter why the project is moving back a stage"}


def test_back_keeps_evidence_typed_but_never_an_assessment():
    change = decide(STAGES, _state("beta"), _move("alpha", "Users struggled", "met", "Rework"))
    assert (change.evidence, change.assessment) == ("Users struggled", None)


@pytest.mark.parametrize(
    "here, there",
    [(b, a) for a, b in itertools.combinations(KEYS, 2) if KEYS.index(b) - KEYS.index(a) > 1],
)
def test_back_more_than_one_stage_is_refused(here, there):
    result = decide(STAGES, _state(here), _move(there, reason="Start again"))
    previous = STAGES[KEYS.index(here) - 1].name
    assert _problems(result) == {
        "to_stage": f"A project can only move back one stage at a time. Select {previous}"
    }
    assert not result.conflict


# Nowhere to go -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_no_move_to_the_same_stage(key):
    name = STAGES[KEYS.index(key)].name
    problems = _problems(decide(STAGES, _state(key), _move(key, reason="Again")))
    assert problems["to_stage"] == f"The project is already in {name}. Select another stage"


@pytest.mark.parametrize("to_stage", ["", "stopped", "gamma"])
def test_an_unknown_or_missing_stage_is_refused(to_stage):
    problems = _problems(decide(STAGES, _state(), _move(to_stage)))
    assert problems == {"to_stage": "Select the stage to move the project to"}


def test_no_forward_from_the_last_stage():
    moves = possible_moves(STAGES, _state("scaled"))
    assert [(move.stage.key, move.kind) for move in moves] == [("live", Kind.BACK)]
    for key in KEYS[:-2]:
        assert "to_stage" in _problems(decide(STAGES, _state("scaled"), _move(key, reason="x")))


def test_a_project_in_a_stage_that_no_longer_exists_cannot_move():
    result = decide(STAGES, _state("gamma"), _move("alpha"))
    assert result.conflict and result.message == stages.NO_SUCH_STAGE
    assert possible_moves(STAGES, _state("gamma")) == []


@pytest.mark.parametrize("key", KEYS)
def test_a_paused_project_cannot_move_until_resumed(key):
    for there in KEYS:
        result = decide(STAGES, _state(key, "paused"), _move(there, reason="r"))
        assert result == Refusal({"to_stage": stages.IS_PAUSED}, conflict=True)


@pytest.mark.parametrize("action", list(Action))
def test_a_stopped_project_cannot_change(action):
    result = decide(STAGES, _state("beta", "stopped"), Request(action, "live", "e", "met", "r"))
    assert isinstance(result, Refusal) and result.conflict
    assert result.message == stages.IS_STOPPED
    assert set(result.problems) == {"to_stage" if action == Action.MOVE else "reason"}


# Pause, resume, stop -----------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_pause_an_active_project_with_a_reason(key):
    change = decide(STAGES, _state(key), Request(Action.PAUSE, reason="Waiting for funding"))
    assert (change.kind, change.stage, change.status, change.status_reason) == (
        Kind.PAUSE,
        key,
        "paused",
        "Waiting for funding",
    )
    assert not change.stage_changed


def test_pause_needs_a_reason():
    result = decide(STAGES, _state(), Request(Action.PAUSE))
    assert result == Refusal({"reason": "Enter why the project is pausing"})


def test_a_paused_project_cannot_be_paused_again():
    result = decide(STAGES, _state(status="paused"), Request(Action.PAUSE, reason="Again"))
    assert result == Refusal({"reason": stages.ALREADY_PAUSED}, conflict=True)


def test_resume_a_paused_project_reason_optional():
    change = decide(STAGES, _state("alpha", "paused"), Request(Action.RESUME))
    assert (change.kind, change.stage, change.status, change.status_reason) == (
        Kind.RESUME,
        "alpha",
        "active",
        "",
    )


def test_only_a_paused_project_resumes():
    result = decide(STAGES, _state(), Request(Action.RESUME))
    assert result == Refusal({"reason": stages.NOT_PAUSED}, conflict=True)


@pytest.mark.parametrize("status", ["active", "paused"])
@pytest.mark.parametrize("key", KEYS)
def test_stop_from_any_stage_active_or_paused(key, status):
    change = decide(STAGES, _state(key, status), Request(Action.STOP, reason="No benefit"))
    assert (change.kind, change.stage, change.status, change.status_reason) == (
        Kind.STOP,
        key,
        "stopped",
        "No benefit",
    )


def test_stop_needs_a_reason():
    result = decide(STAGES, _state(), Request(Action.STOP))
    assert result == Refusal({"reason": "Enter why the project is stopping"})


def test_text_over_the_limit_is_refused():
    long = "x" * (stages.TEXT_MAX + 1)
    problems = _problems(decide(STAGES, _state(), _move("alpha", evidence=long, reason=long)))
    assert problems == {
        "evidence": "The evidence must be 5,000 characters or fewer",
        "reason": "The reason must be 5,000 characters or fewer",
    }
    result = decide(STAGES, _state(), Request(Action.PAUSE, reason=long))
    assert result == Refusal({"reason": "The reason must be 5,000 characters or fewer"})
    change = decide(STAGES, _state(), _move("alpha", evidence="x" * stages.TEXT_MAX))
    assert isinstance(change, Change)


# What the lab may do, and what the timeline says ------------------------------------------


def test_possible_moves_from_alpha():
    moves = possible_moves(STAGES, _state("alpha"))
    assert [(move.stage.key, move.kind, [s.key for s in move.skipped]) for move in moves] == [
        ("discovery", Kind.BACK, []),
        ("beta", Kind.FORWARD, []),
        ("live", Kind.SKIP, ["beta"]),
        ("scaled", Kind.SKIP, ["beta", "live"]),
    ]


@pytest.mark.parametrize("status", ["paused", "stopped"])
def test_no_moves_unless_active(status):
    assert possible_moves(STAGES, _state("alpha", status)) == []


def test_every_possible_move_is_allowed_by_decide():
    for key in KEYS:
        for move in possible_moves(STAGES, _state(key)):
            result = decide(STAGES, _state(key), _move(move.stage.key, reason="Because"))
            assert isinstance(result, Change) and result.kind == move.kind


def test_actions_by_status():
    assert stages.actions(_state()) == [Action.MOVE, Action.PAUSE, Action.STOP]
    assert stages.actions(_state(status="paused")) == [Action.RESUME, Action.STOP]
    assert stages.actions(_state(status="stopped")) == []


@pytest.mark.parametrize(
    "kind, from_name, to_name, skipped, said",
    [
        ("opened", None, "Discovery", (), "Opened in Discovery"),
        ("forward", "Discovery", "Alpha", (), "Moved from Discovery to Alpha"),
        ("skip", "Discovery", "Beta", ("Alpha",), "Skipped Alpha: moved from Discovery to Beta"),
        (
            "skip",
            "Discovery",
            "Live",
            ("Alpha", "Beta"),
            "Skipped Alpha and Beta: moved from Discovery to Live",
        ),
        ("back", "Beta", "Alpha", (), "Moved back from Beta to Alpha"),
        ("assessed", "Alpha", "Beta", (), "Gate assessment not met for Beta: stayed in Alpha"),
        ("pause", "Alpha", "Alpha", (), "Paused"),
        ("resume", "Alpha", "Alpha", (), "Resumed"),
        ("stop", "Alpha", "Alpha", (), "Stopped"),
    ],
)
def test_describe(kind, from_name, to_name, skipped, said):
    assert describe(kind, from_name, to_name, skipped) == said


def test_skipped_between():
    assert skipped_between(STAGES, "discovery", "live") == ["Alpha", "Beta"]
    assert skipped_between(STAGES, "discovery", "alpha") == []
    assert skipped_between(STAGES, "beta", "alpha") == []
    assert skipped_between(STAGES, None, "alpha") == []


# Editing a stage ---------------------------------------------------------------------------

OTHERS = ["Discovery", "Beta", "Live", "Scaled across government"]


def test_a_stage_with_a_name_is_fine():
    assert stages.stage_problems("Prototype", "", "", OTHERS) == {}
    assert stages.stage_problems("Alpha", "What for", "What to show", OTHERS) == {}


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Enter a name for the stage"),
        ("x" * 81, "The stage name must be 80 characters or fewer"),
        ("beta", "There is already a stage called beta. Enter a different name"),
        ("STOPPED", "Enter a different name: ‘Stopped’ is how a project’s status is shown"),
        ("Paused", "Enter a different name: ‘Paused’ is how a project’s status is shown"),
    ],
)
def test_a_stage_name_is_refused(name, message):
    assert stages.stage_problems(name, "", "", OTHERS) == {"name": message}


def test_a_name_of_80_characters_is_fine():
    assert stages.stage_problems("x" * 80, "", "", OTHERS) == {}


def test_long_description_and_guidance_are_refused():
    long = "x" * (stages.TEXT_MAX + 1)
    assert stages.stage_problems("Alpha", long, long, OTHERS) == {
        "description": "The description must be 5,000 characters or fewer",
        "guidance": "The gate guidance must be 5,000 characters or fewer",
    }


def test_names_in_words():
    assert stages.in_words([]) == ""
    assert stages.in_words(["Alpha"]) == "Alpha"
    assert stages.in_words(["Alpha", "Beta"]) == "Alpha and Beta"
    assert stages.in_words(["Alpha", "Beta", "Live"]) == "Alpha, Beta and Live"
