"""Tally rules: from a panel's votes on one pitch to the tally, its kind, the quorum and the
outcome the round's decision rule gives.

Pure: the standard library only (and ``spark.panels.rules``, itself standard library only, for
the one list of decision rule names).

The rules:

- **Each member's vote** (``vote_of``): a panel member who is recused from the pitch (a
  conflict of interest, found or declared) is *recused*, whatever sheet they left; otherwise a
  submitted sheet is a vote *in* or *out* (its verdict); a member with no submitted sheet (none
  at all, or a draft) *did not vote* (absent). These are the counting rules of the running
  tally (``panels.visibility.tally``), once scoring has closed.
- **The tally** (``tally``): how many voted In, voted Out, were recused and did not vote, in
  words: "4 in, 1 out, 1 recused", with "1 did not vote" added only when someone did not.
  The **votes cast** are the In and Out votes; recused and absent members cast none.
- **The kind** (``kind``): *unanimous* when every dragon who voted voted the same way (all In
  or all Out; one vote alone is unanimous), otherwise *split*. When nobody voted (everyone
  recused or absent) there is no kind (None): there is no vote to be unanimous or split
  about. That never meets the quorum (at least 1), so the rule's outcome is then always
  *no decision*.
- **Quorum** (``Result.quorum_met``): met when the votes cast are at least the round's
  quorum. Recused and absent members do not count towards it.
- **The outcome the round's rule gives** (``decide``): when the quorum is not met, *no
  decision* whatever the rule - the panel cannot decide, and the chair may only reschedule the
  pitch or ask the team to refine and resubmit it. Otherwise, over the votes cast:

  - ``majority``: *funded* when more dragons voted In than Out; a tie is *not funded*;
  - ``unanimous``: *funded* only when every vote cast is In; a single Out is *not funded*;
  - ``majority_with_chair_casting``: as ``majority``, but on a tie the chair's vote decides:
    *funded* if the chair voted In, *not funded* if Out. The chair votes like every dragon
    and their casting vote is that same vote, not a second one. If the chair is recused from
    the pitch or did not vote (or is not on the panel), there is no casting vote and a tie is
    *not funded*, as under ``majority``.

  An unknown rule name is a programming error (ValueError), as is a quorum below 1 or a vote
  that is none of in, out, recused, absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from spark.panels.rules import DecisionRule


class Vote(StrEnum):
    """One panel member's position on a pitch once scoring has closed."""

    IN = "in"
    OUT = "out"
    RECUSED = "recused"
    ABSENT = "absent"


class Kind(StrEnum):
    UNANIMOUS = "unanimous"
    SPLIT = "split"

    @property
    def label(self) -> str:
        return {Kind.UNANIMOUS: "Unanimous", Kind.SPLIT: "Split"}[self]


class RuleOutcome(StrEnum):
    """What the round's decision rule makes of the votes (the chair records the decision)."""

    FUNDED = "funded"
    NOT_FUNDED = "not_funded"
    NO_DECISION = "no_decision"

    @property
    def label(self) -> str:
        return {
            RuleOutcome.FUNDED: "Funded",
            RuleOutcome.NOT_FUNDED: "Not funded",
            RuleOutcome.NO_DECISION: "No decision",
        }[self]


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``count`` and the noun that goes with it: "1 vote", "0 votes", "2 dragons"."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def vote_of(*, recused: bool, sheet_status: str | None, verdict: str | None) -> Vote:
    """A panel member's vote from their sheet: recused first, whatever sheet they left; then a
    submitted sheet's verdict; no sheet or a draft did not vote. A submitted sheet without
    an In or Out verdict cannot be (submitting needs one): ValueError."""
    if recused:
        return Vote.RECUSED
    if sheet_status != "submitted":
        return Vote.ABSENT
    if verdict not in (Vote.IN, Vote.OUT):
        raise ValueError(f"A submitted sheet has verdict {verdict!r}, not in or out")
    return Vote(verdict)


@dataclass(frozen=True)
class Tally:
    """How a panel's members stand on a pitch: voted In, voted Out, recused, did not vote."""

    ins: int
    outs: int
    recused: int
    absent: int

    @property
    def cast(self) -> int:
        """The votes cast: In and Out. Recused and absent members cast none."""
        return self.ins + self.outs

    @property
    def tied(self) -> bool:
        """As many In as Out, with at least one vote cast."""
        return self.cast > 0 and self.ins == self.outs

    @property
    def text(self) -> str:
        """In words: "4 in, 1 out, 1 recused", adding ", 1 did not vote" only when someone did
        not."""
        text = f"{self.ins} in, {self.outs} out, {self.recused} recused"
        return f"{text}, {self.absent} did not vote" if self.absent else text


def tally(votes: Iterable[Vote | str]) -> Tally:
    """Count the members' votes (one per member of the panel; ValueError for an unknown one)."""
    counted = [Vote(vote) for vote in votes]
    return Tally(
        ins=counted.count(Vote.IN),
        outs=counted.count(Vote.OUT),
        recused=counted.count(Vote.RECUSED),
        absent=counted.count(Vote.ABSENT),
    )


def kind(counts: Tally) -> Kind | None:
    """Unanimous when every vote cast is the same (one vote alone is), split when there are
    both In and Out votes; None when nobody voted."""
    if counts.cast == 0:
        return None
    return Kind.SPLIT if counts.ins and counts.outs else Kind.UNANIMOUS


@dataclass(frozen=True)
class Result:
    """The panel's votes on a pitch and what the round's rule makes of them.

    ``casting_vote`` is True when the chair's vote broke a tie (only under
    ``majority_with_chair_casting``); ``explanation`` says in a sentence why the rule gives
    ``outcome``, for the chair's decision page, the letter and the minutes.
    """

    tally: Tally
    kind: Kind | None
    rule: DecisionRule
    quorum: int
    quorum_met: bool
    outcome: RuleOutcome
    casting_vote: bool
    explanation: str


def decide(
    votes: Mapping[int, Vote | str], *, chair_id: int | None, quorum: int, rule: str
) -> Result:
    """Apply the round's decision ``rule`` (see the module docstring) to ``votes``: each panel
    member's id and vote (``vote_of``), the chair included. ``chair_id`` is the panel's chair
    (None, or someone without a vote here, gives no casting vote); ``quorum`` the round's
    quorum, at least 1. ValueError for an unknown rule, vote or a quorum below 1."""
    decision_rule = DecisionRule(rule)
    if quorum < 1:
        raise ValueError(f"The quorum is {quorum}; it must be 1 or more")
    counted = tally(votes.values())
    quorum_met = counted.cast >= quorum
    outcome, casting, explanation = _apply(
        decision_rule, counted, quorum, _chair_vote(votes, chair_id)
    )
    return Result(
        tally=counted,
        kind=kind(counted),
        rule=decision_rule,
        quorum=quorum,
        quorum_met=quorum_met,
        outcome=outcome,
        casting_vote=casting,
        explanation=explanation,
    )


def _chair_vote(votes: Mapping[int, Vote | str], chair_id: int | None) -> Vote:
    if chair_id is None or chair_id not in votes:
        return Vote.ABSENT
    return Vote(votes[chair_id])


NO_QUORUM_NEXT = (
    "The panel cannot decide: the chair may only reschedule the pitch or ask the team to "
    "refine and resubmit it."
)


def _apply(
    rule: DecisionRule, counts: Tally, quorum: int, chair: Vote
) -> tuple[RuleOutcome, bool, str]:
    """The rule's outcome, whether the chair's casting vote decided it, and why."""
    if counts.cast < quorum:
        return (
            RuleOutcome.NO_DECISION,
            False,
            f"Quorum not met: {plural(counts.cast, 'vote')} cast and the quorum is {quorum}. "
            + NO_QUORUM_NEXT,
        )
    votes = f"{counts.ins} In, {counts.outs} Out"
    if rule == DecisionRule.UNANIMOUS:
        if counts.outs == 0:
            return RuleOutcome.FUNDED, False, f"Funded: every vote cast was In ({votes})."
        return (
            RuleOutcome.NOT_FUNDED,
            False,
            f"Not funded: every vote cast must be In, and "
            f"{plural(counts.outs, 'dragon')} voted Out ({votes}).",
        )
    if counts.ins > counts.outs:
        return RuleOutcome.FUNDED, False, f"Funded: more dragons voted In than Out ({votes})."
    if counts.outs > counts.ins:
        return (
            RuleOutcome.NOT_FUNDED,
            False,
            f"Not funded: more dragons voted Out than In ({votes}).",
        )
    tie = f"the vote is tied ({votes})"
    if rule == DecisionRule.MAJORITY:
        return RuleOutcome.NOT_FUNDED, False, f"Not funded: {tie} and a tie is not funded."
    if chair == Vote.IN:
        return (
            RuleOutcome.FUNDED,
            True,
            f"Funded on the chair’s casting vote: {tie} and the chair voted In.",
        )
    if chair == Vote.OUT:
        return (
            RuleOutcome.NOT_FUNDED,
            True,
            f"Not funded on the chair’s casting vote: {tie} and the chair voted Out.",
        )
    why = "is recused from this pitch" if chair == Vote.RECUSED else "did not vote"
    return (
        RuleOutcome.NOT_FUNDED,
        False,
        f"Not funded: {tie}, the chair {why}, so there is no casting vote, "
        "and a tie is not funded.",
    )
