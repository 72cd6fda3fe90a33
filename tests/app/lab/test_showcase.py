"""The showcase: published stories and live or scaled projects for every signed-in civil
servant, searched and filtered, 20 a page; a story's and a project's own pages."""

from __future__ import annotations

import re

import pytest

from spark.extensions import db
from spark.lab import story_service
from spark.lab.models import Partner
from tests.app.lab.test_stories import RICH, make_story
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser


def _stage(funded, stage: str, status: str = "active", title=None, summary=None, department=None):
    funded.project.stage, funded.project.status = stage, status
    pitch = funded.project.pitch
    pitch.title = title or pitch.title
    pitch.summary = summary if summary is not None else pitch.summary
    if department:
        pitch.team.department = department
    db.session.commit()
    return funded


def _titles(html: str) -> list[str]:
    """The results' titles, in order."""
    return re.findall(
        r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)', html
    )


def _heading(html: str) -> str:
    return re.search(r'id="results-heading">([^<]+)<', html).group(1)


@pytest.fixture
def colleague(client):
    person = make_colleague(department="HM Revenue and Customs")
    sign_in(client, person)
    return person


# What shows -------------------------------------------------------------------------------


def test_the_showcase_lists_published_stories_and_live_or_scaled_projects(client, app):
    live = _stage(funded_project(), "live", title="Plain letters", summary="Letters people read")
    scaled = _stage(
        funded_project(), "scaled", title="Flood warnings", department="Environment Agency"
    )
    beta = _stage(funded_project(), "beta", title="Census guides")
    stopped = _stage(funded_project(), "live", status="stopped", title="Stopped live one")
    _stage(funded_project(), "scaled", status="paused", title="Paused scaled one")
    make_story(beta.project, beta.lead, title="Lessons from beta", published=True)
    make_story(stopped.project, stopped.lead, title="Why we stopped", published=True)
    make_story(live.project, live.lead, title="A draft nobody else sees")
    sign_in(client, make_colleague())
    html = client.get("/showcase").get_data(as_text=True)
    titles = _titles(html)
    assert set(titles) == {
        "Plain letters",
        "Flood warnings",
        "Paused scaled one",
        "Lessons from beta",
        "Why we stopped",
    }
    assert _heading(html) == "2 stories and 3 projects"
    assert "Letters people read" in html
    assert "Environment Agency" in html
    # Newest first: the stories were published after the projects entered their stages.
    assert titles[0] == "Why we stopped"
    assert "Census guides" in html  # the story's project, named on the story
    assert scaled.project.budget_awarded_pence  # budgets are never shown
    assert "£" not in html


def test_a_story_result_has_its_project_department_date_and_an_excerpt(client, app):
    funded = funded_project()
    story = make_story(
        funded.project,
        funded.lead,
        title="Plain words",
        body="# Heading\n\n" + "Word " * 100,
        published=True,
    )
    sign_in(client, make_colleague())
    html = client.get("/showcase").get_data(as_text=True)
    assert f'href="/showcase/stories/{story.id}">Plain words</a>' in html
    assert f"From {funded.pitch.title}, Cabinet Office. Published" in html
    excerpt = re.search(r"(Heading. Word[^<]*)</p>", html).group(1)
    assert excerpt.endswith("…") and len(excerpt) <= 200
    assert "#" not in excerpt


def test_the_empty_showcase(client, app, colleague):
    html = client.get("/showcase").get_data(as_text=True)
    assert "Nothing on the showcase yet" in html
    assert "Clear search" not in html


def test_the_navigation_offers_the_showcase_to_everyone_signed_in(client, app, colleague):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/showcase"' in html
    assert re.search(
        r'href="/showcase"[^>]*aria-current="page"', client.get("/showcase").get_data(as_text=True)
    ) or (
        "govuk-service-navigation__item--active" in client.get("/showcase").get_data(as_text=True)
    )


# Search -----------------------------------------------------------------------------------


@pytest.fixture
def searchable(app):
    letters = _stage(
        funded_project(),
        "live",
        title="Plain letters checker",
        summary="Tells writers the reading age of a draft",
    )
    floods = _stage(
        funded_project(), "scaled", title="Flood warnings", summary="Warnings by text message"
    )
    make_story(
        floods.project,
        floods.lead,
        title="Warnings people act on",
        body="We put the action first: move your car to **higher ground** now. 100% of_them",
        published=True,
    )
    make_story(letters.project, letters.lead, title="Secret draft about ground", body="ground")
    return letters, floods


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("checker", ["Plain letters checker"]),  # a project's title
        ("READING AGE", ["Plain letters checker"]),  # its summary, in any case
        ("higher ground", ["Warnings people act on"]),  # words in a story's text
        ("ground higher", ["Warnings people act on"]),  # in any order
        ("act on", ["Warnings people act on"]),  # a story's title
        ("warnings", ["Warnings people act on", "Flood warnings"]),  # story via its project
        ("text message", ["Flood warnings"]),
    ],
)
def test_search_finds_words_in_titles_summaries_and_stories(client, searchable, query, expected):
    sign_in(client, make_colleague())
    html = client.get("/showcase", query_string={"q": query}).get_data(as_text=True)
    assert sorted(_titles(html)) == sorted(expected)
    assert f"matching “{query}”" in html
    assert f'value="{query}"' in html
    assert "Clear search and filters" in html


def test_search_for_percent_and_underscore_means_them(client, searchable):
    sign_in(client, make_colleague())
    assert _titles(client.get("/showcase?q=100%25").get_data(as_text=True)) == [
        "Warnings people act on"
    ]
    assert _titles(client.get("/showcase?q=of_them").get_data(as_text=True)) == [
        "Warnings people act on"
    ]
    # Only the story with a percent sign or an underscore, not everything.
    for literal in ("%", "_"):
        html = client.get("/showcase", query_string={"q": literal}).get_data(as_text=True)
        assert _titles(html) == ["Warnings people act on"], literal
    for wildcard in ("a%c", "g_ound", "\\", "%%%%%%"):
        html = client.get("/showcase", query_string={"q": wildcard}).get_data(as_text=True)
        assert _titles(html) == [], wildcard


def test_no_match(client, searchable):
    sign_in(client, make_colleague())
    response = client.get("/showcase?q=<b>zebra</b>")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "No stories or projects match “&lt;b&gt;zebra&lt;/b&gt;”" in html
    assert "checking your spelling" in html
    assert _titles(html) == []


def test_a_long_or_odd_query_never_fails(client, searchable):
    sign_in(client, make_colleague())
    for query in (
        "x" * 5000,
        " ".join(f"w{i}" for i in range(50)),
        "'; drop table users; --",
        "\x00",
    ):
        assert client.get("/showcase", query_string={"q": query}).status_code == 200


def test_filters_by_kind_stage_and_department(client, searchable):
    letters, floods = searchable
    floods.project.pitch.team.department = "Environment Agency"
    db.session.commit()
    sign_in(client, make_colleague())

    def titles(**args):
        return sorted(_titles(client.get("/showcase", query_string=args).get_data(as_text=True)))

    assert titles(show="stories") == ["Warnings people act on"]
    assert titles(show="projects") == ["Flood warnings", "Plain letters checker"]
    assert titles(stage="live") == ["Plain letters checker"]
    assert titles(stage="scaled") == ["Flood warnings", "Warnings people act on"]
    assert titles(department="Environment Agency") == ["Flood warnings", "Warnings people act on"]
    assert titles(department="Cabinet Office", show="projects") == ["Plain letters checker"]
    assert titles(department="Nowhere") == []
    # Unknown values are ignored, never an error.
    assert len(titles(show="everything", stage="discovery")) == 3
    html = client.get("/showcase?department=Environment+Agency").get_data(as_text=True)
    assert '<option value="Environment Agency" selected>' in html
    assert '<option value="Cabinet Office">' in html
    no_match = client.get("/showcase?stage=live&show=stories").get_data(as_text=True)
    assert "No stories or projects match your filters" in no_match


def test_pages_of_20(client, app):
    funded = _stage(funded_project(), "live", title="The project")
    for n in range(25):
        make_story(funded.project, funded.lead, title=f"Story {n:02d}", body="Text", published=True)
    sign_in(client, make_colleague())
    first = client.get("/showcase?q=story").get_data(as_text=True)
    assert _heading(first) == "25 stories matching “story”"
    assert len(_titles(first)) == 20
    assert "Page 1 of 2" in first
    assert 'href="/showcase?page=2&amp;q=story"' in first
    second = client.get("/showcase?q=story&page=2").get_data(as_text=True)
    assert len(_titles(second)) == 5
    assert set(_titles(first)).isdisjoint(_titles(second))
    assert "(page 2 of 2)" in second
    # Past the end: the last page; nonsense: the first.
    assert _titles(client.get("/showcase?q=story&page=99").get_data(as_text=True)) == _titles(
        second
    )
    for page in ("0", "-1", "abc", "9" * 30):
        assert _titles(
            client.get(f"/showcase?q=story&page={page}").get_data(as_text=True)
        ) == _titles(first)


# Acceptance: a colleague from another department finds a story ------------------------------


def test_a_colleague_from_another_department_finds_a_published_story(client, app):
    funded = _stage(funded_project(), "beta")
    sign_in(client, funded.lead)
    client.post(
        f"/lab/projects/{funded.project.id}/stories/new",
        data={"title": "What we learnt", "body": "Braille **labels** on every form helped."},
    )
    [story_id] = [s.id for s in story_service.stories_of(funded.project)]
    client.post(
        f"/lab/projects/{funded.project.id}/stories/{story_id}/publish", data={"seen_version": "1"}
    )
    client.get("/sign-out")
    other = make_colleague(department="Ministry of Justice")
    sign_in(client, other)
    html = client.get("/showcase?q=braille+labels").get_data(as_text=True)
    assert _titles(html) == ["What we learnt"]
    story = client.get(f"/showcase/stories/{story_id}").get_data(as_text=True)
    assert "Braille <strong>labels</strong> on every form helped." in story


# A story's page ---------------------------------------------------------------------------


def test_a_published_story_for_anyone_signed_in(client, app, colleague):
    funded = _stage(funded_project(), "live", status="active")
    story = make_story(funded.project, funded.lead, title="Rich", body=RICH, published=True)
    response = client.get(f"/showcase/stories/{story.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Rich</h1>' in html
    assert '<h2 class="govuk-heading-m">What worked</h2>' in html
    assert '<blockquote class="govuk-inset-text' in html
    assert 'rel="noreferrer noopener"' in html
    assert "<script>alert" not in html and 'href="javascript' not in html
    assert f'href="/showcase/projects/{funded.project.id}"' in html
    assert "Change or unpublish" not in html
    assert funded.lead.email not in html


def test_a_stopped_projects_story_names_the_project_without_a_link(client, app, colleague):
    funded = _stage(funded_project(), "alpha", status="stopped")
    story = make_story(funded.project, funded.lead, published=True)
    html = client.get(f"/showcase/stories/{story.id}").get_data(as_text=True)
    assert "Alpha (stopped)" in html
    assert "/showcase/projects/" not in html


def test_a_draft_is_404_except_to_those_the_warning_names(client, app):
    # The warning says the team, the lab and organisers can read a draft: so they can.
    funded = funded_project()
    story = make_story(funded.project, funded.lead)
    sign_in(client, make_colleague())
    assert client.get(f"/showcase/stories/{story.id}").status_code == 404
    client.get("/sign-out")
    for person, may_change in (
        (funded.lead, True),
        (make_lab_user(), True),
        (make_organiser(), False),
    ):
        sign_in(client, person)
        response = client.get(f"/showcase/stories/{story.id}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert (
            "This story is a draft. Only the project’s team, the lab and organisers can read it"
            in html
        )
        assert ("Change or publish this story in the lab" in html) is may_change
        client.get("/sign-out")
    assert client.get(f"/showcase/stories/{story.id}").status_code == 302


def test_a_story_that_does_not_exist_is_404(client, app, colleague):
    assert client.get("/showcase/stories/999999").status_code == 404


# A project's page -------------------------------------------------------------------------


def test_a_live_projects_public_summary(client, app, colleague):
    funded = _stage(funded_project(), "scaled", summary="Warnings people act on")
    db.session.add(Partner(project_id=funded.project.id, name="RNIB", role="Tested with users"))
    db.session.commit()
    story = make_story(funded.project, funded.lead, title="Published one", published=True)
    make_story(funded.project, funded.lead, title="Draft one")
    response = client.get(f"/showcase/projects/{funded.project.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert funded.pitch.title in html and "Warnings people act on" in html
    assert "Scaled across government" in html
    assert "RNIB: Tested with users" in html
    assert "Cabinet Office" in html
    assert f'href="/showcase/stories/{story.id}">Published one</a>' in html
    assert "Draft one" not in html
    assert "£" not in html
    assert not {member.user.email for member in funded.pitch.team.members} & set(html.split('"'))
    assert "example.gov.uk" not in html


@pytest.mark.parametrize(
    ("stage", "status"), [("discovery", "active"), ("beta", "active"), ("live", "stopped")]
)
def test_other_projects_are_404(client, app, colleague, stage, status):
    funded = _stage(funded_project(), stage, status=status)
    assert client.get(f"/showcase/projects/{funded.project.id}").status_code == 404


def test_signed_out_visitors_go_to_sign_in(client, app):
    funded = _stage(funded_project(), "live")
    story = make_story(funded.project, funded.lead, published=True)
    for url in (
        "/showcase",
        "/showcase?q=x",
        f"/showcase/stories/{story.id}",
        f"/showcase/projects/{funded.project.id}",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("who", ["lab", "organiser", "team"])
def test_everyone_signed_in_sees_the_showcase(client, app, who):
    funded = _stage(funded_project(), "live")
    story = make_story(funded.project, funded.lead, published=True)
    person = {"lab": make_lab_user, "organiser": make_organiser}.get(who, lambda: funded.lead)()
    sign_in(client, person)
    for url in (
        "/showcase",
        f"/showcase/stories/{story.id}",
        f"/showcase/projects/{funded.project.id}",
    ):
        assert client.get(url).status_code == 200
