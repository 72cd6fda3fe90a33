"""What the chair may record: the outcomes on offer, when a decision departs from the panel's
vote, and the dissent prefilled from the minority's reasons.

Pure: the standard library only (and ``rules``).

The rules:

- **Outcomes** (``Outcome``): *funded*, *not funded*, or *refine and resubmit* (the team is
  asked to improve the idea and pitch it again in a later round).
- **Quorum not met**: the panel could not decide, so the chair may only ask the team to refine
  and resubmit (recorded here) or reschedule the pitch (reopen scoring so more dragons can
  vote: that is the panel's session, not a decision). Funded and not funded are refused.
- **Departing from the vote** (``departs``): when the quorum was met and the outcome chosen is
  not the outcome the round's rule gives (funded or not funded), the decision departs from the
  panel's vote; refine and resubmit departs from either. It then needs a written
  justification, and it is flagged "Departs from the panel's vote" wherever it appears.
  When the quorum was not met there is no vote to depart from.
- **Dissent** (``dissent_text``): prefilled from the minority's reasons - the dragons who
  voted the other way from the outcome the rule gives (when the rule gives no outcome or the
  vote is tied, the side that did not prevail under the rule; on an exact tie with no rule
  outcome, nobody). Recused and absent members never dissent. One line each:
  "Name (voted Out): reason", or "Name (voted Out) gave no reason".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from spark.decisions.rules import RuleOutcome, Vote


class Outcome(StrEnum):
    FUNDED = "funded"
    NOT_FUNDED = "not_funded"
    REFINE = "refine_and_resubmit"

    @property
    def label(self) -> str:
        return {
            Outcome.FUNDED: "Funded",
            Outcome.NOT_FUNDED: "Not funded",
            Outcome.REFINE: "Refine and resubmit",
        }[self]


DEPARTS_FLAG = "Departs from the panel’s vote"
NO_QUORUM_REFUSAL = (
    "The panel did not reach its quorum, so you can only ask the team to refine and resubmit "
    "(or reopen scoring to reschedule the pitch)"
)
ENTER_JUSTIFICATION = (
    "Explain why the decision departs from the panel’s vote: the round’s rule gives {rule}"
)


def outcomes_allowed(quorum_met: bool) -> list[Outcome]:
    """The outcomes the chair may choose: all three, or only refine and resubmit without
    quorum."""
    return list(Outcome) if quorum_met else [Outcome.REFINE]


def outcome_refusal(outcome: str, quorum_met: bool) -> str | None:
    """Why ``outcome`` cannot be recorded, as a GOV.UK error message, or None."""
    try:
        chosen = Outcome(outcome)
    except ValueError:
        return "Select the panel’s decision"
    if chosen not in outcomes_allowed(quorum_met):
        return NO_QUORUM_REFUSAL
    return None


def departs(outcome: str, rule_outcome: str) -> bool:
    """Whether ``outcome`` departs from what the rule gave (see the module docstring)."""
    if RuleOutcome(rule_outcome) == RuleOutcome.NO_DECISION:
        return False
    return Outcome(outcome).value != RuleOutcome(rule_outcome).value


def justification_refusal(outcome: str, rule_outcome: str, justification: str) -> str | None:
    """A departing decision needs a written justification."""
    if departs(outcome, rule_outcome) and not justification.strip():
        return ENTER_JUSTIFICATION.format(rule=RuleOutcome(rule_outcome).label.lower())
    return None


@dataclass(frozen=True)
class MemberVote:
    """A member's named vote and their sheet's reason, for the dissent."""

    name: str
    vote: Vote
    reason: str


def _minority(members: list[MemberVote], rule_outcome: RuleOutcome) -> Vote | None:
    ins = sum(1 for member in members if member.vote == Vote.IN)
    outs = sum(1 for member in members if member.vote == Vote.OUT)
    if rule_outcome == RuleOutcome.FUNDED:
        return Vote.OUT
    if rule_outcome == RuleOutcome.NOT_FUNDED:
        return Vote.IN
    if ins == outs:
        return None
    return Vote.OUT if ins > outs else Vote.IN


def dissent_text(members: Iterable[MemberVote], rule_outcome: str) -> str:
    """The minority's reasons, one line each (see the module docstring)."""
    voters = [member for member in members if member.vote in (Vote.IN, Vote.OUT)]
    minority = _minority(voters, RuleOutcome(rule_outcome))
    lines = []
    for member in voters:
        if member.vote != minority:
            continue
        said = f"{member.name} (voted {member.vote.value.capitalize()})"
        reason = " ".join(member.reason.split())
        lines.append(f"{said}: {reason}" if reason else f"{said} gave no reason")
    return "\n".join(lines)
