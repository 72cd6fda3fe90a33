"""axe-core on the stage gates in every state, in Chromium against the live app with its real
CSP and CSRF: the timeline on the project page, the move form (empty, with errors, a skip
without a reason, a stale page), pausing, resuming and stopping (with errors and the
confirmation), a stopped project's forms, the stages admin (list, edit, errors, a stale edit);
a move and a stop again without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.lab import gates
from spark.lab.stages import Action, Request
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    sign_in,
)
from tests.lab_factories import funded_project, make_lab_user

pytestmark = pytest.mark.browser

EVIDENCE = "We spoke to 14 users, 5 of them screen reader users"


def _banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_the_lab_moves_a_project_from_discovery_to_alpha(page):
    funded, lab = funded_project(), make_lab_user()
    sign_in(page, lab)
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#timeline-heading")).to_have_text("Stage timeline")
    assert_no_axe_violations(page, "project page, timeline opened")
    page.get_by_role("link", name="Move to another stage").click()
    expect(page.locator("h1")).to_have_text("Move to another stage")
    assert_no_axe_violations(page, "move form, empty")

    assert click_for_status(page, "Save and email the team") == 400
    assert_errors_shown(page, ["Select the stage to move the project to"])
    assert_no_axe_violations(page, "move form, nothing chosen")

    page.get_by_label("Beta", exact=True).check()
    page.get_by_label("Evidence the project meets the gate").fill(EVIDENCE)
    page.get_by_label("Met", exact=True).check()
    assert click_for_status(page, "Save and email the team") == 400
    assert_errors_shown(page, ["Enter why the project is skipping a stage"])
    expect(page.get_by_label("Evidence the project meets the gate")).to_have_value(EVIDENCE)
    assert_no_axe_violations(page, "move form, a skip without a reason")

    page.get_by_label("Alpha", exact=True).check()
    assert click_for_status(page, "Save and email the team") == 200
    expect(_banner(page)).to_contain_text("moved to Alpha. The team has been emailed")
    expect(page.locator("#timeline-heading ~ ol")).to_contain_text("Moved from Discovery to Alpha")
    assert_no_axe_violations(page, "project page, moved, with the banner and timeline")

    # A gate not met: recorded, the project stays.
    page.get_by_role("link", name="Move to another stage").click()
    page.get_by_label("Beta", exact=True).check()
    page.get_by_label("Evidence the project meets the gate").fill("Two prototypes, no tests")
    page.get_by_label("Not met", exact=True).check()
    assert click_for_status(page, "Save and email the team") == 200
    expect(page.locator("#timeline-heading ~ ol")).to_contain_text("Not met")
    assert_no_axe_violations(page, "project page, an assessment not met")


def test_a_stale_move_form(page):
    funded, lab = funded_project(), make_lab_user()
    sign_in(page, lab)
    page.goto(f"/lab/projects/{funded.project.id}/stage")
    gates.change(
        funded.project, lab, Request(Action.MOVE, "alpha", EVIDENCE, "met"), seen_version=1
    )
    page.get_by_label("Beta", exact=True).check()
    page.get_by_label("Evidence the project meets the gate").fill(EVIDENCE)
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Reason").fill("Quick")
    assert click_for_status(page, "Save and email the team") == 409
    assert_errors_shown(
        page,
        ["The project has changed since you opened this page. Check where it is now and try again"],
    )
    expect(page.locator("#where-now + .govuk-summary-list")).to_contain_text("Alpha")
    assert_no_axe_violations(page, "move form, stale (409)")


def test_pause_resume_and_stop(page):
    funded, lab = funded_project(), make_lab_user()
    sign_in(page, lab)
    page.goto(f"/lab/projects/{funded.project.id}")
    page.get_by_role("link", name="Pause the project").click()
    assert_no_axe_violations(page, "pause form")
    assert click_for_status(page, "Pause the project") == 400
    assert_errors_shown(page, ["Enter why the project is pausing"])
    assert_no_axe_violations(page, "pause form, no reason")
    page.get_by_label("Why is the project pausing?").fill("Waiting for the supplier")
    assert click_for_status(page, "Pause the project") == 200
    expect(_banner(page)).to_contain_text("paused")
    assert_no_axe_violations(page, "project page, paused")

    page.goto(f"/lab/projects/{funded.project.id}/stage")
    expect(page.locator("main")).to_contain_text("This project is paused")
    assert_no_axe_violations(page, "move form, paused")

    page.goto(f"/lab/projects/{funded.project.id}")
    page.get_by_role("link", name="Resume the project").click()
    assert_no_axe_violations(page, "resume form")
    assert click_for_status(page, "Resume the project") == 200
    expect(_banner(page)).to_contain_text("resumed")

    page.get_by_role("link", name="Stop the project").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Stopping ends the project")
    assert_no_axe_violations(page, "stop form")
    assert click_for_status(page, "Stop the project") == 400
    assert_errors_shown(
        page, ["Enter why the project is stopping", "Confirm that you want to stop the project"]
    )
    assert_no_axe_violations(page, "stop form, errors")
    page.get_by_label("Why is the project stopping?").fill("No benefit found")
    page.get_by_label("Yes, stop the project").check()
    assert click_for_status(page, "Stop the project") == 200
    expect(_banner(page)).to_contain_text("stopped")
    assert_no_axe_violations(page, "project page, stopped")

    for form in ("stage", "pause", "stop"):
        page.goto(f"/lab/projects/{funded.project.id}/{form}")
        expect(page.locator("main")).to_contain_text("This project has stopped")
        assert_no_axe_violations(page, f"{form} form, stopped")


def test_the_stages_admin(page):
    lab = make_lab_user()
    sign_in(page, lab)
    page.goto("/lab/stages")
    expect(page.locator(".govuk-summary-card")).to_have_count(5)
    assert_no_axe_violations(page, "stages list")
    page.get_by_role("link", name="Change stage 2, Alpha").click()
    expect(page.locator("h1")).to_have_text("Change the stage Alpha")
    assert_no_axe_violations(page, "edit a stage")
    page.get_by_label("Name").fill("")
    assert click_for_status(page, "Save the stage") == 400
    assert_errors_shown(page, ["Enter a name for the stage"])
    assert_no_axe_violations(page, "edit a stage, no name")
    page.get_by_label("Name").fill("Prototype")
    assert click_for_status(page, "Save the stage") == 200
    expect(_banner(page)).to_contain_text("Prototype saved")
    assert_no_axe_violations(page, "stages list, renamed")

    page.get_by_role("link", name="Change stage 2, Prototype").click()
    stage = gates.all_stages()[1]
    gates.edit_stage(
        lab,
        "alpha",
        gates.StageDetails("Experiment", stage.description, stage.guidance),
        seen=gates.seen_token(stage),
    )
    page.get_by_label("Name").fill("Trial")
    assert click_for_status(page, "Save the stage") == 409
    assert_errors_shown(
        page,
        [
            "This stage has been changed since you opened this page. Check it and make your "
            "changes again"
        ],
    )
    assert_no_axe_violations(page, "edit a stage, stale (409)")


def test_without_javascript(page, browser, live_server, page_problems):
    funded, lab = funded_project(), make_lab_user()
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, lab)
        nojs.goto(f"/lab/projects/{funded.project.id}/stage")
        nojs.get_by_label("Beta", exact=True).check()
        nojs.get_by_role("button", name="Save and email the team").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text(
            "Enter why the project is skipping a stage"
        )
        assert_no_axe_violations_without_javascript(nojs, page, "move form, errors")
        nojs.get_by_label("Alpha", exact=True).check()
        nojs.get_by_label("Evidence the project meets the gate").fill(EVIDENCE)
        nojs.get_by_label("Met", exact=True).check()
        nojs.get_by_role("button", name="Save and email the team").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "moved to Alpha"
        )
        assert_no_axe_violations_without_javascript(nojs, page, "project page, timeline")
        nojs.goto(f"/lab/projects/{funded.project.id}/stop")
        nojs.get_by_label("Why is the project stopping?").fill("No benefit found")
        nojs.get_by_role("button", name="Stop the project").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text(
            "Confirm that you want to stop the project"
        )
        assert_no_axe_violations_without_javascript(nojs, page, "stop form, unconfirmed")
        nojs.get_by_label("Yes, stop the project").check()
        nojs.get_by_role("button", name="Stop the project").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text("stopped")
        nojs.goto("/lab/stages")
        assert_no_axe_violations_without_javascript(nojs, page, "stages list")
    finally:
        nojs.context.close()
