"""The decisions acceptance journey, end to end in Chromium, as new users would take it.

A panel of three (Cara chairs it and scores too, with Ada and Bo; quorum 3) hears two pitches.
The chair opens scoring on each; the three submit their sheets in their own browser contexts:
In, In, In on the first, In, In, Out on the second (the Out refused until it has a reason).
From the chair's control page she records and signs each decision: the first unanimous and
funded, the second split and funded with the dissent started from Bo's reason. The second
team's lead reads the decision on the pitch page, the full decision with its anonymised
feedback, and downloads the letter, a tagged PDF. The chair amends the first decision (a
reason is required) and signs the amendment: both show in her history and in the first team's.
axe-core checks every page in every state, errors included.

The same journey runs with JavaScript on at 1024px and with it off at 320px, where no page
scrolls sideways (tables scroll inside their own regions). Only the round, the panel, its
members and the two routed pitches come from factories; everything else is clicked and typed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.panels.models import JudgingSettings
from tests.browser import test_panel_journey
from tests.browser.support import scroll_width
from tests.browser.test_panel_journey import (
    CRITERIA,
    banner,
    errors_shown,
    fill_sheet,
    heading,
    nav,
    open_pitch,
)
from tests.panel_factories import make_dragon, make_judged_round, make_panel, make_team_pitch, route

pytestmark = pytest.mark.browser

# The panels journey's fixture: one browser context per person, all with JavaScript on at
# 1024px or all off at 320px; ``people.axe`` checks a page either way.
people = test_panel_journey.people

ROUND = "Spark! winter 2027"
PANEL = "Panel A"
FIRST = "Plain English tax letters"  # In, In, In: unanimous
SECOND = "Shared mentoring scheme"  # In, In, Out: split
BO_REASON = "The costs leave out the mentors' time."
NARROW = 320

# Scores by criterion, in order, for each member on each pitch, and a comment on the first.
SCORES = {
    FIRST: {"cara": [4, 4, 4, 4, 4, 4], "ada": [5, 4, 4, 3, 4, 5], "bo": [4, 3, 4, 4, 3, 4]},
    SECOND: {"cara": [4, 4, 3, 4, 3, 4], "ada": [5, 4, 4, 3, 4, 5], "bo": [2, 2, 3, 2, 2, 3]},
}
COMMENTS = {
    "cara": "Every department has this problem.",
    "ada": "The interviews with staff are convincing.",
    "bo": "The evidence is thinner than the pitch suggests.",
}


# What sticks out past the right edge, outermost first, to say why a page scrolls sideways.
_OVERFLOWING = """(edge) => [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > edge
        && !(el.parentElement && el.parentElement.getBoundingClientRect().right > edge))
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map(name => '.' + name).join('')
        + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)')"""


def check(people, page, state: str) -> None:
    """axe on the page as it is now; at 320px, nothing scrolls sideways but tables in their
    own scroll regions (their overflow stays inside them)."""
    people.axe(page, state)
    if not people.javascript:
        width = scroll_width(page)
        assert width <= NARROW, (
            f"{state}: the page scrolls sideways ({width}px wide): "
            + ", ".join(page.evaluate(_OVERFLOWING, NARROW))
        )


def score(people, page, title: str, who: str, verdict: str, reason: str) -> None:
    """``who`` opens the pitch from their panel page and submits a sheet."""
    open_pitch(page, PANEL, title)
    check(people, page, f"{title}: {who}'s empty sheet")
    fill_sheet(page, SCORES[title][who], {CRITERIA[0]: COMMENTS[who]}, verdict, reason)
    page.get_by_role("button", name="Submit score sheet").click()
    banner(page, f"You have submitted your score sheet for ‘{title}’")
    check(people, page, f"{title}: {who}'s sheet submitted")


def back_to_control(page) -> None:
    page.get_by_role("link", name="Back to run the panel").click()
    heading(page, "Run the panel")


def sign(people, page, title: str) -> None:
    """From the decision page with a recorded decision: check it, then sign it."""
    page.get_by_role("button", name="Sign the decision").click()  # a link styled as a button
    heading(page, f"Sign the decision on {title}")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Once signed, the decision cannot be changed. The team will be emailed."
    )
    check(people, page, f"{title}: sign the decision")
    page.get_by_role("button", name="Sign the decision").click()
    banner(page, "Decision signed. The team has been emailed")
    heading(page, f"Decision on {title}")
    expect(page.locator("#history")).to_be_visible()


def vote(page):
    """The chair's summary of the panel's vote, as a summary list's values by key."""
    rows = page.locator("#vote + .govuk-summary-list .govuk-summary-list__row")
    keys = rows.locator(".govuk-summary-list__key").all_inner_texts()
    values = rows.locator(".govuk-summary-list__value").all_inner_texts()
    return dict(zip(keys, values, strict=True))


def open_team_pitch(people, page, title: str):
    """From the home page: Your pitches, then the pitch, with the panel's decision on it."""
    check(people, page, f"home page, the lead of {title}")
    nav(page, "Your pitches")
    check(people, page, f"your pitches, the lead of {title}")
    page.get_by_role("link", name=title, exact=True).click()
    heading(page, title)
    card = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name="The panel’s decision")
    )
    expect(card).to_have_count(1)
    return card


def test_three_dragons_vote_the_chair_signs_the_team_reads_and_an_amendment_replaces(people):
    round_ = make_judged_round(name=ROUND)
    settings = db.session.get(JudgingSettings, round_.id)
    settings.pot_pence, settings.decision_rule, settings.quorum = 5_000_000, "majority", 3
    cara = make_dragon(name="Cara Okafor", email="cara@example.gov.uk")
    ada = make_dragon(name="Ada Lindqvist", email="ada@example.gov.uk")
    bo = make_dragon(name="Bo Achterberg", email="bo@example.gov.uk")
    panel = make_panel(round_, cara, ada, bo, name=PANEL)
    first = make_team_pitch(round_, title=FIRST, reference="SPK-2027-0001", ask_pence=2_000_000)
    second = make_team_pitch(round_, title=SECOND, reference="SPK-2027-0002", ask_pence=1_500_000)
    route(panel, first, second)
    first_lead, second_lead = (p.team.members[0].user for p in (first, second))
    db.session.commit()

    # 1. The chair calls the first pitch and opens scoring; all three vote In.
    chair = people.open_as(cara)
    check(people, chair, "home page, the chair")
    nav(chair, "Your panels")
    check(people, chair, "your panels, the chair")
    chair.get_by_role("link", name=PANEL, exact=True).click()
    heading(chair, PANEL)
    check(people, chair, "panel page, before the session")
    chair.get_by_role("link", name="Run the panel session").click()
    heading(chair, "Run the panel")
    check(people, chair, "control page, nothing called")
    chair.get_by_role("button", name=f"Next pitch: {FIRST}").click()
    banner(chair, f"{FIRST} is now pitching")
    chair.get_by_role("button", name=f"Open scoring for {FIRST}").click()
    banner(chair, f"Scoring for {FIRST} is open")
    check(people, chair, "control page, scoring open on the first pitch")

    ada_page, bo_page = people.open_as(ada), people.open_as(bo)
    score(people, chair, FIRST, "cara", "In", "A real problem, simply solved.")
    score(people, ada_page, FIRST, "ada", "In", "Strong user research.")
    score(people, bo_page, FIRST, "bo", "In", "Cheap to try.")

    nav(chair, "Your panels")
    chair.get_by_role("link", name=PANEL, exact=True).click()
    chair.get_by_role("link", name="Run the panel session").click()
    chair.get_by_role("button", name=f"Close scoring for {FIRST}").click()
    banner(chair, f"Scoring for {FIRST} has closed with 3 sheets submitted")
    record_first = chair.get_by_role("link", name=f"Record decision for {FIRST}")
    expect(record_first).to_be_visible()
    check(people, chair, "control page, first pitch closed")

    # The second pitch: In, In, Out. Bo's Out needs a reason.
    chair.get_by_role("button", name=f"Next pitch: {SECOND}").click()
    banner(chair, f"{SECOND} is now pitching")
    chair.get_by_role("button", name=f"Open scoring for {SECOND}").click()
    banner(chair, f"Scoring for {SECOND} is open")
    check(people, chair, "control page, scoring open on the second pitch")
    score(people, chair, SECOND, "cara", "In", "Worth a try across departments.")
    score(people, ada_page, SECOND, "ada", "In", "Mentors are keen.")
    open_pitch(bo_page, PANEL, SECOND)
    fill_sheet(bo_page, SCORES[SECOND]["bo"], {CRITERIA[0]: COMMENTS["bo"]}, "Out", "")
    bo_page.get_by_role("button", name="Submit score sheet").click()
    errors_shown(bo_page, "Enter why this pitch is out")
    expect(bo_page.get_by_label(f"Comment on {CRITERIA[0].lower()} (optional)")).to_have_value(
        COMMENTS["bo"]
    )
    expect(
        bo_page.get_by_role("group", name="Your verdict").get_by_label("Out", exact=True)
    ).to_be_checked()
    check(people, bo_page, "second pitch: Bo's Out without a reason")
    bo_page.get_by_label("Reason for your verdict").fill(BO_REASON)
    bo_page.get_by_role("button", name="Submit score sheet").click()
    banner(bo_page, f"You have submitted your score sheet for ‘{SECOND}’")
    check(people, bo_page, "second pitch: Bo's sheet submitted")

    nav(chair, "Your panels")
    chair.get_by_role("link", name=PANEL, exact=True).click()
    chair.get_by_role("link", name="Run the panel session").click()
    chair.get_by_role("button", name=f"Close scoring for {SECOND}").click()
    banner(chair, f"Scoring for {SECOND} has closed with 3 sheets submitted")
    check(people, chair, "control page, both pitches closed")

    # 2. The first decision: unanimous; nothing chosen is refused; funded, then signed.
    chair.get_by_role("link", name=f"Record decision for {FIRST}").click()
    heading(chair, f"Decision on {FIRST}")
    told = vote(chair)
    assert told["Unanimous or split"] == "Unanimous", told
    assert told["Tally"] == "3 in, 0 out, 0 recused", told
    assert told["Quorum"].startswith("Met: 3 votes cast"), told
    assert told["The rule’s result"].startswith("Funded"), told
    check(people, chair, "first decision, nothing recorded")
    chair.get_by_role("button", name="Save the decision").click()
    errors_shown(chair, "Select the panel’s decision")
    check(people, chair, "first decision, no outcome chosen")
    chair.get_by_label("Funded", exact=True).check()
    chair.get_by_label("Amount awarded").fill("15,000")
    chair.get_by_label("Rationale (optional)").fill("A clear problem and a cheap way to test it.")
    chair.get_by_role("button", name="Save the decision").click()
    banner(chair, "Decision recorded. Check it, then sign it")
    expect(chair.get_by_role("main")).to_contain_text("Funded: £15,000")
    check(people, chair, "first decision, recorded, not signed")
    sign(people, chair, FIRST)
    history = chair.locator("#history ~ .govuk-summary-card")
    expect(history).to_have_count(1)
    expect(history.first.locator(".govuk-summary-card__title")).to_contain_text("In force")
    check(people, chair, "first decision, signed")

    # The second decision: split, the dissent starts with Bo's reason; funded and signed.
    back_to_control(chair)
    expect(chair.get_by_role("link", name=f"View decision for {FIRST}")).to_be_visible()
    chair.get_by_role("link", name=f"Record decision for {SECOND}").click()
    heading(chair, f"Decision on {SECOND}")
    told = vote(chair)
    assert told["Unanimous or split"] == "Split", told
    assert told["Tally"] == "2 in, 1 out, 0 recused", told
    votes = chair.get_by_role("table", name="How each member voted")
    expect(votes.get_by_role("row", name=re.compile(bo.name))).to_contain_text(BO_REASON)
    dissent = chair.get_by_label("Dissent (optional)")
    expect(dissent).to_have_value(f"{bo.name} (voted Out): {BO_REASON}")
    check(people, chair, "second decision, nothing recorded, dissent prefilled")
    chair.get_by_label("Funded", exact=True).check()
    chair.get_by_label("Amount awarded").fill("10,000")
    chair.get_by_label("Conditions (optional)").fill("Cost the mentors' time before you start.")
    chair.get_by_role("button", name="Save the decision").click()
    banner(chair, "Decision recorded. Check it, then sign it")
    expect(chair.get_by_role("main")).to_contain_text(BO_REASON)
    check(people, chair, "second decision, recorded, not signed")
    sign(people, chair, SECOND)
    check(people, chair, "second decision, signed")

    # 3. The second team's lead reads the decision, the feedback and the letter.
    lead = people.open_as(second_lead)
    card = open_team_pitch(people, lead, SECOND)
    expect(card).to_contain_text("Funded £10,000")
    expect(card).to_contain_text("Split")
    check(people, lead, "team's pitch page with the decision")
    card.get_by_role("link", name="Read the full decision and feedback").click()
    heading(lead, "The panel’s decision")
    main = lead.get_by_role("main")
    expect(main).to_contain_text("Cost the mentors' time before you start.")
    means = lead.get_by_role("table", name="Mean score for each criterion")
    for n, criterion in enumerate(CRITERIA):
        mean = sum(SCORES[SECOND][who][n] for who in ("cara", "ada", "bo")) / 3
        row = means.get_by_role("row", name=re.compile(f"^{re.escape(criterion)}"))
        expect(row.get_by_role("cell")).to_have_text([f"{mean:.1f}", "3"])
    verdicts = lead.get_by_role("table", name="Each dragon’s verdict and reason")
    expect(verdicts.get_by_role("rowheader")).to_have_text(["Dragon 1", "Dragon 2", "Dragon 3"])
    expect(verdicts).to_contain_text(BO_REASON)
    said = main.locator("li")
    for comment in COMMENTS.values():
        expect(
            said.filter(has_text=re.compile(rf"^Dragon [123]: {re.escape(comment)}$"))
        ).to_have_count(1)
    for name in (ada.name, bo.name):  # anonymised, in the dissent too
        expect(main).not_to_contain_text(name)
    assert main.inner_text().count(cara.name) == 1  # only as the chair who signed
    expect(main.get_by_text(f"{cara.name}, chair of {PANEL}, on ")).to_be_visible()
    check(people, lead, "team's decision page, split and funded")
    letter = lead.get_by_role("link", name=re.compile("^Download the decision letter"))
    with lead.expect_download() as downloaded:
        letter.click()
    assert downloaded.value.suggested_filename == "decision-letter-SPK-2027-0002.pdf"
    data = Path(downloaded.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    # The same link fetched with the lead's cookies: a PDF, as an attachment.
    response = lead.request.get(letter.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    # Its objects sit in a compressed object stream, so the PDF is read rather than grepped.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.Root.StructTreeRoot.K) > 0  # tagged
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]) == f"Decision letter: {SECOND} (SPK-2027-0002)"
    heading(lead, "The panel’s decision")  # the download left the page where it was

    # 4. The chair amends the first decision: a reason is required.
    back_to_control(chair)
    chair.get_by_role("link", name=f"View decision for {FIRST}").click()
    heading(chair, f"Decision on {FIRST}")
    chair.get_by_role("button", name="Amend the decision").click()
    heading(chair, f"Amend the decision on {FIRST}")
    expect(chair.get_by_label("Amount awarded")).to_have_value("15,000")
    check(people, chair, "amend the first decision")
    chair.get_by_label("Amount awarded").fill("12,000")
    chair.get_by_role("button", name="Record the amendment").click()
    errors_shown(chair, "Enter the reason for the amendment")
    expect(chair.get_by_label("Amount awarded")).to_have_value("12,000")
    check(people, chair, "amend the first decision, no reason")
    reason = "The team's costs were double counted."
    chair.get_by_label("Reason for the amendment").fill(reason)
    chair.get_by_role("button", name="Record the amendment").click()
    banner(chair, "Amendment recorded. Check it, then sign it")
    check(people, chair, "first decision, amendment recorded, not signed")
    sign(people, chair, FIRST)
    cards = chair.locator("#history ~ .govuk-summary-card")
    expect(cards).to_have_count(2)
    newest, oldest = cards.nth(0), cards.nth(1)
    expect(newest.locator(".govuk-summary-card__title")).to_contain_text("Amendment recorded")
    expect(newest.locator(".govuk-summary-card__title")).to_contain_text("In force")
    expect(newest).to_contain_text("Funded: £12,000")
    expect(newest).to_contain_text("Replaces the decision of")
    expect(newest).to_contain_text(reason)
    expect(oldest.locator(".govuk-summary-card__title")).to_contain_text("Decision recorded")
    expect(oldest.locator(".govuk-summary-card__title")).to_contain_text("Replaced")
    expect(oldest).to_contain_text("Funded: £15,000")
    check(people, chair, "first decision, amendment signed, both in the history")

    # The first team's lead sees the amended decision and the one it replaced.
    lead_a = people.open_as(first_lead)
    card = open_team_pitch(people, lead_a, FIRST)
    expect(card).to_contain_text("Funded £12,000")
    expect(card).to_contain_text("Unanimous")
    check(people, lead_a, "team's pitch page, amended decision")
    card.get_by_role("link", name="Read the full decision and feedback").click()
    heading(lead_a, "The panel’s decision")
    expect(lead_a.get_by_role("heading", name="History of the decision")).to_be_visible()
    shown = lead_a.locator(".govuk-summary-card")
    expect(shown).to_have_count(2)
    expect(shown.nth(0)).to_contain_text("In force")
    expect(shown.nth(0)).to_contain_text("Funded £12,000")
    expect(shown.nth(0)).to_contain_text(reason)
    expect(shown.nth(1)).to_contain_text("Replaced")
    expect(shown.nth(1)).to_contain_text("Funded £15,000")
    check(people, lead_a, "team's decision page, amended, with its history")
