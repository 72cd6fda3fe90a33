"""The dragon's view rules (spark.panels.visibility): statuses, progress, when others' sheets
show, the tally, and what a score sheet needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from spark.panels.visibility import (
    CriterionRule,
    DragonStatus,
    MemberSheet,
    SheetAnswers,
    dragon_status,
    may_see_others,
    parse_score,
    progress,
    sheet_problems,
    tally,
)

S = DragonStatus


@pytest.mark.parametrize(
    ("state", "sheet", "recused", "expected"),
    [
        ("waiting", None, False, S.TO_SCORE),
        ("scoring", None, False, S.TO_SCORE),
        ("pitching", "draft", False, S.DRAFT),
        ("scoring", "submitted", False, S.SUBMITTED),
        ("closed", "submitted", False, S.SUBMITTED),
        ("closed", "draft", False, S.CLOSED),
        ("closed", None, False, S.CLOSED),
        ("scoring", "submitted", True, S.RECUSED),
        ("closed", None, True, S.RECUSED),
        ("closed", "draft", True, S.RECUSED),
        ("waiting", "submitted", False, S.SUBMITTED),  # a sheet submitted, then re-called
    ],
)
def test_dragon_status(state, sheet, recused, expected):
    assert dragon_status(state, sheet, recused=recused) == expected


@pytest.mark.parametrize(
    ("sheet", "recused", "expected"),
    [
        (None, False, S.CLOSED),  # no sheet before the close: cannot score it now
        ("draft", False, S.DRAFT),  # a sheet from before the close: may finish it
        ("submitted", False, S.SUBMITTED),
        (None, True, S.RECUSED),
    ],
)
def test_dragon_status_once_scoring_reopens(sheet, recused, expected):
    assert dragon_status("scoring", sheet, recused=recused, closed_before=True) == expected


def test_status_labels_and_tags():
    """One vocabulary for the dragon's page and the chair's: each status one label and one
    colour, all different; Closed is grey, not red (red is for errors)."""
    assert [(s.label, s.tag_class) for s in S] == [
        ("To score", "govuk-tag--blue"),
        ("Draft saved", "govuk-tag--yellow"),
        ("Submitted", "govuk-tag--green"),
        ("Recused", "govuk-tag--orange"),
        ("Closed", "govuk-tag--grey"),
    ]
    # Each colour is one the stylesheet has (a tag without one is blue), all different.
    css = (Path(__file__).parents[2] / "spark/static/vendor/spark.css").read_text()
    shown = [s.tag_class if f".{s.tag_class}{{" in css else "blue" for s in S]
    assert len(set(shown)) == len(S) and shown[0] == "blue"


def test_progress_leaves_recused_pitches_out():
    statuses = [S.SUBMITTED, S.SUBMITTED, S.DRAFT, S.RECUSED, S.CLOSED, S.TO_SCORE]
    assert progress(statuses).text == "2 of 5 scored"
    assert progress([]).text == "0 of 0 scored"
    assert progress([S.RECUSED]).text == "0 of 0 scored"


@pytest.mark.parametrize(
    ("own", "state", "recused", "expected"),
    [
        (None, "scoring", False, False),
        ("draft", "scoring", False, False),
        ("submitted", "scoring", False, True),
        (None, "closed", False, True),
        ("draft", "closed", False, True),
        ("submitted", "closed", True, False),
        (None, "closed", True, False),
    ],
)
def test_may_see_others(own, state, recused, expected):
    assert may_see_others(own, state, recused=recused) is expected


@pytest.mark.parametrize(
    ("own", "recused", "expected"),
    [(None, False, True), ("draft", False, True), ("submitted", False, True), (None, True, False)],
)
def test_sheets_seen_once_scoring_closed_stay_seen_when_it_reopens(own, recused, expected):
    assert may_see_others(own, "scoring", recused=recused, closed_before=True) is expected


def test_tally_counts_recused_members_whatever_their_sheet():
    members = [
        MemberSheet(False, "submitted", "in"),
        MemberSheet(False, "submitted", "in"),
        MemberSheet(False, "submitted", "out"),
        MemberSheet(True, "submitted", "in"),
        MemberSheet(False, "draft", "out"),
        MemberSheet(False),
    ]
    assert tally(members).text == "2 in, 1 out, 1 recused, 2 still to submit"
    # The one count of submitted sheets: the recused member's sheet and the draft are left out.
    assert (tally(members).submitted, tally(members).scoring) == (3, 5)
    assert tally([]).text == "0 in, 0 out, 0 recused, 0 still to submit"


CRITERIA = [CriterionRule(1, "Innovation"), CriterionRule(2, "Feasibility")]


def answers(scores=None, comments=None, verdict=None, reason="") -> SheetAnswers:
    return SheetAnswers(scores or {}, comments or {}, verdict, reason)


def test_a_draft_may_be_empty_or_partial():
    assert sheet_problems(CRITERIA, answers(), submitting=False) == {}
    assert sheet_problems(CRITERIA, answers({1: "4"}, verdict="out"), submitting=False) == {}


def test_submitting_needs_every_score_and_a_verdict_in_page_order():
    problems = sheet_problems(CRITERIA, answers({1: 3, 2: None}), submitting=True)
    assert list(problems.items()) == [
        ("score_2", "Select a score for Feasibility"),
        ("verdict", "Select In or Out"),
    ]


def test_out_needs_a_reason_when_submitting():
    full = {1: 3, 2: 4}
    assert sheet_problems(CRITERIA, answers(full, verdict="out", reason=" "), submitting=True) == {
        "reason": "Enter why this pitch is out"
    }
    assert (
        sheet_problems(CRITERIA, answers(full, verdict="out", reason="Costly"), submitting=True)
        == {}
    )
    assert sheet_problems(CRITERIA, answers(full, verdict="in"), submitting=True) == {}


@pytest.mark.parametrize("bad", ["0", "6", "three", 7, "-1", "2.5"])
def test_scores_are_1_to_5_every_time(bad):
    problems = sheet_problems(CRITERIA, answers({1: bad}), submitting=False)
    assert problems == {"score_1": "Select a score between 1 and 5 for Innovation"}


def test_verdicts_are_in_or_out_and_limits_hold_for_drafts():
    problems = sheet_problems(
        CRITERIA,
        answers(comments={2: "x" * 2001}, verdict="maybe", reason="y" * 2001),
        submitting=False,
    )
    assert problems == {
        "comment_2": "Comment on Feasibility must be 2000 characters or fewer",
        "verdict": "Select In or Out",
        "reason": "Reason must be 2000 characters or fewer",
    }


def test_criteria_of_another_round_are_refused():
    assert sheet_problems(CRITERIA, answers({9: 3}), submitting=False) == {
        "sheet": "Score only the criteria of this pitch’s round"
    }


def test_parse_score():
    assert [parse_score(v) for v in (None, "", "1", 5, "5", "0", "x")] == [
        None,
        None,
        1,
        5,
        5,
        "0",
        "x",
    ]
