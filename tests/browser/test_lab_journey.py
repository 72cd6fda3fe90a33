"""The lab's acceptance journey, end to end in Chromium, as new users would take it.

A panel has funded a pitch, so its project is open in the lab, in Discovery. Lena, from the
lab, finds it on the lab board, opens it and moves it to Alpha: a first try with nothing
chosen is refused; then Alpha, the evidence and a gate met, and the project page shows the
new stage and the timeline's entry with the evidence. The team's lead finds the project from
their pitch page, may not move it (403), adds a milestone (a date that does not exist is
refused first), adds a benefit and records a reading of it (the chart and the table show it),
and writes a story in Markdown with a list and a link, previews it, saves it and publishes it.
A colleague from another department finds the story on the showcase by a word in its text.
axe-core checks every page in every state, errors and confirmations included.

The same journey runs with JavaScript on at 1024px and with it off at 320px, where no page
scrolls sideways (tables scroll inside their own regions). Only the funded project and the
three people come from factories; everything else is clicked and typed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from tests.browser import test_panel_journey
from tests.browser.test_decision_journey import check
from tests.browser.test_panel_journey import banner, errors_shown, fill_date, heading, nav
from tests.factories import outbox_messages
from tests.lab_factories import funded_project, make_colleague, make_lab_user

pytestmark = pytest.mark.browser

# One browser context per person, all with JavaScript on (1024px) or all off (320px).
people = test_panel_journey.people

TITLE = "Tax letters people understand"
SUMMARY = "Plain English letters, tested with the people who get them"
EVIDENCE = "Interviews with 14 people who got a tax letter; 9 could not say what to do next."
MILESTONE = "Private beta with 50 people"
BENEFIT = "Staff hours answering calls about letters each week"
SOURCE = "The contact centre’s weekly report"
STORY = "What we learnt reading letters aloud"
# "kakapo" is in the story's text only: the colleague finds the story by it.
BODY = """We set out to write tax letters that people understand the first time.

Three things made the difference:

- reading every draft aloud to a colleague
- testing with people who use screen readers
- the kakapo rule: one idea to a sentence

We followed the [GOV.UK content design guidance](https://www.gov.uk/guidance/content-design/writing-for-gov-uk).
"""
GUIDANCE_URL = "https://www.gov.uk/guidance/content-design/writing-for-gov-uk"
LIST_ITEMS = [
    "reading every draft aloud to a colleague",
    "testing with people who use screen readers",
    "the kakapo rule: one idea to a sentence",
]


def inline_errors(page, *messages: str) -> None:
    """Each message shows beside its field too (GOV.UK error messages start 'Error:')."""
    shown = [
        " ".join(text.split()) for text in page.locator(".govuk-error-message").all_inner_texts()
    ]
    for message in messages:
        assert f"Error: {message}" in shown, shown


def summary_value(scope, key: str):
    """The value of the summary list row in ``scope`` (a page or a locator) whose key is
    ``key``."""
    page = getattr(scope, "page", scope)  # a locator's page; a page is its own
    key_cell = page.locator(".govuk-summary-list__key").filter(
        has_text=re.compile(rf"^\s*{re.escape(key)}\s*$")
    )
    row = scope.locator(".govuk-summary-list__row").filter(has=key_cell)
    return row.locator(".govuk-summary-list__value")


def test_the_lab_moves_a_project_the_team_reports_and_a_colleague_finds_its_story(people):
    funded = funded_project()
    funded.pitch.title, funded.pitch.summary = TITLE, SUMMARY
    lab_user = make_lab_user(name="Lena Lab")
    colleague = make_colleague(name="Cal Colleague", department="Department for Work and Pensions")
    db.session.commit()
    lead, project_id = funded.lead, funded.project.id
    assert lead.department != colleague.department

    # 1. The lab moves the project from Discovery to Alpha.
    lena = people.open_as(lab_user)
    check(people, lena, "home page, the lab")
    nav(lena, "Lab")
    heading(lena, "Lab board")
    check(people, lena, "lab board, one project in Discovery")
    lena.get_by_role("table", name="Projects in Discovery").get_by_role(
        "link", name=TITLE, exact=True
    ).click()
    heading(lena, TITLE)
    expect(summary_value(lena, "Current stage")).to_have_text("Discovery")
    check(people, lena, "project page, in Discovery, the lab")
    lena.get_by_role("link", name=re.compile(r"^Move to another stage")).click()
    heading(lena, "Move to another stage")
    check(people, lena, "move form, empty")

    lena.get_by_role("button", name="Save and email the team").click()
    errors_shown(lena, "Select the stage to move the project to")
    inline_errors(lena, "Select the stage to move the project to")
    heading(lena, "Move to another stage")
    check(people, lena, "move form, nothing chosen")

    lena.get_by_role("group", name="Which stage should the project move to?").get_by_label(
        "Alpha", exact=True
    ).check()
    lena.get_by_label("Evidence the project meets the gate").fill(EVIDENCE)
    lena.get_by_role("group", name="Did the project meet the gate?").get_by_label(
        "Met", exact=True
    ).check()
    lena.get_by_role("button", name="Save and email the team").click()
    banner(lena, f"{TITLE} moved to Alpha. The team has been emailed")
    heading(lena, TITLE)
    expect(summary_value(lena, "Current stage")).to_have_text("Alpha")
    entry = lena.locator("#timeline-heading ~ ol > li").filter(
        has_text="Moved from Discovery to Alpha"
    )
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("By Lena Lab")
    expect(summary_value(entry, "Gate assessment")).to_have_text("Met")
    expect(summary_value(entry, "Evidence")).to_have_text(EVIDENCE)
    check(people, lena, "project page, moved to Alpha, with the banner")
    emails = [m for m in outbox_messages("lab_stage_changed") if m.to == lead.email]
    assert len(emails) == 1 and EVIDENCE in emails[0].body, emails
    db.session.rollback()  # end the read, so the live app's writes never wait on it

    # 2. The team's lead finds the project from their pitch page.
    team = people.open_as(lead)
    check(people, team, "home page, the team's lead")
    nav(team, "Your pitches")
    check(people, team, "your pitches, the team's lead")
    team.get_by_role("link", name=TITLE, exact=True).click()
    heading(team, TITLE)
    card = team.locator(".govuk-summary-card").filter(
        has=team.get_by_role("heading", name="Your idea is in the innovation lab")
    )
    expect(summary_value(card, "Stage")).to_have_text("Alpha")
    check(people, team, "pitch page with its lab part")
    card.get_by_role("link", name=re.compile(r"^Go to your lab project")).click()
    heading(team, TITLE)
    expect(summary_value(team, "Current stage")).to_have_text("Alpha")
    expect(team.get_by_role("link", name=re.compile(r"^Move to another stage"))).to_have_count(0)
    check(people, team, "project page, the team")

    # Only the lab moves a project: the form's address is forbidden to the team.
    response = team.goto(f"/lab/projects/{project_id}/stage")
    assert response is not None and response.status == 403, response and response.status
    heading(team, "You do not have permission to see this page")
    check(people, team, "move form, forbidden to the team (403)")
    team.go_back()
    heading(team, TITLE)

    # A milestone: a date that does not exist first, then a real one.
    team.get_by_role("button", name="Add a milestone").click()
    heading(team, "Add a milestone")
    check(people, team, "add a milestone, empty")
    team.get_by_label("Title", exact=True).fill(MILESTONE)
    due_group = team.get_by_role("group", name="Due date")
    due_group.get_by_label("Day").fill("31")
    due_group.get_by_label("Month").fill("2")
    due_group.get_by_label("Year").fill("2027")
    team.get_by_role("button", name="Add milestone").click()
    errors_shown(team, "The due date must be a real date")
    inline_errors(team, "The due date must be a real date")
    expect(team.get_by_label("Title", exact=True)).to_have_value(MILESTONE)
    check(people, team, "add a milestone, a date that does not exist")
    due = date.today() + timedelta(days=60)
    fill_date(team, "Due date", due)
    team.get_by_role("button", name="Add milestone").click()
    banner(team, "Milestone added")
    heading(team, TITLE)
    milestones = team.get_by_role("table", name=re.compile(r"^Milestones"))
    row = milestones.get_by_role("row").filter(has_text=MILESTONE)
    expect(row).to_contain_text(f"{due.day} {due:%B %Y}")
    expect(row.get_by_role("cell").first).to_have_text("Upcoming")
    check(people, team, "project page, a milestone added")

    # A benefit to measure, and a reading of it.
    team.get_by_role("link", name="Add a benefit to measure").click()
    heading(team, "Add a benefit to measure")
    check(people, team, "add a benefit, empty")
    team.get_by_label("Name of the benefit").fill(BENEFIT)
    team.get_by_role("group", name="What is it measured in?").get_by_label(
        "Hours", exact=True
    ).check()
    team.get_by_role("group", name="Which is better?").get_by_label(
        "Lower is better", exact=True
    ).check()
    team.get_by_label("Baseline").fill("40")
    team.get_by_label("Target").fill("10")
    team.get_by_role("button", name="Add benefit").click()
    banner(team, "Benefit added")
    heading(team, "Benefits")
    expect(team.get_by_role("heading", name=BENEFIT)).to_be_visible()
    check(people, team, "benefits page, a benefit without readings")

    team.get_by_role("link", name=f"Record a reading of {BENEFIT}").click()
    heading(team, f"Record a reading of {BENEFIT}")
    check(people, team, "record a reading, empty")
    taken = date.today() - timedelta(days=7)
    team.get_by_label("Value").fill("28")
    fill_date(team, "Date taken", taken)
    team.get_by_label("Where the figure comes from").fill(SOURCE)
    team.get_by_role("button", name="Record reading").click()
    banner(team, "Reading recorded")
    heading(team, "Benefits")
    check(people, team, "benefits page, one reading")
    team.get_by_role("link", name="Back to the project").click()
    heading(team, TITLE)
    benefits = team.locator("#benefits")
    expect(benefits.get_by_role("img", name=f"Chart: {BENEFIT} over time")).to_be_visible()
    readings = benefits.get_by_role("table", name=f"Readings of {BENEFIT}")
    expect(readings.get_by_role("row")).to_have_count(2)
    reading = readings.get_by_role("row").nth(1)
    expect(reading).to_contain_text(f"{taken.day} {taken:%B %Y}")
    expect(reading).to_contain_text("28 hours")
    expect(reading).to_contain_text(SOURCE)
    expect(summary_value(benefits, "Latest reading")).to_contain_text("28 hours")
    check(people, team, "project page, a benefit with a reading and its chart")

    # A story: written in Markdown, previewed, saved as a draft, then published.
    team.get_by_role("link", name="Write a story").click()
    heading(team, "Write a story")
    check(people, team, "write a story, empty")
    team.get_by_label("Title", exact=True).fill(STORY)
    team.get_by_label("Story", exact=True).fill(BODY)
    team.get_by_role("button", name="Preview").click()
    heading(team, "Write a story")
    preview = team.locator("#story-preview")
    expect(preview.get_by_role("heading", name=f"Preview: {STORY}")).to_be_visible()
    expect(preview.locator("ul.govuk-list--bullet > li")).to_have_text(LIST_ITEMS)
    expect(preview.get_by_role("link", name="GOV.UK content design guidance")).to_have_attribute(
        "href", GUIDANCE_URL
    )
    expect(team.get_by_label("Story", exact=True)).to_have_value(BODY.strip())
    check(people, team, "write a story, preview")
    team.get_by_role("button", name="Save as a draft").click()
    banner(team, "Story saved as a draft")
    heading(team, STORY)
    expect(summary_value(team, "Status")).to_contain_text("Only the project’s team")
    check(people, team, "story page, a draft")
    team.get_by_role("button", name="Publish the story").click()  # a link styled as a button
    heading(team, "Publish the story")
    check(people, team, "publish the story, confirmation")
    team.get_by_role("button", name="Publish the story").click()
    banner(team, "Story published. Everyone signed in can now read it on the showcase")
    heading(team, STORY)
    expect(summary_value(team, "Status")).to_contain_text("On the showcase since")
    check(people, team, "story page, published")
    team.get_by_role("link", name="Back to the project").click()
    stories = team.locator("section[aria-labelledby='stories-heading']")
    expect(stories.get_by_role("link", name=STORY)).to_be_visible()
    check(people, team, "project page, with its story")

    # 3. A colleague from another department finds the story on the showcase.
    cal = people.open_as(colleague)
    check(people, cal, "home page, a colleague from another department")
    nav(cal, "Showcase")
    heading(cal, "Showcase")
    check(people, cal, "showcase, one story")
    cal.get_by_label("Search stories and projects").fill("kakapo")
    cal.get_by_role("button", name="Search").click()
    heading(cal, "Showcase")
    expect(cal.locator("#results-heading")).to_have_text("1 story matching “kakapo”")
    check(people, cal, "showcase, search results")
    cal.get_by_role("link", name=STORY, exact=True).click()
    heading(cal, STORY)
    main = cal.get_by_role("main")
    expect(summary_value(cal, "Department")).to_have_text(lead.department)
    expect(main.locator("ul.govuk-list--bullet > li")).to_have_text(LIST_ITEMS)
    expect(main.get_by_role("link", name="GOV.UK content design guidance")).to_have_attribute(
        "href", GUIDANCE_URL
    )
    expect(main.locator("script")).to_have_count(0)
    check(people, cal, "showcase story page")
