"""Stage 4 records: a funded idea in the innovation lab, from its first stage until it is
scaled across government or stopped.

A signed ``funded`` decision opens the project (``lab.subscribers``). Stages are data (seeded
by the migration; the lab renames them and edits their gate guidance); which moves are
allowed lives in the pure ``lab.stages``. Every move is a ``StageTransition`` row: the
project page's timeline. Money is integer pence; the budget released in tranches can never
pass the budget awarded (a CHECK on the project's running total, which a database trigger
keeps in step with every tranche inserted, so two concurrent releases cannot both pass).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spark.accounts.models import User
from spark.core.audit import utcnow
from spark.decisions.models import Decision
from spark.extensions import db
from spark.pitches.models import Pitch

FIRST_STAGE = "discovery"
PROJECT_STATUSES = ("active", "paused", "stopped")
# Kinds of timeline entry. ``assessed`` records a gate assessment that was not met: the
# project stays where it is. ``opened`` is written when a funded decision opens the project.
TRANSITION_KINDS = ("opened", "forward", "skip", "back", "assessed", "pause", "resume", "stop")
ASSESSMENTS = ("met", "not_met")
UNITS = ("gbp", "hours", "people", "percent", "other")
BETTER = ("higher", "lower")
STORY_STATUSES = ("draft", "published")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Stage(db.Model):
    """A scaling stage. ``key`` never changes (projects and transitions refer to it); the lab
    may rename a stage and edit the evidence its gate expects. ``position`` orders them."""

    __tablename__ = "lab_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # What the stage is for, shown on the board and the project page.
    description: Mapped[str] = mapped_column(Text, default="")
    # What evidence the lab expects before a project leaves this stage for the next.
    guidance: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


project_focus_areas = Table(
    "lab_project_focus_areas",
    db.metadata,
    Column(
        "project_id",
        ForeignKey("lab_projects.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "focus_area_id",
        ForeignKey("lab_focus_areas.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class FocusArea(db.Model):
    """A theme the lab files projects under ("Digital inclusion", "Assistive technology")."""

    __tablename__ = "lab_focus_areas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


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
    stage: Mapped[str] = mapped_column(
        String(40), ForeignKey("lab_stages.key", ondelete="RESTRICT"), default=FIRST_STAGE
    )
    status: Mapped[str] = mapped_column(String(20), default="active")
    # Why the project is paused or stopped (e.g. an amended decision no longer funds it).
    status_reason: Mapped[str] = mapped_column(Text, default="")
    budget_awarded_pence: Mapped[int] = mapped_column(BigInteger)
    # The sum of the tranches released: kept by a trigger on lab_budget_tranches, and never
    # above the budget awarded (CHECK), whatever writes.
    budget_released_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Optimistic lock for stage moves: each form names the version its page showed.
    version: Mapped[int] = mapped_column(Integer, default=1)

    pitch: Mapped[Pitch] = relationship()
    decision: Mapped[Decision] = relationship()
    stage_record: Mapped[Stage] = relationship(foreign_keys=[stage], viewonly=True)
    focus_areas: Mapped[list[FocusArea]] = relationship(
        secondary=project_focus_areas, order_by=FocusArea.name
    )

    __table_args__ = (
        CheckConstraint(_one_of("status", PROJECT_STATUSES), name="status_known"),
        CheckConstraint("budget_awarded_pence >= 0", name="budget_not_negative"),
        CheckConstraint(
            "budget_released_pence >= 0 AND budget_released_pence <= budget_awarded_pence",
            name="released_within_awarded",
        ),
        Index("ix_lab_projects_stage_status", "stage", "status"),
    )


class StageTransition(db.Model):
    """One entry on a project's timeline: who moved it, when, from where to where, on what
    evidence, and the gate assessment's outcome (or the reason for a skip, a move back, a
    pause or a stop)."""

    __tablename__ = "lab_stage_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("lab_projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    from_stage: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("lab_stages.key", ondelete="RESTRICT")
    )
    to_stage: Mapped[str] = mapped_column(
        String(40), ForeignKey("lab_stages.key", ondelete="RESTRICT")
    )
    assessment: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    project: Mapped[LabProject] = relationship()
    decided_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint(_one_of("kind", TRANSITION_KINDS), name="kind_known"),
        CheckConstraint(
            f"assessment IS NULL OR {_one_of('assessment', ASSESSMENTS)}",
            name="assessment_known",
        ),
    )


class Partner(db.Model):
    """An organisation working with the project (e.g. RNIB, a supplier) and its part."""

    __tablename__ = "lab_partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("lab_projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Milestone(db.Model):
    """Something the team means to have done by a date. ``done_on`` set means done."""

    __tablename__ = "lab_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("lab_projects.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    project: Mapped[LabProject] = relationship()

    __table_args__ = (
        Index("ix_lab_milestones_project_due", "project_id", "due_on"),
        # The portfolio's overdue and due-soon lists read open milestones by date.
        Index("ix_lab_milestones_open_due", "done_on", "due_on"),
    )


class BenefitMetric(db.Model):
    """A benefit the project measures: its unit, which way is better, baseline and target.
    ``unit_label`` names the unit when ``unit`` is ``other`` ("forms", "calls")."""

    __tablename__ = "lab_benefit_metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("lab_projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(20))
    unit_label: Mapped[str] = mapped_column(String(40), default="")
    better: Mapped[str] = mapped_column(String(10))
    baseline: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    target: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    project: Mapped[LabProject] = relationship()
    readings: Mapped[list[MetricReading]] = relationship(
        back_populates="metric",
        order_by="(MetricReading.taken_on, MetricReading.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint(_one_of("unit", UNITS), name="unit_known"),
        CheckConstraint(_one_of("better", BETTER), name="better_known"),
    )


class MetricReading(db.Model):
    """One measurement of a benefit: the value, the day it was taken, and where from."""

    __tablename__ = "lab_metric_readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("lab_benefit_metrics.id", ondelete="CASCADE"))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    taken_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    metric: Mapped[BenefitMetric] = relationship(back_populates="readings")

    __table_args__ = (Index("ix_lab_metric_readings_metric_taken", "metric_id", "taken_on"),)


class BudgetTranche(db.Model):
    """Money the lab releases to the project for a stage. Inserting one adds its amount to
    the project's ``budget_released_pence`` (a trigger), which a CHECK keeps within the
    budget awarded."""

    __tablename__ = "lab_budget_tranches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("lab_projects.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(
        String(40), ForeignKey("lab_stages.key", ondelete="RESTRICT")
    )
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    released_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (CheckConstraint("amount_pence > 0", name="amount_positive"),)


class SpendEntry(db.Model):
    """Money the team has spent, as they record it."""

    __tablename__ = "lab_spend_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("lab_projects.id", ondelete="CASCADE"), index=True
    )
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    spent_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (CheckConstraint("amount_pence > 0", name="amount_positive"),)


class Story(db.Model):
    """Lessons learnt, written by the team or the lab in Markdown (shown through a safe
    subset). Published stories appear on the showcase for every signed-in civil servant."""

    __tablename__ = "lab_stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("lab_projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    project: Mapped[LabProject] = relationship()
    written_by: Mapped[User | None] = relationship(foreign_keys=[written_by_id])

    __table_args__ = (
        CheckConstraint(_one_of("status", STORY_STATUSES), name="status_known"),
        CheckConstraint(
            "(status = 'published') = (published_at IS NOT NULL)", name="published_has_time"
        ),
        Index("ix_lab_stories_status_published", "status", "published_at"),
    )
