"""Benefits as people read them: where each of a project's metrics stands (its readings as
text, progress, status, the chart) and the totals across the portfolio. Writes are
``lab.benefit_service``; the rules ``lab.benefits`` and ``lab.benefit_chart``.

- The benefits page reads a project's metrics and all their readings in 2 queries; the
  project page the same, with only each metric's latest readings. The portfolio's totals
  read every metric with its latest reading's value in 1 query, however many projects and
  readings there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from spark.extensions import db
from spark.lab import benefits
from spark.lab.benefit_chart import Chart, benefit_chart, chart_description
from spark.lab.benefit_service import measure_of
from spark.lab.models import BenefitMetric, LabProject, MetricReading


def metric_of(project: LabProject, metric_id: int) -> BenefitMetric | None:
    """The project's metric with this id; None for another project's or none at all."""
    metric = db.session.get(BenefitMetric, metric_id)
    return metric if metric is not None and metric.project_id == project.id else None


@dataclass(frozen=True)
class ReadingRow:
    taken_on: date
    value: str
    source: str


@dataclass(frozen=True)
class MetricShown:
    """A metric as the project page shows it: ``rows`` and the chart hold the latest
    readings shown, ``total`` how many it has in all."""

    metric: BenefitMetric
    baseline: str
    target: str
    better: str
    latest: str
    latest_on: date | None
    change: str
    progress: str
    status: str
    status_tag: str
    rows: list[ReadingRow]
    total: int
    chart: Chart | None
    description: str


def shown(
    metric: BenefitMetric, readings: list[MetricReading], total: int | None = None
) -> MetricShown:
    """The metric with ``readings`` (its latest ones, or all of them: ``total`` in all)."""
    measure = measure_of(metric)
    total = len(readings) if total is None else total

    def text(value: Decimal) -> str:
        return benefits.value_text(value, measure.unit, measure.unit_label)

    read = [
        benefits.Reading(Decimal(reading.value), reading.taken_on, reading.id)
        for reading in readings
    ]
    newest = benefits.latest(read)
    status = benefits.status(measure, newest.value if newest else None)
    return MetricShown(
        metric=metric,
        baseline=text(measure.baseline),
        target=text(measure.target),
        better=benefits.BETTER_NAMES[measure.better],
        latest=text(newest.value) if newest else "",
        latest_on=newest.taken_on if newest else None,
        change=(
            benefits.change_text(
                benefits.change(measure, newest.value), measure.unit, measure.unit_label
            )
            if newest
            else ""
        ),
        progress=benefits.percent_text(benefits.progress(measure, newest.value)) if newest else "",
        status=status,
        status_tag=benefits.STATUS_TAGS[status],
        rows=[
            ReadingRow(reading.taken_on, text(Decimal(reading.value)), reading.source)
            for reading in sorted(readings, key=lambda r: (r.taken_on, r.id))
        ],
        total=total,
        chart=benefit_chart(measure, read) if read else None,
        description=chart_description(metric.name, measure, read, total),
    )


def _latest_readings(
    project: LabProject, limit: int | None
) -> tuple[dict[int, list[MetricReading]], dict[int, int]]:
    """Each of the project's metrics' latest ``limit`` readings (all when None), by date
    taken then order recorded, and how many each has in all: one query, the rank and count
    windows over each metric's readings."""
    newest_first = (MetricReading.taken_on.desc(), MetricReading.id.desc())
    ranked = (
        select(
            MetricReading.id,
            func.row_number()
            .over(partition_by=MetricReading.metric_id, order_by=newest_first)
            .label("rank"),
            func.count().over(partition_by=MetricReading.metric_id).label("total"),
        )
        .join(BenefitMetric, BenefitMetric.id == MetricReading.metric_id)
        .where(BenefitMetric.project_id == project.id)
        .subquery()
    )
    statement = select(MetricReading, ranked.c.total).join(ranked, ranked.c.id == MetricReading.id)
    if limit is not None:
        statement = statement.where(ranked.c.rank <= limit)
    readings: dict[int, list[MetricReading]] = {}
    totals: dict[int, int] = {}
    for reading, total in db.session.execute(statement):
        readings.setdefault(reading.metric_id, []).append(reading)
        totals[reading.metric_id] = total
    return readings, totals


def project_benefits(project: LabProject, latest: int | None = None) -> list[MetricShown]:
    """The project's metrics in the order added, each with its ``latest`` readings, or all
    of them when None (2 queries)."""
    metrics = db.session.scalars(
        select(BenefitMetric)
        .where(BenefitMetric.project_id == project.id)
        .order_by(BenefitMetric.id)
    ).all()
    readings, totals = _latest_readings(project, latest) if metrics else ({}, {})
    return [
        shown(metric, readings.get(metric.id, []), totals.get(metric.id, 0)) for metric in metrics
    ]


def standing_of(metric: BenefitMetric) -> MetricShown:
    """The metric with its latest reading only, for the pages that show where it stands."""
    newest = db.session.scalars(
        select(MetricReading)
        .where(MetricReading.metric_id == metric.id)
        .order_by(MetricReading.taken_on.desc(), MetricReading.id.desc())
        .limit(1)
    ).all()
    return shown(metric, list(newest))


def portfolio() -> benefits.Portfolio:
    """Totals across every project's metrics (stopped projects' too: what they achieved
    still counts), from one query: each metric with its latest reading's value, found by an
    index lookup per metric rather than by reading every reading."""
    newest = aliased(MetricReading)
    latest_value = (
        select(newest.value)
        .where(newest.metric_id == BenefitMetric.id)
        .order_by(newest.taken_on.desc(), newest.id.desc())
        .limit(1)
        .correlate(BenefitMetric)
        .scalar_subquery()
    )
    # Through the connection, not the ORM: plain tuples, thousands of them.
    rows = db.session.connection().execute(
        select(
            BenefitMetric.project_id,
            BenefitMetric.unit,
            BenefitMetric.unit_label,
            BenefitMetric.better,
            BenefitMetric.baseline,
            latest_value,
        ).order_by(BenefitMetric.id)
    )
    return benefits.portfolio_totals(map(benefits.PortfolioMetric._make, rows))
