"""Filling lab projects with milestones, benefits, budget, stories, partners and focus areas
for the report tests (straight into the tables: the reports only read them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from spark.core.audit import utcnow
from spark.extensions import db
from spark.lab.board import london_today
from spark.lab.models import (
    BenefitMetric,
    BudgetTranche,
    FocusArea,
    LabProject,
    MetricReading,
    Milestone,
    Partner,
    SpendEntry,
    StageTransition,
    Story,
)


def focus_area(name: str) -> FocusArea:
    found = db.session.scalars(select(FocusArea).where(FocusArea.name == name)).first()
    if found is None:
        found = FocusArea(name=name)
        db.session.add(found)
    return found


def fill(project: LabProject, today: date | None = None, *, title: str = "Build the prototype"):
    """Two open milestones (one overdue), one done, a benefit with two readings, a tranche of
    £5,000, £1,200.50 spent in two entries, a partner, a focus area, a published story and a
    draft."""
    today = today or london_today()
    db.session.add_all(
        [
            Milestone(
                project_id=project.id, title="Run user research", due_on=today - timedelta(5)
            ),
            Milestone(project_id=project.id, title=title, due_on=today + timedelta(10)),
            Milestone(
                project_id=project.id,
                title="Agree the problem",
                due_on=today - timedelta(30),
                done_on=today - timedelta(31),
            ),
            BudgetTranche(project_id=project.id, stage=project.stage, amount_pence=500_000),
            SpendEntry(
                project_id=project.id,
                amount_pence=100_000,
                spent_on=today,
                description="User research",
            ),
            SpendEntry(
                project_id=project.id, amount_pence=20_050, spent_on=today, description="Travel"
            ),
            Partner(project_id=project.id, name="RNIB", role="Testing with blind users"),
            Story(project_id=project.id, title="What we learnt", body="Test early."),
            Story(
                project_id=project.id,
                title="Published lessons",
                body="Talk to users.",
                status="published",
                published_at=utcnow(),
            ),
        ]
    )
    project.focus_areas.append(focus_area("Digital inclusion"))
    metric = BenefitMetric(
        project_id=project.id,
        name="Hours saved each month",
        unit="hours",
        better="higher",
        baseline=Decimal("0"),
        target=Decimal("200"),
    )
    db.session.add(metric)
    db.session.flush()
    db.session.add_all(
        [
            MetricReading(
                metric_id=metric.id,
                value=Decimal("40"),
                taken_on=today - timedelta(60),
                source="Time sheets",
            ),
            MetricReading(
                metric_id=metric.id,
                value=Decimal("120.5"),
                taken_on=today - timedelta(2),
                source="Survey of staff",
            ),
        ]
    )
    db.session.commit()
    return metric


def stop(project: LabProject, reason: str) -> None:
    project.status = "stopped"
    project.status_reason = reason
    db.session.add(
        StageTransition(
            project_id=project.id,
            kind="stop",
            from_stage=project.stage,
            to_stage=project.stage,
            reason=reason,
        )
    )
    db.session.commit()
