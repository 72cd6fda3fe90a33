"""The chair's decision pages in Chromium against the live app (real CSP, CSRF on): recording a
split decision with its errors, signing, amending with a reason, at 1024px and 320px, with and
without JavaScript - zero axe violations in every state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    sign_in,
)
from tests.decision_factories import closed_panel

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}

# Tables may scroll sideways in their own region at 320px (WCAG 1.4.10); nothing else may.
_REFLOW = """() => {
    const tables = [...document.querySelectorAll('table')];
    tables.forEach(table => { table.style.display = 'none'; });
    const width = document.documentElement.scrollWidth;
    tables.forEach(table => { table.style.display = ''; });
    return width;
}"""


def banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def test_record_sign_and_amend_a_split_decision(page, browser, live_server, page_problems):
    decided = closed_panel("in", "in", "out")
    title = decided.pitch.title
    sign_in(page, decided.chair)
    page.goto(f"/panels/{decided.panel.id}/chair/")
    page.get_by_role("link", name=f"Record decision for {title}").click()
    expect(page.locator("h1")).to_have_text(f"Decision on {title}")
    assert_no_axe_violations(page, "decision page, nothing recorded")

    page.set_viewport_size(NARROW)
    page.reload()
    assert page.evaluate(_REFLOW) <= 320
    assert page.locator(".spark-table-scroll[role=region][tabindex='0']").count() == 2
    assert_no_axe_violations(page, "decision page, 320px wide")
    page.set_viewport_size({"width": 1024, "height": 768})

    # Nothing chosen; then Funded, with too much for the ask.
    assert click_for_status(page, "Save the decision") == 400
    assert_errors_shown(page, ["Select the panel’s decision"])
    assert_no_axe_violations(page, "decision page, no outcome chosen")
    page.get_by_label("Funded", exact=True).check()
    page.fill("#amount", "25,000")
    assert click_for_status(page, "Save the decision") == 400
    assert_errors_shown(page, ["The amount cannot be more than the team asked for (£20,000)"])
    expect(page.locator("#amount")).to_have_value("25,000")
    assert_no_axe_violations(page, "decision page, amount over the ask")

    # Not funded departs from the vote: a justification is needed.
    page.get_by_label("Not funded", exact=True).check()
    assert click_for_status(page, "Save the decision") == 400
    assert_errors_shown(
        page,
        ["Explain why the decision departs from the panel’s vote: the round’s rule gives funded"],
    )
    page.get_by_label("Funded", exact=True).check()
    page.fill("#amount", "£12,500")
    page.fill("#rationale", "A clear problem and a cheap way to test it.")
    assert click_for_status(page, "Save the decision") == 200
    assert "Decision recorded. Check it, then sign it" in banner(page)
    assert_no_axe_violations(page, "decision page, recorded, not signed")

    page.get_by_role("button", name="Sign the decision").click()
    expect(page.locator("h1")).to_have_text(f"Sign the decision on {title}")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Once signed, the decision cannot be changed. The team will be emailed."
    )
    assert_no_axe_violations(page, "sign the decision")
    assert click_for_status(page, "Sign the decision") == 200
    assert "Decision signed. The team has been emailed" in banner(page)
    assert_no_axe_violations(page, "decision page, signed")

    page.get_by_role("button", name="Amend the decision").click()
    expect(page.locator("h1")).to_have_text(f"Amend the decision on {title}")
    expect(page.locator("#amount")).to_have_value("12,500")
    assert_no_axe_violations(page, "amend the decision")
    page.fill("#amount", "15,000")
    assert click_for_status(page, "Record the amendment") == 400
    assert_errors_shown(page, ["Enter the reason for the amendment"])
    assert_no_axe_violations(page, "amend the decision, no reason")
    page.fill("#amendment_reason", "The team's costs were misread.")
    assert click_for_status(page, "Record the amendment") == 200
    assert "Amendment recorded. Check it, then sign it" in banner(page)
    assert_no_axe_violations(page, "decision page, amendment not signed")
    page.get_by_role("button", name="Sign the decision").click()
    assert click_for_status(page, "Sign the decision") == 200
    expect(page.locator("#history")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Replaces the decision of")
    assert_no_axe_violations(page, "decision page, amendment signed, both in the history")

    page.set_viewport_size(NARROW)
    page.reload()
    assert page.evaluate(_REFLOW) <= 320
    assert_no_axe_violations(page, "decision page with its history, 320px wide")

    # Without JavaScript, the same.
    other = closed_panel("in", "in", "in")
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, other.chair)
        nojs.goto(f"/panels/{other.panel.id}/decisions/{other.pitch.id}")
        expect(nojs.locator("#amount")).to_be_visible()
        nojs.get_by_label("Funded", exact=True).check()
        nojs.fill("#amount", "10,000")
        nojs.get_by_role("button", name="Save the decision").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "Decision recorded"
        )
        assert_no_axe_violations_without_javascript(nojs, page, "decision page, recorded")
    finally:
        nojs.context.close()


def test_a_departing_decision_and_a_recused_chair(page):
    from spark.decisions.recording import DEPARTS_FLAG
    from spark.extensions import db
    from spark.panels.models import Conflict

    decided = closed_panel("in", "in", "out", pitches=2)
    db.session.add(
        Conflict(pitch_id=decided.pitches[1].id, user_id=decided.chair.id, reason="Their team")
    )
    db.session.commit()
    sign_in(page, decided.chair)
    page.goto(f"/panels/{decided.panel.id}/decisions/{decided.pitch.id}")
    page.get_by_label("Not funded", exact=True).check()
    page.fill("#justification", "The pot is better spent elsewhere.")
    assert click_for_status(page, "Save the decision") == 200
    expect(page.locator(".govuk-tag--purple").first).to_have_text(DEPARTS_FLAG)
    assert_no_axe_violations(page, "decision page, departing from the vote")
    page.goto(f"/panels/{decided.panel.id}/chair/")
    expect(page.locator(".govuk-tag--purple", has_text=DEPARTS_FLAG)).to_have_count(1)
    assert_no_axe_violations(page, "control page, a decision departing from the vote")

    for width in (1024, 320):
        page.set_viewport_size({"width": width, "height": 768})
        page.goto(f"/panels/{decided.panel.id}/decisions/{decided.pitches[1].id}")
        expect(page.locator(".govuk-warning-text")).to_contain_text(
            "You are recused from this pitch (Their team)"
        )
        assert page.locator("main form").count() == 0
        assert page.evaluate(_REFLOW) <= width
        assert_no_axe_violations(page, f"decision page, recused chair, {width}px")
