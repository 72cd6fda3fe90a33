"""Stage 2 records: a round's judging settings and criteria, panels, running order, conflicts
and score sheets.

The round itself lives in ``pitches`` (it is the call for pitches); what judging adds to it
lives here and points back at it, so ``pitches`` never imports this stage.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spark.accounts.models import User
from spark.core.audit import utcnow
from spark.extensions import db
from spark.pitches.models import Pitch, Round

DECISION_RULES = ("majority", "unanimous", "majority_with_chair_casting")
SLOT_STATES = ("waiting", "pitching", "scoring", "closed")
SHEET_STATUSES = ("draft", "submitted")
VERDICTS = ("in", "out")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class JudgingSettings(db.Model):
    """What a round needs for judging. One row per round, created with the round."""

    __tablename__ = "judging_settings"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    pot_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    decision_rule: Mapped[str] = mapped_column(String(40), default="majority")
    # The fewest dragons free of conflict who must score a pitch.
    quorum: Mapped[int] = mapped_column(Integer, default=3)
    # Team feedback names the dragons only when the round says so.
    feedback_shows_names: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[Round] = relationship()

    __table_args__ = (
        CheckConstraint("pot_pence >= 0", name="pot_not_negative"),
        CheckConstraint("quorum >= 1", name="quorum_positive"),
        CheckConstraint(_one_of("decision_rule", DECISION_RULES), name="decision_rule_known"),
    )


class Criterion(db.Model):
    """A scoring criterion of a round, with a descriptor for each score 1 to 5."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer, default=1)
    # Five strings: what a 1, 2, 3, 4 and 5 mean for this criterion.
    descriptors: Mapped[list[str]] = mapped_column(JSON, default=list)

    round: Mapped[Round] = relationship()

    __table_args__ = (CheckConstraint("weight >= 1", name="weight_positive"),)


class Panel(db.Model):
    """A panel of dragons meeting once to hear pitches in a running order."""

    __tablename__ = "panels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # A room or an online meeting link.
    place: Mapped[str] = mapped_column(String(300), default="")
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # Position in the running order of the pitch now pitching; None before the first.
    current_position: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    round: Mapped[Round] = relationship()
    chair: Mapped[User] = relationship()
    members: Mapped[list[PanelMember]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="PanelMember.id"
    )
    slots: Mapped[list[PanelSlot]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="PanelSlot.position"
    )

    __table_args__ = (UniqueConstraint("round_id", "name", name="uq_panels_round_name"),)


class PanelMember(db.Model):
    """A dragon sitting on a panel. The chair is a member too, and scores like the others."""

    __tablename__ = "panel_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    panel: Mapped[Panel] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("panel_id", "user_id", name="uq_panel_members"),)


class PanelSlot(db.Model):
    """A pitch on a panel: its place in the running order and where scoring is.

    ``waiting -> pitching -> scoring -> closed``; the chair may reopen a closed slot.
    A pitch sits on one panel only.
    """

    __tablename__ = "panel_slots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"), index=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    scoring_opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scoring_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    panel: Mapped[Panel] = relationship(back_populates="slots")
    pitch: Mapped[Pitch] = relationship()

    __table_args__ = (CheckConstraint(_one_of("state", SLOT_STATES), name="state_known"),)


class Conflict(db.Model):
    """A conflict of interest a dragon declared with a pitch.

    Conflicts found from the records (the dragon is on the pitch's team, or in the same
    department as its lead) are worked out when needed (``panels.conflicts``), not stored,
    so they follow changes to teams.
    """

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    pitch: Mapped[Pitch] = relationship()
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("pitch_id", "user_id", name="uq_conflicts_pitch_user"),)


class ScoreSheet(db.Model):
    """One dragon's scores and verdict on one pitch. ``version`` is an optimistic lock."""

    __tablename__ = "score_sheets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    dragon_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    verdict: Mapped[str | None] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    pitch: Mapped[Pitch] = relationship()
    dragon: Mapped[User] = relationship()
    scores: Mapped[list[Score]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", order_by="Score.criterion_id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("pitch_id", "dragon_id", name="uq_score_sheets_pitch_dragon"),
        CheckConstraint(_one_of("status", SHEET_STATUSES), name="status_known"),
        CheckConstraint(f"verdict is null or {_one_of('verdict', VERDICTS)}", name="verdict_known"),
        CheckConstraint("status = 'draft' or verdict is not null", name="submitted_has_verdict"),
    )


class Score(db.Model):
    """A dragon's score (1 to 5) and comment against one criterion."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criteria.id", ondelete="RESTRICT"), index=True
    )
    score: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()

    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion_id", name="uq_scores_sheet_criterion"),
        CheckConstraint("score is null or (score >= 1 and score <= 5)", name="score_in_range"),
    )
