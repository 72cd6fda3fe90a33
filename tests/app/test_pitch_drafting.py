"""Drafting a pitch: your pitches, starting one, the task list and its sections, stale saves
and who may see or change a pitch."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from spark.extensions import db
from spark.pitches import checks, service
from spark.pitches.models import AccessibilityReport, Pitch
from spark.pitches.sections import PROBLEM
from tests.factories import (
    audit_events,
    make_pitch,
    make_round,
    make_submitted_pitch,
    make_team,
    make_user,
    sign_in,
)


@pytest.fixture
def lead(app):
    return make_user(name="Ada Lead")


@pytest.fixture
def member(app):
    return make_user(name="Bea Member")


@pytest.fixture
def team(lead, member):
    return make_team(lead, member, name="Desk bookers")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _save(client, pitch, slug, **data):
    data.setdefault("version", pitch.version)
    return client.post(f"/pitches/{pitch.id}/sections/{slug}", data=data)


# Your pitches and starting one --------------------------------------------------------------


def test_your_pitches_lists_only_your_teams_pitches(client, team, lead):
    mine = make_pitch(team, title="Bookable desks")
    other_team = make_team(make_user(), name="Other team")
    make_pitch(other_team, title="Someone else's idea")
    sign_in(client, lead)
    page = _text(client.get("/pitches/"))
    assert "Bookable desks" in page
    assert f'href="/pitches/{mine.id}"' in page
    assert "Someone else" not in page
    assert "1 pitch" in page
    assert "Draft" in page


def test_your_pitches_when_there_are_none(client, lead):
    sign_in(client, lead)
    page = _text(client.get("/pitches/"))
    assert "Your teams have no pitches yet" in page


def test_starting_needs_a_team(client):
    sign_in(client, make_user())
    response = client.get("/pitches/start")
    assert response.status_code == 200
    assert "You need a team to start a pitch" in _text(response)
    assert 'href="/teams/new"' in _text(response)


def test_starting_needs_an_open_round(client, team, lead):
    make_round(status="draft")
    make_round(
        status="open",
        closes_at=datetime.now(UTC) - timedelta(days=1),
        opens_at=datetime.now(UTC) - timedelta(days=9),
    )
    sign_in(client, lead)
    assert "No rounds are open for pitches" in _text(client.get("/pitches/start"))


def test_start_a_pitch_with_one_team_and_one_round(client, team, lead):
    round_ = make_round(name="Spark! spring 2027")
    sign_in(client, lead)
    page = _text(client.get("/pitches/start"))
    assert "Desk bookers" in page and "Spark! spring 2027" in page
    response = client.post("/pitches/start", data={})
    assert response.status_code == 302
    pitch = db.session.scalars(db.select(Pitch)).one()
    assert response.headers["Location"] == f"/pitches/{pitch.id}"
    assert (pitch.team_id, pitch.round_id, pitch.status) == (team.id, round_.id, "draft")
    assert pitch.created_by_id == lead.id
    [event] = audit_events("pitch.created")
    assert event.actor_id == lead.id and event.after == {"team_id": team.id, "round_id": round_.id}
    assert checks.latest_report(pitch) is not None
    task_list = _text(client.get(response.headers["Location"]))
    assert "You’ve started a pitch" in task_list


def test_start_with_several_teams_and_rounds_asks_which(client, team, lead):
    second = make_team(lead, name="Second team")
    make_round(name="Round A")
    round_b = make_round(name="Round B")
    stranger_team = make_team(make_user(), name="Not yours")
    sign_in(client, lead)
    response = client.post("/pitches/start", data={})
    assert response.status_code == 400
    page = _text(response)
    assert "Error: Start a pitch" in page
    assert "Select the team the pitch is from" in page
    assert "Select the round to pitch to" in page
    # Someone else's team is refused as if nothing were chosen.
    response = client.post("/pitches/start", data={"team": stranger_team.id, "round": round_b.id})
    assert response.status_code == 400
    assert "Select the team the pitch is from" in _text(response)
    response = client.post("/pitches/start", data={"team": second.id, "round": round_b.id})
    assert response.status_code == 302
    pitch = db.session.scalars(db.select(Pitch)).one()
    assert (pitch.team_id, pitch.round_id) == (second.id, round_b.id)


# The task list --------------------------------------------------------------------------------


def test_a_new_pitch_task_list(client, team, lead):
    pitch = make_pitch(team, title="")
    sign_in(client, lead)
    response = client.get(f"/pitches/{pitch.id}")
    assert response.status_code == 200
    page = _text(response)
    assert '<h1 class="govuk-heading-l">Your new pitch</h1>' in page
    assert "You have completed 0 of 8 sections" in page
    for title in (
        "About your idea",
        "The problem",
        "Your idea",
        "Who benefits and how",
        "What you need",
        "Your team",
        "Pitch materials",
    ):
        assert title in page
    assert page.count("Not started") == 7
    assert page.count("Cannot start yet") == 2
    assert f'href="/pitches/{pitch.id}/sections/the-problem"' in page
    assert f"/pitches/{pitch.id}/check-your-answers" not in page


def test_the_check_and_submit_open_up_as_sections_are_completed(client, team, lead):
    pitch = make_pitch(
        team,
        summary="A page to book desks.",
        problem="No desks.",
        idea="Book them.",
        benefits="Staff.",
        ask_pence=100_00,
        ask_details="Developers.",
        team_details="Sam.",
        completed_sections=["about", "problem", "idea", "benefits", "ask", "team"],
    )
    checks.refresh(pitch)
    db.session.commit()
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert "You have completed 7 of 8 sections" in page  # the check passes: nothing to fix
    assert page.count("Cannot start yet") == 1  # submit waits for the materials


# Saving sections --------------------------------------------------------------------------------


def test_a_draft_section_may_be_saved_partly(client, team, lead):
    pitch = make_pitch(team, title="")
    sign_in(client, lead)
    response = _save(
        client, pitch, "about-your-idea", title="Bookable desks", summary="", completed="no"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{pitch.id}"
    db.session.refresh(pitch)
    assert pitch.title == "Bookable desks" and pitch.summary == ""
    assert pitch.completed_sections == []
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert "You’ve saved ‘About your idea’" in page
    assert "In progress" in page


def test_completing_a_section_needs_every_answer(client, team, lead):
    pitch = make_pitch(team, title="")
    sign_in(client, lead)
    response = _save(
        client, pitch, "about-your-idea", title="Bookable desks", summary="", completed="yes"
    )
    assert response.status_code == 400
    page = _text(response)
    assert "<title>Error: About your idea" in page
    assert '<a href="#summary">Enter a one-line summary of your idea</a>' in page
    assert 'value="Bookable desks"' in page  # what was typed is kept
    db.session.refresh(pitch)
    assert pitch.title == ""


def test_the_completed_question_must_be_answered(client, team, lead):
    pitch = make_pitch(team)
    sign_in(client, lead)
    response = _save(client, pitch, "the-problem", problem="Queues " + "x" * 10)
    assert response.status_code == 400
    page = _text(response)
    assert '<a href="#completed">Select whether you have completed this section</a>' in page
    assert "Queues xxxxxxxxxx" in page


def test_limits_apply_to_drafts_and_keep_the_text(client, team, lead):
    pitch = make_pitch(team)
    sign_in(client, lead)
    too_long = " ".join(["word"] * 301)
    response = _save(client, pitch, "the-problem", problem=too_long, completed="no")
    assert response.status_code == 400
    page = _text(response)
    assert "The problem must be 300 words or fewer" in page
    assert too_long in page
    assert 'data-maxwords="300"' in page
    # Errors from the form and the rules together, in page order.
    response = _save(client, pitch, "about-your-idea", title="x" * 121, summary="")
    errors = re.findall(r'<a href="#(\w+)">', _text(response))
    assert errors == ["title", "completed"]


@pytest.mark.parametrize(
    ("typed", "pence", "error"),
    [
        ("£12,500.50", 1_250_050, None),
        ("12500", 1_250_000, None),
        ("-5", None, "Amount must be £1 or more"),
        ("12.345", None, "no more than 2 numbers after the decimal point"),
        ("lots", None, "Enter the amount in pounds"),
    ],
)
def test_what_you_need_reads_the_amount(client, team, lead, typed, pence, error):
    pitch = make_pitch(team)
    sign_in(client, lead)
    response = _save(client, pitch, "what-you-need", ask=typed, ask_details="", completed="no")
    db.session.refresh(pitch)
    if error:
        assert response.status_code == 400
        assert error in _text(response)
        assert f'value="{typed}"' in _text(response)
        assert pitch.ask_pence is None
    else:
        assert response.status_code == 302
        assert pitch.ask_pence == pence
        form = _text(client.get(f"/pitches/{pitch.id}/sections/what-you-need"))
        assert f'value="{service.answers(pitch)["ask"]}"' in form
        assert "£" in form


def test_a_save_is_audited_with_field_names_not_text(client, team, lead):
    pitch = make_pitch(team, title="Old title")
    sign_in(client, lead)
    version = pitch.version
    _save(
        client, pitch, "about-your-idea", title="A secret title", summary="A line.", completed="yes"
    )
    [event] = audit_events("pitch.updated")
    assert event.actor_id == lead.id
    assert event.after == {"section": "about", "fields": ["title", "summary"], "completed": True}
    assert "secret" not in repr((event.before, event.after))
    db.session.refresh(pitch)
    assert pitch.version > version
    assert pitch.completed_sections == ["about"]
    report = checks.latest_report(pitch)
    assert report is not None and report.pitch_version == pitch.version


def test_saving_nothing_new_records_nothing(client, team, lead):
    pitch = make_pitch(team, problem="Queues", completed_sections=["problem"])
    sign_in(client, lead)
    version = pitch.version
    response = _save(client, pitch, "the-problem", problem="  Queues  ", completed="yes")
    assert response.status_code == 302
    assert audit_events("pitch.updated") == []
    db.session.refresh(pitch)
    assert pitch.version == version


def test_a_section_form_shows_what_is_saved(client, team, lead):
    pitch = make_pitch(team, problem="Long queues\n\nEvery morning", completed_sections=["problem"])
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}/sections/the-problem"))
    assert "Long queues" in page
    assert f'name="version" type="hidden" value="{pitch.version}"' in page or (
        f'value="{pitch.version}"' in page
    )
    assert re.search(r'id="completed"[^>]*value="yes"[^>]*checked', page)
    assert "You can enter up to 300 words" in page


def test_an_unknown_section_is_404(client, team, lead):
    pitch = make_pitch(team)
    sign_in(client, lead)
    assert client.get(f"/pitches/{pitch.id}/sections/nonsense").status_code == 404


# Two people in a team -------------------------------------------------------------------------


def test_a_teammate_carries_on_after_signing_in(client, team, lead, member):
    pitch = make_pitch(team, title="")
    sign_in(client, lead)
    response = _save(
        client, pitch, "about-your-idea", title="Bookable desks", summary="", completed="no"
    )
    client.get(response.headers["Location"])  # shows "You've saved"
    client.get("/sign-out")
    sign_in(client, member)
    page = _text(client.get(f"/pitches/{pitch.id}/sections/about-your-idea"))
    assert 'value="Bookable desks"' in page
    db.session.refresh(pitch)
    response = _save(
        client,
        pitch,
        "about-your-idea",
        title="Bookable desks",
        summary="Book a desk before you travel.",
        completed="yes",
    )
    assert response.status_code == 302
    actors = [event.actor_id for event in audit_events("pitch.updated")]
    assert actors == [lead.id, member.id]


def test_a_stale_save_shows_both_texts_and_saves_nothing(client, team, lead, member):
    pitch = make_pitch(team, problem="First words")
    opened_version = pitch.version
    # A teammate saves first.
    service.save_section(
        pitch,
        member,
        PROBLEM,
        {"problem": "Their words"},
        completed=False,
        expected_version=opened_version,
    )
    sign_in(client, lead)
    response = client.post(
        f"/pitches/{pitch.id}/sections/the-problem",
        data={"problem": "My words", "completed": "yes", "version": opened_version},
    )
    assert response.status_code == 409
    page = _text(response)
    assert "Error: The problem" in page
    assert "Someone in your team saved this section after you opened it" in page
    assert "My words" in page and "Their words" in page
    db.session.refresh(pitch)
    assert pitch.problem == "Their words"
    # The page now carries the stored version: saving again is deliberate, and works.
    assert f'value="{pitch.version}"' in page
    response = client.post(
        f"/pitches/{pitch.id}/sections/the-problem",
        data={"problem": "My words", "completed": "yes", "version": pitch.version},
    )
    assert response.status_code == 302
    db.session.refresh(pitch)
    assert pitch.problem == "My words"


def test_a_write_racing_ours_is_caught_by_the_version_column(app, team, lead):
    pitch = make_pitch(team, problem="First words")
    loaded_version = pitch.version
    # Another request commits between our read and our write.
    with db.engine.begin() as connection:
        connection.execute(
            update(Pitch)
            .where(Pitch.id == pitch.id)
            .values(problem="Their words", version=Pitch.version + 1)
        )
    with pytest.raises(service.StaleSave) as stale:
        service.save_section(
            pitch,
            lead,
            PROBLEM,
            {"problem": "My words"},
            completed=False,
            expected_version=loaded_version,
        )
    assert stale.value.saved == {"problem": "Their words"}
    assert stale.value.version == loaded_version + 1
    assert audit_events("pitch.updated") == []
    db.session.refresh(pitch)
    assert pitch.problem == "Their words"
    assert db.session.scalars(db.select(AccessibilityReport)).all() == []


# Read only after submission -------------------------------------------------------------------


def test_a_submitted_pitch_cannot_be_changed(client, team, lead):
    pitch = make_submitted_pitch(team)
    sign_in(client, lead)
    for url in (
        f"/pitches/{pitch.id}/sections/the-problem",
        f"/pitches/{pitch.id}/check-your-answers",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/pitches/{pitch.id}"
        client.get(response.headers["Location"])  # shows why
    response = _save(client, pitch, "the-problem", problem="Changed", completed="yes")
    assert response.status_code == 302
    db.session.refresh(pitch)
    assert pitch.problem != "Changed"
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert "You cannot change this pitch now because it has been submitted" in page
    assert "Change" not in re.sub(r"cannot change|Change the pitch materials", "", page)


def test_the_service_refuses_a_locked_pitch(app, team, lead):
    pitch = make_submitted_pitch(team)
    with pytest.raises(service.PitchLocked):
        service.save_section(
            pitch, lead, PROBLEM, {"problem": "x"}, completed=False, expected_version=pitch.version
        )


# Who may see a pitch ----------------------------------------------------------------------------


def _pitch_urls(pitch_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/pitches/{pitch_id}"),
        ("GET", f"/pitches/{pitch_id}/sections/the-problem"),
        ("POST", f"/pitches/{pitch_id}/sections/the-problem"),
        ("GET", f"/pitches/{pitch_id}/check-your-answers"),
        ("POST", f"/pitches/{pitch_id}/submit"),
        ("GET", f"/pitches/{pitch_id}/submitted"),
        ("GET", f"/pitches/{pitch_id}/withdraw"),
        ("POST", f"/pitches/{pitch_id}/withdraw"),
    ]


@pytest.mark.parametrize("who", ["other team", "organiser"])
def test_nobody_outside_the_team_sees_the_pitch(client, team, who):
    pitch = make_pitch(team, problem="Private words")
    outsider = make_user(roles=("organiser",) if who == "organiser" else ())
    if who == "other team":
        make_team(outsider, name="Other team")
    sign_in(client, outsider)
    for method, url in _pitch_urls(pitch.id):
        response = client.open(url, method=method, data={"problem": "Hijack", "completed": "yes"})
        assert response.status_code == 404, f"{method} {url}"
    db.session.refresh(pitch)
    assert pitch.problem == "Private words"
    assert "Private words" not in _text(client.get("/pitches/"))


def test_signed_out_people_go_to_sign_in(client, team):
    pitch = make_pitch(team)
    for _method, url in _pitch_urls(pitch.id)[:1] + [
        ("GET", "/pitches/"),
        ("GET", "/pitches/start"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")
