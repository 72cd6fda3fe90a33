"""axe-core on the organiser's panels-stage pages in every state - judging settings, criteria,
panels and their dragons, routing and the conflicts register - in Chromium against the live
app with its real CSP and CSRF on: zero violations (WCAG 2.2 AA + best practice).

The dragon's and the chair's pages are in test_panels_dragon_axe.py; the live session and two
windows on one sheet in test_panel_live.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.panels.conflict_service import REMOVAL_REASON_MISSING
from spark.panels.models import Conflict
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    click_for_status,
    scroll_width,
    sign_in,
)
from tests.factories import make_user
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)

pytestmark = pytest.mark.browser

ROUND = "Spark! spring 2027"


def organiser():
    return make_user(name="Olu Organiser", roles=("organiser",))


def banner(page, kind: str = "success") -> str:
    return page.locator(f".govuk-notification-banner--{kind}").inner_text()


def test_judging_settings_and_criteria_in_every_state(page):
    round_ = make_judged_round(name=ROUND, status="open")
    sign_in(page, organiser())
    page.goto(f"/rounds/{round_.id}")
    assert_no_axe_violations(page, "round page with its judging summary")
    page.get_by_role("link", name="Judging settings").click()
    expect(page.locator("h1")).to_have_text("Judging settings")
    assert_no_axe_violations(page, "judging settings")

    page.fill("#pot", "lots")
    page.fill("#quorum", "")
    assert click_for_status(page, "Save settings") == 400
    assert_errors_shown(
        page, ["Enter the funding pot in pounds, like 12,500 or 12,500.50", "Enter the quorum"]
    )
    assert page.input_value("#pot") == "lots"
    assert_no_axe_violations(page, "judging settings, with errors")
    page.fill("#pot", "25,000")
    page.fill("#quorum", "3")
    assert click_for_status(page, "Save settings") == 200
    assert "The judging settings for Spark! spring 2027 have been saved" in banner(page)

    page.goto(f"/rounds/{round_.id}/judging/criteria")
    expect(page.locator("h1")).to_have_text("Criteria")
    assert page.locator(".govuk-summary-card").count() == 6
    assert_no_axe_violations(page, "criteria, the defaults")
    page.get_by_role("button", name="Add a criterion").click()
    expect(page.locator("h1")).to_have_text("Add a criterion")
    assert_no_axe_violations(page, "add a criterion, empty")
    page.fill("#weight", "lots")
    page.fill("#descriptor_3", "Sound")
    assert click_for_status(page, "Add criterion") == 400
    assert_errors_shown(
        page,
        [
            "Enter a name for the criterion",
            "Weight must be a whole number, like 2",
            "Enter what a score of 1 means",
            "Enter what a score of 2 means",
            "Enter what a score of 4 means",
            "Enter what a score of 5 means",
        ],
    )
    assert page.input_value("#descriptor_3") == "Sound"
    assert_no_axe_violations(page, "add a criterion, with errors")

    first = criteria_of(round_)[0]
    page.goto(f"/rounds/{round_.id}/judging/criteria/{first.id}/edit")
    assert_no_axe_violations(page, "change a criterion")
    page.goto(f"/rounds/{round_.id}/judging/criteria/{first.id}/remove")
    assert_no_axe_violations(page, "remove a criterion, confirmation")
    assert click_for_status(page, "Remove criterion") == 200
    assert f"{first.name} has been removed" in banner(page)
    assert_no_axe_violations(page, "criteria, one removed")

    # A dragon starts a score sheet: the criteria are locked, with the reason.
    chair = make_dragon(name="Cara Chair")
    panel = make_panel(round_, chair, name="Panel A")
    pitch = make_team_pitch(round_, title="Bookable desks")
    route(panel, pitch, state="scoring")
    make_sheet(pitch, chair)
    page.goto(f"/rounds/{round_.id}/judging/criteria")
    assert "dragons have started scoring" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Add a criterion").count() == 0
    assert_no_axe_violations(page, "criteria, locked by scoring")
    page.goto(f"/rounds/{round_.id}/judging/criteria/new")
    expect(page.locator("h1")).to_have_text("Criteria")
    assert "dragons have started scoring" in page.locator(".govuk-notification-banner").inner_text()
    assert_no_axe_violations(page, "criteria, a stale link refused")


def test_a_closed_round_is_read_only(page):
    round_ = make_judged_round(name=ROUND, status="closed")
    chair = make_dragon(name="Cara Chair")
    panel = make_panel(round_, chair, make_dragon(name="Ada Dragon"), name="Panel A")
    route(panel, make_team_pitch(round_, title="Bookable desks"), state="closed")
    sign_in(page, organiser())
    base = f"/rounds/{round_.id}"
    for path, state in (
        (f"{base}/judging/settings", "judging settings, read only"),
        (f"{base}/judging/criteria", "criteria, round closed"),
        (f"{base}/panels/", "panels, round closed"),
        (f"{base}/panels/{panel.id}", "panel, round closed"),
        (f"{base}/routing", "routing, round closed"),
    ):
        page.goto(path)
        assert "closed" in page.locator("main").inner_text(), state
        assert page.locator("main form").count() == 0, state
        assert_no_axe_violations(page, state)
    page.goto(f"{base}/conflicts")  # Read only in every round.
    assert_no_axe_violations(page, "conflicts register, round closed")


def test_panels_and_their_dragons(page):
    round_ = make_judged_round(name=ROUND)
    cara = make_dragon(name="Cara Chair", email="cara@example.gov.uk")
    make_dragon(name="Ada Dragon", email="ada@example.gov.uk")
    sign_in(page, organiser())
    page.goto(f"/rounds/{round_.id}/panels/")
    assert "There are no panels in this round yet" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "panels, none yet")

    page.get_by_role("button", name="Create a panel").click()
    expect(page.locator("h1")).to_have_text("Create a panel")
    assert_no_axe_violations(page, "create a panel, empty")
    page.fill("#starts_on-day", "31")
    page.fill("#starts_on-month", "2")
    page.fill("#starts_on-year", "2027")
    page.fill("#starts_time", "teatime")
    page.fill("#chair_email", "nobody@example.gov.uk")
    assert click_for_status(page, "Create panel") == 400
    assert_errors_shown(
        page,
        [
            "Enter a name for the panel",
            "The date of the panel must be a real date",
            "Enter the time the panel starts in the correct format, like 9am, 2:30pm or midday",
            "Enter where the panel meets, or an online meeting link",
        ],
    )
    assert page.input_value("#starts_time") == "teatime"
    assert_no_axe_violations(page, "create a panel, with errors")

    page.fill("#name", "Panel A")
    page.fill("#starts_on-day", "14")
    page.fill("#starts_on-month", "4")
    page.fill("#starts_time", "10am")
    page.fill("#place", "Room 4.12, 10 Victoria Street")
    page.fill("#chair_email", cara.email)
    assert click_for_status(page, "Create panel") == 200
    expect(page.locator("h1")).to_have_text("Panel A")
    assert "Panel A has been created" in banner(page)
    assert_no_axe_violations(page, "panel page, the chair alone")

    page.get_by_role("button", name="Add a dragon").click()
    expect(page.locator("h1")).to_have_text("Add a dragon")
    assert_no_axe_violations(page, "add a dragon, empty")
    page.fill("#email", "stranger@example.gov.uk")
    assert click_for_status(page, "Add dragon") == 400
    assert_errors_shown(
        page,
        [
            "There is no Project Spark! account for stranger@example.gov.uk. Check the address, "
            "or ask them to create an account first"
        ],
    )
    assert page.input_value("#email") == "stranger@example.gov.uk"
    assert_no_axe_violations(page, "add a dragon, with an error")
    page.fill("#email", "ada@example.gov.uk")
    assert click_for_status(page, "Add dragon") == 200
    assert "Ada Dragon has been added to Panel A" in banner(page)
    assert_no_axe_violations(page, "panel page, chair and a dragon")

    page.get_by_role("link", name="Remove Ada Dragon").click()
    expect(page.locator("h1")).to_have_text("Remove Ada Dragon from the panel?")
    assert_no_axe_violations(page, "remove a dragon, confirmation")
    page.go_back()
    page.get_by_role("link", name="Change name").click()
    expect(page.locator("h1")).to_have_text("Change Panel A")
    assert_no_axe_violations(page, "change a panel")
    page.goto(f"/rounds/{round_.id}/panels/")
    assert_no_axe_violations(page, "panels, one")

    # Six columns are wider than a phone: the table scrolls in its own box, not the page.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "panels, one, 320px wide")


def test_a_panel_page_at_320px(page):
    # The dragons (with their email addresses) and the running order are wider than a phone:
    # each table scrolls in its own labelled region, and the page never scrolls sideways.
    round_ = make_judged_round(name=ROUND)
    chair = make_dragon(name="Cara Chair", email="cara.chair@example.gov.uk")
    panel = make_panel(round_, chair, make_dragon(name="Ada Dragon"), name="Panel A")
    route(panel, make_team_pitch(round_, title="Bookable desks"))
    sign_in(page, organiser())
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/rounds/{round_.id}/panels/{panel.id}")
    assert scroll_width(page) <= 320
    expect(page.get_by_role("region", name="Dragons on Panel A")).to_be_visible()
    expect(page.get_by_role("region", name="Running order of Panel A")).to_be_visible()
    assert_no_axe_violations(page, "panel page, 320px wide")


def test_routing_and_the_conflicts_register(page):
    round_ = make_judged_round(name=ROUND)
    panel_a = make_panel(
        round_, make_dragon(name="Cara Chair"), make_dragon(), make_dragon(), name="Panel A"
    )
    ada = make_dragon(name="Ada Dragon")
    colleague = make_dragon(name="Col Dragon", department="Cabinet Office")
    panel_b = make_panel(
        round_, make_dragon(name="Dev Chair"), ada, make_dragon(), colleague, name="Panel B"
    )
    for n in range(1, 5):
        make_team_pitch(round_, title=f"Idea {n}", reference=f"SPK-2027-{n:04d}")
    tax = make_team_pitch(round_, title="Tax idea", department="HM Revenue and Customs")
    sign_in(page, organiser())
    base = f"/rounds/{round_.id}"

    page.goto(f"{base}/conflicts")
    assert "0 conflicts in this round" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "conflicts register, empty")
    page.get_by_role("link", name="Route pitches to panels").click()
    expect(page.locator("h1")).to_have_text("Route pitches to panels")
    assert_no_axe_violations(page, "routing, five pitches waiting")

    page.get_by_role("button", name="Route automatically").click()
    expect(page.locator("h1")).to_have_text("Check the automatic routing")
    unplaced = page.get_by_role("region", name="Pitches that cannot be placed")
    expect(unplaced.locator("tbody tr")).to_have_count(1)
    expect(unplaced.locator("tbody tr")).to_contain_text(
        "Tax idea No panel has 3 dragons free of conflict with this pitch: "
        "Panel A has none, Panel B has 1"
    )
    assert_no_axe_violations(page, "routing preview, one pitch cannot be placed")
    assert click_for_status(page, "Apply this routing") == 200
    assert "4 pitches routed to 2 panels" in banner(page)
    assert_no_axe_violations(page, "routing, pitches on panels, one waiting")

    page.get_by_role("link", name=re.compile(r"^Put on a panel\s*: Tax idea$")).click()
    expect(page.locator("h1")).to_have_text("Put a pitch on a panel")
    assert_no_axe_violations(page, "put a pitch on a panel")
    assert click_for_status(page, "Put pitch on panel") == 400
    assert_errors_shown(page, ["Select a panel for this pitch"])
    assert_no_axe_violations(page, "put a pitch on a panel, none chosen")
    page.get_by_label("Panel A").check()
    assert click_for_status(page, "Put pitch on panel") == 400
    assert_errors_shown(
        page,
        [
            "Panel A has none of the 3 dragons free of conflict with this pitch that it needs. "
            "Choose another panel, or add dragons to Panel A"
        ],
    )
    assert page.get_by_label("Panel A").is_checked()
    assert_no_axe_violations(page, "put a pitch on a panel, below quorum")

    page.goto(f"{base}/routing")
    db.session.expire_all()
    on_b = [slot.pitch for slot in panel_b.slots]
    page.get_by_role("link", name=re.compile(rf"^Take off panel\s*: {on_b[0].title}$")).click()
    expect(page.locator("h1")).to_have_text(f"Take ‘{on_b[0].title}’ off Panel B?")
    assert_no_axe_violations(page, "take a pitch off a panel, confirmation")

    db.session.add(Conflict(pitch_id=on_b[0].id, user_id=ada.id, reason="I mentor its lead"))
    db.session.commit()
    page.goto(f"{base}/conflicts")
    register = page.locator("main").inner_text()
    assert "I mentor its lead" in register and "Col Dragon" in register
    assert "No conflicts on this panel" in register  # Panel A: all its dragons are free
    assert len(panel_a.slots) == 2 and tax.status == "eligible"
    assert_no_axe_violations(page, "conflicts register, found and declared")

    # Removing a conflict declared by mistake: the confirmation, its error, the register after.
    page.get_by_role("link", name=re.compile(r"^Remove\s*Ada Dragon’s declared conflict")).click()
    expect(page.locator("h1")).to_have_text("Remove Ada Dragon’s conflict of interest?")
    assert_no_axe_violations(page, "remove a declared conflict, confirmation")
    page.get_by_role("button", name="Remove conflict").click()
    assert_errors_shown(page, [REMOVAL_REASON_MISSING])
    assert_no_axe_violations(page, "remove a declared conflict, with errors")
    page.get_by_label("Why are you removing this conflict?").fill("Declared on the wrong pitch")
    page.get_by_role("button", name="Remove conflict").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert "I mentor its lead" not in page.locator("main").inner_text()
    assert_no_axe_violations(page, "conflicts register, after removing one")
