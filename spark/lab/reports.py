"""The reads behind the lab's reports: the portfolio PDF and the CSV exports.

Every report covers every project, so each read is one query over a whole table (grouped or
ranked in the database), never one per project: a report costs the same number of queries
with 2 projects or 5,000. Dates are London dates; "today" is passed in so a report is
consistent with itself (and testable). Each project's row and figures, and what they mean,
are ``report_rows``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from spark.extensions import db
from spark.lab import board_rules
from spark.lab.gates import all_stages
from spark.lab.models import BenefitMetric, LabProject, MetricReading, Milestone, Stage
from spark.lab.report_rows import Benefit as Benefit
from spark.lab.report_rows import NextMilestone as NextMilestone
from spark.lab.report_rows import (
    ProjectRow,
    add_benefits,
    add_focus_areas_and_partners,
    add_milestones,
    add_published_stories,
    add_spend,
    add_stopped_on,
    project_rows,
)
from spark.pitches.models import Pitch

# The report's words for each status (the board's).
STATUS_LABELS = board_rules.STATUS_NAMES


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
