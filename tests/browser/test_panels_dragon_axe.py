"""axe-core on the dragon's and the chair's panel pages in every state - Your panels, Your panel
with each status tag, the pitch page with its score sheet, declaring a conflict, the chair's
control page and its reopen forms - in Chromium against the live app with its real CSP and CSRF
on: zero violations (WCAG 2.2 AA + best practice). Also 320px wide with nothing scrolling
sideways, and the panel page with JavaScript off.

The stale-save 409 page is checked in test_panel_live.py, where two windows make it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.panels.models import Conflict, Panel, PanelSlot
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    scroll_width,
    sign_in,
)
from tests.panel_factories import (
    LivePanel,
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


class DragonsPanel:
    """Panel A (Cara Chair, Ada Dragon, Bo Dragon) with five pitches that stand differently for
    Ada: 1 submitted by her and Bo, 2 her draft, 3 scoring with no sheet from her, 4 she has
    declared a conflict with, 5 closed without her sheet. No pitch is now pitching yet."""

    STATES = ("scoring", "scoring", "scoring", "waiting", "closed")
    TITLES = ("Desk finder", "Form filler", "Queue cutter", "Travel planner", "Print saver")

    def __init__(self) -> None:
        self.round = make_judged_round(name="Spark! spring 2027")
        self.chair = make_dragon(name="Cara Chair")
        self.ada, self.bo = make_dragon(name="Ada Dragon"), make_dragon(name="Bo Dragon")
        self.panel = make_panel(self.round, self.chair, self.ada, self.bo, name="Panel A")
        self.criteria = criteria_of(self.round)
        self.pitches = []
        for title, state in zip(self.TITLES, self.STATES, strict=True):
            pitch = make_team_pitch(self.round, title=title, summary=f"{title}, in short.")
            route(self.panel, pitch, state=state)
            self.pitches.append(pitch)
        first, second, _, fourth, _ = self.pitches
        full = {criterion.id: (4, "Clear user need") for criterion in self.criteria}
        make_sheet(first, self.ada, scores=full, verdict="in", status="submitted")
        make_sheet(
            first, self.bo, scores=full, verdict="out", reason="Too costly", status="submitted"
        )
        make_sheet(second, self.ada, scores={self.criteria[0].id: 3})
        db.session.add(Conflict(pitch_id=fourth.id, user_id=self.ada.id, reason="My old team"))
        db.session.commit()

    def url(self, index: int | None = None) -> str:
        base = f"/panels/{self.panel.id}"
        return base if index is None else f"{base}/pitches/{self.pitches[index].id}"

    def set_now_pitching(self, position: int) -> None:
        db.session.get(Panel, self.panel.id).current_position = position
        db.session.commit()

    def close_scoring(self, index: int) -> None:
        db.session.expire_all()
        slot = db.session.scalars(
            db.select(PanelSlot).where(PanelSlot.pitch_id == self.pitches[index].id)
        ).one()
        slot.state = "closed"
        db.session.commit()


def check(page, criterion, value: str) -> None:
    page.locator(f"input[name='score_{criterion.id}'][value='{value}']").check()


def test_your_panels_and_your_panel(page, browser, live_server, page_problems):
    s = DragonsPanel()
    sign_in(page, make_dragon(name="Nia Nobody"))
    page.goto("/panels/")
    expect(page.locator("main")).to_contain_text("You do not sit on any panels")
    assert_no_axe_violations(page, "your panels, none")

    page.context.clear_cookies()
    sign_in(page, s.ada)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Your panels").click()
    expect(page.locator("h1")).to_have_text("Your panels")
    assert_no_axe_violations(page, "your panels, one")
    page.get_by_role("link", name="Panel A").click()
    expect(page.locator("h1")).to_have_text("Panel A")
    expect(page.locator("#now-pitching")).to_contain_text("No pitch has started yet")
    assert_no_axe_violations(page, "your panel, no pitch called yet")

    s.set_now_pitching(3)
    page.reload()
    expect(page.locator("#now-pitching")).to_contain_text("3. Queue cutter")
    expect(page.locator("#now-pitching")).to_contain_text("Scoring open")
    tags = page.locator("[data-status-for]").all_inner_texts()
    assert tags == ["Submitted", "Draft saved", "To score", "Recused", "Closed"]
    assert page.locator("#panel-progress").inner_text() == "1 of 4 scored"
    assert page.get_by_role("link", name="Travel planner").count() == 0  # recused: no link
    assert_no_axe_violations(page, "your panel, every status tag and now pitching")

    page.set_viewport_size(NARROW)
    page.reload()
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "your panel, 320px wide")

    # With JavaScript off, the page is the same and needs nothing more.
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, s.ada)
        nojs.goto(s.url())
        expect(nojs.locator("#now-pitching")).to_contain_text("3. Queue cutter")
        assert nojs.locator("[data-status-for]").count() == 5
        assert_no_axe_violations_without_javascript(nojs, page, "your panel")
    finally:
        nojs.context.close()


def test_the_pitch_page_in_every_state(page):
    s = DragonsPanel()
    first, *rest = s.criteria
    sign_in(page, s.ada)

    # An empty sheet while scoring is open.
    page.goto(s.url(2))
    expect(page.locator("h1")).to_have_text("Queue cutter")
    assert page.locator("input[type=radio]:checked").count() == 0
    assert_no_axe_violations(page, "pitch page, empty score sheet")

    # Submitted half done: every problem said, nothing typed lost.
    check(page, first, "4")
    page.get_by_label("Out").check()
    page.fill(f"#comment_{first.id}", "Strong evidence of need")
    assert click_for_status(page, "Submit score sheet") == 400
    assert_errors_shown(
        page,
        [f"Select a score for {criterion.name}" for criterion in rest]
        + ["Enter why this pitch is out"],
    )
    assert page.locator(f"input[name='score_{first.id}'][value='4']").is_checked()
    assert page.input_value(f"#comment_{first.id}") == "Strong evidence of need"
    assert_no_axe_violations(page, "pitch page, score sheet with errors")

    # Saved as a draft.
    assert click_for_status(page, "Save as draft") == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your draft score sheet for ‘Queue cutter’ has been saved"
    )
    assert page.locator(f"input[name='score_{first.id}'][value='4']").is_checked()
    assert_no_axe_violations(page, "pitch page, draft saved")

    # Submitted, with the other dragons' sheets and the tally showing.
    page.goto(s.url(0))
    main = page.locator("main")
    expect(main).to_contain_text("You submitted your score sheet")
    expect(main).to_contain_text("Everyone’s score sheets")
    expect(main).to_contain_text("Bo Dragon")
    expect(main).to_contain_text("1 in, 1 out, 0 recused, 1 still to submit")
    assert page.locator(f"form[action$='/pitches/{s.pitches[0].id}']").count() == 0
    assert_no_axe_violations(page, "pitch page, submitted, everyone's sheets")

    # Scoring closed before Ada scored.
    page.goto(s.url(4))
    expect(main).to_contain_text("Scoring for this pitch has closed. You did not submit")
    assert_no_axe_violations(page, "pitch page, scoring closed")

    # The chair closes scoring while Ada's draft is open: a GOV.UK message, not an error page.
    page.goto(s.url(1))
    expect(main).to_contain_text("Your score sheet")
    s.close_scoring(1)
    check(page, rest[0], "2")
    assert click_for_status(page, "Save as draft") == 400
    assert_errors_shown(
        page, ["Scoring for this pitch has closed. Ask the chair if you need to change your sheet"]
    )
    assert_no_axe_violations(page, "pitch page, saved after scoring closed")

    # Recused: the page is not there for her.
    response = page.goto(s.url(3))
    assert response.status == 404
    assert_no_axe_violations(page, "pitch page, recused (not found)")

    # 320px wide, with the score sheet.
    page.set_viewport_size(NARROW)
    page.goto(s.url(2))
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "pitch page, 320px wide")


def test_declare_a_conflict(page):
    s = DragonsPanel()
    sign_in(page, s.bo)
    page.goto(s.url())
    page.get_by_role("link", name="Declare a conflict of interest").click()
    expect(page.locator("h1")).to_have_text("Declare a conflict of interest")
    assert_no_axe_violations(page, "declare a conflict, empty")
    page.fill("#reason", "  ")
    assert click_for_status(page, "Declare conflict of interest") == 400
    assert_errors_shown(
        page,
        [
            "Select the pitch you have a conflict of interest with",
            "Enter why you have a conflict of interest with this pitch",
        ],
    )
    assert_no_axe_violations(page, "declare a conflict, with errors")
    page.get_by_label("3. Queue cutter").check()
    page.fill("#reason", "I know the team lead well")
    assert click_for_status(page, "Declare conflict of interest") == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have declared a conflict of interest with ‘Queue cutter’"
    )
    assert page.locator(f"[data-status-for='{s.pitches[2].id}']").inner_text() == "Recused"
    assert_no_axe_violations(page, "your panel, after declaring a conflict")


def test_the_chairs_control_page_in_every_state(page, browser, live_server, page_problems):
    s = LivePanel()
    make_sheet(s.pitches[0], s.ada, verdict="in", status="submitted")
    make_sheet(s.pitches[0], s.bo)
    db.session.add(Conflict(pitch_id=s.pitches[0].id, user_id=s.chair.id, reason="My team"))
    db.session.commit()
    sign_in(page, s.chair)
    page.goto(f"/panels/{s.panel.id}")
    page.get_by_role("link", name="Run the panel session").click()
    expect(page.locator("h1")).to_have_text("Run the panel")
    expect(page.locator("main")).to_contain_text("No pitch has been called yet")
    assert_no_axe_violations(page, "control page, nothing called yet")

    page.get_by_role("button", name="Next pitch: Idea 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Idea 1 is now pitching"
    )
    assert_no_axe_violations(page, "control page, now pitching")
    page.get_by_role("button", name="Open scoring for Idea 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is open")
    assert_no_axe_violations(page, "control page, scoring open, draft, submitted and recused")

    page.get_by_role("link", name="Reopen Ada Dragon’s sheet for Idea 1").click()
    expect(page.locator("h1")).to_contain_text("Ada Dragon")
    assert_no_axe_violations(page, "reopen a sheet")
    assert click_for_status(page, "Reopen score sheet") == 400
    assert_errors_shown(page, ["Enter why you are reopening this score sheet"])
    assert_no_axe_violations(page, "reopen a sheet, with an error")
    page.get_by_role("link", name="Back to run the panel").click()

    page.get_by_role("button", name="Close scoring for Idea 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has closed")
    assert_no_axe_violations(page, "control page, scoring closed")
    page.get_by_role("link", name="Reopen scoring for Idea 1").click()
    expect(page.locator("h1")).to_have_text("Reopen scoring for Idea 1")
    assert_no_axe_violations(page, "reopen scoring")
    assert click_for_status(page, "Reopen scoring") == 400
    assert_errors_shown(page, ["Enter why you are reopening scoring"])
    assert_no_axe_violations(page, "reopen scoring, with an error")

    # A second window moves on first: this one's move is refused with the reason.
    page.goto(s.base + "/")
    other = new_window(browser, live_server, page_problems)
    try:
        sign_in(other, s.chair)
        other.goto(s.base + "/")
        other.get_by_role("button", name="Next pitch: Idea 2").click()
        expect(other.locator(".govuk-notification-banner--success")).to_be_visible()
    finally:
        other.context.close()
    assert click_for_status(page, "Next pitch: Idea 2") == 409
    assert_errors_shown(
        page,
        [
            "Someone changed this a moment ago, perhaps in another tab. The page now shows "
            "where each pitch is: check it and try again"
        ],
    )
    expect(page.get_by_role("button", name="Next pitch: Idea 3")).to_be_visible()
    assert_no_axe_violations(page, "control page, a move refused")
