"""Screening: organisers list and filter pitches, mark them eligible or return them with reasons;
the team sees the reasons, changes the pitch and submits it again."""

from __future__ import annotations

import re

import pytest

from spark.extensions import db
from spark.pitches import checks
from spark.pitches.models import Pitch
from tests.factories import (
    audit_events,
    make_pitch,
    make_round,
    make_submitted_pitch,
    make_team,
    make_user,
    outbox_messages,
    sign_in,
)


@pytest.fixture
def organiser(app):
    return make_user(name="Olu Organiser", roles=("organiser",))


@pytest.fixture
def lead(app):
    return make_user(name="Ada Lead", email="ada@example.gov.uk", department="HM Treasury")


@pytest.fixture
def team(lead):
    return make_team(lead, name="Desk bookers")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _rows(page: str) -> list[str]:
    """The rows of the table of pitches (after its heading row)."""
    table = page.split('aria-label="Pitches"', 1)[1]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table)[1:]


# Who may screen -------------------------------------------------------------------------------


def test_only_organisers_screen(client, team):
    pitch = make_submitted_pitch(team)
    urls = [
        "/screening/",
        f"/screening/pitches/{pitch.id}",
        f"/screening/pitches/{pitch.id}/eligible",
        f"/screening/pitches/{pitch.id}/return",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    sign_in(client, team.lead)  # the team itself screens nothing
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[2]).status_code == 403
    assert client.post(urls[3], data={"reasons": "No"}).status_code == 403
    db.session.refresh(pitch)
    assert pitch.status == "submitted"


def test_drafts_stay_private_to_their_team(client, team, organiser):
    draft = make_pitch(team, title="A secret draft")
    sign_in(client, organiser)
    assert "A secret draft" not in _text(client.get("/screening/"))
    assert client.get(f"/screening/pitches/{draft.id}").status_code == 404
    assert client.post(f"/screening/pitches/{draft.id}/eligible").status_code == 404


def test_organisers_cannot_change_a_teams_pitch(client, team, organiser):
    pitch = make_submitted_pitch(team)
    sign_in(client, organiser)
    for url in (
        f"/pitches/{pitch.id}",
        f"/pitches/{pitch.id}/sections/the-problem",
        f"/pitches/{pitch.id}/withdraw",
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        f"/pitches/{pitch.id}/sections/the-problem", data={"problem": "x", "completed": "yes"}
    )
    assert response.status_code == 404


# The list --------------------------------------------------------------------------------------


def test_the_list_with_filters_and_counts(client, organiser, lead):
    spring = make_round(name="Spring round")
    autumn = make_round(name="Autumn round")
    treasury = make_team(lead, name="Treasury team")
    defra_lead = make_user(department="Department for Environment, Food & Rural Affairs")
    defra = make_team(defra_lead, name="Defra team")
    a = make_submitted_pitch(treasury, round=spring, title="Alpha idea")
    b = make_submitted_pitch(defra, round=spring, title="Beta idea")
    c = make_submitted_pitch(defra, round=autumn, title="Gamma idea")
    make_pitch(defra, round=autumn, title="Delta draft")
    c.status = "eligible"
    db.session.commit()

    sign_in(client, organiser)
    page = _text(client.get("/screening/"))
    assert "3 pitches" in page
    assert [re.search(r">(\w+ idea)<", row).group(1) for row in _rows(page)] == [
        "Alpha idea",
        "Beta idea",
        "Gamma idea",
    ]
    assert a.reference in page and "Treasury team, HM Treasury" in page
    assert "Delta draft" not in page
    assert re.search(r">Submitted</th> <td[^>]*numeric[^>]*>2</td>", page)
    assert re.search(r">Eligible</th> <td[^>]*numeric[^>]*>1</td>", page)

    page = _text(client.get(f"/screening/?round={spring.id}"))
    assert "2 pitches" in page and "Gamma idea" not in page
    assert f'<option value="{spring.id}" selected>' in page

    page = _text(client.get("/screening/?status=eligible"))
    assert "1 pitch" in page and "Gamma idea" in page

    page = _text(client.get("/screening/", query_string={"department": defra_lead.department}))
    assert "2 pitches" in page and "Alpha idea" not in page and b.reference in page

    page = _text(client.get(f"/screening/?round={autumn.id}&status=submitted"))
    assert "No pitches match these filters" in page
    assert "Clear filters" in page

    # Values that are not choices mean 'all', never an error.
    page = _text(client.get("/screening/?round=abc&status=nonsense&department=Nowhere"))
    assert "3 pitches" in page


def test_the_list_when_nothing_is_submitted(client, organiser):
    sign_in(client, organiser)
    page = _text(client.get("/screening/"))
    assert "No pitches have been submitted yet" in page


# A pitch ----------------------------------------------------------------------------------------


def test_the_screening_page_shows_answers_team_and_check(client, team, organiser):
    pitch = make_submitted_pitch(team)
    sign_in(client, organiser)
    page = _text(client.get(f"/screening/pitches/{pitch.id}"))
    assert pitch.reference in page
    assert "Staff travel to the office" in page
    assert "Ada Lead (team lead), ada@example.gov.uk" in page
    assert "HM Treasury" in page
    assert "Nothing to fix" in page
    assert f'href="/pitches/{pitch.id}/check"' in page or "See the full accessibility check" in page
    assert "Mark as eligible" in page and "Return to the team" in page
    assert "/sections/" not in page


def test_mark_eligible_with_a_confirmation(client, team, organiser):
    pitch = make_submitted_pitch(team)
    sign_in(client, organiser)
    page = _text(client.get(f"/screening/pitches/{pitch.id}/eligible"))
    assert "Mark this pitch as eligible?" in page
    response = client.post(f"/screening/pitches/{pitch.id}/eligible")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/screening/pitches/{pitch.id}"
    db.session.refresh(pitch)
    assert pitch.status == "eligible"
    [event] = audit_events("pitch.marked_eligible")
    assert event.actor_id == organiser.id
    assert (event.before, event.after) == ({"status": "submitted"}, {"status": "eligible"})
    [email] = outbox_messages("pitch_eligible")
    assert email.to == "ada@example.gov.uk"
    page = _text(client.get(response.headers["Location"]))
    assert "is eligible. We have emailed the team" in page
    assert "Mark as eligible" not in page
    # A second click (another tab) changes nothing and says why.
    response = client.post(f"/screening/pitches/{pitch.id}/eligible")
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "You cannot mark this pitch as eligible because it is eligible" in page
    assert len(audit_events("pitch.marked_eligible")) == 1


def test_returning_needs_reasons(client, team, organiser):
    pitch = make_submitted_pitch(team)
    sign_in(client, organiser)
    assert "Return the pitch to the team" in _text(
        client.get(f"/screening/pitches/{pitch.id}/return")
    )
    response = client.post(f"/screening/pitches/{pitch.id}/return", data={"reasons": "  "})
    assert response.status_code == 400
    page = _text(response)
    assert "<title>Error: Return the pitch to the team" in page
    assert '<a href="#reasons">Enter the reasons for returning the pitch</a>' in page
    db.session.refresh(pitch)
    assert pitch.status == "submitted"
    assert outbox_messages("pitch_returned") == []


def test_return_fix_resubmit_and_mark_eligible(client, team, organiser, lead):
    pitch = make_submitted_pitch(team)
    reference = pitch.reference
    sign_in(client, organiser)
    reasons = "Say how many staff the idea helps.\n\nAdd the cost of hosting."
    response = client.post(f"/screening/pitches/{pitch.id}/return", data={"reasons": reasons})
    assert response.status_code == 302
    db.session.refresh(pitch)
    assert pitch.status == "returned" and pitch.returned_reason == reasons
    [event] = audit_events("pitch.returned")
    assert event.actor_id == organiser.id
    assert event.after == {"status": "returned", "reasons": reasons}
    [email] = outbox_messages("pitch_returned")
    assert email.to == "ada@example.gov.uk" and "Add the cost of hosting." in email.body
    # The team has a current report, so it can check and submit again straight away.
    assert checks.latest_report(pitch) is not None
    client.get(response.headers["Location"])
    client.get("/sign-out")

    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert "The organisers returned your pitch" in page
    assert "Say how many staff the idea helps." in page
    assert "Returned" in _text(client.get("/pitches/"))
    response = client.post(
        f"/pitches/{pitch.id}/sections/who-benefits",
        data={
            "benefits": "About 4,000 staff in 12 offices save an hour a week.",
            "completed": "yes",
            "version": pitch.version,
        },
    )
    assert response.status_code == 302
    client.get(response.headers["Location"])
    db.session.refresh(pitch)
    response = client.post(f"/pitches/{pitch.id}/submit", data={"version": pitch.version})
    assert response.status_code == 302, _text(response)
    client.get(response.headers["Location"])
    db.session.refresh(pitch)
    assert pitch.status == "submitted" and pitch.reference == reference
    assert audit_events("pitch.submitted")[-1].after["first"] is False
    client.get("/sign-out")

    sign_in(client, organiser)
    page = _text(client.get(f"/screening/pitches/{pitch.id}"))
    assert "Last returned because" in page
    client.post(f"/screening/pitches/{pitch.id}/eligible")
    assert db.session.get(Pitch, pitch.id).status == "eligible"


def test_an_eligible_pitch_can_still_be_returned_but_not_a_withdrawn_one(client, team, organiser):
    pitch = make_submitted_pitch(team)
    pitch.status = "eligible"
    gone = make_submitted_pitch(team)
    gone.status = "withdrawn"
    db.session.commit()
    sign_in(client, organiser)
    assert "Return to the team" in _text(client.get(f"/screening/pitches/{pitch.id}"))
    page = _text(client.get(f"/screening/pitches/{gone.id}"))
    assert "Return to the team" not in page and "Mark as eligible" not in page
    response = client.post(f"/screening/pitches/{gone.id}/return", data={"reasons": "No"})
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "You cannot return this pitch because it is withdrawn" in page
    assert db.session.get(Pitch, gone.id).status == "withdrawn"


def test_the_materials_count_leaves_out_captions_and_a_videos_other_versions(
    app, client, team, organiser, lead, tmp_path
):
    import io

    from spark.pitches import materials
    from spark.pitches.materials_storage import Upload
    from tests.factories import MP4_BYTES, VTT_BYTES

    app.config["SPARK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    pitch = make_pitch(team, title="Bookable desks")
    materials.add_video(
        pitch,
        lead,
        Upload(io.BytesIO(MP4_BYTES), "demo.mp4"),
        captions=Upload(io.BytesIO(VTT_BYTES), "demo.vtt"),
        bsl_version=Upload(io.BytesIO(MP4_BYTES + b"bsl"), "demo-bsl.mp4"),
    )
    pitch.status = "submitted"
    db.session.commit()
    sign_in(client, organiser)
    page = _text(client.get(f"/screening/pitches/{pitch.id}"))
    assert "See the pitch materials (1 file)" in page  # not '(2 files)'
