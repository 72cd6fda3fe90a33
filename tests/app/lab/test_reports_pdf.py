"""The portfolio report: a tagged PDF (read back with pikepdf and put through the project's own
accessibility checker) that says what the lab's records say, and keeps long words on the
page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from spark.core.pdf import page_texts, render_pdf
from spark.extensions import db
from spark.lab import report_pdf
from spark.lab.models import Stage
from spark.lab.report_rows import Benefit
from tests.app.decisions.test_documents import (
    LONG_URL,
    assert_accessible,
    overrun,
    pdf_tables,
    struct_elements,
    text_of,
)
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_organiser
from tests.lab_report_data import fill, london_today, stop


def test_the_portfolio_report(client, app, tmp_path):
    today = london_today()
    first = funded_project(amount_pence=1_500_000)
    item = first.project
    fill(item)
    item.pitch.reference = "SPK-2027-0042"
    item.stage_entered_at = item.stage_entered_at - timedelta(days=12)
    paused = funded_project(amount_pence=1_000_000).project
    paused.status, paused.status_reason = "paused", "Waiting for the supplier"
    paused.stage = "alpha"
    stopped = funded_project(amount_pence=800_000).project
    stop(stopped, "The problem went away")
    discovery = db.session.scalars(db.select(Stage).where(Stage.key == "discovery")).one()
    discovery.name = "Finding out"
    db.session.commit()

    sign_in(client, make_organiser())
    response = client.get("/lab/reports/portfolio.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="lab-portfolio-{today.isoformat()}.pdf"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    data = response.data
    title = f"Lab portfolio report, {today.day} {today:%B %Y}"
    assert_accessible(data, title, tmp_path)
    text = text_of(data)
    date = f"{today.day} {today:%B %Y}"
    for words in (
        "Lab portfolio report",
        f"The lab’s projects on {date}: 3 projects, 1 active, 1 paused and 1 stopped.",
        "Projects in each stage, by status",
        # Stage rows in order, with the name the lab gave: active, paused, stopped, all.
        "Finding out 1 0 1 2",
        "Alpha 0 1 0 1",
        "Beta 0 0 0 0",
        "All stages 1 1 1 3",
        "Budget across all projects",
        "Awarded £33,000",
        "Released £5,000",
        "Spent £1,200.50",
        "Active and paused projects in Finding out (1)",
        item.pitch.title,
        "SPK-2027-0042",
        item.pitch.team.name,
        "Awarded £15,000",
        "Next: Run user research, due",
        "(overdue)",
        "1 overdue",
        "Hours saved each month: On the way: 120.5 hours on",
        "60% of the way from the baseline of 0 hours to the target of 200 hours",
        "Improvement since the baseline, added up where units agree",
        "Hours 120.5 hours 1 1",
        "Active and paused projects in Alpha (1)",
        "Waiting for the supplier",
        "No open milestones",
        "None recorded",
        "No active or paused projects are in Beta.",
        "Stopped projects and why they stopped (1)",
        stopped.pitch.title,
        "The problem went away",
    ):
        assert words in text, words
    assert text.count(item.pitch.title) == 1
    # Stopped projects are listed apart, once.
    assert text.count(stopped.pitch.title) == 1


def test_an_empty_portfolio(app, tmp_path):
    today = london_today()
    data = report_pdf.portfolio_pdf(today)
    assert_accessible(data, report_pdf.portfolio_title(today), tmp_path)
    text = text_of(data)
    assert "0 projects, 0 active, 0 paused and 0 stopped" in text
    assert "No active or paused projects are in Discovery." in text
    assert "No projects have been stopped." in text


def test_table_headers_have_scopes_and_tables_captions(app, tmp_path):
    fill(funded_project().project)
    data = report_pdf.portfolio_pdf(london_today())
    scopes, captions, tables = [], 0, 0
    for node in struct_elements(data):
        kind = str(node.S)
        if kind == "/TH":
            scopes.append(str(node.A.Scope))
        captions += kind == "/Caption"
        tables += kind == "/Table"
    assert {"/Column", "/Row"} == set(scopes)
    # The counts, the budget, the benefits' totals, the one stage with a project.
    assert tables == 4
    assert captions == tables


def test_long_words_stay_on_the_page(app, tmp_path):
    funded = funded_project()
    item = funded.project
    long_word = LONG_URL[:120]
    item.pitch.title = long_word
    item.pitch.team.name = LONG_URL[:200]
    fill(item, title=LONG_URL[:200])
    stopped = funded_project().project
    stopped.pitch.title = long_word[::-1]
    stop(stopped, LONG_URL)
    html = report_pdf.portfolio_html(london_today())
    assert overrun(html) <= 0.01
    data = report_pdf.portfolio_pdf(london_today())
    assert LONG_URL in "".join("".join(page_texts(data)).split())
    assert_accessible(data, report_pdf.portfolio_title(london_today()), tmp_path)


def benefit(**fields) -> Benefit:
    values = {
        "name": "Money saved",
        "unit": "gbp",
        "unit_label": "",
        "better": "higher",
        "baseline": Decimal(0),
        "target": Decimal(50_000),
    }
    values.update(fields)
    return Benefit(**values)


def test_benefit_words_say_where_the_latest_reading_stands():
    assert report_pdf.benefit_words(benefit()) == (
        "No readings yet: the target is £50,000, from a baseline of £0"
    )
    taken = date(2027, 3, 3)
    assert report_pdf.benefit_words(benefit(latest=Decimal("12500.50"), latest_on=taken)) == (
        "On the way: £12,500.50 on 3 March 2027, 25% of the way from the baseline of £0 to "
        "the target of £50,000"
    )
    calls = benefit(
        unit="other",
        unit_label="calls",
        better="lower",
        baseline=Decimal(900),
        target=Decimal(300),
        latest=Decimal(200),
        latest_on=taken,
    )
    assert report_pdf.benefit_words(calls).startswith("Target met: 200 calls on 3 March 2027, 116%")
    worse = benefit(unit="percent", latest=Decimal(-5), latest_on=taken)
    assert report_pdf.benefit_words(worse).startswith("Worse than baseline: \u22125% on")


def test_a_caption_near_the_foot_of_a_page_moves_over_with_its_table(app):
    # On the demo's portfolio the 'Live' and 'Stopped projects' captions ended one page and
    # their tables began the next: a screen reader met a table that was only a caption, then
    # a table with no caption. Push a stage's table down the page a step at a time so that,
    # at some step, its caption fits at the foot of the page and its first row does not.
    fill(funded_project().project)
    html = report_pdf.portfolio_html(london_today())
    heading = "<h2>Discovery</h2>"
    assert heading in html
    for millimetres in range(120, 166, 3):
        spaced = html.replace(heading, f'<div style="height: {millimetres}mm"></div>{heading}', 1)
        data = render_pdf(spaced)
        for table in pdf_tables(data):
            assert "/Caption" not in table or "/THead" in table or "/TBody" in table, (
                f"a caption alone in its table with {millimetres} mm above the stage"
            )
