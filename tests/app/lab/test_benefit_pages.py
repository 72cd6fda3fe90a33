"""What the benefits look like: the section on the project page and the benefits page, each
metric with where it stands in words, its chart (an image named and described, with text
labels) and the same readings as a table; read in a constant number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from spark.accounts.models import User
from spark.extensions import db
from spark.lab import benefit_service as service
from spark.lab.benefit_service import MetricDetails
from spark.lab.models import LabProject, MetricReading
from tests.app.lab.test_benefits import add_metric, add_reading
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_lab_user, make_organiser


@pytest.fixture
def funded(app):
    return funded_project()


def _section(html: str) -> str:
    """The benefits section of a project page."""
    start = html.index('<section class="govuk-!-margin-bottom-8" id="benefits"')
    return html[start : html.index("</section>", start)]


def test_the_project_page_shows_each_metric_with_its_chart_and_table(client, funded):
    money = add_metric(funded, name="Money saved each year")
    add_reading(funded, money, "12000", date(2025, 6, 1), "Finance report, June")
    add_reading(funded, money, "5000", date(2025, 1, 1), "Finance report, January")
    waiting = add_metric(
        funded,
        name="Days people wait",
        unit="other",
        unit_label="days",
        better="lower",
        baseline=Decimal(30),
        target=Decimal(10),
    )
    sign_in(client, funded.lead)
    section = _section(client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True))
    assert '<h2 class="govuk-heading-m" id="benefits-heading">Benefits</h2>' in section
    # Where each stands, in words.
    assert "£12,000" in section and "(taken 1 June 2025)" in section
    assert "+£12,000" in section and "60% of the way from the baseline to the target" in section
    assert "On the way" in section and "No readings yet" in section
    assert "Lower is better".lower() in section
    # The chart: one image named by its title and described by its desc.
    svg = re.search(r"<svg[^>]*>.*?</svg>", section, re.S).group(0)
    chart_id = f"benefit-{money.id}-chart"
    assert 'role="img"' in svg
    assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
    assert f'<title id="{chart_id}-title">Chart: Money saved each year over time</title>' in svg
    assert f'<desc id="{chart_id}-desc">Money saved each year: 2 readings from 1 January' in svg
    for label in ("Baseline: £0", "Target: £20,000", "Date taken", "Pounds (£)", "1 June 2025"):
        assert label in svg
    # Only one chart: the metric with no readings says so instead.
    assert section.count("<svg") == 1
    assert "No readings of Days people wait yet, so there is no chart." in section
    # The same readings as a table, by date taken.
    table = re.search(r"<table.*?</table>", section, re.S).group(0)
    assert "Readings of Money saved each year</caption>" in table
    cells = re.findall(r'<td class="govuk-table__cell[^"]*">(.*?)</td>', table)
    assert cells == [
        "1 January 2025",
        "£5,000",
        "Finance report, January",
        "1 June 2025",
        "£12,000",
        "Finance report, June",
    ]
    # The team may record and change; links name the metric for screen readers.
    assert 'Record a reading<span class="govuk-visually-hidden"> of Days people wait' in section
    assert "Add a benefit to measure" in section
    assert waiting.name in section


def test_organisers_read_the_section_without_links_and_see_the_portfolio_link(client, funded):
    add_metric(funded)
    sign_in(client, make_organiser())
    section = _section(client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True))
    assert "Money saved each year" in section
    assert "Record a reading" not in section and "Add a benefit" not in section
    assert 'href="/lab/benefits"' in section


def test_the_team_does_not_get_the_portfolio_link(client, funded):
    sign_in(client, funded.lead)
    section = _section(client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True))
    assert "No benefits are measured yet." in section
    assert 'href="/lab/benefits"' not in section


def test_the_benefits_page_has_the_same_and_a_way_back(client, funded):
    metric = add_metric(funded)
    add_reading(funded, metric, "20000", date(2025, 6, 1))
    sign_in(client, make_lab_user())
    html = client.get(f"/lab/projects/{funded.project.id}/benefits").get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Benefits</h1>' in html
    assert f'<h2 class="govuk-heading-m" id="benefit-{metric.id}">' in html
    assert "Target met" in html and "100% of the way" in html
    assert f'href="/lab/projects/{funded.project.id}"' in html


def test_the_project_page_shows_the_latest_24_readings_and_the_benefits_page_all(client, funded):
    metric = add_metric(funded, unit="hours", baseline=Decimal(0), target=Decimal(1000))
    # 30 readings, recorded out of order: the latest 24 are those taken last.
    days = [date(2024, 1, 1) + timedelta(days=7 * n) for n in range(30)]
    for n, day in enumerate(reversed(days)):
        db.session.add(
            MetricReading(
                metric_id=metric.id,
                value=Decimal(n + 1 if day != days[-1] else 999),
                taken_on=day,
                source=f"Week {day.isoformat()}",
                recorded_by_id=funded.lead.id,
            )
        )
    db.session.commit()
    sign_in(client, funded.lead)
    section = _section(client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True))
    table = re.search(r"<table.*?</table>", section, re.S).group(0)
    assert "The latest 24 of 30 readings of Money saved each year</caption>" in table
    sources = re.findall(r"Week (\d{4}-\d\d-\d\d)", table)
    assert sources == [day.isoformat() for day in days[6:]]
    assert "999 hours" in section and "Target met" not in section  # the newest is the latest
    assert "the latest 24 of 30 readings, from" in section  # the chart says so too
    benefits_url = f"/lab/projects/{funded.project.id}/benefits#benefit-{metric.id}"
    assert (
        f'<a class="govuk-link" href="{benefits_url}">See all 30 readings'
        '<span class="govuk-visually-hidden"> of Money saved each year</span></a>'
    ) in section
    page = client.get(f"/lab/projects/{funded.project.id}/benefits").get_data(as_text=True)
    table = re.search(r"<table.*?</table>", page, re.S).group(0)
    assert "Readings of Money saved each year</caption>" in table
    assert len(re.findall(r"Week \d", table)) == 30
    assert "See all 30 readings" not in page


def _metrics_with_readings(project_id: int, lead_id: int, count: int) -> None:
    # The objects from before statements_of are detached: load them again.
    project = db.session.get(LabProject, project_id)
    lead = db.session.get(User, lead_id)
    for n in range(count):
        metric = service.add_metric(
            project,
            lead,
            MetricDetails(
                f"Benefit {n}",
                ("gbp", "hours", "people")[n % 3],
                "",
                "higher",
                Decimal(0),
                Decimal(5000),
            ),
        )
        for month in (1, 2, 3):
            service.record_reading(
                project,
                metric,
                lead,
                value=Decimal(1000 * month + n),
                taken_on=date(2025, month, 1),
                source="Report",
            )
    db.session.remove()


@pytest.mark.parametrize("page", ["/lab/projects/{id}/benefits", "/lab/projects/{id}"])
def test_pages_read_benefits_in_a_constant_number_of_queries(client, funded, page):
    url = page.format(id=funded.project.id)
    ids = (funded.project.id, funded.lead.id)
    sign_in(client, funded.lead)
    _metrics_with_readings(*ids, 2)
    small = statements_of(client, url)
    _metrics_with_readings(*ids, 8)
    big = statements_of(client, url)
    assert len(big) == len(small), repeated(small, big)
    mine = [sql for sql in big if "lab_benefit_metrics" in sql or "lab_metric_readings" in sql]
    assert len(mine) == 2, mine
