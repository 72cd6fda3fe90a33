"""axe-core on the budget in every state, in Chromium against the live app with its real CSP
and CSRF: the part of the project page (nothing released, tranches and spend, spend over
what is released, stopped), the forms to release a tranche and record spend (empty, with
errors, nothing left to release, released or recorded meanwhile), the whole budget page,
and a stopped project's refusal; the team's spend again without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from spark.decisions import service as decisions
from spark.lab import budget_service
from spark.lab.board import london_today
from spark.lab.budget_service import SpendDetails, TrancheDetails
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    sign_in,
)
from tests.decision_factories import details
from tests.lab_factories import funded_project, make_lab_user, make_organiser

pytestmark = pytest.mark.browser


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def _type_date(page, prefix: str, day) -> None:
    page.fill(f"#{prefix}-day", str(day.day))
    page.fill(f"#{prefix}-month", str(day.month))
    page.fill(f"#{prefix}-year", str(day.year))


def _release(funded, lab, amount_pence: int, note: str = "") -> None:
    budget_service.release_tranche(
        lab, funded.project, TrancheDetails(amount_pence, funded.project.stage, note)
    )


def _spend(funded, person, amount_pence: int, what: str, days_ago: int = 0) -> None:
    budget_service.record_spend(
        person,
        funded.project,
        SpendDetails(amount_pence, london_today() - timedelta(days=days_ago), what),
    )


def test_the_lab_releases_a_tranche(page):
    funded = funded_project(amount_pence=1_500_000)
    lab = make_lab_user()
    sign_in(page, lab)
    page.goto(f"/lab/projects/{funded.project.id}")
    budget = page.locator("#budget")
    expect(budget).to_contain_text("The lab has not released any of the budget yet.")
    assert_no_axe_violations(page, "project page, nothing released")

    budget.get_by_role("button", name="Release a tranche").click()
    expect(page.locator("h1")).to_have_text("Release a tranche")
    assert_no_axe_violations(page, "release a tranche, empty")
    assert click_for_status(page, "Release the tranche") == 400
    assert_errors_shown(page, ["Enter the amount to release"])
    assert_no_axe_violations(page, "release a tranche, nothing typed")

    page.fill("#amount", "20,000")
    page.get_by_label("Alpha").check()
    page.fill("#note", "For the alpha prototypes")
    assert click_for_status(page, "Release the tranche") == 400
    assert_errors_shown(
        page, ["The tranche must be £15,000 or less: that is what is left to release"]
    )
    expect(page.locator("#amount")).to_have_value("20,000")
    expect(page.get_by_label("Alpha")).to_be_checked()
    assert_no_axe_violations(page, "release a tranche, over what is left")

    # Someone else in the lab releases £5,000 meanwhile: this page is out of date.
    _release(funded, make_lab_user(), 500_000, "Discovery research")
    page.fill("#amount", "10,000")
    assert click_for_status(page, "Release the tranche") == 409
    assert_errors_shown(page, [budget_service.STALE_TRANCHE])
    expect(page.locator("main")).to_contain_text("so £10,000 is left to release")
    expect(page.locator("main")).to_contain_text("Discovery research")
    expect(page.locator("#amount")).to_have_value("10,000")
    expect(page.locator("#note")).to_have_value("For the alpha prototypes")
    assert_no_axe_violations(page, "release a tranche, released meanwhile")

    assert click_for_status(page, "Release the tranche") == 200
    assert "£10,000 released. The team has been emailed" in _banner(page)
    expect(budget).to_contain_text("For the alpha prototypes")
    assert_no_axe_violations(page, "project page, a tranche released")

    page.goto(f"/lab/projects/{funded.project.id}/budget/tranches/new")
    expect(page.locator("main")).to_contain_text("there is nothing left to release")
    assert_no_axe_violations(page, "release a tranche, nothing left")


def test_the_team_records_spend_over_what_is_released(page):
    funded = funded_project(amount_pence=1_500_000)
    _release(funded, make_lab_user(), 500_000, "Discovery research")
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}")
    budget = page.locator("#budget")
    expect(budget.get_by_role("button", name="Release a tranche")).to_have_count(0)
    budget.get_by_role("button", name="Record spend").click()
    expect(page.locator("h1")).to_have_text("Record spend")
    assert_no_axe_violations(page, "record spend, empty")

    assert click_for_status(page, "Record spend") == 400
    assert_errors_shown(
        page,
        [
            "Enter the amount spent",
            "Enter the date the money was spent",
            "Enter what the money was spent on",
        ],
    )
    assert_no_axe_violations(page, "record spend, nothing typed")

    page.fill("#amount", "6,200")
    _type_date(page, "spent_on", london_today() + timedelta(days=1))
    page.fill("#description", "User research agency")
    assert click_for_status(page, "Record spend") == 400
    assert_errors_shown(page, ["The date the money was spent must be today or in the past"])
    assert_no_axe_violations(page, "record spend, a date in the future")

    # A colleague records 50p meanwhile: this page is out of date, so this may be recorded.
    _spend(funded, funded.lead, 50, "Stamps")
    _type_date(page, "spent_on", london_today())
    assert click_for_status(page, "Record spend") == 409
    assert_errors_shown(page, [budget_service.STALE_SPEND])
    expect(page.locator("main")).to_contain_text("Stamps")
    expect(page.locator("#amount")).to_have_value("6,200")
    expect(page.locator("#description")).to_have_value("User research agency")
    assert_no_axe_violations(page, "record spend, recorded meanwhile")

    assert click_for_status(page, "Record spend") == 200
    assert "Spend is now £1,200.50 more than released" in _banner(page)
    expect(budget).to_contain_text("£1,200.50 more than released")
    expect(budget).to_contain_text("User research agency")
    assert_no_axe_violations(page, "project page, spend over what is released")


def test_the_whole_budget_page_and_the_part_for_an_organiser(page):
    funded = funded_project(amount_pence=1_500_000)
    lab = make_lab_user()
    for n in range(7):
        _release(funded, lab, 100_000, f"Tranche {n + 1}")
        _spend(funded, funded.lead, 40_000, f"Item {n + 1}", days_ago=7 - n)
    sign_in(page, make_organiser())
    page.goto(f"/lab/projects/{funded.project.id}")
    budget = page.locator("#budget")
    expect(budget).to_contain_text("Latest spend")
    expect(budget.get_by_role("button")).to_have_count(0)
    assert_no_axe_violations(page, "project page, the latest of many entries")
    budget.get_by_role("link", name="See the whole budget: 7 tranches and 7 spend entries").click()
    expect(page.locator("h1")).to_have_text("Budget")
    expect(page.locator("main")).to_contain_text("Item 1")
    assert_no_axe_violations(page, "the whole budget")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_axe_violations(page, "the whole budget, 320px wide")


def test_a_stopped_project(page):
    funded = funded_project(amount_pence=1_500_000)
    lab = make_lab_user()
    _release(funded, lab, 500_000)
    decided = funded.decided
    draft = decisions.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details("not_funded", None, justification="Costs", amendment_reason="Misread costs"),
        seen_decision_id=funded.project.decision_id,
    )
    decisions.sign(decided.chair, decided.panel, decided.slot, seen_version=draft.version)
    sign_in(page, lab)
    page.goto(f"/lab/projects/{funded.project.id}")
    expect(page.locator("#budget")).to_contain_text("This project has stopped")
    assert_no_axe_violations(page, "project page, stopped")
    response = page.goto(f"/lab/projects/{funded.project.id}/budget/tranches/new")
    assert response.status == 409
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text(budget_service.STOPPED_TRANCHE)
    expect(page.locator("main form")).to_have_count(0)
    assert_no_axe_violations(page, "release a tranche, stopped")


def test_without_javascript(page, browser, live_server, page_problems):
    funded = funded_project(amount_pence=1_500_000)
    _release(funded, make_lab_user(), 500_000)
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, funded.lead)
        nojs.goto(f"/lab/projects/{funded.project.id}/budget/spend/new")
        nojs.get_by_role("button", name="Record spend").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text("Enter the amount spent")
        assert_no_axe_violations_without_javascript(nojs, page, "record spend, errors")
        nojs.fill("#amount", "1,250.50")
        _type_date(nojs, "spent_on", london_today())
        nojs.fill("#description", "Participant incentives")
        _spend(funded, make_lab_user(), 50, "Stamps")  # meanwhile: this page is out of date
        nojs.get_by_role("button", name="Record spend").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text("may already have been")
        expect(nojs.locator("#amount")).to_have_value("1,250.50")
        assert_no_axe_violations_without_javascript(nojs, page, "record spend, out of date")
        nojs.get_by_role("button", name="Record spend").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "Spend of £1,250.50 recorded"
        )
        expect(nojs.locator("#budget")).to_contain_text("Participant incentives")
        assert_no_axe_violations_without_javascript(nojs, page, "project page, budget")
    finally:
        nojs.context.close()
