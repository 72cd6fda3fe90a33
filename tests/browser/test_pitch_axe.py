"""axe-core on the pitch pages in each state: zero violations (WCAG 2.2 AA + best practice), in
Chromium against the live app with its real CSP and CSRF on; one journey without JavaScript."""

from __future__ import annotations

import re

import pytest

from spark.extensions import db
from spark.pitches.models import Pitch
from tests.browser.support import assert_errors_shown, assert_no_axe_violations, page_title, sign_in
from tests.factories import (
    PASSWORD,
    make_pitch,
    make_ready_pitch,
    make_round,
    make_submitted_pitch,
    make_team,
    make_user,
)

pytestmark = pytest.mark.browser


def _pitch(title: str) -> Pitch:
    return db.session.scalars(db.select(Pitch).where(Pitch.title == title)).one()


def test_start_a_pitch_and_draft_a_section_with_errors(page):
    lead = make_user(name="Ada Lead")
    make_team(lead, name="Desk bookers")
    make_team(lead, name="Second team")
    make_round(name="Spark! spring 2027")
    make_round(name="Spark! summer 2027")
    sign_in(page, lead)

    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Your pitches"
    ).click()
    page.wait_for_url("**/pitches/")
    assert page.locator("h1").inner_text() == "Your pitches"
    assert_no_axe_violations(page, "your pitches, none yet")

    page.get_by_role("button", name="Start a pitch").click()
    page.get_by_role("button", name="Start your pitch").click()
    assert_errors_shown(page, ["Select the team the pitch is from", "Select the round to pitch to"])
    assert_no_axe_violations(page, "start a pitch, with errors")
    page.get_by_label("Desk bookers").check()
    page.get_by_label("Spark! summer 2027").check()
    page.get_by_role("button", name="Start your pitch").click()
    page.wait_for_url(re.compile(r"/pitches/\d+$"))
    assert page.locator("h1").inner_text() == "Your new pitch"
    assert page.locator(".govuk-task-list__item").count() == 9
    assert_no_axe_violations(page, "task list, new pitch")

    page.get_by_role("link", name="The problem").click()
    page.fill("#problem", " ".join(["word"] * 305))
    # GOV.UK's character count says how far over the limit the text is, as people type.
    page.locator(".govuk-character-count__status").get_by_text("5 words too many").wait_for()
    page.get_by_role("button", name="Save and continue").click()
    assert_errors_shown(
        page,
        [
            "The problem must be 300 words or fewer",
            "Select whether you have completed this section",
        ],
    )
    assert page.input_value("#problem").startswith("word word")
    assert_no_axe_violations(page, "section, with errors")

    page.fill("#problem", "Staff travel to the office and find no free desk.")
    page.get_by_label("Yes, I’ve completed this section").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/pitches/\d+$"))
    assert "You’ve saved ‘The problem’" in page.locator(".govuk-notification-banner").inner_text()
    item = page.locator(".govuk-task-list__item", has_text="The problem")
    assert item.locator(".govuk-task-list__status").inner_text().strip() == "Completed"
    assert_no_axe_violations(page, "task list, a section completed")

    page.get_by_role("link", name="What you need").click()
    assert page.locator(".govuk-input__prefix").inner_text() == "£"
    page.fill("#ask", "-500")
    page.get_by_label("No, I’ll come back to it later").check()
    page.get_by_role("button", name="Save and continue").click()
    assert_errors_shown(page, ["Amount must be £1 or more"])
    assert page.input_value("#ask") == "-500"
    assert_no_axe_violations(page, "what you need, with an error")


def test_check_answers_submit_and_withdraw(page):
    lead = make_user(name="Ada Lead")
    team = make_team(lead, name="Desk bookers")
    ready = make_ready_pitch(team)
    make_pitch(team, title="Half-done idea")
    sign_in(page, lead)

    page.goto(f"/pitches/{_pitch('Half-done idea').id}/check-your-answers")
    assert "You cannot submit your pitch yet" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "check answers, not ready")

    page.goto(f"/pitches/{ready.id}")
    page.get_by_role("link", name="Check your answers and submit").click()
    assert page.locator("h1").inner_text() == "Check your answers before you submit your pitch"
    assert_no_axe_violations(page, "check answers, ready")
    page.get_by_role("button", name="Submit pitch").click()
    page.wait_for_url("**/submitted")
    panel = page.locator(".govuk-panel")
    assert re.search(r"SPK-\d{4}-0001", panel.inner_text())
    assert_no_axe_violations(page, "confirmation")

    page.get_by_role("link", name="See your submitted pitch").click()
    assert page.get_by_role("link", name="Change").count() == 0
    assert_no_axe_violations(page, "submitted pitch, read only")
    page.get_by_role("button", name="Withdraw pitch").click()  # a link styled as a button
    page.wait_for_url("**/withdraw")
    page.get_by_role("button", name="Withdraw pitch").click()
    assert_errors_shown(page, ["Enter why you are withdrawing the pitch"])
    assert_no_axe_violations(page, "withdraw, with an error")

    page.goto("/pitches/")
    assert page.locator("tbody tr").count() == 2
    assert_no_axe_violations(page, "your pitches, two")


def test_screening_list_pitch_and_return_with_errors(page):
    organiser = make_user(name="Olu Organiser", roles=("organiser",))
    team = make_team(make_user(name="Ada Lead"), name="Desk bookers")
    pitch = make_submitted_pitch(team)
    make_submitted_pitch(team, title="Second idea")
    sign_in(page, organiser)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Screening").click()
    page.wait_for_url("**/screening/")
    assert "2 pitches" in page.locator("caption").all_inner_texts()
    assert_no_axe_violations(page, "screening list")
    page.select_option("#status", "eligible")
    page.get_by_role("button", name="Show pitches").click()
    page.wait_for_url("**/screening/?*")
    assert "No pitches match these filters" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "screening list, nothing matches")

    page.goto(f"/screening/pitches/{pitch.id}")
    assert_no_axe_violations(page, "screening a pitch")
    page.get_by_role("button", name="Return to the team").click()
    page.get_by_role("button", name="Return to the team").click()
    assert_errors_shown(page, ["Enter the reasons for returning the pitch"])
    assert_no_axe_violations(page, "return, with an error")
    page.fill("#reasons", "Say how many staff the idea helps.")
    page.get_by_role("button", name="Return to the team").click()
    page.wait_for_url(f"**/screening/pitches/{pitch.id}")
    assert "returned to the team" in page.locator(".govuk-notification-banner").inner_text()

    page.goto(f"/screening/pitches/{_pitch('Second idea').id}/eligible")
    assert_no_axe_violations(page, "mark eligible, confirmation")


def test_a_returned_pitch_shows_the_reasons(page):
    lead = make_user(name="Ada Lead")
    pitch = make_submitted_pitch(make_team(lead, name="Desk bookers"))
    pitch.status = "returned"
    pitch.returned_reason = "Say how many staff the idea helps."
    db.session.commit()
    sign_in(page, lead)
    page.goto(f"/pitches/{pitch.id}")
    banner = page.locator(".govuk-notification-banner")
    assert "Say how many staff the idea helps." in banner.inner_text()
    assert_no_axe_violations(page, "task list, returned")


def test_draft_a_section_without_javascript(browser, live_server, live_data):
    lead = make_user(name="Ada Lead")
    pitch = make_pitch(make_team(lead, name="Desk bookers"), title="")
    context = browser.new_context(
        base_url=live_server, java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    try:
        page = context.new_page()
        page.goto("/sign-in")
        page.fill("#email", lead.email)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        page.goto(f"/pitches/{pitch.id}")
        page.get_by_role("link", name="About your idea").click()
        page.fill("#title", "Bookable desks in every office")
        page.get_by_label("Yes, I’ve completed this section").check()
        page.get_by_role("button", name="Save and continue").click()
        # Without JavaScript the server's error summary and messages still say what to fix.
        assert page_title(page).startswith("Error: ")
        assert (
            "Enter a one-line summary of your idea"
            in page.locator(".govuk-error-summary").inner_text()
        )
        assert page.input_value("#title") == "Bookable desks in every office"
        page.fill("#summary", "A page where staff book a desk before they travel.")
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"**/pitches/{pitch.id}")
        assert page.locator("h1").inner_text() == "Bookable desks in every office"
        item = page.locator(".govuk-task-list__item", has_text="About your idea")
        assert item.locator(".govuk-task-list__status").inner_text().strip() == "Completed"
    finally:
        context.close()
    db.session.refresh(pitch)
    assert pitch.completed_sections == ["about"]
