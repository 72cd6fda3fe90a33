"""axe-core on the team's side of a decision in every state, in Chromium against the live app
with its real CSP and CSRF: the decision on the pitch page, the decision page (anonymised
feedback, an amendment's history), refine and resubmit with a choice of rounds, its error, the
new draft that says where it came from, and no round open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.decisions import resubmit, service
from spark.extensions import db
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    click_for_status,
    sign_in,
)
from tests.decision_factories import closed_panel, details, sign_decision
from tests.factories import make_round

pytestmark = pytest.mark.browser


def test_a_funded_decision_and_its_amendment(page):
    decided = closed_panel("in", "in", "out")
    sign_decision(
        decided,
        amount_pence=1_500_000,
        conditions="Report to the lab each month.",
        dissent=f"{decided.dragons[1].name} (voted Out): too costly",
    )
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(
            outcome="refine_and_resubmit",
            justification="The costs need work",
            amendment_reason="The ask was wrong",
        ),
    )
    service.sign(decided.chair, decided.panel, decided.slot, seen_version=amendment.version)
    sign_in(page, decided.lead)
    page.goto(f"/pitches/{decided.pitch.id}")
    expect(page.locator(".govuk-summary-card__title").first).to_have_text("The panel’s decision")
    assert_no_axe_violations(page, "pitch page with the decision")
    page.get_by_role("link", name="Read the full decision and feedback").click()
    expect(page.locator("h1")).to_have_text("The panel’s decision")
    assert "History of the decision" in page.content()
    assert decided.dragons[1].name not in page.content()
    assert_no_axe_violations(page, "decision page, amended, no round open")


def test_refine_and_resubmit_with_two_rounds(page):
    decided = closed_panel("in", "out", "out")
    sign_decision(decided, outcome="refine_and_resubmit", justification="Worth another look")
    make_round(name="Spark! summer 2027")
    make_round(name="Spark! autumn 2027")
    decided.pitch.reference = "SPK-2027-0042"
    db.session.commit()
    sign_in(page, decided.lead)
    page.goto(f"/pitches/{decided.pitch.id}/decision")
    assert_no_axe_violations(page, "decision page, refine, two rounds")
    assert click_for_status(page, "Copy this pitch into a new draft") == 400
    assert_errors_shown(page, ["Select the round to pitch your new draft to"])
    assert_no_axe_violations(page, "decision page, no round chosen")
    page.get_by_label("Spark! autumn 2027").check()
    assert click_for_status(page, "Copy this pitch into a new draft") == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "into a new draft for Spark! autumn 2027"
    )
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Copied from SPK-2027-0042")
    assert_no_axe_violations(page, "the new draft's task list")
    page.goto(f"/pitches/{decided.pitch.id}/decision")
    expect(page.locator("#next-steps ~ .govuk-inset-text").first).to_contain_text(
        "Your team has copied this pitch"
    )
    assert_no_axe_violations(page, "decision page, copied")


def test_a_round_closing_meanwhile_links_its_error_to_the_button(page):
    from tests.browser.support import active_element

    decided = closed_panel("in", "out", "out")
    sign_decision(decided, outcome="refine_and_resubmit", justification="Worth another look")
    summer = make_round(name="Spark! summer 2027")
    make_round(name="Spark! autumn 2027")
    sign_in(page, decided.lead)
    page.goto(f"/pitches/{decided.pitch.id}/decision")
    page.get_by_label("Spark! summer 2027").check()
    summer.status = "judging"  # it closes for pitches while the team chooses
    db.session.commit()
    assert click_for_status(page, "Copy this pitch into a new draft") == 409
    assert_errors_shown(page, [resubmit.ROUND_CLOSED])
    assert_no_axe_violations(page, "decision page, the round closed meanwhile")
    page.locator(".govuk-error-summary__list a").click()
    assert active_element(page)["id"] == "copy-button"
