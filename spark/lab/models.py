"""Stage 4 records: a funded idea in the innovation lab.

Only the project record exists yet: a signed ``funded`` decision opens it in the first stage
(``lab.subscribers``). Stages as data, transitions, milestones, benefits and stories follow.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spark.core.audit import utcnow
from spark.decisions.models import Decision
from spark.extensions import db
from spark.pitches.models import Pitch

FIRST_STAGE = "discovery"
PROJECT_STATUSES = ("active", "paused", "stopped")


class LabProject(db.Model):
    """A funded pitch in the lab: one per pitch, following its latest signed decision."""

    __tablename__ = "lab_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pitch_id: Mapped[int] = mapped_column(
        ForeignKey("pitches.id", ondelete="RESTRICT"), unique=True
    )
    # The signed decision the project rests on (an amendment moves it to the new one).
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[str] = mapped_column(String(40), default=FIRST_STAGE)
    status: Mapped[str] = mapped_column(String(20), default="active")
    # Why the project stopped, when it did (e.g. an amended decision no longer funds it).
    status_reason: Mapped[str] = mapped_column(Text, default="")
    budget_awarded_pence: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    pitch: Mapped[Pitch] = relationship()
    decision: Mapped[Decision] = relationship()

    __table_args__ = (
        CheckConstraint("status in ('active', 'paused', 'stopped')", name="status_known"),
        CheckConstraint("budget_awarded_pence >= 0", name="budget_not_negative"),
    )
