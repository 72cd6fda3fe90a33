"""axe-core on stories and the showcase in every state, in Chromium against the live app with
its real CSP and CSRF: the team writes a story (errors, preview), publishes it after the
confirmation, and a colleague from another department finds it on the showcase by words in
it; the empty showcase, a page of results, no results, a stale edit; and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spark.extensions import db
from spark.lab import story_service
from spark.lab.models import Partner
from spark.lab.story_service import StoryText
from tests.browser.support import (
    assert_errors_shown,
    assert_no_axe_violations,
    assert_no_axe_violations_without_javascript,
    click_for_status,
    new_window,
    scroll_width,
    sign_in,
)
from tests.lab_factories import funded_project, make_colleague, make_organiser

pytestmark = pytest.mark.browser

RICH = """We set out to make benefit letters readable by **everyone**, including people who use
screen readers.

# What worked

- Testing with _real_ letters, not lorem ipsum
- Reading the [GOV.UK guidance](https://www.gov.uk/guidance/content-design/writing-for-gov-uk)
- Asking [the lab](mailto:lab@example.gov.uk) early

## In numbers

1. 12 letters rewritten
2. 37 of 40 people understood the new ones

> I could finally tell what they wanted me to do.

Use `plain words` in templates:

```
Dear {name}, you need to send us your payslips by {date}.
```

<script>alert('not run')</script> and [not a link](javascript:alert(1)).
"""


def _live(funded, title: str, summary: str = "", stage: str = "live"):
    funded.project.stage = stage
    funded.pitch.title, funded.pitch.summary = title, summary
    db.session.commit()
    return funded


def test_the_team_writes_and_publishes_a_story_a_colleague_finds_it(
    page, browser, live_server, page_problems
):
    funded = _live(funded_project(), "Readable benefit letters", "Letters everyone can read")
    db.session.add(Partner(project_id=funded.project.id, name="RNIB", role="Tested with users"))
    db.session.commit()
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}/stories")
    expect(page.locator("h1")).to_have_text("Stories")
    assert_no_axe_violations(page, "the project's stories, none yet")
    page.get_by_role("button", name="Write a story").click()
    expect(page.locator("h1")).to_have_text("Write a story")
    page.get_by_text("How to format your story").click()
    assert_no_axe_violations(page, "story form, formatting help open")

    assert click_for_status(page, "Save as a draft") == 400
    assert_errors_shown(page, ["Enter a title", "Enter the story"])
    assert_no_axe_violations(page, "story form, errors")

    page.get_by_label("Title").fill("What we learnt rewriting letters")
    page.get_by_label("Story").fill(RICH)
    assert click_for_status(page, "Preview") == 200
    expect(page.locator("#preview-heading")).to_have_text(
        "Preview: What we learnt rewriting letters"
    )
    expect(page.locator("#story-preview blockquote.govuk-inset-text")).to_be_visible()
    assert page.locator("#story-preview script").count() == 0
    # Under the preview's h2, the story's own headings start at h3 and never skip a level.
    expect(page.locator("#story-preview h2")).to_have_count(1)
    expect(page.locator("#story-preview h3")).to_have_text("What worked")
    expect(page.locator("#story-preview h4")).to_have_text("In numbers")
    assert_no_axe_violations(page, "story form, preview")

    assert click_for_status(page, "Save as a draft") == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Story saved as a draft"
    )
    expect(page.locator("h1")).to_have_text("What we learnt rewriting letters")
    expect(page.locator("main h2.govuk-heading-m").first).to_have_text("What worked")
    assert_no_axe_violations(page, "story page, a draft with rich Markdown")

    page.get_by_role("button", name="Publish the story").click()
    expect(page.locator("h1")).to_have_text("Publish the story")
    expect(page.locator("#the-story h2")).to_have_count(1)
    expect(page.locator("#the-story h3")).to_have_text("What worked")
    assert_no_axe_violations(page, "publish confirmation")
    assert click_for_status(page, "Publish the story") == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Story published")
    assert_no_axe_violations(page, "story page, published")

    # A colleague from another department finds it on the showcase by words in it.
    colleague = make_colleague(department="Ministry of Justice")
    other = new_window(browser, live_server, page_problems)
    try:
        sign_in(other, colleague)
        other.get_by_role("link", name="Showcase").click()
        expect(other.locator("h1")).to_have_text("Showcase")
        assert_no_axe_violations(other, "showcase with a story and a project")
        other.get_by_label("Search stories and projects").fill("screen readers")
        other.get_by_role("button", name="Search").click()
        expect(other.locator("#results-heading")).to_have_text("1 story matching “screen readers”")
        assert_no_axe_violations(other, "showcase, search results")
        other.get_by_role("link", name="What we learnt rewriting letters").click()
        expect(other.locator("h1")).to_have_text("What we learnt rewriting letters")
        expect(other.locator("main")).to_contain_text("37 of 40 people understood the new ones")
        assert other.locator("main script").count() == 0
        assert_no_axe_violations(other, "showcase story page with rich Markdown")
        other.get_by_role("link", name="Readable benefit letters").click()
        expect(other.locator("h1")).to_have_text("Readable benefit letters")
        expect(other.locator("main")).to_contain_text("RNIB: Tested with users")
        assert_no_axe_violations(other, "showcase project page")

        other.goto("/showcase?q=zebra+crossings")
        expect(other.locator("#results-heading")).to_have_text(
            "No stories or projects match “zebra crossings”"
        )
        assert_no_axe_violations(other, "showcase, no results")

        other.set_viewport_size({"width": 320, "height": 640})
        other.goto(f"/showcase/stories/{story_service.stories_of(funded.project)[0].id}")
        assert scroll_width(other) <= 320
        assert_no_axe_violations(other, "showcase story page at 320px")
    finally:
        other.context.close()


def test_the_empty_showcase_and_a_page_of_results(page):
    sign_in(page, make_colleague())
    page.goto("/showcase")
    expect(page.locator("#results-heading")).to_have_text("Nothing on the showcase yet")
    assert_no_axe_violations(page, "empty showcase")

    funded = _live(funded_project(), "Flood warnings", "Warnings by text message", stage="scaled")
    for n in range(22):
        story_service.publish(
            story_service.write(funded.project, funded.lead, StoryText(f"Winter {n}", RICH)),
            funded.lead,
            seen_version=1,
        )
    page.goto("/showcase?stage=scaled")
    expect(page.locator("#results-heading")).to_have_text("22 stories and 1 project")
    expect(page.locator(".govuk-pagination")).to_be_visible()
    assert_no_axe_violations(page, "showcase, first of two pages, filtered")
    page.get_by_role("link", name="Next").click()
    expect(page.locator("main")).to_contain_text("Page 2 of 2")
    assert_no_axe_violations(page, "showcase, second page")
    page.goto("/showcase?show=projects&stage=live")
    expect(page.locator("#results-heading")).to_have_text(
        "No stories or projects match your filters"
    )
    assert_no_axe_violations(page, "showcase, filters match nothing")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/showcase")
    assert scroll_width(page) <= 320
    assert_no_axe_violations(page, "showcase at 320px")


def test_a_stale_edit_and_unpublishing(page):
    funded = funded_project()
    story = story_service.write(funded.project, funded.lead, StoryText("Lessons", RICH))
    story_service.publish(story, funded.lead, seen_version=1)
    sign_in(page, funded.lead)
    page.goto(f"/lab/projects/{funded.project.id}/stories/{story.id}/edit")
    expect(page.locator(".govuk-warning-text")).to_contain_text("This story is published")
    assert_no_axe_violations(page, "change a published story")
    story_service.change(
        story,
        funded.lead,
        StoryText("Lessons, changed", "# Their heading\n\nTheirs"),
        seen_version=2,
    )
    page.get_by_label("Title").fill("My lessons")
    assert click_for_status(page, "Save changes") == 409
    page.locator(".govuk-error-summary").wait_for(state="visible")
    expect(page.locator("#current-story")).to_contain_text("Lessons, changed")
    expect(page.locator("#current-story h3")).to_have_text("Their heading")
    expect(page.get_by_label("Title")).to_have_value("My lessons")
    assert_no_axe_violations(page, "stale edit, the story as it is now beside what was typed")

    page.goto(f"/lab/projects/{funded.project.id}/stories/{story.id}")
    page.get_by_role("button", name="Unpublish the story").click()
    expect(page.locator("h1")).to_have_text("Unpublish the story")
    assert_no_axe_violations(page, "unpublish confirmation")
    assert click_for_status(page, "Unpublish the story") == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Story unpublished")
    assert_no_axe_violations(page, "story page, unpublished")


def test_organisers_read_a_draft_on_the_showcase_as_its_warning_says(page):
    funded = funded_project()
    story = story_service.write(funded.project, funded.lead, StoryText("Early lessons", RICH))
    sign_in(page, make_organiser())
    page.goto(f"/showcase/stories/{story.id}")
    expect(page.locator("h1")).to_have_text("Early lessons")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "This story is a draft. Only the project’s team, the lab and organisers can read it"
    )
    expect(page.get_by_role("link", name="Change or publish this story in the lab")).to_have_count(
        0
    )
    assert_no_axe_violations(page, "showcase draft story, for an organiser")


def test_without_javascript(page, browser, live_server, page_problems):
    funded = _live(funded_project(), "Plain letters")
    nojs = new_window(browser, live_server, page_problems, java_script_enabled=False)
    try:
        sign_in(nojs, funded.lead)
        nojs.goto(f"/lab/projects/{funded.project.id}/stories/new")
        nojs.get_by_role("button", name="Save as a draft").click()
        expect(nojs.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        assert_no_axe_violations_without_javascript(nojs, page, "story form, errors")
        nojs.get_by_label("Title").fill("Plain words")
        nojs.get_by_label("Story").fill(RICH)
        nojs.get_by_role("button", name="Preview").click()
        expect(nojs.locator("#preview-heading")).to_have_text("Preview: Plain words")
        assert_no_axe_violations_without_javascript(nojs, page, "story form, preview")
        nojs.get_by_role("button", name="Save as a draft").click()
        nojs.get_by_role("button", name="Publish the story").click()
        nojs.get_by_role("button", name="Publish the story").click()
        expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text(
            "Story published"
        )
        nojs.goto("/showcase?q=plain+words")
        expect(nojs.locator("#results-heading")).to_contain_text("1 story")
        assert_no_axe_violations_without_javascript(nojs, page, "showcase, search results")
    finally:
        nojs.context.close()
