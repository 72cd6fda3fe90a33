"""What the team reads of the panel's decision on its pitch: the decision in force, its
feedback, next steps and history.

The rules:

- The team sees **signed** decisions only. Until the chair signs, there is nothing to see
  (an amendment being prepared stays hidden too, and the signed decision it will replace stays
  in force until it is signed).
- The decision shown first is the one **in force** (``reads.in_force``). The **history** is
  every signed decision on the pitch, oldest first: each amendment says which decision it
  replaces ("Replaces the decision of 3 March 2027") and why; the one in force is marked.
- The **feedback** is ``feedback.feedback_for``'s (mean score per criterion over the sheets
  that counted, the dragons' comments, their verdicts and reasons). Unless the round names
  dragons, every panel member's name in the words shown (the chair's conditions, rationale,
  dissent, justification and amendment reasons, and the dragons' own comments and reasons)
  becomes the label the feedback gives them ("Dragon 2"), or "a panel member" for one who did
  not vote: the dissent is prefilled with the minority's names. The chair is still named as
  the one who signed the decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from spark.decisions import documents, reads
from spark.decisions.feedback import Feedback, feedback_for
from spark.decisions.models import Decision, DecisionVote
from spark.decisions.recording import Outcome
from spark.extensions import db
from spark.pitches.models import Pitch

# What the team does next (the letter says the same, in its own words).
NEXT_STEPS = {
    Outcome.FUNDED: [
        "Your idea moves into the Spark! lab. The innovation lab will contact your team lead "
        "to start discovery, the first stage, and agree its milestones.",
        "Agree with the lab how you will measure the benefits your pitch promised, and report "
        "your progress against them.",
    ],
    Outcome.NOT_FUNDED: [
        "This pitch will not go further in this round.",
        "The panel’s feedback below says what the dragons valued and what held the pitch back.",
        "You are welcome to pitch again in a later round, with this idea or a new one: start a "
        "new pitch from your pitches page when a round opens.",
    ],
    Outcome.REFINE: [
        "The panel would like to see this idea again. Use the feedback below to improve it.",
        "Copy this pitch into a new draft for a round that is open for pitches. The draft keeps "
        "your answers and files and links back to this pitch, its decision and feedback.",
        "Go through each section of the draft, mark it as completed, and submit it before the "
        "round closes.",
    ],
}
CONDITIONS_STEP = "The money is released once your team meets the conditions of the decision."


def vote_text(decision: Decision) -> str:
    """The panel's vote in words: "Unanimous: 3 in, 0 out, 0 recused", "Split: ...", or "No
    votes cast: ..." when nobody voted."""
    return f"{documents.kind_text(decision.kind)}: {documents.tally_of(decision).text}"


def anonymiser(
    decision: Decision, named: bool, earlier: Iterable[Decision] = ()
) -> Callable[[str], str]:
    """The letter's rule (``documents.anonymiser``: each panel member's name becomes their
    label in ``decision``'s feedback, or "a panel member"), so the page and the letter say the
    same; a member who is only in ``earlier`` decisions' votes is "a panel member" too."""
    words = documents.anonymiser(decision, named)
    if named:
        return words
    known = {vote.user_id for vote in decision.votes}
    others = {
        vote.user.name.strip()
        for each in earlier
        for vote in each.votes
        if vote.user_id not in known and vote.user.name.strip()
    }
    if not others:
        return words
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(name) for name in sorted(others, key=len, reverse=True))
        + r")(?!\w)"
    )
    return lambda text: pattern.sub("a panel member", words(text))


@dataclass(frozen=True)
class Shown:
    """One signed decision as the team reads it."""

    decision: Decision
    outcome: str
    vote: str
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
        outcome=documents.outcome_text(decision),
        vote=vote_text(decision),
        conditions=documents.paragraphs(words(decision.conditions)),
        rationale=documents.paragraphs(words(decision.rationale)),
        dissent=documents.paragraphs(words(decision.dissent)),
        justification=documents.paragraphs(words(decision.justification)),
        amendment_reason=words(decision.amendment_reason),
        replaces=decision.supersedes,
        replaced_by=replaced_by,
    )


def _feedback_in_words(given: Feedback, words: Callable[[str], str]) -> Feedback:
    criteria = [
        replace(c, comments=[replace(m, text=words(m.text)) for m in c.comments])
        for c in given.criteria
    ]
    verdicts = [replace(view, reason=words(view.reason)) for view in given.verdicts]
    return replace(given, criteria=criteria, verdicts=verdicts)


def next_steps(decision: Decision) -> list[str]:
    """What the team does next, by outcome; a funded decision with conditions says so."""
    steps = list(NEXT_STEPS[Outcome(decision.outcome)])
    if decision.outcome == Outcome.FUNDED and decision.conditions.strip():
        steps.insert(1, CONDITIONS_STEP)
    return steps


def signed_history(pitch: Pitch) -> list[Decision]:
    """Every signed decision on the pitch, oldest first (the last is in force)."""
    return [decision for decision in reads.history(pitch.id) if decision.is_signed]


def in_force_summary(pitch: Pitch) -> Shown | None:
    """The decision in force as the pitch page's summary shows it; None before signing."""
    decision = db.session.scalar(
        select(Decision)
        .where(Decision.pitch_id == pitch.id, reads.IN_FORCE)
        .options(
            selectinload(Decision.votes).joinedload(DecisionVote.user),
            joinedload(Decision.signed_by),
            joinedload(Decision.panel),
        )
    )
    if decision is None:
        return None
    return _shown(decision, None, anonymiser(decision, names_dragons(decision)))


def names_dragons(decision: Decision) -> bool:
    """Whether the team's feedback names the dragons: the round's setting when the decision
    was recorded, so a later change never alters what a signed decision showed."""
    return decision.feedback_names


def team_decision(pitch: Pitch) -> TeamDecision | None:
    """What the decision page shows the team; None while no decision is signed."""
    signed = signed_history(pitch)
    if not signed:
        return None
    current = signed[-1]
    given = feedback_for(current)
    words = anonymiser(current, given.named, signed[:-1])
    after = {decision.supersedes_id: decision for decision in signed if decision.supersedes_id}
    history = [_shown(decision, after.get(decision.id), words) for decision in signed]
    return TeamDecision(
        current=history[-1],
        feedback=_feedback_in_words(given, words),
        next_steps=next_steps(current),
        history=history,
    )
