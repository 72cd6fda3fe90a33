"""The tally rules (spark/decisions/rules.py), with cases worked out by hand."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from spark.decisions import rules
from spark.decisions.rules import (
    Kind,
    RuleOutcome,
    Tally,
    Vote,
    decide,
    kind,
    plural,
    tally,
    vote_of,
)

IN, OUT, RECUSED, ABSENT = "in", "out", "recused", "absent"
MAJORITY, UNANIMOUS, CASTING = "majority", "unanimous", "majority_with_chair_casting"
CHAIR = 1


def votes(*positions: str) -> dict[int, str]:
    """Member ids 1, 2, 3... in order; member 1 is the chair in these tests."""
    return dict(enumerate(positions, start=1))


# Each member's vote --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recused", "sheet_status", "verdict", "expected"),
    [
        (False, "submitted", "in", Vote.IN),
        (False, "submitted", "out", Vote.OUT),
        (False, "draft", "in", Vote.ABSENT),  # a draft is not a vote
        (False, None, None, Vote.ABSENT),  # no sheet at all
        (True, "submitted", "in", Vote.RECUSED),  # recused whatever sheet they left
        (True, None, None, Vote.RECUSED),
    ],
)
def test_a_members_vote_comes_from_their_sheet(recused, sheet_status, verdict, expected):
    assert vote_of(recused=recused, sheet_status=sheet_status, verdict=verdict) == expected


def test_a_submitted_sheet_without_a_verdict_is_an_error():
    with pytest.raises(ValueError, match="not in or out"):
        vote_of(recused=False, sheet_status="submitted", verdict=None)


# The tally -----------------------------------------------------------------------------------


def test_the_tally_counts_each_position():
    counts = tally([IN, IN, OUT, IN, RECUSED, IN])
    assert counts == Tally(ins=4, outs=1, recused=1, absent=0)
    assert counts.cast == 5
    assert counts.text == "4 in, 1 out, 1 recused"


def test_the_tally_says_who_did_not_vote_only_when_someone_did_not():
    counts = tally([IN, IN, IN, OUT, RECUSED, ABSENT])
    assert counts.text == "3 in, 1 out, 1 recused, 1 did not vote"
    assert counts.cast == 4
    assert tally([IN, ABSENT, ABSENT]).text == "1 in, 0 out, 0 recused, 2 did not vote"
    assert tally([OUT, OUT]).text == "0 in, 2 out, 0 recused"


def test_an_empty_panel_tallies_nothing():
    assert tally([]).text == "0 in, 0 out, 0 recused"
    assert not tally([]).tied


def test_an_unknown_vote_is_an_error():
    with pytest.raises(ValueError):
        tally([IN, "maybe"])


def test_a_tie_needs_votes():
    assert tally([IN, OUT]).tied
    assert tally([IN, IN, OUT, OUT, RECUSED]).tied
    assert not tally([IN, IN, OUT]).tied
    assert not tally([RECUSED, ABSENT]).tied


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 votes"), (1, "1 vote"), (2, "2 votes"), (11, "11 votes")]
)
def test_plural(count, expected):
    assert plural(count, "vote") == expected


# The kind ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ([IN, IN, IN], Kind.UNANIMOUS),
        ([OUT, OUT, OUT], Kind.UNANIMOUS),  # unanimous Out is still unanimous
        ([IN, IN, OUT], Kind.SPLIT),
        ([IN, OUT], Kind.SPLIT),
        ([IN, IN, RECUSED, ABSENT], Kind.UNANIMOUS),  # only those who voted count
        ([OUT, RECUSED], Kind.UNANIMOUS),
        ([IN], Kind.UNANIMOUS),  # one vote alone is unanimous
        ([RECUSED, RECUSED, ABSENT], None),  # nobody voted: no kind
        ([], None),
    ],
)
def test_the_kind(positions, expected):
    assert kind(tally(positions)) == expected


def test_kind_labels():
    assert Kind.UNANIMOUS.label == "Unanimous"
    assert Kind.SPLIT.label == "Split"
    assert RuleOutcome.NOT_FUNDED.label == "Not funded"
    assert RuleOutcome.NO_DECISION.label == "No decision"


# The rules: majority -------------------------------------------------------------------------


def test_majority_funds_more_in_than_out():
    result = decide(votes(IN, IN, OUT, RECUSED), chair_id=CHAIR, quorum=3, rule=MAJORITY)
    assert result.outcome == RuleOutcome.FUNDED
    assert result.kind == Kind.SPLIT
    assert result.quorum_met
    assert not result.casting_vote
    assert result.tally.text == "2 in, 1 out, 1 recused"
    assert result.explanation == "Funded: more dragons voted In than Out (2 In, 1 Out)."


def test_majority_does_not_fund_more_out_than_in():
    result = decide(votes(IN, OUT, OUT), chair_id=CHAIR, quorum=3, rule=MAJORITY)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert result.explanation == "Not funded: more dragons voted Out than In (1 In, 2 Out)."


def test_majority_does_not_fund_a_tie_even_with_the_chair_in():
    result = decide(votes(IN, IN, OUT, OUT), chair_id=CHAIR, quorum=3, rule=MAJORITY)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert not result.casting_vote
    assert result.explanation == (
        "Not funded: the vote is tied (2 In, 2 Out) and a tie is not funded."
    )


def test_majority_counts_votes_cast_not_members():
    # 2 in, 1 out among 3 votes cast; 3 more members absent or recused do not count as Out
    result = decide(
        votes(IN, IN, OUT, ABSENT, ABSENT, RECUSED), chair_id=CHAIR, quorum=3, rule=MAJORITY
    )
    assert result.outcome == RuleOutcome.FUNDED
    assert result.tally.text == "2 in, 1 out, 1 recused, 2 did not vote"


def test_unanimous_in_under_majority_is_funded_and_unanimous():
    result = decide(votes(IN, IN, IN), chair_id=CHAIR, quorum=3, rule=MAJORITY)
    assert (result.outcome, result.kind) == (RuleOutcome.FUNDED, Kind.UNANIMOUS)


# The rules: unanimous ------------------------------------------------------------------------


def test_unanimous_funds_only_when_every_vote_cast_is_in():
    result = decide(votes(IN, IN, IN, RECUSED, ABSENT), chair_id=CHAIR, quorum=3, rule=UNANIMOUS)
    assert result.outcome == RuleOutcome.FUNDED
    assert result.kind == Kind.UNANIMOUS
    assert result.explanation == "Funded: every vote cast was In (3 In, 0 Out)."


@pytest.mark.parametrize(
    ("positions", "explanation"),
    [
        (
            [IN, IN, IN, OUT],
            "Not funded: every vote cast must be In, and 1 dragon voted Out (3 In, 1 Out).",
        ),
        (
            [IN, OUT, OUT],
            "Not funded: every vote cast must be In, and 2 dragons voted Out (1 In, 2 Out).",
        ),
        (
            [OUT, OUT, OUT],
            "Not funded: every vote cast must be In, and 3 dragons voted Out (0 In, 3 Out).",
        ),
    ],
)
def test_unanimous_does_not_fund_any_out(positions, explanation):
    result = decide(votes(*positions), chair_id=CHAIR, quorum=3, rule=UNANIMOUS)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert result.explanation == explanation


def test_unanimous_does_not_fund_a_tie():
    result = decide(votes(IN, OUT), chair_id=CHAIR, quorum=2, rule=UNANIMOUS)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert not result.casting_vote


# The rules: majority with the chair's casting vote -------------------------------------------


def test_casting_is_a_plain_majority_without_a_tie():
    result = decide(votes(OUT, IN, IN), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert result.outcome == RuleOutcome.FUNDED  # the chair's Out is outvoted
    assert not result.casting_vote
    result = decide(votes(IN, OUT, OUT), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert not result.casting_vote


def test_on_a_tie_the_chair_voting_in_funds():
    result = decide(votes(IN, IN, OUT, OUT), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert result.outcome == RuleOutcome.FUNDED
    assert result.casting_vote
    assert result.kind == Kind.SPLIT
    assert result.explanation == (
        "Funded on the chair’s casting vote: the vote is tied (2 In, 2 Out) and the chair voted In."
    )


def test_on_a_tie_the_chair_voting_out_does_not_fund():
    result = decide(votes(OUT, IN, IN, OUT), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert result.casting_vote
    assert result.explanation == (
        "Not funded on the chair’s casting vote: the vote is tied (2 In, 2 Out) and the chair "
        "voted Out."
    )


def test_the_chair_is_found_by_id_not_by_position():
    result = decide({7: OUT, 3: IN, 9: IN, 4: OUT}, chair_id=9, quorum=2, rule=CASTING)
    assert (result.outcome, result.casting_vote) == (RuleOutcome.FUNDED, True)


def test_on_a_tie_with_the_chair_recused_there_is_no_casting_vote():
    result = decide(votes(RECUSED, IN, OUT), chair_id=CHAIR, quorum=2, rule=CASTING)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert not result.casting_vote
    assert result.explanation == (
        "Not funded: the vote is tied (1 In, 1 Out), the chair is recused from this pitch, "
        "so there is no casting vote, and a tie is not funded."
    )


def test_on_a_tie_with_the_chair_absent_there_is_no_casting_vote():
    result = decide(votes(ABSENT, IN, OUT, IN, OUT), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert result.outcome == RuleOutcome.NOT_FUNDED
    assert not result.casting_vote
    assert result.tally.text == "2 in, 2 out, 0 recused, 1 did not vote"
    assert result.explanation == (
        "Not funded: the vote is tied (2 In, 2 Out), the chair did not vote, "
        "so there is no casting vote, and a tie is not funded."
    )


@pytest.mark.parametrize("chair_id", [None, 99])
def test_on_a_tie_without_a_chair_on_the_panel_there_is_no_casting_vote(chair_id):
    result = decide(votes(IN, OUT), chair_id=chair_id, quorum=2, rule=CASTING)
    assert (result.outcome, result.casting_vote) == (RuleOutcome.NOT_FUNDED, False)
    assert "the chair did not vote" in result.explanation


def test_the_chair_absent_without_a_tie_changes_nothing():
    result = decide(votes(ABSENT, IN, IN, OUT), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert result.outcome == RuleOutcome.FUNDED


# Quorum --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [MAJORITY, UNANIMOUS, CASTING])
def test_quorum_not_met_gives_no_decision_whatever_the_rule(rule):
    # 2 votes cast (both In), quorum 3: the recused and absent members do not count
    result = decide(votes(IN, IN, RECUSED, ABSENT), chair_id=CHAIR, quorum=3, rule=rule)
    assert not result.quorum_met
    assert result.outcome == RuleOutcome.NO_DECISION
    assert result.kind == Kind.UNANIMOUS  # the kind still describes the votes cast
    assert not result.casting_vote
    assert result.explanation == (
        "Quorum not met: 2 votes cast and the quorum is 3. The panel cannot decide: the chair "
        "may only reschedule the pitch or ask the team to refine and resubmit it."
    )


def test_quorum_not_met_on_a_tie_does_not_use_the_casting_vote():
    result = decide(votes(IN, OUT, ABSENT), chair_id=CHAIR, quorum=3, rule=CASTING)
    assert (result.outcome, result.casting_vote) == (RuleOutcome.NO_DECISION, False)


def test_quorum_met_exactly():
    result = decide(votes(IN, IN, OUT, ABSENT), chair_id=CHAIR, quorum=3, rule=MAJORITY)
    assert result.quorum_met
    assert result.outcome == RuleOutcome.FUNDED


def test_one_vote_short_of_quorum_says_vote_in_the_singular():
    result = decide(votes(IN, ABSENT, ABSENT), chair_id=CHAIR, quorum=2, rule=MAJORITY)
    assert result.outcome == RuleOutcome.NO_DECISION
    assert result.explanation.startswith("Quorum not met: 1 vote cast and the quorum is 2.")


@pytest.mark.parametrize("rule", [MAJORITY, UNANIMOUS, CASTING])
def test_everyone_recused_gives_no_kind_and_no_decision(rule):
    result = decide(votes(RECUSED, RECUSED, RECUSED), chair_id=CHAIR, quorum=1, rule=rule)
    assert result.tally.text == "0 in, 0 out, 3 recused"
    assert result.kind is None
    assert not result.quorum_met
    assert result.outcome == RuleOutcome.NO_DECISION
    assert result.explanation.startswith("Quorum not met: 0 votes cast and the quorum is 1.")


def test_nobody_voting_at_all_gives_no_decision():
    result = decide(votes(ABSENT, RECUSED), chair_id=CHAIR, quorum=1, rule=MAJORITY)
    assert (result.kind, result.outcome) == (None, RuleOutcome.NO_DECISION)
    assert result.tally.text == "0 in, 0 out, 1 recused, 1 did not vote"


# A single dragon -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "position", "outcome"),
    [
        (MAJORITY, IN, RuleOutcome.FUNDED),
        (MAJORITY, OUT, RuleOutcome.NOT_FUNDED),
        (UNANIMOUS, IN, RuleOutcome.FUNDED),
        (UNANIMOUS, OUT, RuleOutcome.NOT_FUNDED),
        (CASTING, IN, RuleOutcome.FUNDED),
        (CASTING, OUT, RuleOutcome.NOT_FUNDED),
    ],
)
def test_a_single_dragon_with_quorum_1_decides_alone(rule, position, outcome):
    result = decide({5: position}, chair_id=5, quorum=1, rule=rule)
    assert result.quorum_met
    assert result.kind == Kind.UNANIMOUS
    assert result.outcome == outcome
    assert not result.casting_vote  # one vote is never a tie
    expected = "1 in, 0 out, 0 recused" if position == IN else "0 in, 1 out, 0 recused"
    assert result.tally.text == expected


def test_a_single_dragon_below_a_quorum_of_3_cannot_decide():
    result = decide({5: IN}, chair_id=5, quorum=3, rule=MAJORITY)
    assert result.outcome == RuleOutcome.NO_DECISION


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["", "Majority", "chair_decides", "unanimously"])
def test_an_unknown_rule_is_an_error(rule):
    with pytest.raises(ValueError):
        decide(votes(IN, IN, IN), chair_id=CHAIR, quorum=3, rule=rule)


def test_an_unknown_rule_is_an_error_even_below_quorum():
    with pytest.raises(ValueError):
        decide(votes(RECUSED), chair_id=CHAIR, quorum=3, rule="coin_toss")


@pytest.mark.parametrize("quorum", [0, -1])
def test_a_quorum_below_1_is_an_error(quorum):
    with pytest.raises(ValueError, match="must be 1 or more"):
        decide(votes(IN), chair_id=CHAIR, quorum=quorum, rule=MAJORITY)


def test_an_unknown_vote_in_a_decision_is_an_error():
    with pytest.raises(ValueError):
        decide(votes(IN, "abstain"), chair_id=CHAIR, quorum=1, rule=MAJORITY)


def test_the_result_records_the_rule_and_quorum():
    result = decide(votes(IN), chair_id=CHAIR, quorum=1, rule=CASTING)
    assert result.rule == "majority_with_chair_casting"
    assert result.quorum == 1
    with pytest.raises(AttributeError):
        result.outcome = RuleOutcome.NOT_FUNDED  # frozen


# Purity --------------------------------------------------------------------------------------


def test_the_module_is_pure():
    """The standard library only, plus spark.panels.rules (itself standard library only) for
    the decision rule names."""
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    ours = {name for name in modules if name.split(".")[0] not in sys.stdlib_module_names}
    assert ours == {"spark.panels.rules"}
    panel_rules = ast.parse(
        (Path(rules.__file__).parents[1] / "panels" / "rules.py").read_text(encoding="utf-8")
    )
    assert all(
        (node.module or "").split(".")[0] in sys.stdlib_module_names
        for node in ast.walk(panel_rules)
        if isinstance(node, ast.ImportFrom)
    )
