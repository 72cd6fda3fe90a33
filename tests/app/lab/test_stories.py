"""Stories in the lab: the team and the lab write, preview, change, publish and unpublish
them; organisers read them; anyone else gets 404; the project page lists them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from spark.extensions import db
from spark.lab import project_parts, story_service
from spark.lab.models import Story
from spark.lab.story_service import StoryText
from spark.lab.story_views import stories_part
from tests.app.test_panel_query_counts import statements_of
from tests.factories import audit_events, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser
from tests.panel_factories import fresh

RICH = (
    "We learnt **three** things.\n\n## What worked\n\n- Testing early\n- [Guidance]"
    "(https://www.gov.uk/service-manual)\n\n> Users said it was quicker\n\n"
    "<script>alert('x')</script> [bad](javascript:alert(1))"
)


def make_story(project, user, title="What we learnt", body=RICH, published=False) -> Story:
    story = story_service.write(project, user, StoryText(title, body))
    if published:
        story_service.publish(story, user, seen_version=story.version)
    return story


def _base(funded) -> str:
    return f"/lab/projects/{funded.project.id}/stories"


def _form(**fields) -> dict[str, str]:
    data = {"title": "Letters people understand", "body": "We rewrote **12** letters."}
    data.update(fields)
    return data


@pytest.fixture
def funded(app):
    return funded_project()


# Writing ----------------------------------------------------------------------------------


def test_the_team_writes_a_draft_story(client, funded):
    sign_in(client, funded.lead)
    page = client.get(f"{_base(funded)}/new")
    assert page.status_code == 200
    assert "Images and tables are not supported" in page.get_data(as_text=True)
    response = client.post(f"{_base(funded)}/new", data=_form(save="Save as a draft"))
    assert response.status_code == 302
    story = db.session.query(Story).one()
    assert response.headers["Location"] == f"{_base(funded)}/{story.id}"
    assert (story.title, story.body, story.status, story.version) == (
        "Letters people understand",
        "We rewrote **12** letters.",
        "draft",
        1,
    )
    assert story.written_by_id == funded.lead.id
    [event] = audit_events("lab_story.written")
    assert (event.actor_id, event.target_id) == (funded.lead.id, str(story.id))
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Story saved as a draft" in shown
    assert "We rewrote <strong>12</strong> letters." in shown
    assert "Draft" in shown and "Publish the story" in shown


def test_the_lab_writes_a_story_too(client, funded):
    sign_in(client, make_lab_user())
    assert client.post(f"{_base(funded)}/new", data=_form()).status_code == 302
    assert db.session.query(Story).count() == 1


def test_a_stopped_project_still_takes_its_lessons_learnt(client, funded):
    funded.project.status = "stopped"
    db.session.commit()
    sign_in(client, funded.lead)
    page = client.get(f"{_base(funded)}/new").get_data(as_text=True)
    assert "This project has stopped" in page
    assert client.post(f"{_base(funded)}/new", data=_form()).status_code == 302


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"title": "", "body": ""}, ["Enter a title", "Enter the story"]),
        ({"title": "   ", "body": " \r\n "}, ["Enter a title", "Enter the story"]),
        ({"title": "x" * 121}, ["The title must be 120 characters or fewer"]),
        ({"body": "y" * 20_001}, ["The story must be 20,000 characters or fewer"]),
    ],
)
def test_form_errors_show_at_once_with_what_was_typed(client, funded, fields, errors):
    sign_in(client, funded.lead)
    response = client.post(f"{_base(funded)}/new", data=_form(**fields))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    summary = re.findall(
        r'<a href="#(\w+)">([^<]+)</a>', html.split("govuk-error-summary__list")[1]
    )
    assert [message for _, message in summary] == errors
    assert db.session.query(Story).count() == 0
    if "title" in fields and fields["title"].strip():
        assert f'value="{fields["title"]}"' in html


def test_the_title_at_its_limit_is_fine(client, funded):
    sign_in(client, funded.lead)
    response = client.post(f"{_base(funded)}/new", data=_form(title="t" * 120, body="b" * 20_000))
    assert response.status_code == 302


def test_preview_shows_the_rendered_story_and_saves_nothing(client, funded):
    sign_in(client, funded.lead)
    response = client.post(
        f"{_base(funded)}/new", data=_form(title="Plain letters", body=RICH, preview="Preview")
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Preview – Write a story" in html
    assert "Preview: Plain letters" in html
    # Under the preview's <h2>, the story's own headings start at <h3>.
    preview = html.split('id="story-preview"')[1].split("</section>")[0]
    assert '<h3 class="govuk-heading-s">What worked</h3>' in preview
    assert "<h2" not in preview.split("</h2>", 1)[1]
    assert '<a href="https://www.gov.uk/service-manual" class="govuk-link"' in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    # What was typed is still in the form, to change or save.
    assert "We learnt **three** things." in html
    assert db.session.query(Story).count() == 0


def test_preview_of_an_empty_story_shows_the_errors(client, funded):
    sign_in(client, funded.lead)
    response = client.post(f"{_base(funded)}/new", data=_form(body="", preview="Preview"))
    assert response.status_code == 400
    assert "Enter the story" in response.get_data(as_text=True)


# Changing ---------------------------------------------------------------------------------


def test_the_team_changes_a_story(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead)
    page = client.get(f"{_base(funded)}/{story.id}/edit").get_data(as_text=True)
    assert (
        'value="What we learnt"' in page and 'name="seen_version" type="hidden" value="1"' in page
    )
    response = client.post(
        f"{_base(funded)}/{story.id}/edit",
        data=_form(title="What we learnt, part 1", seen_version="1", save="Save changes"),
    )
    assert response.status_code == 302
    story = fresh(Story, story.id)
    assert (story.title, story.version) == ("What we learnt, part 1", 2)
    [event] = audit_events("lab_story.changed")
    assert event.before["title"] == "What we learnt"
    assert event.after["title"] == "What we learnt, part 1"
    assert "Story saved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_stale_edit_is_refused_with_what_was_typed_kept(client, funded):
    story = make_story(funded.project, funded.lead)
    lab = make_lab_user()
    story_service.change(
        story, lab, StoryText("The lab's title", "# Lab heading\n\nThe lab's text"), seen_version=1
    )
    sign_in(client, funded.lead)
    response = client.post(
        f"{_base(funded)}/{story.id}/edit",
        data=_form(title="My title", body="My **own** text", seen_version="1"),
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    assert story_service.CHANGED in html
    assert 'href="#current-story"' in html
    current = html.split('id="current-story"')[1].split("</section>")[0]
    assert (
        "The lab&#39;s title" in current and '<p class="govuk-body">The lab\'s text</p>' in current
    )
    # Under "The story as it is now" (an <h2>), the story's own headings start at <h3>.
    assert '<h3 class="govuk-heading-s">Lab heading</h3>' in current
    assert 'value="My title"' in html and "My **own** text" in html
    # The form now names the version shown: saving again, having seen it, replaces it.
    assert 'name="seen_version" type="hidden" value="2"' in html
    assert fresh(Story, story.id).title == "The lab's title"
    again = client.post(
        f"{_base(funded)}/{story.id}/edit",
        data=_form(title="My title", body="My **own** text", seen_version="2"),
    )
    assert again.status_code == 302
    assert fresh(Story, story.id).title == "My title"


def test_a_missing_or_garbled_version_is_stale(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead)
    for seen in ("", "abc", "99"):
        response = client.post(f"{_base(funded)}/{story.id}/edit", data=_form(seen_version=seen))
        assert response.status_code == 409
    assert fresh(Story, story.id).version == 1


def test_edit_errors_are_shown_at_once(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead)
    response = client.post(
        f"{_base(funded)}/{story.id}/edit", data=_form(title="", seen_version="1")
    )
    assert response.status_code == 400
    assert "Enter a title" in response.get_data(as_text=True)


def test_edit_preview_keeps_the_version_and_saves_nothing(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead)
    response = client.post(
        f"{_base(funded)}/{story.id}/edit",
        data=_form(body="# New heading", seen_version="1", preview="Preview"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h3 class="govuk-heading-s">New heading</h3>' in html
    assert '<h2 class="govuk-heading-m">New heading</h2>' not in html
    assert 'name="seen_version" type="hidden" value="1"' in html
    assert fresh(Story, story.id).version == 1


def test_changing_a_published_story_warns_that_it_shows_at_once(client, funded):
    story = make_story(funded.project, funded.lead, published=True)
    sign_in(client, funded.lead)
    html = client.get(f"{_base(funded)}/{story.id}/edit").get_data(as_text=True)
    assert "Your changes will show on the showcase as soon as you save them" in html
    client.post(f"{_base(funded)}/{story.id}/edit", data=_form(seen_version=str(story.version)))
    assert fresh(Story, story.id).status == "published"


# Publishing -------------------------------------------------------------------------------


def test_publish_with_a_confirmation(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead)
    confirm = client.get(f"{_base(funded)}/{story.id}/publish")
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "Publish the story" in html and "can read it on the showcase" in html
    # Under "The story: …" (an <h2>), the story's own headings start at <h3>.
    the_story = html.split('id="the-story"')[1].split("</section>")[0]
    assert '<h3 class="govuk-heading-s">What worked</h3>' in the_story
    assert the_story.count("<h2") == 1
    response = client.post(f"{_base(funded)}/{story.id}/publish", data={"seen_version": "1"})
    assert response.status_code == 302
    story = fresh(Story, story.id)
    assert (story.status, story.published_by_id, story.version) == ("published", funded.lead.id, 2)
    assert story.published_at is not None
    [event] = audit_events("lab_story.published")
    assert event.after["status"] == "published"
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Story published" in shown
    assert f'href="/showcase/stories/{story.id}"' in shown
    assert "Unpublish the story" in shown


def test_publishing_a_story_changed_since_the_page_was_shown_is_refused(client, funded):
    story = make_story(funded.project, funded.lead)
    story_service.change(story, funded.lead, StoryText("New", "Unread text"), seen_version=1)
    sign_in(client, funded.lead)
    response = client.post(f"{_base(funded)}/{story.id}/publish", data={"seen_version": "1"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert story_service.CHANGED_BEFORE_PUBLISHING in html
    assert "Unread text" in html
    assert 'name="seen_version" type="hidden" value="2"' in html
    assert fresh(Story, story.id).status == "draft"


def test_publishing_twice_is_refused(client, funded):
    story = make_story(funded.project, funded.lead, published=True)
    sign_in(client, funded.lead)
    response = client.post(
        f"{_base(funded)}/{story.id}/publish", data={"seen_version": str(story.version)}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This story is already published" in html
    assert 'id="confirm-button"' not in html
    assert len(audit_events("lab_story.published")) == 1


@pytest.mark.parametrize("who", ["team", "lab"])
def test_the_team_or_the_lab_unpublish(client, funded, who):
    story = make_story(funded.project, funded.lead, published=True)
    user = funded.lead if who == "team" else make_lab_user()
    sign_in(client, user)
    confirm = client.get(f"{_base(funded)}/{story.id}/unpublish").get_data(as_text=True)
    assert "will no longer be on the showcase" in confirm
    response = client.post(
        f"{_base(funded)}/{story.id}/unpublish", data={"seen_version": str(story.version)}
    )
    assert response.status_code == 302
    story = fresh(Story, story.id)
    assert (story.status, story.published_at, story.published_by_id) == ("draft", None, None)
    [event] = audit_events("lab_story.unpublished")
    assert event.actor_id == user.id
    assert "Story unpublished" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_unpublishing_a_draft_is_refused(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead)
    response = client.post(f"{_base(funded)}/{story.id}/unpublish", data={"seen_version": "1"})
    assert response.status_code == 409
    assert "This story is not published" in response.get_data(as_text=True)


# Who may do what --------------------------------------------------------------------------


def _routes(funded, story) -> list[tuple[str, str, dict]]:
    base = _base(funded)
    return [
        ("GET", base, {}),
        ("GET", f"{base}/{story.id}", {}),
        ("GET", f"{base}/new", {}),
        ("POST", f"{base}/new", _form()),
        ("GET", f"{base}/{story.id}/edit", {}),
        ("POST", f"{base}/{story.id}/edit", _form(seen_version=str(story.version))),
        ("GET", f"{base}/{story.id}/publish", {}),
        ("POST", f"{base}/{story.id}/publish", {"seen_version": str(story.version)}),
        ("GET", f"{base}/{story.id}/unpublish", {}),
        ("POST", f"{base}/{story.id}/unpublish", {"seen_version": str(story.version)}),
    ]


def _call(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data=data)


def test_organisers_read_but_change_nothing(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, make_organiser())
    for method, url, data in _routes(funded, story):
        response = _call(client, method, url, data)
        reads = method == "GET" and url.rsplit("/", 1)[-1] in ("stories", str(story.id))
        assert response.status_code == (200 if reads else 403), (method, url)
    page = client.get(f"{_base(funded)}/{story.id}").get_data(as_text=True)
    assert "Change the story" not in page and "Publish the story" not in page
    assert "Write a story" not in client.get(_base(funded)).get_data(as_text=True)
    assert fresh(Story, story.id).version == 1
    assert db.session.query(Story).count() == 1


def test_a_colleague_from_elsewhere_gets_404_on_everything(client, funded):
    story = make_story(funded.project, funded.lead)
    sign_in(client, make_colleague())
    for method, url, data in _routes(funded, story):
        assert _call(client, method, url, data).status_code == 404, (method, url)


def test_signed_out_visitors_go_to_sign_in(client, funded):
    story = make_story(funded.project, funded.lead)
    for method, url, data in _routes(funded, story):
        response = _call(client, method, url, data)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("who", ["team", "lab"])
def test_the_team_and_the_lab_reach_every_route(client, funded, who):
    story = make_story(funded.project, funded.lead)
    sign_in(client, funded.lead if who == "team" else make_lab_user())
    for method, url, data in _routes(funded, story):
        if "seen_version" in data:  # each change names the version there is now
            data["seen_version"] = str(fresh(Story, story.id).version)
        response = _call(client, method, url, data)
        assert response.status_code == (200 if method == "GET" else 302), (method, url)
    assert db.session.query(Story).count() == 2
    assert fresh(Story, story.id).status == "draft"  # published, then unpublished


def test_another_projects_story_is_404(client, funded):
    other = funded_project()
    story = make_story(other.project, other.lead)
    sign_in(client, make_lab_user())
    assert client.get(f"{_base(funded)}/{story.id}").status_code == 404
    assert client.post(f"{_base(funded)}/{story.id}/edit", data=_form()).status_code == 404
    assert client.get(f"{_base(funded)}/999999").status_code == 404


def test_the_service_refuses_people_who_may_not_change_stories(funded):
    story = make_story(funded.project, funded.lead)
    with pytest.raises(story_service.StoryRefused) as refused:
        story_service.publish(story, make_organiser(), seen_version=1)
    assert refused.value.status == 403
    with pytest.raises(story_service.StoryProblems) as problems:
        story_service.write(funded.project, funded.lead, StoryText("", "x" * 20_001))
    assert problems.value.problems == {
        "title": "Enter a title",
        "body": "The story must be 20,000 characters or fewer",
    }


# On the project page ----------------------------------------------------------------------


def test_the_project_page_lists_drafts_and_published_stories(client, funded):
    assert stories_part in [entry.part for entry in project_parts._parts if entry.order == 50]
    make_story(funded.project, funded.lead, title="A draft")
    make_story(funded.project, funded.lead, title="Out there", published=True)
    sign_in(client, funded.lead)
    part = client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True)
    assert '<h2 class="govuk-heading-m" id="stories-heading">Stories</h2>' in part
    assert re.search(r"A draft</a>\s*<strong class=\"govuk-tag govuk-tag--grey\">\s*Draft", part)
    assert re.search(
        r"Out there</a>\s*<strong class=\"govuk-tag govuk-tag--green\">\s*Published", part
    )
    assert f"/lab/projects/{funded.project.id}/stories/new" in part
    assert "See all" not in part
    client.get("/sign-out")
    sign_in(client, make_organiser())
    for_organiser = client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True)
    assert "A draft" in for_organiser and "stories/new" not in for_organiser


def test_the_project_page_shows_the_newest_five_and_links_to_all(client, funded):
    for n in range(7):
        make_story(funded.project, funded.lead, title=f"Story {n}")
    sign_in(client, funded.lead)
    page = client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True)
    assert re.findall(r">(Story \d)</a>", page) == [f"Story {n}" for n in (6, 5, 4, 3, 2)]
    assert f'href="{_base(funded)}">See all 7 stories</a>' in page
    all_of_them = client.get(_base(funded)).get_data(as_text=True)
    assert len(re.findall(r">(Story \d)</a>", all_of_them)) == 7
    assert f'href="/lab/projects/{funded.project.id}"' in all_of_them  # back to the project


def test_the_project_page_reads_only_the_newest_five_stories_without_their_text(app, funded):
    for n in range(7):
        make_story(funded.project, funded.lead, title=f"Story {n}", body="Long text " * 2000)
    client = app.test_client()
    sign_in(client, funded.lead)
    found = statements_of(client, f"/lab/projects/{funded.project.id}")
    [stories] = [sql for sql in found if "FROM lab_stories" in sql]
    assert "lab_stories.body" not in stories  # the part shows titles, never the text
    assert "LIMIT" in stories.upper()  # the count comes with the five, in the same query
    page = client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True)
    assert "See all 7 stories" in page and "Long text" not in page


def test_the_project_page_with_no_stories_invites_the_team(client, funded):
    sign_in(client, funded.lead)
    html = client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True)
    assert "No one has written a story about this project yet" in html


def test_control_characters_typed_are_dropped(client, funded):
    sign_in(client, funded.lead)
    response = client.post(
        f"{_base(funded)}/new",
        data=_form(title="Nul\x00 title", body="Line\x00 one\r\nLine\x1b two"),
    )
    assert response.status_code == 302
    story = db.session.query(Story).one()
    assert (story.title, story.body) == ("Nul title", "Line one\nLine two")


def test_of_two_saves_at_once_only_one_passes(funded):
    """The version is checked in the UPDATE itself: a save that read the story just before
    another committed is refused, not applied over it."""
    story = make_story(funded.project, funded.lead)
    with db.engine.begin() as other:  # another request commits meanwhile
        other.execute(update(Story).where(Story.id == story.id).values(title="Theirs", version=2))
    assert story.version == 1  # what this request read
    with pytest.raises(story_service.StoryRefused) as refused:
        story_service.change(story, funded.lead, StoryText("Mine", "Text"), seen_version=1)
    assert refused.value.status == 409
    assert fresh(Story, story.id).title == "Theirs"
    assert audit_events("lab_story.changed") == []
