"""What the chair may record: outcomes, departing from the vote, and the dissent."""

from __future__ import annotations

import pytest

from spark.decisions.recording import (
    NO_QUORUM_REFUSAL,
    MemberVote,
    Outcome,
    departs,
    dissent_text,
    justification_refusal,
    outcome_refusal,
    outcomes_allowed,
)
from spark.decisions.rules import Vote


def test_all_three_outcomes_with_quorum_and_only_refine_without():
    assert outcomes_allowed(True) == [Outcome.FUNDED, Outcome.NOT_FUNDED, Outcome.REFINE]
    assert outcomes_allowed(False) == [Outcome.REFINE]


@pytest.mark.parametrize(
    ("outcome", "quorum_met", "refusal"),
    [
        ("funded", True, None),
        ("not_funded", True, None),
        ("refine_and_resubmit", True, None),
        ("refine_and_resubmit", False, None),
        ("funded", False, NO_QUORUM_REFUSAL),
        ("not_funded", False, NO_QUORUM_REFUSAL),
        ("", True, "Select the panel’s decision"),
        ("maybe", True, "Select the panel’s decision"),
    ],
)
def test_outcome_refusal(outcome, quorum_met, refusal):
    assert outcome_refusal(outcome, quorum_met) == refusal


@pytest.mark.parametrize(
    ("outcome", "rule_outcome", "expected"),
    [
        ("funded", "funded", False),
        ("not_funded", "not_funded", False),
        ("not_funded", "funded", True),
        ("funded", "not_funded", True),
        ("refine_and_resubmit", "funded", True),
        ("refine_and_resubmit", "not_funded", True),
        ("refine_and_resubmit", "no_decision", False),
    ],
)
def test_departs(outcome, rule_outcome, expected):
    assert departs(outcome, rule_outcome) is expected


def test_a_departing_decision_needs_a_justification():
    assert justification_refusal("not_funded", "funded", "  ") == (
        "Explain why the decision departs from the panel’s vote: the round’s rule gives funded"
    )
    assert justification_refusal("not_funded", "funded", "Too costly") is None
    assert justification_refusal("funded", "funded", "") is None


def _votes(*pairs):
    return [MemberVote(name=name, vote=Vote(vote), reason=reason) for name, vote, reason in pairs]


def test_dissent_is_the_minority_against_the_rule_outcome():
    members = _votes(
        ("Ada", "in", "Strong"),
        ("Ben", "out", "  Too   costly "),
        ("Cy", "out", ""),
        ("Di", "in", "Good"),
        ("Ed", "in", "Fine"),
        ("Flo", "recused", "Ignored"),
        ("Gus", "absent", ""),
    )
    assert dissent_text(members, "funded") == (
        "Ben (voted Out): Too costly\nCy (voted Out) gave no reason"
    )
    assert dissent_text(members, "not_funded") == (
        "Ada (voted In): Strong\nDi (voted In): Good\nEd (voted In): Fine"
    )


def test_dissent_without_a_rule_outcome_is_the_smaller_side_and_nobody_on_a_tie():
    members = _votes(("Ada", "in", "Yes"), ("Ben", "out", "No"), ("Cy", "in", "Yes too"))
    assert dissent_text(members, "no_decision") == "Ben (voted Out): No"
    tied = _votes(("Ada", "in", "Yes"), ("Ben", "out", "No"))
    assert dissent_text(tied, "no_decision") == ""
    assert dissent_text(_votes(("Ada", "in", "Yes")), "funded") == ""
