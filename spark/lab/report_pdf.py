"""The lab's portfolio report as an accessible PDF (``core.pdf``: tagged PDF/UA-1), made as
the decision letters are: an HTML document with a print stylesheet, nothing in the page
margins, tables with captions and scoped header cells.

It says, on the day it is made: how many projects are in each stage (with the names the lab
gave the stages) and each status, the budget awarded, released and spent, then each stage's
active and paused projects (team, status, days in stage, budget, next milestone and overdue
count, benefits with their latest reading against the target, published stories), and the
stopped projects with the reason they stopped.

Up to ``PDF_PROJECT_LIMIT`` projects: beyond that the reports page offers the CSV exports.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import render_template

from spark.core.filters import govuk_date
from spark.core.pdf import render_pdf
from spark.lab import reports

# WeasyPrint lays out about 40 projects a second here (500 projects: 160 pages, 11 s); a
# portfolio larger than this would outlast the web server's 30-second timeout and be no
# report anyone reads. The CSV exports hold every project whatever the number.
PDF_PROJECT_LIMIT = 500


def number(value: Decimal) -> str:
    """1,250 or 1,250.50: whole numbers without pence or decimals."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def amount(value: Decimal, unit: str, unit_label: str) -> str:
    """A benefit's figure in its unit: "£1,250", "120 hours", "30 people", "45%", "12 forms"."""
    figure = number(value)
    if unit == "gbp":
        return f"-£{figure[1:]}" if figure.startswith("-") else f"£{figure}"
    if unit == "percent":
        return f"{figure}%"
    if unit == "other":
        return f"{figure} {unit_label}".rstrip()
    return f"{figure} {unit}"


def benefit_words(benefit: reports.Benefit) -> str:
    """The latest reading against the target, in words."""
    unit, label = benefit.unit, benefit.unit_label
    target = amount(benefit.target, unit, label)
    baseline = amount(benefit.baseline, unit, label)
    better = "higher" if benefit.better == "higher" else "lower"
    aim = f"target {target}, from a baseline of {baseline} ({better} is better)"
    if benefit.latest is None:
        return f"No readings yet; {aim}"
    latest = amount(benefit.latest, unit, benefit.unit_label)
    return f"{latest} on {govuk_date(benefit.latest_on)}; {aim}"


def portfolio_title(today: date) -> str:
    return f"Lab portfolio report, {govuk_date(today)}"


def portfolio_html(today: date) -> str:
    return render_template(
        "documents/portfolio.html",
        report=reports.portfolio(today),
        title=portfolio_title(today),
        benefit_words=benefit_words,
        status_labels=reports.STATUS_LABELS,
    )


def portfolio_pdf(today: date) -> bytes:
    return render_pdf(portfolio_html(today))


def portfolio_filename(today: date) -> str:
    return f"lab-portfolio-{today.isoformat()}.pdf"


def too_large(projects: int) -> bool:
    return projects > PDF_PROJECT_LIMIT
