"""The round results page in Chromium against the live app (real CSP): for an organiser, with
decisions of every kind (signed, departing from the vote, amended, an amendment not signed,
not signed, none) and the calibration chart; and for a chair, who sees only their panel, with
a pitch they are recused from. At 1024px with JavaScript and 320px without it: zero axe
violations, no sideways page scroll at 320px (the tables scroll inside their own labelled
regions), and the ordering links' states."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.accounts.models import MEMBER, TeamMember
from spark.decisions import service
from spark.extensions import db
from tests.browser.support import (
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    new_window,
    scroll_width,
    sign_in,
)
from tests.decision_factories import closed_panel, details, record_decision, sign_decision
from tests.factories import make_user

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
CAPTION = ".spark-results-table caption"
ORDERS = ("Panel and running order", "Mean score", "Normalised score")

# Each table's scroll region: whether it is a focusable, labelled region, and whether its
# table is wider than it (so the region, not the page, scrolls sideways).
_REGIONS = """() => [...document.querySelectorAll('table')].map(table => {
    const region = table.parentElement;
    return {
        region: region.matches('.spark-table-scroll[role=region][tabindex="0"][aria-label]'),
        scrolls: region.scrollWidth > region.clientWidth,
    };
})"""


def the_round():
    """Panel 1 (the organiser's view): five pitches, one decision of each kind. Panel 2, in
    the same round: two pitches, its chair on the team behind the second."""
    decided = closed_panel("in", "in", "out", pitches=6, scores=(4, 3, 5, 4, 3, 4))
    sign_decision(decided, 0, amount_pence=1_500_000)  # split, funded, signed
    sign_decision(decided, 1, amount_pence=1_000_000)
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slots[1],
        details(amount_pence=1_200_000, amendment_reason="The costs were added up wrongly"),
    )  # amended and signed
    service.sign(decided.chair, decided.panel, decided.slots[1], seen_version=amendment.version)
    sign_decision(
        decided, 2, outcome="not_funded", justification="The costs are not credible"
    )  # departs from the vote, signed
    sign_decision(decided, 3, amount_pence=500_000)
    service.amend(
        decided.chair,
        decided.panel,
        decided.slots[3],
        details(amount_pence=600_000, amendment_reason="A cost was left out"),
    )  # an amendment not signed yet
    record_decision(decided, 4, amount_pence=800_000)  # not signed yet; pitch 6: none
    other = closed_panel("in", "out", "in", pitches=2, scores=(2, 3, 2), round_=decided.round)
    db.session.add(
        TeamMember(team_id=other.pitches[1].team_id, user_id=other.chair.id, role=MEMBER)
    )
    db.session.commit()
    return decided, other


def check_order_links(page, shown: str) -> None:
    """The link for the order shown is current (bold, aria-current, "(shown)"); the others
    are plain links."""
    nav = page.get_by_role("navigation", name="Order the pitches")
    for name in ORDERS:
        link = nav.get_by_role("link", name=name, exact=True)
        if name == shown:
            expect(link).to_have_attribute("aria-current", "true")
            expect(link).to_have_class("govuk-link govuk-!-font-weight-bold")
            expect(link.locator("xpath=..")).to_have_text(f"{name} (shown)")
        else:
            assert link.get_attribute("aria-current") is None
            expect(link.locator("xpath=..")).to_have_text(name)


def check_wide(page, who: str) -> None:
    """At 1024px with JavaScript: axe in each order, the links' states as they change."""
    expect(page.locator("h1")).to_have_text("Round results")
    check_order_links(page, "Panel and running order")
    assert_no_axe_violations(page, f"round results for {who}, panel order")
    for name, caption in (
        ("Mean score", "by mean score, highest first"),
        ("Normalised score", "by normalised score, highest first"),
    ):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.locator(CAPTION)).to_contain_text(caption)
        assert page.url.endswith("#pitches")
        check_order_links(page, name)
        assert_no_axe_violations(page, f"round results for {who}, by {name.lower()}")


def check_narrow(browser, live_server, page_problems, helper, person, url: str, who: str):
    """At 320px without JavaScript: nothing scrolls the page sideways, each table scrolls in
    its own region; axe on the page as built without scripts; the ordering links still work."""
    nojs = new_window(
        browser, live_server, page_problems, java_script_enabled=False, viewport=NARROW
    )
    try:
        sign_in(nojs, person)
        nojs.goto(url)
        assert scroll_width(nojs) <= 320
        regions = nojs.evaluate(_REGIONS)
        assert regions and all(region["region"] for region in regions), regions
        assert regions[0]["scrolls"], "the pitches table should scroll inside its region"
        assert_no_axe_violations_without_javascript(nojs, helper, f"round results for {who}")
        nojs.get_by_role("link", name="Mean score", exact=True).click()
        expect(nojs.locator(CAPTION)).to_contain_text("by mean score, highest first")
        check_order_links(nojs, "Mean score")
        assert scroll_width(nojs) <= 320
        # The helper's route cannot match an address with a #fragment: the same page without.
        nojs.goto(nojs.url.split("#")[0])
        assert_no_axe_violations_without_javascript(
            nojs, helper, f"round results for {who}, by mean score"
        )
    finally:
        nojs.context.close()


def test_the_results_for_an_organiser(page, browser, live_server, page_problems):
    decided, _other = the_round()
    organiser = make_user(roles=("organiser",))
    url = f"/rounds/{decided.round.id}/results"
    sign_in(page, organiser)
    page.goto(url)
    table = page.locator(".spark-results-table")
    expect(table.locator("tbody tr")).to_have_count(8)
    for words in (
        "Departs from the panel’s vote",
        "Amended",
        "Amendment not signed yet",
        "Not signed yet",
        "No decision yet",
    ):
        expect(table).to_contain_text(words)
    expect(page.locator("svg[role=img]")).to_have_count(1)
    check_wide(page, "an organiser")
    check_narrow(browser, live_server, page_problems, page, organiser, url, "an organiser")


def test_the_results_for_a_chair(page, browser, live_server, page_problems):
    decided, other = the_round()
    url = f"/rounds/{decided.round.id}/results"
    sign_in(page, other.chair)
    page.goto(url)
    table = page.locator(".spark-results-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(1)).to_contain_text("You are recused from this pitch")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "You are recused from 1 pitch on your panels."
    )
    expect(page.locator("main")).not_to_contain_text(decided.pitch.title)
    check_wide(page, "a chair")
    check_narrow(browser, live_server, page_problems, page, other.chair, url, "a chair")
