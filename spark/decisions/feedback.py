"""Feedback for the team on a decision: the mean score per criterion and the dragons' comments.

Only the sheets that counted for the decision are used: those of members whose recorded vote
was In or Out (recused members' and drafts never count). Dragons are named only when the
round's judging settings said so when the decision was recorded (``feedback_names``);
otherwise they are "Dragon 1", "Dragon 2"... in the panel's order, the same numbering for
every criterion, so a team can follow one dragon's view without knowing who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from sqlalchemy import select

from spark.accounts.models import User
from spark.decisions.models import Decision
from spark.extensions import db
from spark.panels.setup_service import criteria_of
from spark.panels.sheet_results import submitted_sheets


@dataclass(frozen=True)
class Comment:
    dragon: str
    text: str


@dataclass(frozen=True)
class CriterionFeedback:
    name: str
    weight: int
    mean: float | None
    scored_by: int
    comments: list[Comment]


@dataclass(frozen=True)
class DragonView:
    """One dragon's overall verdict and reason."""

    dragon: str
    verdict: str
    reason: str


@dataclass(frozen=True)
class Feedback:
    named: bool
    criteria: list[CriterionFeedback]
    verdicts: list[DragonView]


def feedback_for(decision: Decision) -> Feedback:
    """The team's feedback on ``decision`` (see the module docstring), in a fixed number of
    queries."""
    named = decision.feedback_names  # the round's setting when the decision was recorded
    voters = [vote for vote in decision.votes if vote.vote in ("in", "out")]
    names = {}
    if named:
        ids = [vote.user_id for vote in voters]
        names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
    labels = {
        vote.user_id: names.get(vote.user_id) or f"Dragon {number}"
        for number, vote in enumerate(voters, start=1)
    }
    sheets = submitted_sheets(decision.pitch_id, labels)
    ordered = [sheets[user_id] for user_id in labels if user_id in sheets]
    criteria = []
    for criterion in criteria_of(decision.round_id):
        marks, comments = [], []
        for sheet in ordered:
            score = next((s for s in sheet.scores if s.criterion_id == criterion.id), None)
            if score is None:
                continue
            if score.score is not None:
                marks.append(score.score)
            if score.comment.strip():
                comments.append(Comment(labels[sheet.dragon_id], score.comment.strip()))
        criteria.append(
            CriterionFeedback(
                name=criterion.name,
                weight=criterion.weight,
                mean=fmean(marks) if marks else None,
                scored_by=len(marks),
                comments=comments,
            )
        )
    verdicts = [DragonView(labels[vote.user_id], vote.vote, vote.reason.strip()) for vote in voters]
    return Feedback(named=named, criteria=criteria, verdicts=verdicts)
