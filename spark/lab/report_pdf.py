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
from spark.lab import benefits, reports

# WeasyPrint lays out about 40 projects a second on a quiet 2-core machine (500 projects: 163
# pages in 11 s; 5,000: 1,600 pages in 7 minutes), slower when busy. A portfolio larger than
# this could outlast the web server's 30-second timeout, and would be no report anyone reads:
# the CSV exports hold every project whatever the number.
PDF_PROJECT_LIMIT = 300


def measure_of(benefit: reports.Benefit) -> benefits.Measure:
    return benefits.Measure(
        benefit.unit, benefit.unit_label, benefit.better, benefit.baseline, benefit.target
    )


def benefit_words(benefit: reports.Benefit) -> str:
    """The latest reading against the target, in the words of the project page
    (``lab.benefits``): "On the way: 120.5 hours on 3 March 2027, 60% of the way from the
    baseline of 0 hours to the target of 200 hours"."""
    measure = measure_of(benefit)

    def text(value: Decimal) -> str:
        return benefits.value_text(value, benefit.unit, benefit.unit_label)

    baseline, target = text(benefit.baseline), text(benefit.target)
    if benefit.latest is None or benefit.latest_on is None:
        return f"{benefits.NO_READINGS}: the target is {target}, from a baseline of {baseline}"
    done = benefits.percent_text(benefits.progress(measure, benefit.latest))
    return (
        f"{benefits.status(measure, benefit.latest)}: {text(benefit.latest)} on "
        f"{benefits.date_text(benefit.latest_on)}, {done} of the way from the baseline of "
        f"{baseline} to the target of {target}"
    )


def benefit_totals(report: reports.Portfolio) -> benefits.Portfolio:
    """Improvement since the baseline across every project, per unit where units agree."""
    return benefits.portfolio_totals(
        [
            benefits.PortfolioMetric(
                row.id,
                benefit.unit,
                benefit.unit_label,
                benefit.better,
                benefit.baseline,
                benefit.latest,
            )
            for row in report.projects
            for benefit in row.benefits
        ]
    )


def portfolio_title(today: date) -> str:
    return f"Lab portfolio report, {govuk_date(today)}"


def portfolio_html(today: date) -> str:
    report = reports.portfolio(today)
    return render_template(
        "documents/portfolio.html",
        report=report,
        totals=benefit_totals(report),
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
