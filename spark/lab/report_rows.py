"""Each lab project as the reports show it: one row per project with its pitch, team and
round (``project_rows``, one query), and the figures added to every row at once (the
``add_*`` reads, one query or two each, never one per project).

- **Next milestone**: the open milestone (not done) due first, overdue or not; ties by the
  order they were added. **Overdue**: open milestones due before today.
- **Latest reading**: a benefit's reading with the latest date taken (the last recorded on
  that day).
- **Days in stage**: whole days from the London date the project entered its stage, as the
  board counts them (``board_rules.days_in_stage``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from spark.accounts.models import Team
from spark.core.filters import to_london
from spark.extensions import db
from spark.lab import board_rules
from spark.lab.models import (
    BenefitMetric,
    FocusArea,
    LabProject,
    MetricReading,
    Milestone,
    Partner,
    SpendEntry,
    Stage,
    StageTransition,
    Story,
    project_focus_areas,
)
from spark.pitches.models import Pitch, Round


@dataclass(frozen=True)
class NextMilestone:
    title: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class Benefit:
    """A benefit metric with its latest reading (None when nothing is recorded yet)."""

    name: str
    unit: str
    unit_label: str
    better: str
    baseline: Decimal
    target: Decimal
    latest: Decimal | None = None
    latest_on: date | None = None


@dataclass
class ProjectRow:
    id: int
    reference: str
    title: str
    team: str
    department: str
    round_name: str
    stage: str
    stage_name: str
    status: str
    status_reason: str
    opened_on: date
    days_in_stage: int
    awarded_pence: int
    released_pence: int
    spent_pence: int = 0
    next_milestone: NextMilestone | None = None
    overdue: int = 0
    focus_areas: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)
    published_stories: int = 0
    stopped_on: date | None = None

    @property
    def status_label(self) -> str:
        return board_rules.status_tag(self.status)[0]


def london_date(moment: datetime) -> date:
    return to_london(moment).date()


def project_rows(today: date, stage_list: list[Stage]) -> list[ProjectRow]:
    """Every project with its pitch, team and round (one query), in stage order then title;
    the per-project figures are filled in by the ``add_*`` reads."""
    names = {stage.key: stage.name for stage in stage_list}
    order = {stage.key: stage.position for stage in stage_list}
    statement = (
        select(
            LabProject.id,
            Pitch.reference,
            Pitch.title,
            Team.name,
            Team.department,
            Round.name,
            LabProject.stage,
            LabProject.status,
            LabProject.status_reason,
            LabProject.created_at,
            LabProject.stage_entered_at,
            LabProject.budget_awarded_pence,
            LabProject.budget_released_pence,
        )
        .join(Pitch, Pitch.id == LabProject.pitch_id)
        .join(Team, Team.id == Pitch.team_id)
        .join(Round, Round.id == Pitch.round_id)
    )
    rows = [
        ProjectRow(
            id=row[0],
            reference=row[1] or "",
            title=row[2] or "Untitled pitch",
            team=row[3],
            department=row[4],
            round_name=row[5],
            stage=row[6],
            stage_name=names.get(row[6], row[6]),
            status=row[7],
            status_reason=row[8] or "",
            opened_on=london_date(row[9]),
            days_in_stage=board_rules.days_in_stage(london_date(row[10]), today),
            awarded_pence=row[11],
            released_pence=row[12],
        )
        for row in db.session.execute(statement)
    ]
    rows.sort(key=lambda row: (order.get(row.stage, 0), row.title.casefold(), row.id))
    return rows


def _by_id(rows: list[ProjectRow]) -> dict[int, ProjectRow]:
    return {row.id: row for row in rows}


def add_spend(rows: list[ProjectRow]) -> None:
    found = _by_id(rows)
    statement = select(SpendEntry.project_id, func.sum(SpendEntry.amount_pence)).group_by(
        SpendEntry.project_id
    )
    for project_id, total in db.session.execute(statement):
        if project_id in found:
            found[project_id].spent_pence = int(total or 0)


def add_milestones(rows: list[ProjectRow], today: date) -> None:
    """Each project's next open milestone and its count of overdue ones (two queries)."""
    found = _by_id(rows)
    ranked = (
        select(
            Milestone.project_id,
            Milestone.title,
            Milestone.due_on,
            func.row_number()
            .over(partition_by=Milestone.project_id, order_by=(Milestone.due_on, Milestone.id))
            .label("place"),
        )
        .where(Milestone.done_on.is_(None))
        .subquery()
    )
    first = select(ranked.c.project_id, ranked.c.title, ranked.c.due_on).where(ranked.c.place == 1)
    for project_id, title, due_on in db.session.execute(first):
        if project_id in found:
            found[project_id].next_milestone = NextMilestone(title, due_on, due_on < today)
    overdue = (
        select(Milestone.project_id, func.count())
        .where(Milestone.done_on.is_(None), Milestone.due_on < today)
        .group_by(Milestone.project_id)
    )
    for project_id, number in db.session.execute(overdue):
        if project_id in found:
            found[project_id].overdue = number


def add_focus_areas_and_partners(rows: list[ProjectRow]) -> None:
    found = _by_id(rows)
    areas = select(project_focus_areas.c.project_id, FocusArea.name).join(
        FocusArea, FocusArea.id == project_focus_areas.c.focus_area_id
    )
    for project_id, name in db.session.execute(areas.order_by(FocusArea.name)):
        if project_id in found:
            found[project_id].focus_areas.append(name)
    partners = select(Partner.project_id, Partner.name).order_by(Partner.name, Partner.id)
    for project_id, name in db.session.execute(partners):
        if project_id in found:
            found[project_id].partners.append(name)


def add_benefits(rows: list[ProjectRow]) -> None:
    """Each project's benefits, in the order they were added, with the latest reading."""
    found = _by_id(rows)
    ranked = select(
        MetricReading.metric_id,
        MetricReading.value,
        MetricReading.taken_on,
        func.row_number()
        .over(
            partition_by=MetricReading.metric_id,
            order_by=(MetricReading.taken_on.desc(), MetricReading.id.desc()),
        )
        .label("place"),
    ).subquery()
    latest = select(ranked).where(ranked.c.place == 1).subquery()
    statement = (
        select(
            BenefitMetric.project_id,
            BenefitMetric.name,
            BenefitMetric.unit,
            BenefitMetric.unit_label,
            BenefitMetric.better,
            BenefitMetric.baseline,
            BenefitMetric.target,
            latest.c.value,
            latest.c.taken_on,
        )
        .outerjoin(latest, latest.c.metric_id == BenefitMetric.id)
        .order_by(BenefitMetric.id)
    )
    for project_id, *values in db.session.execute(statement):
        if project_id in found:
            found[project_id].benefits.append(Benefit(*values))


def add_published_stories(rows: list[ProjectRow]) -> None:
    found = _by_id(rows)
    statement = (
        select(Story.project_id, func.count())
        .where(Story.status == "published")
        .group_by(Story.project_id)
    )
    for project_id, number in db.session.execute(statement):
        if project_id in found:
            found[project_id].published_stories = number


def add_stopped_on(rows: list[ProjectRow]) -> None:
    """The London date of each stopped project's latest stop."""
    found = _by_id(rows)
    statement = (
        select(StageTransition.project_id, func.max(StageTransition.decided_at))
        .where(StageTransition.kind == "stop")
        .group_by(StageTransition.project_id)
    )
    for project_id, moment in db.session.execute(statement):
        row = found.get(project_id)
        if row is not None and row.status == "stopped" and moment is not None:
            row.stopped_on = london_date(moment)
