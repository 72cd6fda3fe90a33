"""axe-core on the rounds and teams pages in each state: zero violations (WCAG 2.2 AA + best
practice), in Chromium against the live app with its real CSP and CSRF on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spark.accounts.team_service import invitation_link
from tests.browser.support import assert_errors_shown, assert_no_axe_violations, sign_in
from tests.factories import (
    PASSWORD,
    make_round,
    make_team,
    make_team_invitation,
    make_user,
    team_invitation_path,
)

pytestmark = pytest.mark.browser


def test_organiser_creates_a_round_and_moves_it_on(page):
    sign_in(page, make_user(name="Olu Organiser", roles=("organiser",)))
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Rounds").click()
    page.wait_for_url("**/rounds/")
    assert_no_axe_violations(page, "rounds, none yet")

    page.get_by_role("button", name="Create a round").click()
    page.wait_for_url("**/rounds/new")
    assert_no_axe_violations(page, "create a round, empty")
    page.fill("#opens_time", "")
    page.fill("#closes_on-day", "31")
    page.fill("#closes_on-month", "2")
    page.fill("#closes_on-year", "2027")
    page.get_by_role("button", name="Create round").click()
    assert_errors_shown(
        page,
        [
            "Enter a name for the round",
            "Enter the date the round opens",
            "Enter the time the round opens",
            "The date the round closes must be a real date",
        ],
    )
    # What was typed stays.
    assert page.input_value("#closes_on-day") == "31"
    page.locator(".govuk-error-summary__list a", has_text="Enter the date the round opens").click()
    assert page.evaluate("() => document.activeElement.id") == "opens_on-day"
    assert_no_axe_violations(page, "create a round, with errors")

    page.fill("#name", "Spark! spring 2027")
    page.fill("#description", "Ideas that make services simpler to use.")
    page.fill("#opens_on-day", "1")
    page.fill("#opens_on-month", "3")
    page.fill("#opens_on-year", "2027")
    page.fill("#opens_time", "9am")
    page.fill("#closes_on-month", "3")
    page.get_by_role("button", name="Create round").click()
    page.wait_for_url("**/rounds/*")
    assert page.locator("h1").inner_text() == "Spark! spring 2027"
    main = page.locator("main").inner_text()
    assert "Spark! spring 2027 has been created as a draft" in main
    assert "1 March 2027 at 9am" in main and "31 March 2027 at 5pm" in main
    assert_no_axe_violations(page, "round page, draft")

    page.get_by_role("button", name="Open for pitches").click()
    assert page.locator("h1").inner_text() == "Open Spark! spring 2027 for pitches?"
    assert_no_axe_violations(page, "open a round, confirmation")
    page.get_by_role("button", name="Open round").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    assert "Spark! spring 2027 is open" in page.locator("main").inner_text()

    page.get_by_role("link", name="Back to rounds").click()
    page.wait_for_url("**/rounds/")
    table = page.get_by_role("table", name="All rounds, latest first")
    assert "Open" in table.locator("tbody tr").first.inner_text()
    assert_no_axe_violations(page, "rounds, one open")


def test_open_rounds_for_a_team(page):
    now = datetime.now(UTC)
    make_round(name="Spark! spring 2027", status="open", description="Simpler services.")
    make_round(
        name="Spark! summer 2027",
        status="open",
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=60),
    )
    sign_in(page, make_user())
    page.get_by_role("link", name="See the rounds open for pitches").click()
    page.wait_for_url("**/rounds/open")
    assert page.locator("main").get_by_role("heading", level=2).all_inner_texts() == [
        "Spark! spring 2027",
        "Spark! summer 2027",
    ]
    assert_no_axe_violations(page, "open rounds")


def test_create_a_team_and_invite_a_colleague(page):
    sign_in(page, make_user(name="Lee Lead", department="HM Treasury"))
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Your teams").click()
    page.wait_for_url("**/teams/")
    assert_no_axe_violations(page, "your teams, none yet")

    page.get_by_role("button", name="Create a team").click()
    page.select_option("#department", "")
    page.get_by_role("button", name="Create team").click()
    assert_errors_shown(page, ["Enter a name for your team", "Select the team’s department"])
    assert_no_axe_violations(page, "create a team, with errors")

    page.fill("#name", "Forms that fill themselves")
    page.select_option("#department", "HM Treasury")
    page.get_by_role("button", name="Create team").click()
    page.wait_for_url("**/teams/*")
    assert page.locator("h1").inner_text() == "Forms that fill themselves"
    assert_no_axe_violations(page, "team page, lead alone")

    page.get_by_role("button", name="Invite a colleague").click()
    page.wait_for_url("**/invite")
    assert_no_axe_violations(page, "invite a colleague, empty")
    page.fill("#email", "not-an-address")
    page.get_by_role("button", name="Send invitation").click()
    assert_errors_shown(
        page, ["Enter an email address in the correct format, like name@example.gov.uk"]
    )
    assert page.input_value("#email") == "not-an-address"
    assert_no_axe_violations(page, "invite a colleague, with errors")

    page.fill("#email", "sam@example.gov.uk")
    page.get_by_role("button", name="Send invitation").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    table = page.get_by_role("table", name="Invitations not yet accepted")
    assert "sam@example.gov.uk" in table.inner_text()
    assert_no_axe_violations(page, "team page, invitation waiting")


def test_joining_a_team(page, live_app):
    lead = make_user(name="Lee Lead")
    team = make_team(lead, make_user(name="Mo Member"), name="Forms that fill themselves")
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    sam = make_user(name="Sam Colleague", email="sam@example.gov.uk")
    path = team_invitation_path(invitation)
    assert invitation_link(invitation).endswith(path)

    # Signed out, the link goes through sign-in and comes back.
    page.goto(path)
    page.wait_for_url("**/sign-in?next=*")
    page.fill("#email", sam.email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")
    assert page.locator("h1").inner_text() == "Join Forms that fill themselves"
    assert_no_axe_violations(page, "join a team")

    page.get_by_role("button", name="Join team").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    assert "You have joined Forms that fill themselves" in page.locator("main").inner_text()
    assert "Sam Colleague (you)" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "team page, member")


def test_invitation_pages_that_refuse(page):
    lead = make_user(name="Lee Lead")
    team = make_team(lead, name="Forms that fill themselves")
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    sign_in(page, make_user(email="kim@example.gov.uk"))

    response = page.goto(team_invitation_path(invitation))
    assert response.status == 403
    assert page.locator("h1").inner_text() == "This invitation is for someone else"
    assert_no_axe_violations(page, "invitation for someone else")

    response = page.goto("/teams/join/no-such-thing")
    assert response.status == 400
    assert page.locator("h1").inner_text() == "This invitation has expired or has already been used"
    assert_no_axe_violations(page, "invitation expired")


def test_lead_removes_a_member_without_javascript(browser, live_server, live_data):
    lead = make_user(name="Lee Lead")
    make_team(lead, make_user(name="Mo Member"), name="Forms that fill themselves")
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/sign-in")
        page.fill("#email", lead.email)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        page.get_by_role("link", name="Forms that fill themselves").click()
        page.get_by_role("link", name="Remove Mo Member").click()
        assert page.locator("h1").inner_text() == "Remove Mo Member from the team?"
        page.get_by_role("button", name="Remove from team").click()
        page.wait_for_url("**/teams/*")
        main = page.locator("main").inner_text()
        assert "Mo Member has been removed from Forms that fill themselves" in main
    finally:
        context.close()


def test_remove_and_make_lead_confirmations(page):
    lead = make_user(name="Lee Lead")
    team = make_team(lead, make_user(name="Mo Member"), name="Forms that fill themselves")
    sign_in(page, lead)
    page.goto(f"/teams/{team.id}")
    page.get_by_role("link", name="Make lead Mo Member").click()
    assert page.locator("h1").inner_text() == "Make Mo Member the team lead?"
    assert_no_axe_violations(page, "make lead, confirmation")
    page.go_back()
    page.get_by_role("link", name="Remove Mo Member").click()
    assert_no_axe_violations(page, "remove member, confirmation")
