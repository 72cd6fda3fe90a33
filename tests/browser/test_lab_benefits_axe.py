"""axe-core on benefits in every state, in Chromium against the live app with its real CSP
and CSRF: the project page's section (none yet, a metric without readings, several
readings, stopped, read-only for an organiser), the forms (empty, with errors from the form
and from the rules, changed meanwhile), a refusal, the portfolio totals (empty and filled),
the chart in forced colours and at 320px; the team's journey again without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.lab import benefit_service as service
from spark.lab.benefit_service import MetricDetails
from spark.lab.board import london_today
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    scroll_width,
    sign_in,
)
from tests.lab_factories import funded_project, make_lab_user, make_organiser

pytestmark = pytest.mark.browser


def _ago(days: int):
    return london_today() - timedelta(days=days)


def _type_date(page, prefix: str, day) -> None:
    page.fill(f"#{prefix}-day", str(day.day))
    page.fill(f"#{prefix}-month", str(day.month))
    page.fill(f"#{prefix}-year", str(day.year))


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def _metric(funded, name="Money saved each year", **fields):
    details = {
        "unit": "gbp",
        "unit_label": "",
        "better": "higher",
        "baseline": Decimal(0),
        "target": Decimal(20000),
        **fields,
    }
    return service.add_metric(funded.project, funded.lead, MetricDetails(name, **details))


def _reading(funded, metric, value, days_ago, source="Finance report"):
    return service.record_reading(
        funded.project,
        metric,
        funded.lead,
        value=Decimal(value),
        taken_on=_ago(days_ago),
        source=source,
    )


def test_the_team_adds_a_benefit_and_records_readings(page):
    funded = funded_project()
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#benefits")).to_contain_text("No benefits are measured yet.")
    assert_no_axe_violations(page, "project page, no benefits yet")

    page.locator("#benefits").get_by_role("link", name="Add a benefit to measure").click()
    expect(page.locator("h1")).to_have_text("Add a benefit to measure")
    assert_no_axe_violations(page, "add a benefit, empty")
    assert click_for_status(page, "Add benefit") == 400
    assert_errors_shown(
        page,
        [
            "Enter the name of the benefit",
            "Select the unit the benefit is measured in",
            "Select whether higher or lower is better",
            "Enter the baseline",
            "Enter the target",
        ],
    )
    assert_no_axe_violations(page, "add a benefit, nothing typed")

    page.fill("#name", "Days people wait for a decision")
    page.get_by_role("radio", name="Other").check()
    page.get_by_label("Lower is better").check()
    page.fill("#baseline", "30")
    page.fill("#target", "thirty")
    assert click_for_status(page, "Add benefit") == 400
    assert_errors_shown(
        page,
        ["Enter the unit, for example forms", "Enter the target as a number, like 12,500 or 12.5"],
    )
    expect(page.locator("#name")).to_have_value("Days people wait for a decision")
    assert_no_axe_violations(page, "add a benefit, the form's errors")

    page.fill("#unit_label", "days")
    page.fill("#target", "45")
    assert click_for_status(page, "Add benefit") == 400
    assert_errors_shown(page, ["The target must be lower than the baseline, as lower is better"])
    expect(page.locator("#unit_label")).to_have_value("days")
    assert_no_axe_violations(page, "add a benefit, the target on the wrong side")
    page.fill("#target", "10")
    assert click_for_status(page, "Add benefit") == 200
    assert "Benefit added" in _banner(page)
    expect(page.locator("main")).to_contain_text("No readings yet")
    assert_no_axe_violations(page, "benefits page, a benefit without readings")

    record = "Record a reading of Days people wait for a decision"
    page.get_by_role("link", name=record).click()
    expect(page.locator("h1")).to_have_text("Record a reading of Days people wait for a decision")
    assert_no_axe_violations(page, "record a reading, empty")
    assert click_for_status(page, "Record reading") == 400
    assert_errors_shown(
        page,
        [
            "Enter the value",
            "Enter the date the figure was taken",
            "Enter where the figure comes from",
        ],
    )
    assert_no_axe_violations(page, "record a reading, nothing typed")
    page.fill("#value", "24")
    _type_date(page, "taken_on", london_today() + timedelta(days=3))
    page.fill("#source", "Case management system")
    assert click_for_status(page, "Record reading") == 400
    assert_errors_shown(page, ["The date taken must be today or in the past"])
    expect(page.locator("#value")).to_have_value("24")
    assert_no_axe_violations(page, "record a reading, a date in the future")
    _type_date(page, "taken_on", _ago(60))
    assert click_for_status(page, "Record reading") == 200
    assert "Reading recorded" in _banner(page)
    for value, days in (("18", 30), ("27", 90)):  # the second is older, recorded later
        page.get_by_role("link", name=record).click()
        page.fill("#value", value)
        _type_date(page, "taken_on", _ago(days))
        page.fill("#source", "Case management system")
        assert click_for_status(page, "Record reading") == 200

    expect(page.locator("main svg[role=img]")).to_have_count(1)
    expect(page.locator("main table tbody tr")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("18 days")
    expect(page.locator("main")).to_contain_text("60% of the way from the baseline to the target")
    assert_no_axe_violations(page, "benefits page, three readings")
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#benefits svg")).to_be_visible()
    assert_no_axe_violations(page, "project page, a benefit with three readings")

    page.locator("#benefits").get_by_role(
        "link", name="Change the benefit Days people wait for a decision"
    ).click()
    expect(page.locator("#baseline")).to_have_value("30")
    assert_no_axe_violations(page, "change a benefit")
    page.fill("#name", "")
    assert click_for_status(page, "Save changes") == 400
    assert_errors_shown(page, ["Enter the name of the benefit"])
    assert_no_axe_violations(page, "change a benefit, no name")


def test_a_change_made_meanwhile_is_shown_beside_what_was_typed(page):
    funded = funded_project()
    metric = _metric(funded)
    sign_in(page, make_lab_user())
    page.goto(f"/lab/projects/{funded.project.id}/benefits/{metric.id}/change")
    service.change_metric(
        funded.project,
        metric,
        funded.lead,
        MetricDetails("Money saved", "gbp", "", "higher", Decimal(0), Decimal(30000)),
        seen=service.fingerprint(metric),
    )
    page.fill("#target", "25,000")
    assert click_for_status(page, "Save changes") == 409
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone changed this benefit while you were editing it"
    )
    expect(page.locator("main")).to_contain_text("£30,000")
    expect(page.locator("#target")).to_have_value("25,000")
    assert_no_axe_violations(page, "change a benefit, changed meanwhile")


def test_organisers_read_a_stopped_project_refuses_and_the_portfolio(page):
    funded = funded_project()
    money = _metric(funded)
    for value, days in (("2500", 200), ("6000", 120), ("9000", 40), ("8000", 10)):
        _reading(funded, money, value, days)
    hours = _metric(
        funded,
        "Staff hours spent on each case",
        unit="hours",
        better="lower",
        baseline=Decimal(12),
        target=Decimal(4),
    )
    _reading(funded, hours, "13.5", 30, "Timesheets")
    _metric(funded, "Share of people who apply online", unit="percent", target=Decimal(80))
    sign_in(page, make_organiser())
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#benefits svg[role=img]")).to_have_count(2)
    expect(page.locator("#benefits")).to_contain_text("Worse than baseline")
    expect(page.locator("#benefits").get_by_role("link", name="Record a reading")).to_have_count(0)
    assert_no_axe_violations(page, "project page, benefits read-only for an organiser")

    page.locator("#benefits").get_by_role("link", name="See benefits across all projects").click()
    expect(page.locator("h1")).to_have_text("Benefits across the portfolio")
    expect(page.locator("main tbody tr")).to_have_count(2)
    assert_no_axe_violations(page, "portfolio totals, filled")
    # The totals' four columns are wider than a phone: they scroll in their own box.
    page.set_viewport_size({"width": 320, "height": 640})
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "portfolio totals, 320px wide")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.context.clear_cookies()

    funded.project.status = "stopped"
    db.session.commit()
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#benefits")).to_contain_text("This project has stopped")
    assert_no_axe_violations(page, "project page, a stopped project's benefits")
    response = page.goto(f"/lab/projects/{funded.project.id}/benefits/{money.id}/readings/new")
    assert response.status == 409
    expect(page.locator("h1")).to_have_text("You cannot change these benefits")
    assert_no_axe_violations(page, "record a reading on a stopped project")


def test_the_portfolio_with_nothing_to_add_up(page):
    sign_in(page, make_lab_user())
    page.goto("/lab/benefits")
    expect(page.locator("main")).to_contain_text("No benefit is measured yet")
    assert_no_axe_violations(page, "portfolio totals, empty")


def test_a_long_history_shows_its_latest_readings_on_the_project_page(page):
    funded = funded_project()
    money = _metric(funded)
    for week in range(30):
        _reading(funded, money, str(500 * (week + 1)), 7 * (30 - week), f"Week {week + 1}")
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}")
    section = page.locator("#benefits")
    expect(section.locator("caption")).to_have_text(
        "The latest 24 of 30 readings of Money saved each year"
    )
    expect(section.locator("tbody tr")).to_have_count(24)
    assert_no_axe_violations(page, "project page, a benefit with more readings than it shows")
    section.get_by_role("link", name="See all 30 readings of Money saved each year").click()
    expect(page.locator("h1")).to_have_text("Benefits")
    expect(page.locator("main tbody tr")).to_have_count(30)
    assert_no_axe_violations(page, "benefits page, every reading")


def test_the_chart_in_forced_colours_and_at_320px(page):
    funded = funded_project()
    money = _metric(funded)
    for value, days in (("2500", 200), ("6000", 120), ("9000", 40)):
        _reading(funded, money, value, days, "The finance team’s monthly report")
    sign_in(page, funded.lead)
    page.emulate_media(forced_colors="active")
    page.goto(f"/lab/projects/{funded.project.id}/benefits")
    colours = page.evaluate(
        """() => {
            const svg = document.querySelector('main svg');
            const style = (selector, property) =>
                getComputedStyle(svg.querySelector(selector))[property];
            return {
                text: getComputedStyle(document.body).color,
                line: style('polyline', 'stroke'),
                dot: style('circle', 'fill'),
                label: style('text', 'fill'),
                baseline: style('line[stroke-dasharray]', 'stroke'),
            };
        }"""
    )
    # Every mark takes the system's text colour, so nothing disappears.
    assert {colours["line"], colours["dot"], colours["label"], colours["baseline"]} == {
        colours["text"]
    }
    assert_no_axe_violations(page, "benefits page in forced colours")
    page.emulate_media(forced_colors="none")

    page.set_viewport_size({"width": 320, "height": 640})
    for url in (
        f"/lab/projects/{funded.project.id}/benefits",
        f"/lab/projects/{funded.project.id}",
    ):
        page.goto(url)
        assert scroll_width(page) <= 320, url
        box = page.locator("main svg").first.bounding_box()
        assert box["width"] <= 320 and box["height"] > 150
    assert_no_axe_violations(page, "project page with a chart, 320px wide")


def test_without_javascript(page, browser, live_server, page_problems):
    funded = funded_project()
    metric = _metric(funded)
    _reading(funded, metric, "4000", 20)
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, funded.lead)
        nojs.goto(f"/lab/projects/{funded.project.id}")
        assert_no_axe_violations_without_javascript(nojs, page, "project page, benefits")
        nojs.goto(f"/lab/projects/{funded.project.id}/benefits/{metric.id}/readings/new")
        nojs.get_by_role("button", name="Record reading").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text("Enter the value")
        assert_no_axe_violations_without_javascript(nojs, page, "record a reading, errors")
        nojs.fill("#value", "£7,500")
        _type_date(nojs, "taken_on", _ago(2))
        nojs.fill("#source", "Finance report")
        nojs.get_by_role("button", name="Record reading").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "Reading recorded"
        )
        expect(nojs.locator("main")).to_contain_text("£7,500")
        assert_no_axe_violations_without_javascript(nojs, page, "benefits page, recorded")
        nojs.goto(f"/lab/projects/{funded.project.id}/benefits/new")
        nojs.get_by_role("button", name="Add benefit").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text("Enter the baseline")
        assert_no_axe_violations_without_javascript(nojs, page, "add a benefit, errors")
    finally:
        nojs.context.close()
