"""The reads behind the lab's reports: the portfolio PDF and the CSV exports.

Every report covers every project, so each read is one query over a whole table (grouped or
ranked in the database), never one per project: a report costs the same number of queries
with 2 projects or 5,000. Dates are London dates; "today" is passed in so a report is
consistent with itself (and testable).

- **Next milestone**: the open milestone (not done) due first, overdue or not; ties by the
  order they were added. **Overdue**: open milestones due before today.
- **Latest reading**: a benefit's reading with the latest date taken (the last recorded on
  that day).
- **Days in stage**: whole days from the London date the project entered its stage, as the
  board counts them (``board_rules.days_in_stage``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from spark.accounts.models import Team
from spark.core.filters import to_london
from spark.extensions import db
from spark.lab import board_rules
from spark.lab.gates import all_stages
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

STATUS_LABELS = {"active": "Active", "paused": "Paused", "stopped": "Stopped"}


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
        return STATUS_LABELS.get(self.status, self.status.capitalize())


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


# The portfolio ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageGroup:
    stage: Stage
    projects: list[ProjectRow]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Portfolio:
    today: date
    groups: list[StageGroup]
    status_counts: dict[str, int]
    awarded_pence: int
    released_pence: int
    spent_pence: int
    stopped: list[ProjectRow]

    @property
    def total(self) -> int:
        return sum(self.status_counts.values())

    @property
    def projects(self) -> list[ProjectRow]:
        """Every project: each stage's going on, then the stopped."""
        return [row for group in self.groups for row in group.projects] + self.stopped


def portfolio(today: date) -> Portfolio:
    """Everything the portfolio report says (ten queries, whatever the number of projects).
    Each stage lists its active and paused projects; stopped projects are listed apart,
    with their reason, and counted in the stage where they stopped."""
    stage_list = all_stages()
    rows = project_rows(today, stage_list)
    add_spend(rows)
    add_milestones(rows, today)
    add_benefits(rows)
    add_published_stories(rows)
    add_stopped_on(rows)
    by_stage: dict[str, list[ProjectRow]] = defaultdict(list)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUS_LABELS, 0))
    for row in rows:
        counts[row.stage][row.status] = counts[row.stage].get(row.status, 0) + 1
        if row.status != "stopped":
            by_stage[row.stage].append(row)
    groups = [StageGroup(stage, by_stage[stage.key], counts[stage.key]) for stage in stage_list]
    status_counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        status_counts[row.status] = status_counts.get(row.status, 0) + 1
    return Portfolio(
        today=today,
        groups=groups,
        status_counts=status_counts,
        awarded_pence=sum(row.awarded_pence for row in rows),
        released_pence=sum(row.released_pence for row in rows),
        spent_pence=sum(row.spent_pence for row in rows),
        stopped=[row for row in rows if row.status == "stopped"],
    )


# The CSV exports' reads ---------------------------------------------------------------------


def projects_for_export(today: date) -> list[ProjectRow]:
    """Every project with what the projects CSV needs (seven queries)."""
    rows = project_rows(today, all_stages())
    add_spend(rows)
    add_milestones(rows, today)
    add_focus_areas_and_partners(rows)
    return rows


def milestones_for_export() -> Iterator[tuple]:
    """(reference, project title, title, due on, done on) for every milestone, by project
    then due date (one query)."""
    statement = (
        select(Pitch.reference, Pitch.title, Milestone.title, Milestone.due_on, Milestone.done_on)
        .join(LabProject, LabProject.id == Milestone.project_id)
        .join(Pitch, Pitch.id == LabProject.pitch_id)
        .order_by(Pitch.title, LabProject.id, Milestone.due_on, Milestone.id)
    )
    yield from db.session.execute(statement)


def readings_for_export() -> Iterator[tuple]:
    """(reference, project title, metric, unit, unit label, better, baseline, target, value,
    taken on, source) for every reading, by project, metric then date (one query)."""
    statement = (
        select(
            Pitch.reference,
            Pitch.title,
            BenefitMetric.name,
            BenefitMetric.unit,
            BenefitMetric.unit_label,
            BenefitMetric.better,
            BenefitMetric.baseline,
            BenefitMetric.target,
            MetricReading.value,
            MetricReading.taken_on,
            MetricReading.source,
        )
        .join(BenefitMetric, BenefitMetric.id == MetricReading.metric_id)
        .join(LabProject, LabProject.id == BenefitMetric.project_id)
        .join(Pitch, Pitch.id == LabProject.pitch_id)
        .order_by(
            Pitch.title, LabProject.id, BenefitMetric.id, MetricReading.taken_on, MetricReading.id
        )
    )
    yield from db.session.execute(statement)


def project_count() -> int:
    return db.session.scalar(select(func.count()).select_from(LabProject)) or 0


def export_sizes() -> dict[str, int]:
    """How many rows each export holds: projects, milestones, readings (three counts)."""
    return {
        "projects": project_count(),
        "milestones": db.session.scalar(select(func.count()).select_from(Milestone)) or 0,
        "readings": db.session.scalar(select(func.count()).select_from(MetricReading)) or 0,
    }
