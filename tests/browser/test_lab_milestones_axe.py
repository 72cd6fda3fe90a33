"""axe-core on milestones in every state, in Chromium against the live app with its real CSP
and CSRF: the part of the project page (none yet, filled, stopped), the forms to add, change,
mark done and undo (empty, with errors), a refusal, and the portfolio (empty, filled, a second
page); the team's journey again without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.lab import milestone_service as service
from spark.lab.board import london_today
from spark.lab.models import Milestone
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
from tests.panel_factories import fresh

pytestmark = pytest.mark.browser


def _in(days: int):
    return london_today() + timedelta(days=days)


def _type_date(page, prefix: str, day) -> None:
    page.fill(f"#{prefix}-day", str(day.day))
    page.fill(f"#{prefix}-month", str(day.month))
    page.fill(f"#{prefix}-year", str(day.year))


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def test_the_team_adds_completes_changes_and_reopens_a_milestone(page):
    funded = funded_project()
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#milestones")).to_contain_text("No milestones yet.")
    assert_no_axe_violations(page, "project page, no milestones yet")

    page.locator("#milestones").get_by_role("button", name="Add a milestone").click()
    expect(page.locator("h1")).to_have_text("Add a milestone")
    assert_no_axe_violations(page, "add a milestone, empty")
    assert click_for_status(page, "Add milestone") == 400
    assert_errors_shown(page, ["Enter a title", "Enter the date the milestone is due"])
    assert_no_axe_violations(page, "add a milestone, nothing typed")
    page.fill("#title", "Private beta with 50 users")
    page.fill("#due_on-day", "31")
    page.fill("#due_on-month", "2")
    page.fill("#due_on-year", "2027")
    assert click_for_status(page, "Add milestone") == 400
    assert_errors_shown(page, ["The due date must be a real date"])
    expect(page.locator("#title")).to_have_value("Private beta with 50 users")
    assert_no_axe_violations(page, "add a milestone, not a real date")
    _type_date(page, "due_on", _in(-3))
    assert click_for_status(page, "Add milestone") == 200
    assert "Milestone added" in _banner(page)
    part = page.locator("#milestones")
    expect(part).to_contain_text("Overdue")
    expect(part).to_contain_text("3 days overdue")
    assert_no_axe_violations(page, "project page, a milestone overdue")

    part.get_by_role("link", name="Mark as done Private beta with 50 users").click()
    expect(page.locator("#done_on-day")).to_have_value(f"{london_today().day:02d}")
    assert_no_axe_violations(page, "mark as done, today filled in")
    _type_date(page, "done_on", _in(2))
    assert click_for_status(page, "Mark as done") == 400
    assert_errors_shown(page, ["The date it was done must be today or in the past"])
    assert_no_axe_violations(page, "mark as done, a date in the future")
    _type_date(page, "done_on", _in(-1))
    assert click_for_status(page, "Mark as done") == 200
    assert "Milestone marked as done" in _banner(page)
    expect(page.locator("#milestones")).to_contain_text("Done")
    assert_no_axe_violations(page, "project page, a milestone done")

    page.locator("#milestones").get_by_role(
        "link", name="Change Private beta with 50 users"
    ).click()
    expect(page.locator("#title")).to_have_value("Private beta with 50 users")
    assert_no_axe_violations(page, "change a milestone")
    page.fill("#title", "")
    assert click_for_status(page, "Save changes") == 400
    assert_errors_shown(page, ["Enter a title"])
    assert_no_axe_violations(page, "change a milestone, no title")
    # The lab changes it meanwhile: the team's save is refused, their change kept to resend.
    [milestone] = db.session.query(Milestone).all()
    now = fresh(Milestone, milestone.id)
    service.change(
        make_lab_user(), funded.project, now, now.title, _in(5), seen=service.fingerprint(now)
    )
    page.fill("#title", "Private beta")
    assert click_for_status(page, "Save changes") == 409
    assert_errors_shown(page, [service.STALE])
    expect(page.locator("main")).to_contain_text("The milestone as it is now")
    expect(page.locator("#title")).to_have_value("Private beta")
    assert_no_axe_violations(page, "change a milestone, changed meanwhile")
    assert click_for_status(page, "Save changes") == 200
    assert "Milestone changed" in _banner(page)

    page.locator("#milestones").get_by_role("link", name="Mark as not done Private beta").click()
    expect(page.locator("main")).to_contain_text("It will show as overdue again.")
    assert_no_axe_violations(page, "mark as not done")
    assert click_for_status(page, "Mark as not done") == 200
    assert "Milestone marked as not done" in _banner(page)
    expect(page.locator("#milestones")).to_contain_text("Overdue")


def test_organisers_read_and_a_stopped_project_refuses(page):
    funded = funded_project()
    service.add(funded.lead, funded.project, "Alpha assessment", _in(10))
    done = service.add(funded.lead, funded.project, "Discovery report", _in(-30))
    service.complete(funded.lead, funded.project, done, _in(-31))
    sign_in(page, make_organiser())
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#milestones")).to_contain_text("Due soon")
    expect(page.locator("#milestones a")).to_have_count(0)
    assert_no_axe_violations(page, "project page, milestones read-only for an organiser")
    page.context.clear_cookies()

    funded.project.status = "stopped"
    funded.project.status_reason = "The service already exists elsewhere"
    db.session.commit()
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#milestones")).to_contain_text("can no longer be changed")
    assert_no_axe_violations(page, "project page, stopped project's milestones")
    response = page.goto(f"/lab/projects/{funded.project.id}/milestones/new")
    assert response.status == 409
    expect(page.locator("h1")).to_have_text("This project has stopped")
    assert_no_axe_violations(page, "add a milestone to a stopped project")


def test_the_portfolio_empty_filled_and_a_second_page(page):
    sign_in(page, make_lab_user())
    page.goto("/lab/milestones")
    expect(page.locator("main")).to_contain_text("No milestones are overdue")
    assert_no_axe_violations(page, "portfolio, nothing overdue")

    first = funded_project()
    paused = funded_project()
    paused.project.status = "paused"
    db.session.commit()
    service.add(first.lead, first.project, "Private beta", _in(-4))
    service.add(paused.lead, paused.project, "User research round 2", _in(-1))
    service.add(first.lead, first.project, "Alpha assessment", _in(0))
    service.add(paused.lead, paused.project, "Beta assessment", _in(14))
    page.reload()
    expect(page.locator("#overdue-heading")).to_have_text("Overdue")
    expect(page.locator("#due-soon-heading")).to_have_text("Due in the next 14 days")
    expect(page.locator("main .govuk-tag")).to_have_text(["Paused", "Paused"])
    assert_no_axe_violations(page, "portfolio, overdue and due soon")

    for n in range(60):
        db.session.add(
            Milestone(project_id=first.project.id, title=f"Step {n}", due_on=_in(-10 - n))
        )
    db.session.commit()
    page.reload()
    expect(page.locator(".govuk-pagination")).to_be_visible()
    assert_no_axe_violations(page, "portfolio, first of two pages")
    page.locator(".govuk-pagination__next a").click()
    expect(page).to_have_title("Overdue and due-soon milestones (page 2 of 2) – Project Spark!")
    assert_no_axe_violations(page, "portfolio, second page")

    # At 320px the tables scroll inside their regions; the page itself does not.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/lab/milestones")
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "portfolio, 320px wide")
    page.goto(f"/lab/projects/{first.project.id}")
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "project page with milestones, 320px wide")


def test_without_javascript(page, browser, live_server, page_problems):
    funded = funded_project()
    service.add(funded.lead, funded.project, "Alpha assessment", _in(-2))
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, funded.lead)
        nojs.goto(f"/lab/projects/{funded.project.id}/milestones/new")
        nojs.get_by_role("button", name="Add milestone").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        assert_no_axe_violations_without_javascript(nojs, page, "add a milestone, errors")
        nojs.fill("#title", "Private beta")
        _type_date(nojs, "due_on", _in(10))
        nojs.get_by_role("button", name="Add milestone").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "Milestone added"
        )
        expect(nojs.locator("#milestones")).to_contain_text("Private beta")
        assert_no_axe_violations_without_javascript(nojs, page, "project page, milestones")
        nojs.locator("#milestones").get_by_role(
            "link", name="Mark as done Alpha assessment"
        ).click()
        nojs.get_by_role("button", name="Mark as done").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "Milestone marked as done"
        )
        nojs.context.clear_cookies()
        sign_in(nojs, make_lab_user())
        nojs.goto("/lab/milestones")
        expect(nojs.locator("main")).to_contain_text("Private beta")
        assert_no_axe_violations_without_javascript(nojs, page, "portfolio")
    finally:
        nojs.context.close()
