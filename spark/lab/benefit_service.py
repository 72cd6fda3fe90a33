"""Benefits: the team and the lab add the metrics a project measures, change them, and
record readings (``lab.benefit_reads`` shows where each stands and the portfolio's totals).

The rules are ``lab.benefits`` (progress, status, checks, totals). Here: load, check, write,
audit, one transaction each.

- Only the lab and the project's team change benefits (``access.may_edit``: anyone else is
  refused, 403), and not on a stopped project (409): its figures stay as they were when it
  stopped. The project's row is read with a share lock first, so a reading cannot slip in
  while the lab stops the project.
- Changing a metric names the values its page showed (``fingerprint``): if someone changed
  the metric meanwhile, the change is refused (409) rather than silently undoing theirs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from spark.accounts.models import User
from spark.core.audit import record
from spark.extensions import db
from spark.lab import access, benefits
from spark.lab.board import london_today
from spark.lab.models import BenefitMetric, LabProject, MetricReading

STOPPED = "This project has stopped, so its benefits can no longer change"
NOT_ALLOWED = "Only the lab and the project’s team can change its benefits"
STALE = (
    "Someone changed this benefit while you were editing it. Check it as it is now, "
    "then make your change again"
)


class BenefitProblems(Exception):
    """What was typed cannot be saved: GOV.UK messages by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class BenefitRefused(Exception):
    """The change is not allowed now (``status``: 403 or 409)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class MetricDetails:
    """A metric as typed (numbers already read; None when missing)."""

    name: str
    unit: str
    unit_label: str
    better: str
    baseline: Decimal | None
    target: Decimal | None


def measure_of(metric: BenefitMetric) -> benefits.Measure:
    return benefits.Measure(
        unit=metric.unit,
        unit_label=metric.unit_label,
        better=metric.better,
        baseline=Decimal(metric.baseline),
        target=Decimal(metric.target),
    )


def fingerprint(metric: BenefitMetric) -> str:
    """A short digest of what the metric says now, for the change form to name."""
    measure = measure_of(metric)
    text = "\n".join(
        (
            metric.name,
            measure.unit,
            measure.unit_label,
            measure.better,
            f"{measure.baseline:.2f}",
            f"{measure.target:.2f}",
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _snapshot(metric: BenefitMetric) -> dict[str, str]:
    return {
        "project_id": str(metric.project_id),
        "name": metric.name,
        "unit": metric.unit,
        "unit_label": metric.unit_label,
        "better": metric.better,
        "baseline": f"{Decimal(metric.baseline):.2f}",
        "target": f"{Decimal(metric.target):.2f}",
    }


def _may_change(project: LabProject, user: User) -> None:
    """Refuse anyone but the lab and the team, and a stopped project (read under a share
    lock, so that a stop committed meanwhile is seen and one in progress waits for us)."""
    if not access.may_edit(project, user):
        raise BenefitRefused(NOT_ALLOWED, 403)
    status = db.session.execute(
        select(LabProject.status).where(LabProject.id == project.id).with_for_update(read=True)
    ).scalar_one()
    if status == "stopped":
        raise BenefitRefused(STOPPED)


def _checked(details: MetricDetails) -> MetricDetails:
    name = " ".join(details.name.split())
    label = " ".join(details.unit_label.split()) if details.unit == "other" else ""
    checked = MetricDetails(
        name, details.unit, label, details.better, details.baseline, details.target
    )
    problems = benefits.check_metric(
        name=name,
        unit=details.unit,
        unit_label=label,
        better=details.better,
        baseline=details.baseline,
        target=details.target,
    )
    if details.baseline is None:
        problems.setdefault("baseline", "Enter the baseline")
    if details.target is None:
        problems.setdefault("target", "Enter the target")
    if problems:
        raise BenefitProblems(problems)
    return checked


def add_metric(project: LabProject, user: User, details: MetricDetails) -> BenefitMetric:
    """Add a metric to the project: a name, a unit (named when "other"), which way is
    better, and a baseline and target that differ, the target on the better side."""
    try:
        _may_change(project, user)
        checked = _checked(details)
        metric = BenefitMetric(
            project_id=project.id,
            name=checked.name,
            unit=checked.unit,
            unit_label=checked.unit_label,
            better=checked.better,
            baseline=checked.baseline,
            target=checked.target,
            created_by_id=user.id,
        )
        db.session.add(metric)
        db.session.flush()
        record("lab_benefit.added", metric, actor=user, after=_snapshot(metric))
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return metric


def change_metric(
    project: LabProject,
    metric: BenefitMetric,
    user: User,
    details: MetricDetails,
    *,
    seen: str | None,
) -> BenefitMetric:
    """Change the metric, by the same rules as adding one, unless it changed since the page
    showed it (``seen``, its ``fingerprint`` then): 409."""
    try:
        _may_change(project, user)
        db.session.refresh(metric, with_for_update=True)
        if seen != fingerprint(metric):
            raise BenefitRefused(STALE)
        checked = _checked(details)
        before = _snapshot(metric)
        metric.name = checked.name
        metric.unit = checked.unit
        metric.unit_label = checked.unit_label
        metric.better = checked.better
        metric.baseline = checked.baseline
        metric.target = checked.target
        after = _snapshot(metric)
        if after != before:
            record("lab_benefit.changed", metric, actor=user, before=before, after=after)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return metric


def record_reading(
    project: LabProject,
    metric: BenefitMetric,
    user: User,
    *,
    value: Decimal,
    taken_on: date,
    source: str,
    on: date | None = None,
) -> MetricReading:
    """Record a reading of the metric: its value, the day it was taken (today or before:
    ``on``, today in London unless given) and where the figure comes from (required)."""
    source = " ".join(source.split())
    try:
        _may_change(project, user)
        problems = benefits.check_reading(
            taken_on=taken_on, source=source, today=on or london_today()
        )
        if problems:
            raise BenefitProblems(problems)
        reading = MetricReading(
            metric_id=metric.id,
            value=value,
            taken_on=taken_on,
            source=source,
            recorded_by_id=user.id,
        )
        db.session.add(reading)
        db.session.flush()
        record(
            "lab_reading.recorded",
            reading,
            actor=user,
            after={
                "project_id": str(project.id),
                "metric_id": str(metric.id),
                "value": f"{value:.2f}",
                "taken_on": taken_on.isoformat(),
                "source": source,
            },
        )
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return reading
