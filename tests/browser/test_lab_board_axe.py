"""axe-core on the lab board and a project's page in every state, in Chromium against the live
app with its real CSP and CSRF: the board (empty, filled, filtered, nothing matching, 320px),
a stage's own pages, the project page as the lab and as the team, the team's pitch page, the
partner and focus-area forms with their errors and confirmation; and the board, its filters
and a partner's errors again without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.lab.board import london_today
from spark.lab.models import Partner
from tests.app.lab.board_factories import (
    add_milestone,
    make_focus_area,
    make_team_in,
    more_projects,
)
from tests.app.test_panel_query_counts import add_team_and_files
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    scroll_width,
    sign_in,
)
from tests.lab_factories import funded_project, make_lab_user

pytestmark = pytest.mark.browser


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def _fill_the_lab(funded) -> None:
    """Projects in every state: paused, stopped, overdue, and more than 20 in Alpha."""
    today = london_today()
    team = make_team_in("HM Revenue and Customs", name="Forms team")
    [late] = more_projects(funded, 1, team=team, days_in_stage=40, title="Plain letters")
    add_milestone(late, "Usability testing", today - timedelta(days=2))
    add_milestone(funded.project, "Show and tell", today + timedelta(days=5))
    more_projects(funded, 22, stage="alpha", days_in_stage=10, title="Prototype")
    more_projects(funded, 1, stage="beta", status="paused", title="Waiting")
    more_projects(
        funded, 1, stage="live", status="stopped", status_reason="Cheaper elsewhere", title="Ended"
    )
    make_focus_area("Digital inclusion", late)


def test_the_board_empty_filled_filtered_and_a_stage_s_pages(
    page, browser, live_server, page_problems
):
    sign_in(page, make_lab_user())
    page.goto("/lab")
    expect(page.locator("main")).to_contain_text("There are no projects in the lab yet")
    assert_no_axe_violations(page, "board, empty")

    funded = funded_project()
    _fill_the_lab(funded)
    page.reload()
    expect(page.locator("#group-alpha")).to_have_text("Alpha: 22 projects")
    expect(page.locator("main")).to_contain_text("Overdue")
    assert_no_axe_violations(page, "board, filled")

    page.get_by_role("link", name="Beta", exact=True).click()
    expect(page.locator("#group-beta")).to_be_focused()

    page.select_option("#status", "overdue")
    page.select_option("#department", "HM Revenue and Customs")
    page.get_by_role("button", name="Show projects").click()
    expect(page.locator("main")).to_contain_text("1 project matches these filters")
    assert "status=overdue" in page.url
    expect(page.locator("#status")).to_have_value("overdue")
    assert_no_axe_violations(page, "board, filtered")

    page.select_option("#status", "paused")
    page.get_by_role("button", name="Show projects").click()
    expect(page.locator("main")).to_contain_text("No projects match these filters")
    assert_no_axe_violations(page, "board, nothing matches")
    page.get_by_role("link", name="Clear filters").first.click()
    expect(page.locator("#status")).to_have_value("")

    page.get_by_role("link", name="See all 22 projects in Alpha").click()
    expect(page.locator("h1")).to_have_text("Alpha")
    assert_no_axe_violations(page, "a stage's page")

    more_projects(funded, 40, stage="alpha", days_in_stage=1, title="Later")
    page.reload()
    expect(page.locator(".govuk-pagination")).to_be_visible()
    assert_no_axe_violations(page, "a stage's page, with pages")
    page.locator(".govuk-pagination__next a").click()
    expect(page.locator("main")).to_contain_text("51 to 62 shown")
    assert_no_axe_violations(page, "a stage's second page")

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/lab")
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "board, 320px wide")

    # Without JavaScript: the filters are a plain GET form.
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, make_lab_user())
        nojs.goto("/lab")
        nojs.select_option("#status", "stopped")
        nojs.get_by_role("button", name="Show projects").click()
        expect(nojs.locator("#group-stopped")).to_have_text("Stopped: 1 project")
        expect(nojs.locator("main")).to_contain_text("Cheaper elsewhere")
        assert_no_axe_violations_without_javascript(nojs, page, "board, stopped projects")
    finally:
        nojs.context.close()


def test_the_project_page_as_the_lab_and_as_the_team(page):
    funded = funded_project()
    project = funded.project
    project.status, project.status_reason = "paused", "Waiting for the supplier"
    funded.pitch.summary = "Letters people can read"
    funded.pitch.problem = "Letters are hard to read."
    funded.pitch.idea = "Plain English, tested with users."
    db.session.add(Partner(project_id=project.id, name="RNIB", role="User research"))
    db.session.commit()
    add_team_and_files(funded.pitch, members=1, files=[("pdf", "application/pdf", "costs.pdf")])
    make_focus_area("Digital inclusion", project)

    sign_in(page, make_lab_user())
    page.goto(f"/lab/projects/{project.id}")
    expect(page.locator("h1")).to_have_text(funded.pitch.title)
    expect(page.locator("main")).to_contain_text("This project is paused")
    assert_no_axe_violations(page, "project page, as the lab")

    page.context.clear_cookies()
    sign_in(page, funded.lead)
    page.goto(f"/pitches/{funded.pitch.id}")
    expect(page.locator("main")).to_contain_text("Your idea is in the innovation lab")
    assert_no_axe_violations(page, "the team's pitch page, in the lab")
    page.get_by_role("link", name="Go to your lab project").click()
    expect(page.get_by_role("link", name="Read the panel’s decision and feedback")).to_be_visible()
    assert_no_axe_violations(page, "project page, as the team")


def test_partner_and_focus_area_forms_with_errors(page, browser, live_server, page_problems):
    funded = funded_project()
    url = f"/lab/projects/{funded.project.id}"
    sign_in(page, make_lab_user())
    page.goto(url)
    page.get_by_role("button", name="Add a partner").click()
    expect(page.locator("h1")).to_have_text("Add a partner")
    assert_no_axe_violations(page, "add a partner")
    assert click_for_status(page, "Add partner") == 400
    assert_errors_shown(
        page, ["Enter the partner’s name", "Enter what the partner does for the project"]
    )
    assert_no_axe_violations(page, "add a partner, nothing typed")
    page.fill("#name", "RNIB")
    page.fill("#role", "User research with blind people")
    assert click_for_status(page, "Add partner") == 200
    assert "RNIB added as a partner" in _banner(page)
    assert_no_axe_violations(page, "project page, partner added")

    page.get_by_role("link", name="Remove RNIB").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to remove RNIB?")
    assert_no_axe_violations(page, "remove a partner, confirmation")
    assert click_for_status(page, "Remove partner") == 200
    assert "RNIB removed" in _banner(page)

    page.get_by_role("link", name="Change focus areas").click()
    expect(page.locator("main")).to_contain_text("There are no focus areas yet")
    assert_no_axe_violations(page, "project focus areas, none exist")
    page.get_by_role("link", name="Add focus areas").click()
    expect(page.locator("h1")).to_have_text("Focus areas")
    assert_no_axe_violations(page, "focus areas, empty")
    assert click_for_status(page, "Add focus area") == 400
    assert_errors_shown(page, ["Enter the name of the focus area"])
    assert_no_axe_violations(page, "focus areas, nothing typed")
    page.fill("#name", "Digital inclusion")
    assert click_for_status(page, "Add focus area") == 200
    page.fill("#name", "Assistive technology")
    assert click_for_status(page, "Add focus area") == 200
    assert_no_axe_violations(page, "focus areas, two")
    page.get_by_role("link", name="Rename Assistive technology").click()
    page.fill("#name", "digital inclusion")
    assert click_for_status(page, "Save") == 400
    assert_errors_shown(page, ["There is already a focus area called digital inclusion"])
    assert_no_axe_violations(page, "rename a focus area, name taken")

    page.goto(f"{url}/focus-areas")
    assert_no_axe_violations(page, "project focus areas, checkboxes")
    page.get_by_label("Digital inclusion").check()
    assert click_for_status(page, "Save focus areas") == 200
    assert "Focus areas saved" in _banner(page)
    expect(page.locator("main")).to_contain_text("Digital inclusion")

    # Without JavaScript: the errors and the error summary's links work the same.
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, make_lab_user())
        nojs.goto(f"{url}/partners/add")
        nojs.fill("#name", "R" * 201)
        assert click_for_status(nojs, "Add partner") == 400
        expect(nojs.locator(".govuk-error-summary")).to_contain_text(
            "The partner’s name must be 200 characters or fewer"
        )
        assert nojs.locator("#name").input_value() == "R" * 201
        assert_no_axe_violations_without_javascript(nojs, page, "add a partner, errors")
    finally:
        nojs.context.close()
