"""The lab's reports page and CSV exports: who may download them, what each file holds, and
that each costs the same number of queries with 2 projects or 10."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from spark.extensions import db
from spark.lab import report_csv, report_pdf
from spark.lab.models import Stage
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.factories import make_user, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser
from tests.lab_report_data import fill, london_today, stop

URLS = (
    "/lab/reports",
    "/lab/reports/portfolio.pdf",
    "/lab/reports/projects.csv",
    "/lab/reports/milestones.csv",
    "/lab/reports/readings.csv",
)


def read_csv(response) -> list[list[str]]:
    data = response.data
    assert data.startswith(b"\xef\xbb\xbf")  # a byte order mark, for Excel
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_download(response, name: str) -> None:
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="lab-{name}-{london_today().isoformat()}.csv"'
    )
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"]


# Who may download -------------------------------------------------------------------------


@pytest.fixture
def project(app):
    return funded_project()


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("lab", 200), ("organiser", 200), ("team", 403), ("colleague", 403), ("plain", 403)],
)
def test_who_may_read_the_reports(client, project, url, who, status):
    person = {
        "lab": make_lab_user,
        "organiser": make_organiser,
        "team": lambda: project.lead,
        "colleague": make_colleague,
        "plain": make_user,
    }[who]()
    sign_in(client, person)
    response = client.get(url)
    assert response.status_code == status
    if status == 403:
        assert project.pitch.title.encode() not in response.data


@pytest.mark.parametrize("url", URLS)
def test_signed_out_visitors_go_to_sign_in(client, project, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("url", URLS)
def test_posting_is_not_allowed(client, project, url):
    sign_in(client, make_lab_user())
    assert client.post(url).status_code == 405


# The page ---------------------------------------------------------------------------------


def test_the_page_lists_each_download_with_its_size(client, project):
    fill(project.project)
    sign_in(client, make_organiser())
    response = client.get("/lab/reports")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Lab reports</h1>' in page
    for link in (
        'href="/lab/reports/portfolio.pdf" download>Download the portfolio report (PDF)</a>',
        'href="/lab/reports/projects.csv" download>Download the projects (CSV)</a>',
        'href="/lab/reports/milestones.csv" download>Download the milestones (CSV)</a>',
        'href="/lab/reports/readings.csv" download>Download the benefit readings (CSV)</a>',
    ):
        assert link in page
    assert "PDF, 1 project." in page
    assert "CSV spreadsheet file, 1 row." in page
    assert "CSV spreadsheet file, 3 rows." in page  # milestones
    assert "CSV spreadsheet file, 2 rows." in page  # readings


def test_the_page_with_nothing_yet(client, app):
    sign_in(client, make_lab_user())
    page = client.get("/lab/reports").get_data(as_text=True)
    assert "PDF, 0 projects." in page
    assert page.count("CSV spreadsheet file, 0 rows.") == 3


# The projects -----------------------------------------------------------------------------


def test_the_projects_csv(client, project):
    today = london_today()
    item = project.project
    fill(item)
    item.pitch.reference = "SPK-2027-0042"
    item.stage_entered_at = item.stage_entered_at - timedelta(days=12)
    discovery = db.session.scalars(db.select(Stage).where(Stage.key == "discovery")).one()
    discovery.name = "Finding out"
    db.session.commit()
    stopped = funded_project(amount_pence=1_000_000)
    stop(stopped.project, "The problem went away")

    sign_in(client, make_lab_user())
    response = client.get("/lab/reports/projects.csv")
    assert_download(response, "projects")
    rows = read_csv(response)
    assert rows[0] == [
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
    ]
    assert len(rows) == 3
    by_title = {row[1]: row for row in rows[1:]}
    pitch = item.pitch
    assert by_title[pitch.title] == [
        "SPK-2027-0042",
        pitch.title,
        pitch.team.name,
        pitch.team.department,
        pitch.round.name,
        "Finding out",
        "Active",
        "",
        "12",
        today.isoformat(),
        "15000.00",
        "5000.00",
        "1200.50",
        "Digital inclusion",
        "RNIB",
        "Run user research",
        (today - timedelta(5)).isoformat(),
        "1",
    ]
    other = by_title[stopped.pitch.title]
    assert other[5:8] == ["Finding out", "Stopped", "The problem went away"]
    assert other[10:] == ["10000.00", "0.00", "0.00", "", "", "", "", "0"]


def test_formulas_in_titles_are_neutralised(client, project):
    item = project.project
    item.pitch.title = '=HYPERLINK("https://evil.example","Click")'
    item.pitch.team.name = "+Team"
    db.session.commit()
    fill(item, title="@SUM(A1:A2)")
    sign_in(client, make_lab_user())
    rows = read_csv(client.get("/lab/reports/projects.csv"))
    assert rows[1][1] == '\'=HYPERLINK("https://evil.example","Click")'
    assert rows[1][2] == "'+Team"
    milestones = read_csv(client.get("/lab/reports/milestones.csv"))
    assert {row[1] for row in milestones[1:]} == {'\'=HYPERLINK("https://evil.example","Click")'}
    assert "'@SUM(A1:A2)" in {row[2] for row in milestones[1:]}
    readings = read_csv(client.get("/lab/reports/readings.csv"))
    assert readings[1][1].startswith("'=")


# Milestones and readings --------------------------------------------------------------------


def test_the_milestones_csv(client, project):
    today = london_today()
    item = project.project
    fill(item)
    item.pitch.reference = "SPK-2027-0007"
    db.session.commit()
    sign_in(client, make_organiser())
    response = client.get("/lab/reports/milestones.csv")
    assert_download(response, "milestones")
    rows = read_csv(response)
    title = item.pitch.title
    assert rows == [
        ["Project reference", "Project", "Milestone", "Due on", "Done on", "Status"],
        [
            "SPK-2027-0007",
            title,
            "Agree the problem",
            (today - timedelta(30)).isoformat(),
            (today - timedelta(31)).isoformat(),
            "Done",
        ],
        [
            "SPK-2027-0007",
            title,
            "Run user research",
            (today - timedelta(5)).isoformat(),
            "",
            "Overdue",
        ],
        [
            "SPK-2027-0007",
            title,
            "Build the prototype",
            (today + timedelta(10)).isoformat(),
            "",
            "Due soon",
        ],
    ]


def test_the_readings_csv(client, project):
    today = london_today()
    item = project.project
    fill(item)
    sign_in(client, make_lab_user())
    response = client.get("/lab/reports/readings.csv")
    assert_download(response, "benefit-readings")
    rows = read_csv(response)
    title = item.pitch.title
    assert rows[0] == [
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
    ]
    reference = item.pitch.reference or ""
    common = [reference, title, "Hours saved each month", "Hours", "Higher", "0.00", "200.00"]
    assert rows[1:] == [
        [*common, "40.00", (today - timedelta(60)).isoformat(), "Time sheets"],
        [*common, "120.50", (today - timedelta(2)).isoformat(), "Survey of staff"],
    ]


def test_units_are_named_as_people_wrote_them():
    assert report_csv.unit_name("gbp", "") == "Pounds (£)"
    assert report_csv.unit_name("percent", "") == "Percentage (%)"
    assert report_csv.unit_name("other", "forms") == "forms"
    assert report_csv.unit_name("people", "") == "People"


# Queries ----------------------------------------------------------------------------------


def test_each_report_costs_the_same_queries_for_2_or_10_projects(client, app):
    sign_in(client, make_lab_user())
    for _ in range(2):
        fill(funded_project().project)
    small = {url: statements_of(client, url) for url in URLS}
    for _ in range(8):
        fill(funded_project().project)
    stop(funded_project().project, "Not needed")
    for url in URLS:
        big = statements_of(client, url)
        assert len(big) == len(small[url]), (url, repeated(small[url], big))


def test_a_portfolio_too_large_for_one_pdf_points_to_the_csv_files(client, app, monkeypatch):
    monkeypatch.setattr(report_pdf, "PDF_PROJECT_LIMIT", 1)
    funded_project()
    funded_project()
    sign_in(client, make_lab_user())
    page = client.get("/lab/reports").get_data(as_text=True)
    assert "The portfolio report is for up to 1 projects. The lab has 2" in page
    assert "/lab/reports/portfolio.pdf" not in page
    response = client.get("/lab/reports/portfolio.pdf")
    assert response.status_code == 302
    assert response.headers["Location"] == "/lab/reports#portfolio"
    page = client.get("/lab/reports").get_data(as_text=True)
    assert "The portfolio report is for up to 1 projects. Download the projects as a CSV" in page
    assert client.get("/lab/reports/projects.csv").status_code == 200
