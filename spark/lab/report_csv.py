"""The lab's CSV exports: projects, milestones and benefit readings.

Every cell goes through ``core.csv_export`` (formula injection guarded, UTF-8 with a byte
order mark, CRLF line endings). Money is in pounds with pence (a number a spreadsheet can add
up), dates are ISO dates (2027-03-05) that spreadsheets sort, lists are joined with "; ".
The reads (``lab.reports``) take a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from spark.core.csv_export import csv_bytes
from spark.lab import benefits, milestones, reports

PROJECT_HEADERS = (
    "Reference",
    "Title",
    "Team",
    "Department",
    "Round",
    "Stage",
    "Status",
    "Status reason",
    "Days in stage",
    "Opened on",
    "Awarded (£)",
    "Released (£)",
    "Spent (£)",
    "Focus areas",
    "Partners",
    "Next milestone",
    "Next milestone due",
    "Overdue milestones",
)

MILESTONE_HEADERS = (
    "Project reference",
    "Project",
    "Milestone",
    "Due on",
    "Done on",
    "Status",
)

READING_HEADERS = (
    "Project reference",
    "Project",
    "Metric",
    "Unit",
    "Better",
    "Baseline",
    "Target",
    "Value",
    "Date taken",
    "Source",
)

BETTER_NAMES = {"higher": "Higher", "lower": "Lower"}


def pounds(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def unit_name(unit: str, unit_label: str) -> str:
    """The unit as the benefit forms name it ("Pounds (£)", "Hours"), or the team's own name
    for another unit ("forms")."""
    if unit == "other":
        return unit_label or benefits.UNIT_NAMES["other"]
    return benefits.UNIT_NAMES.get(unit, unit)


def project_cells(row: reports.ProjectRow) -> list[object]:
    upcoming = row.next_milestone
    return [
        row.reference,
        row.title,
        row.team,
        row.department,
        row.round_name,
        row.stage_name,
        row.status_label,
        row.status_reason,
        row.days_in_stage,
        row.opened_on.isoformat(),
        pounds(row.awarded_pence),
        pounds(row.released_pence),
        pounds(row.spent_pence),
        "; ".join(row.focus_areas),
        "; ".join(row.partners),
        upcoming.title if upcoming else None,
        _iso(upcoming.due_on) if upcoming else None,
        row.overdue,
    ]


def projects_csv(today: date) -> bytes:
    rows = reports.projects_for_export(today)
    return csv_bytes(PROJECT_HEADERS, [project_cells(row) for row in rows])


def milestones_csv(today: date) -> bytes:
    """Each milestone's status as the milestone pages say it (``lab.milestones``): done,
    overdue, due soon (within 14 days) or upcoming."""
    return csv_bytes(
        MILESTONE_HEADERS,
        [
            [
                reference or "",
                project,
                title,
                _iso(due_on),
                _iso(done_on),
                milestones.state(due_on, done_on, today).label,
            ]
            for reference, project, title, due_on, done_on in reports.milestones_for_export()
        ],
    )


def readings_csv() -> bytes:
    return csv_bytes(
        READING_HEADERS,
        [
            [
                reference or "",
                project,
                metric,
                unit_name(unit, unit_label),
                BETTER_NAMES.get(better, better),
                baseline,
                target,
                value,
                _iso(taken_on),
                source,
            ]
            for (
                reference,
                project,
                metric,
                unit,
                unit_label,
                better,
                baseline,
                target,
                value,
                taken_on,
                source,
            ) in reports.readings_for_export()
        ],
    )


def filename(kind: str, today: date) -> str:
    """'lab-projects-2027-03-05.csv'."""
    return f"lab-{kind}-{today.isoformat()}.csv"
