"""The live panel session in real browsers: two windows on one score sheet (the second save is
refused with both versions and nothing lost), the dragon's panel page following the chair
without reloading (with JavaScript) or on a refresh (without), and a half-filled score sheet
left alone while the chair moves on.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.panels.models import ScoreSheet
from tests.browser.support import (
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    sign_in,
)
from tests.panel_factories import LivePanel, criteria_of

pytestmark = pytest.mark.browser

# The panel page asks every 5 seconds; a change shows within two asks and a margin.
LIVE_WAIT_MS = 12_000
MARK = "() => { window.sparkNoReload = 'still here'; }"
MARKED = "() => window.sparkNoReload"


def score(page, criterion, value: str):
    return page.locator(f"input[name='score_{criterion.id}'][value='{value}']")


def pitch_url(s: LivePanel, index: int) -> str:
    return f"/panels/{s.panel.id}/pitches/{s.pitches[index].id}"


def the_sheet(s: LivePanel, index: int) -> ScoreSheet:
    db.session.expire_all()
    return db.session.scalars(
        db.select(ScoreSheet).where(
            ScoreSheet.pitch_id == s.pitches[index].id, ScoreSheet.dragon_id == s.ada.id
        )
    ).one()


def call_next(chair_page, title: str) -> None:
    chair_page.get_by_role("button", name=f"Next pitch: {title}").click()
    expect(chair_page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{title} is now pitching"
    )


@pytest.fixture
def chair_window(browser, live_server, page_problems):
    """A second window where the chair runs the session."""
    windows = []

    def open_for(s: LivePanel):
        window = new_window(browser, live_server, page_problems)
        windows.append(window)
        sign_in(window, s.chair)
        window.goto(s.base + "/")
        return window

    yield open_for
    for window in windows:
        window.context.close()


def test_two_windows_on_one_score_sheet(page, browser, live_server, page_problems):
    s = LivePanel()
    s.set_state(0, "scoring")
    first, second, *_ = criteria_of(s.round)
    other = new_window(browser, live_server, page_problems)
    try:
        for window in (page, other):
            sign_in(window, s.ada)
            window.goto(pitch_url(s, 0))
            expect(window.locator("h1")).to_have_text("Idea 1")

        score(page, first, "4").check()
        page.fill(f"#comment_{first.id}", "Saved in the first window")
        assert click_for_status(page, "Save as draft") == 200
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Your draft score sheet for ‘Idea 1’ has been saved"
        )

        # The second window still shows the page from before that save.
        score(other, second, "2").check()
        other.get_by_label("In", exact=True).check()
        other.fill("#reason", "Typed in the second window")
        assert click_for_status(other, "Save as draft") == 409
        assert other.title().startswith("Error: ")
        summary = other.locator(".govuk-error-summary")
        expect(summary).to_contain_text("This score sheet was changed somewhere else")
        saved_now = other.locator("#saved-sheet + .govuk-summary-list")
        expect(saved_now).to_contain_text(f"4 – {first.descriptors[3]}")
        expect(saved_now).to_contain_text("Saved in the first window")
        # What the second window typed is still in the form, and nothing else was added.
        assert score(other, second, "2").is_checked()
        assert not score(other, first, "4").is_checked()
        assert other.get_by_label("In", exact=True).is_checked()
        assert other.input_value("#reason") == "Typed in the second window"
        assert_no_axe_violations(other, "score sheet changed in another window (409)")

        # Saving from there keeps the second window's version.
        assert click_for_status(other, "Save as draft") == 200
        expect(other.locator(".govuk-notification-banner--success")).to_contain_text(
            "has been saved"
        )
        sheet = the_sheet(s, 0)
        scores = {mark.criterion_id: mark.score for mark in sheet.scores}
        assert scores[second.id] == 2 and scores.get(first.id) is None
        assert (sheet.verdict, sheet.reason) == ("in", "Typed in the second window")
    finally:
        other.context.close()


def test_the_panel_page_follows_the_chair_without_reloading(page, chair_window):
    s = LivePanel()
    sign_in(page, s.ada)
    page.goto(f"/panels/{s.panel.id}")
    region = page.locator("#now-pitching")
    assert region.get_attribute("aria-live") == "polite"
    expect(region).to_contain_text("No pitch has started yet")
    page.evaluate(MARK)

    chair = chair_window(s)
    call_next(chair, "Idea 1")
    expect(region).to_contain_text("1. Idea 1", timeout=LIVE_WAIT_MS)
    expect(region).to_contain_text("Now pitching")
    assert page.evaluate(MARKED) == "still here"

    call_next(chair, "Idea 2")
    expect(region).to_contain_text("2. Idea 2", timeout=LIVE_WAIT_MS)
    expect(region.get_by_role("link", name="2. Idea 2")).to_have_attribute("href", pitch_url(s, 1))
    expect(page.locator(f"[data-state-for='{s.pitches[1].id}']")).to_have_text("Now pitching")
    assert page.evaluate(MARKED) == "still here"
    assert region.get_attribute("aria-live") == "polite"
    assert_no_axe_violations(page, "your panel, updated in place")


def test_a_half_filled_score_sheet_survives_the_chair_moving_on(page, chair_window):
    s = LivePanel()
    s.set_state(0, "scoring")
    first, second, *_ = criteria_of(s.round)
    sign_in(page, s.ada)
    page.goto(pitch_url(s, 0))
    score(page, first, "3").check()
    page.fill(f"#comment_{first.id}", "Half way through")
    page.evaluate(MARK)

    chair = chair_window(s)
    call_next(chair, "Idea 2")
    chair.get_by_role("button", name="Open scoring for Idea 2").click()
    expect(chair.locator(".govuk-notification-banner--success")).to_contain_text("is open")
    page.wait_for_timeout(LIVE_WAIT_MS)

    assert page.evaluate(MARKED) == "still here"
    assert score(page, first, "3").is_checked()
    assert page.input_value(f"#comment_{first.id}") == "Half way through"
    score(page, second, "5").check()
    assert click_for_status(page, "Save as draft") == 200
    scores = {mark.criterion_id: mark.score for mark in the_sheet(s, 0).scores}
    assert (scores[first.id], scores[second.id]) == (3, 5)


def test_without_javascript_a_refresh_shows_the_new_pitch(
    page, browser, live_server, page_problems, chair_window
):
    s = LivePanel()
    dragon = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(dragon, s.ada)
        dragon.goto(f"/panels/{s.panel.id}")
        region = dragon.locator("#now-pitching")
        expect(region).to_contain_text("No pitch has started yet")

        call_next(chair_window(s), "Idea 1")
        dragon.get_by_role("link", name="Refresh the page").click()
        expect(region).to_contain_text("1. Idea 1")
        expect(region).to_contain_text("Now pitching")
        assert_no_axe_violations_without_javascript(dragon, page, "your panel, after a refresh")
    finally:
        dragon.context.close()


def test_automatic_updates_can_be_stopped_and_started_again(page, chair_window):
    """WCAG 2.2.2: content that updates by itself beside other content can be stopped."""
    s = LivePanel()
    sign_in(page, s.ada)
    page.goto(f"/panels/{s.panel.id}")
    region = page.locator("#now-pitching")
    expect(page.locator("#live-hint")).to_have_text(
        "This part of the page updates by itself every 5 seconds."
    )
    page.get_by_role("button", name="Stop updating automatically").click()
    expect(page.get_by_role("link", name="Refresh the page")).to_be_visible()
    assert_no_axe_violations(page, "your panel, automatic updates stopped")

    chair = chair_window(s)
    call_next(chair, "Idea 1")
    page.wait_for_timeout(LIVE_WAIT_MS)
    expect(region).to_contain_text("No pitch has started yet")

    page.get_by_role("button", name="Start updating automatically").click()
    expect(region).to_contain_text("1. Idea 1", timeout=LIVE_WAIT_MS)
    expect(page.get_by_role("button", name="Stop updating automatically")).to_be_visible()
