"""The decisions stage's words: the team's rule sentence never implies a member's vote, and one
anonymiser for the letter and the team's page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from spark.decisions import wording


def decision(
    *,
    rule: str = "majority",
    rule_outcome: str = "funded",
    ins: int = 2,
    outs: int = 1,
    recused: int = 0,
    absent: int = 0,
    casting_vote: bool = False,
    quorum: int = 3,
    votes=(),
    outcome: str = "funded",
    amount_pence: int | None = 1_250_000,
    conditions: str = "",
):
    return SimpleNamespace(
        rule=rule,
        rule_outcome=rule_outcome,
        votes_in=ins,
        votes_out=outs,
        recused=recused,
        absent=absent,
        casting_vote=casting_vote,
        quorum=quorum,
        quorum_met=rule_outcome != "no_decision",
        kind="split" if ins and outs else ("unanimous" if ins or outs else None),
        votes=list(votes),
        outcome=outcome,
        amount_pence=amount_pence,
        conditions=conditions,
    )


def vote(user_id: int, name: str, how: str = "in"):
    return SimpleNamespace(user_id=user_id, user=SimpleNamespace(name=name), vote=how)


# The rule's result for the team -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "rule_outcome", "ins", "outs", "casting", "expected"),
    [
        ("majority", "funded", 2, 1, False, "Funded: more dragons voted In than Out."),
        ("majority", "not_funded", 1, 2, False, "Not funded: more dragons voted Out than In."),
        (
            "majority",
            "not_funded",
            1,
            1,
            False,
            "Not funded: the vote was tied, and under this rule a tie is not funded.",
        ),
        ("unanimous", "funded", 3, 0, False, "Funded: every vote cast was In."),
        (
            "unanimous",
            "not_funded",
            2,
            1,
            False,
            "Not funded: under this rule every vote cast must be In, and at least one was Out.",
        ),
        (
            "majority_with_chair_casting",
            "funded",
            2,
            2,
            True,
            "Funded on the chair’s casting vote after a tied vote.",
        ),
        # The chair voted Out, or was recused, or did not vote: the team reads the same.
        ("majority_with_chair_casting", "not_funded", 2, 2, True, "Not funded: the vote was tied."),
        (
            "majority_with_chair_casting",
            "not_funded",
            2,
            2,
            False,
            "Not funded: the vote was tied.",
        ),
        (
            "majority_with_chair_casting",
            "no_decision",
            1,
            1,
            False,
            "No decision: the panel did not reach its quorum (2 votes cast, and the quorum is 3).",
        ),
    ],
)
def test_the_team_reads_the_rules_result_without_anyones_vote(
    rule, rule_outcome, ins, outs, casting, expected
):
    sentence = wording.team_rule_text(
        decision(rule=rule, rule_outcome=rule_outcome, ins=ins, outs=outs, casting_vote=casting)
    )
    assert sentence == expected
    assert "chair voted" not in sentence and "recused" not in sentence


def test_labels_and_tally():
    found = decision(ins=2, outs=1, recused=1, absent=1)
    assert wording.tally_text(found) == "2 in, 1 out, 1 recused, 1 did not vote"
    assert wording.vote_text(found) == "Split: 2 in, 1 out, 1 recused, 1 did not vote"
    assert wording.kind_label(None) == wording.NOBODY_VOTED == "Nobody voted"
    assert wording.outcome_text(found) == "Funded £12,500"
    assert wording.outcome_text(decision(outcome="refine_and_resubmit", amount_pence=None)) == (
        "Refine and resubmit"
    )
    assert [wording.vote_label(v) for v in ("in", "out", "recused", "absent")] == [
        "In",
        "Out",
        "Recused",
        "Did not vote",
    ]


def test_next_steps_add_the_conditions_step_only_when_funded_with_conditions():
    steps = wording.next_steps(decision(conditions="Report monthly."))
    assert steps[1] == wording.CONDITIONS_STEP
    assert wording.CONDITIONS_STEP not in wording.next_steps(decision())
    assert wording.next_steps(decision(outcome="not_funded", amount_pence=None))[0] == (
        "This pitch will not go further in this round."
    )


# The anonymiser -----------------------------------------------------------------------------


def panel_decision():
    return decision(
        votes=[
            vote(1, "Ada Chair", "in"),
            vote(2, "Priya Sharma", "out"),
            vote(3, "Tom O'Neill", "recused"),
            vote(4, "Sam Lee", "in"),
        ]
    )


def test_names_in_any_case_and_spacing_become_labels():
    words = wording.anonymiser(panel_decision(), named=False)
    assert words("PRIYA SHARMA (voted Out): too costly") == "Dragon 2 (voted Out): too costly"
    assert words("as priya  sharma said,\nand Priya\n Sharma again") == (
        "as Dragon 2 said,\nand Dragon 2 again"
    )
    assert words("Ada Chair agreed with Sam Lee.") == "Dragon 1 agreed with Dragon 3."
    # A member who did not vote on it is a panel member.
    assert words("Tom O'Neill declared a conflict") == "a panel member declared a conflict"


def test_first_and_last_names_alone_as_whole_words():
    words = wording.anonymiser(panel_decision(), named=False)
    assert words("Priya thought it costly; SHARMA did too.") == (
        "Dragon 2 thought it costly; Dragon 2 did too."
    )
    assert words("Priya's point") == "Dragon 2's point"
    assert words("Priyanka and Sharmaine are not members") == (
        "Priyanka and Sharmaine are not members"
    )
    assert words("Tom agreed, and so did Lee") == "a panel member agreed, and so did Dragon 3"


def test_one_letter_names_and_shared_first_names():
    found = decision(
        votes=[vote(1, "J Smith", "in"), vote(2, "Sam Jones", "in"), vote(3, "Sam Brown", "out")]
    )
    words = wording.anonymiser(found, named=False)
    assert words("J said it") == "J said it"  # a one-letter name alone is left
    assert words("Smith said it") == "Dragon 1 said it"
    # Two members share "Sam": it alone could be either of them.
    assert words("Sam said it") == "a panel member said it"
    assert words("Sam Brown said it") == "Dragon 3 said it"


def test_members_only_in_earlier_decisions_are_panel_members():
    earlier = decision(votes=[vote(9, "Olu Former", "in"), vote(2, "Priya Sharma", "in")])
    words = wording.anonymiser(panel_decision(), named=False, chain=[earlier])
    assert words("Olu Former and Olu and Priya") == "a panel member and a panel member and Dragon 2"


def test_nothing_changes_when_the_round_names_dragons():
    words = wording.anonymiser(panel_decision(), named=True)
    assert words("PRIYA SHARMA said") == "PRIYA SHARMA said"


def test_feedback_in_words():
    from spark.decisions.feedback import Comment, CriterionFeedback, DragonView, Feedback

    given = Feedback(
        named=False,
        criteria=[
            CriterionFeedback("Need", 1, 4.0, 1, [Comment("Dragon 2", "priya sharma liked it")])
        ],
        verdicts=[DragonView("Dragon 2", "out", "Sharma: too costly")],
    )
    words = wording.anonymiser(panel_decision(), named=False)
    shown = wording.feedback_in_words(given, words)
    assert shown.criteria[0].comments[0].text == "Dragon 2 liked it"
    assert shown.verdicts[0].reason == "Dragon 2: too costly"
