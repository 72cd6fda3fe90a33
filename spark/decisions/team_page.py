"""What the team reads of the panel's decision on its pitch: the decision in force, its
feedback, next steps and history.

The rules:

- The team sees **signed** decisions only. Until the chair signs, there is nothing to see
  (an amendment being prepared stays hidden too, and the signed decision it will replace stays
  in force until it is signed).
- The decision shown first is the one **in force** (``reads.in_force``). The **history** is
  every signed decision on the pitch, oldest first: each amendment says which decision it
  replaces ("Replaces the decision of 3 March 2027") and why; the one in force is marked.
- What the round's rule made of the vote is in the team's words
  (``wording.team_rule_text``), never how any one member voted, as in the letter.
- The **feedback** is ``feedback.feedback_for``'s (mean score per criterion over the sheets
  that counted, the dragons' comments, their verdicts and reasons). Unless the round names
  dragons, every panel member's name in the words shown (the chair's conditions, rationale,
  dissent, justification and amendment reasons, and the dragons' own comments and reasons)
  becomes the label the feedback gives them ("Dragon 2"), or "a panel member" for one who did
  not vote, whoever appears in any decision on the pitch (``wording.anonymiser``, the
  letter's too): the dissent is prefilled with the minority's names. The chair is still named
  as the one who signed the decision.
- The **next steps** are the letter's (``wording.next_steps``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from spark.decisions import reads, wording
from spark.decisions.feedback import Feedback, feedback_for
from spark.decisions.models import Decision, DecisionVote
from spark.extensions import db
from spark.pitches.models import Pitch


@dataclass(frozen=True)
class Shown:
    """One signed decision as the team reads it."""

    decision: Decision
    outcome: str
    vote: str
    rule: str
    # What the round's rule made of the vote, in words that never say how anyone voted.
    rule_result: str
    conditions: list[str]
    rationale: list[str]
    dissent: list[str]
    justification: list[str]
    amendment_reason: str
    replaces: Decision | None
    replaced_by: Decision | None

    @property
    def in_force(self) -> bool:
        return self.replaced_by is None


@dataclass(frozen=True)
class TeamDecision:
    """The decision in force on a pitch, its feedback and next steps, and every signed
    decision before it."""

    current: Shown
    feedback: Feedback
    next_steps: list[str]
    history: list[Shown]


def _shown(decision: Decision, replaced_by: Decision | None, words: Callable[[str], str]) -> Shown:
    return Shown(
        decision=decision,
        outcome=wording.outcome_text(decision),
        vote=wording.vote_text(decision),
        rule=wording.rule_label(decision.rule),
        rule_result=wording.team_rule_text(decision),
        conditions=wording.paragraphs(words(decision.conditions)),
        rationale=wording.paragraphs(words(decision.rationale)),
        dissent=wording.paragraphs(words(decision.dissent)),
        justification=wording.paragraphs(words(decision.justification)),
        amendment_reason=words(decision.amendment_reason),
        replaces=decision.supersedes,
        replaced_by=replaced_by,
    )


def _chain(pitch: Pitch) -> list[Decision]:
    """Every decision on the pitch, oldest first (``reads.history``), with their votes, voters,
    signers and panels, in two statements."""
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.pitch_id == pitch.id)
            .options(
                selectinload(Decision.votes).joinedload(DecisionVote.user),
                joinedload(Decision.signed_by),
                joinedload(Decision.panel),
            )
            .order_by(Decision.id)
        )
    )


def in_force_summary(pitch: Pitch) -> Shown | None:
    """The decision in force as the pitch page's summary shows it; None before signing."""
    chain = _chain(pitch)
    decision = reads.in_force(chain)
    if decision is None:
        return None
    return _shown(decision, None, wording.anonymiser(decision, decision.feedback_names, chain))


def team_decision(pitch: Pitch) -> TeamDecision | None:
    """What the decision page shows the team; None while no decision is signed."""
    chain = _chain(pitch)
    signed = [decision for decision in chain if decision.is_signed]
    if not signed:
        return None
    current = signed[-1]
    given = feedback_for(current)
    words = wording.anonymiser(current, given.named, chain)
    after = {decision.supersedes_id: decision for decision in signed if decision.supersedes_id}
    history = [_shown(decision, after.get(decision.id), words) for decision in signed]
    return TeamDecision(
        current=history[-1],
        feedback=wording.feedback_in_words(given, words),
        next_steps=wording.next_steps(current),
        history=history,
    )
