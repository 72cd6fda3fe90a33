"""The panels acceptance journey, end to end in Chromium, as new users would take it.

An organiser creates a round, keeps the default criteria, makes two panels (a chair and two
dragons each, added by email address) and routes six eligible pitches automatically (preview,
then apply). A dragon declares a conflict of interest with one pitch. The chair calls a pitch
and opens scoring; three dragons score it, and the first cannot see the others' sheets until
she submits her own. The chair calls the next pitch and the dragons' panel pages follow: with
JavaScript, without a reload; without it, on refresh. Each person has a browser context of
their own. axe-core checks every page in every state, including one error per form.

The same journey runs with JavaScript on at desktop width and with it off at 320px wide. Only
the people and the six eligible pitches (made once the round exists) come from factories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.panels.defaults import DEFAULT_CRITERIA
from spark.pitches.models import Round
from tests.browser.support import (
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    new_window,
)
from tests.factories import PASSWORD, make_user
from tests.panel_factories import make_dragon, make_team_pitch

pytestmark = pytest.mark.browser

ROUND = "Spark! autumn 2027"
TITLES = (
    "Bookable desks in every office",
    "Plain English tax letters",
    "Shared mentoring scheme",
    "Open data for bus stops",
    "Faster security vetting",
    "Reusable form components",
)
CRITERIA = [criterion.name for criterion in DEFAULT_CRITERIA]
# The panel page polls every 5 seconds; give it two polls and some slack on a busy machine.
LIVE_TIMEOUT = 15_000


@dataclass
class People:
    """One browser context per person, all with JavaScript on (1024px) or all off (320px)."""

    browser: Any
    base_url: str
    javascript: bool
    problems: Any  # the conftest's page_problems
    helper: Any = None  # with JavaScript off, the page axe checks a script-free copy in
    contexts: list = field(default_factory=list)

    def open_as(self, user) -> Any:
        """A new context signed in as ``user`` through the real form, on the home page."""
        size = {"width": 1024, "height": 768} if self.javascript else {"width": 320, "height": 640}
        options = {"java_script_enabled": self.javascript, "viewport": size}
        page = new_window(self.browser, self.base_url, self.problems, **options)
        page.context.set_default_timeout(10_000)
        self.contexts.append(page.context)
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        heading(page, "Your Project Spark!")
        return page

    def axe(self, page, state: str) -> None:
        if self.javascript:
            assert_no_axe_violations(page, state)
        else:
            assert_no_axe_violations_without_javascript(page, self.helper, state)


@pytest.fixture(params=["javascript", "no-javascript"])
def people(request, browser, live_server, live_data, page_problems):
    people = People(browser, live_server, request.param == "javascript", page_problems)
    if not people.javascript:
        people.helper = new_window(browser, live_server, page_problems)
        people.contexts.append(people.helper.context)
    yield people
    for context in people.contexts:
        context.close()
    problems = page_problems.errors + page_problems.csp
    assert not problems, "Script errors or CSP violations:\n" + "\n".join(problems)


# Helpers -------------------------------------------------------------------------------------


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def errors_shown(page, *expected: str) -> list[str]:
    """The GOV.UK error summary shows these errors (among others), each linked to something on
    the page; the title starts 'Error: '."""
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    links = page.locator(".govuk-error-summary__list a")
    texts = links.all_inner_texts()
    for message in expected:
        assert message in texts, texts
    for href in links.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert page.locator(href).count() == 1, f"the error summary links to missing {href}"
    return texts


def nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def fill_date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def score_radio(page, criterion: str, value: int):
    group = page.get_by_role("group", name=criterion, exact=True)
    return group.get_by_role("radio", name=re.compile(rf"^{value} "))


def fill_sheet(page, scores: list[int], comments=None, verdict=None, reason="") -> None:
    """Choose a score for each criterion in order, type any comments (by criterion) and
    give the verdict with its reason."""
    for name, value in zip(CRITERIA, scores, strict=False):
        score_radio(page, name, value).check()
    for name, comment in (comments or {}).items():
        page.get_by_label(f"Comment on {name.lower()} (optional)").fill(comment)
    if verdict:
        page.get_by_role("group", name="Your verdict").get_by_label(verdict, exact=True).check()
        page.get_by_label("Reason for your verdict").fill(reason)


def open_pitch(page, panel: str, title: str) -> None:
    """From anywhere: Your panels, the panel, then the pitch in its running order."""
    nav(page, "Your panels")
    page.get_by_role("link", name=panel, exact=True).click()
    page.get_by_role("table").get_by_role("link", name=title, exact=True).click()
    heading(page, title)


# The journey ---------------------------------------------------------------------------------


def make_panel_in_browser(people, page, name: str, chair, dragons) -> None:
    """From the round's panels page: create the panel, then add each dragon by email."""
    page.get_by_role("button", name="Create a panel").click()
    heading(page, "Create a panel")
    page.get_by_label("Name", exact=True).fill(name)
    fill_date(page, "Date of the panel", date.today() + timedelta(days=14))
    page.get_by_label("Place or online meeting link").fill("Room 4.12, 10 Victoria Street")
    page.get_by_label("Chair’s email address").fill(chair.email)
    page.get_by_role("button", name="Create panel").click()
    banner(page, f"{name} has been created. We have emailed {chair.name}")
    heading(page, name)
    people.axe(page, f"{name}, only its chair")
    for dragon in dragons:
        page.get_by_role("button", name="Add a dragon").click()
        heading(page, "Add a dragon")
        page.get_by_label("Email address").fill(dragon.email)
        page.get_by_role("button", name="Add dragon").click()
        banner(page, f"{dragon.name} has been added to {name}")
    people.axe(page, f"{name}, with its dragons")
    page.get_by_role("link", name="Back to panels").click()


def test_organiser_routes_pitches_dragons_score_and_follow_the_chair(people):
    organiser = make_user(name="Olu Organiser", roles=("organiser",))
    names = ("Cara Chair", "Ada Dragon", "Bo Dragon", "Dee Chair", "Eli Dragon", "Fay Dragon")
    cara, ada, bo, dee, eli, fay = (
        make_dragon(name=name, email=f"{name.split()[0].lower()}@example.gov.uk") for name in names
    )

    # 1. The organiser creates a round: a first try with nothing typed.
    olu = people.open_as(organiser)
    nav(olu, "Rounds")
    people.axe(olu, "rounds, none yet")
    olu.get_by_role("button", name="Create a round").click()
    heading(olu, "Create a round")
    people.axe(olu, "create a round, empty")
    olu.get_by_role("button", name="Create round").click()
    errors_shown(olu, "Enter a name for the round", "Enter the date the round opens")
    people.axe(olu, "create a round, nothing typed")
    olu.get_by_label("Name", exact=True).fill(ROUND)
    fill_date(olu, "Date the round opens", date.today() + timedelta(days=1))
    fill_date(olu, "Date the round closes", date.today() + timedelta(days=30))
    olu.get_by_role("button", name="Create round").click()
    banner(olu, f"{ROUND} has been created as a draft")
    # Six eligible pitches in the round, from teams in another department than the dragons'.
    round_ = db.session.scalars(db.select(Round).where(Round.name == ROUND)).one()
    for n, title in enumerate(TITLES, start=1):
        make_team_pitch(round_, title=title, reference=f"SPK-2027-{n:04d}")
    db.session.commit()

    # It opens from the list of rounds; the default criteria are there, kept as they are.
    nav(olu, "Rounds")
    olu.get_by_role("link", name=ROUND).click()
    heading(olu, ROUND)
    people.axe(olu, "the round, judging not set up")
    olu.get_by_role("link", name="Criteria", exact=True).click()
    heading(olu, "Criteria")
    cards = olu.locator(".govuk-summary-card__title")
    expect(cards).to_have_text([f"{n}. {name}" for n, name in enumerate(CRITERIA, start=1)])
    people.axe(olu, "criteria, the default set")
    olu.get_by_role("link", name=f"Back to {ROUND}").first.click()

    # Two panels, a chair and two dragons each; a dragon already on the panel is refused.
    olu.get_by_role("link", name="Panels", exact=True).click()
    heading(olu, "Panels")
    people.axe(olu, "panels, none yet")
    olu.get_by_role("button", name="Create a panel").click()
    olu.get_by_role("button", name="Create panel").click()
    errors_shown(olu, "Enter a name for the panel", "Enter the email address of the chair")
    people.axe(olu, "create a panel, nothing typed")
    olu.get_by_role("link", name="Back to panels").click()
    make_panel_in_browser(people, olu, "Panel A", cara, [ada, bo])
    olu.get_by_role("link", name="Panel A").click()
    olu.get_by_role("button", name="Add a dragon").click()
    people.axe(olu, "add a dragon, empty")
    olu.get_by_label("Email address").fill(cara.email)
    olu.get_by_role("button", name="Add dragon").click()
    errors_shown(olu, f"Cara Chair ({cara.email}) is already on this panel")
    expect(olu.get_by_label("Email address")).to_have_value(cara.email)
    people.axe(olu, "add a dragon, already on the panel")
    olu.get_by_role("link", name="Back to Panel A").click()
    olu.get_by_role("link", name="Back to panels").click()
    make_panel_in_browser(people, olu, "Panel B", dee, [eli, fay])
    expect(olu.get_by_role("table")).to_contain_text("Dee Chair")
    people.axe(olu, "panels, two")

    # Routing: six pitches waiting; the automatic preview places them all, three a panel.
    olu.get_by_role("link", name=f"Back to {ROUND}").click()
    olu.get_by_role("link", name="Routing", exact=True).click()
    heading(olu, "Route pitches to panels")
    expect(olu.get_by_text("6 eligible pitches are waiting for a panel")).to_be_visible()
    people.axe(olu, "routing, six pitches waiting")
    olu.get_by_role("button", name="Route automatically").click()
    heading(olu, "Check the automatic routing")
    for panel in ("Panel A", "Panel B"):
        caption = f"{panel}: 3 pitches added, 3 pitches in all"
        expect(olu.get_by_role("table", name=caption)).to_be_visible()
    for n, title in enumerate(TITLES, start=1):
        expect(olu.get_by_role("cell", name=f"SPK-2027-{n:04d}: {title}")).to_be_visible()
    expect(olu.get_by_role("heading", name="Pitches that cannot be placed")).to_have_count(0)
    people.axe(olu, "routing preview, six placed")
    olu.get_by_role("button", name="Apply this routing").click()
    banner(olu, "6 pitches routed to 2 panels")
    expect(olu.get_by_text("No eligible pitches are waiting for a panel")).to_be_visible()
    people.axe(olu, "routing, applied")

    # 2. Bo, a dragon on Panel A, declares a conflict with its third pitch.
    bo_page = people.open_as(bo)
    people.axe(bo_page, "home, a dragon")
    nav(bo_page, "Your panels")
    heading(bo_page, "Your panels")
    people.axe(bo_page, "your panels")
    bo_page.get_by_role("link", name="Panel A").click()
    heading(bo_page, "Panel A")
    order = bo_page.get_by_role("table").get_by_role("rowheader").all_inner_texts()
    assert len(order) == 3 and set(order) < set(TITLES), order
    first, second, third = order
    expect(bo_page.get_by_text("No pitch has started yet")).to_be_visible()
    people.axe(bo_page, "panel page, before the session")
    bo_page.get_by_role("link", name="Declare a conflict of interest").click()
    heading(bo_page, "Declare a conflict of interest")
    people.axe(bo_page, "declare a conflict, empty")
    bo_page.get_by_role("radio", name=f"3. {third}").check()
    bo_page.get_by_role("button", name="Declare conflict of interest").click()
    errors_shown(bo_page, "Enter why you have a conflict of interest with this pitch")
    expect(bo_page.get_by_role("radio", name=f"3. {third}")).to_be_checked()
    people.axe(bo_page, "declare a conflict, no reason")
    reason = "I mentored two of the team last year."
    bo_page.get_by_label("Why do you have a conflict of interest?").fill(reason)
    bo_page.get_by_role("button", name="Declare conflict of interest").click()
    banner(bo_page, f"You have declared a conflict of interest with ‘{third}’")
    expect(bo_page.get_by_role("row", name=re.compile(re.escape(third)))).to_contain_text("Recused")
    expect(bo_page.get_by_role("link", name=third, exact=True)).to_have_count(0)
    people.axe(bo_page, "panel page, one pitch recused")
    # The organiser reads it in the conflicts register.
    olu.get_by_role("link", name=f"Back to {ROUND}").click()
    olu.get_by_role("link", name="Conflicts of interest").click()
    expect(olu.get_by_role("main")).to_contain_text(reason)
    people.axe(olu, "conflicts register, one declared")

    # 3. Cara, the chair, calls the first pitch and opens scoring.
    chair = people.open_as(cara)
    nav(chair, "Your panels")
    chair.get_by_role("link", name="Panel A").click()
    chair.get_by_role("link", name="Run the panel session").click()
    heading(chair, "Run the panel")
    people.axe(chair, "chair's control page, nothing called")
    chair.get_by_role("button", name=f"Next pitch: {first}").click()
    banner(chair, f"{first} is now pitching")
    people.axe(chair, "chair's control page, now pitching")
    chair.get_by_role("button", name=f"Open scoring for {first}").click()
    banner(chair, f"Scoring for {first} is open")
    people.axe(chair, "chair's control page, scoring open")

    # Bo submits first, with comments; Cara too.
    open_pitch(bo_page, "Panel A", first)
    people.axe(bo_page, "pitch page, an empty sheet")
    bo_comment = "Bo: the user research is the strongest I have seen this round."
    fill_sheet(bo_page, [5, 4, 4, 3, 4, 5], {CRITERIA[0]: bo_comment}, "In", "Good evidence.")
    bo_page.get_by_role("button", name="Submit score sheet").click()
    banner(bo_page, f"You have submitted your score sheet for ‘{first}’")
    expect(bo_page.get_by_role("heading", name="Everyone’s score sheets")).to_be_visible()
    people.axe(bo_page, "pitch page, submitted, one sheet in")
    open_pitch(chair, "Panel A", first)
    cara_comment = "Cara: costs look low for two developers."
    fill_sheet(chair, [3, 3, 2, 2, 3, 3], {CRITERIA[3]: cara_comment}, "Out", "Costs unclear.")
    chair.get_by_role("button", name="Submit score sheet").click()
    banner(chair, "You have submitted your score sheet")

    # Ada: an empty submit is refused; a draft is saved; the others' sheets stay hidden.
    ada_page = people.open_as(ada)
    open_pitch(ada_page, "Panel A", first)
    ada_page.get_by_role("button", name="Submit score sheet").click()
    shown = errors_shown(ada_page, f"Select a score for {CRITERIA[0]}", "Select In or Out")
    assert len(shown) == len(CRITERIA) + 1, shown
    people.axe(ada_page, "pitch page, empty sheet submitted")
    fill_sheet(ada_page, [4, 4, 3])
    ada_page.get_by_role("button", name="Save as draft").click()
    banner(ada_page, f"Your draft score sheet for ‘{first}’ has been saved")
    people.axe(ada_page, "pitch page, a draft saved")
    main = ada_page.get_by_role("main")
    expect(main).not_to_contain_text(bo_comment)
    expect(main).not_to_contain_text(cara_comment)
    expect(ada_page.get_by_role("heading", name="Everyone’s score sheets")).to_have_count(0)
    expect(ada_page.get_by_role("heading", name="Bo Dragon")).to_have_count(0)
    # She completes and submits it: now every sheet shows, with the dragons' names.
    expect(score_radio(ada_page, CRITERIA[0], 4)).to_be_checked()
    fill_sheet(ada_page, [4, 4, 3, 4, 3, 4], verdict="In", reason="A real problem.")
    ada_page.get_by_role("button", name="Submit score sheet").click()
    banner(ada_page, f"You have submitted your score sheet for ‘{first}’")
    expect(ada_page.get_by_role("heading", name="Everyone’s score sheets")).to_be_visible()
    for name in ("Bo Dragon", "Cara Chair"):
        expect(ada_page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(main).to_contain_text(bo_comment)
    expect(main).to_contain_text(cara_comment)
    people.axe(ada_page, "pitch page, submitted, every sheet shown")

    # 4. Ada and Bo have the panel page open; the chair calls the next pitch.
    followers = []
    for page in (ada_page, bo_page):
        page.get_by_role("link", name="Back to Panel A").click()
        heading(page, "Panel A")
        now = page.locator("#now-pitching")  # the live region has no label of its own
        expect(now).to_contain_text(f"1. {first}")
        expect(now).to_contain_text("Scoring open")
        expect(now).to_have_attribute("aria-live", "polite")
        followers.append((page, now))
    people.axe(ada_page, "panel page, scoring open")
    if people.javascript:
        for page, _now in followers:  # gone if the page reloads
            page.evaluate("() => { window.sparkJourneyMarker = 'still here'; }")
    chair.get_by_role("link", name="Back to Panel A").click()
    chair.get_by_role("link", name="Run the panel session").click()
    stale_tab = chair.context.new_page()
    stale_tab.goto(chair.url)
    chair.get_by_role("button", name=f"Next pitch: {second}").click()
    banner(chair, f"{second} is now pitching")
    # The same button on a tab opened before is refused: nothing is skipped.
    stale_tab.get_by_role("button", name=f"Next pitch: {second}").click()
    errors_shown(stale_tab)
    people.axe(stale_tab, "chair's control page, a second tab's stale move")
    stale_tab.close()

    for page, now in followers:
        if people.javascript:
            expect(now).to_contain_text(f"2. {second}", timeout=LIVE_TIMEOUT)
            expect(now).to_contain_text("Now pitching")
            marker = page.evaluate("() => window.sparkJourneyMarker")
            assert marker == "still here", "the panel page reloaded"
        else:
            expect(now).to_contain_text(f"1. {first}")  # nothing moves without a refresh
            page.get_by_role("link", name="Refresh the page").click()
            expect(now).to_contain_text(f"2. {second}")
            expect(now).to_contain_text("Now pitching")
    expect(ada_page.get_by_role("row", name=re.compile(re.escape(first)))).to_contain_text(
        "Submitted"
    )
    people.axe(ada_page, "panel page, following the chair")
    people.axe(bo_page, "panel page, following the chair, one pitch recused")
