"""Refine and resubmit: the team copies its pitch into a new draft for a round taking pitches."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from spark.core.audit import utcnow
from spark.decisions import resubmit
from spark.extensions import db
from spark.pitches import checks, materials
from spark.pitches.materials_storage import Upload
from spark.pitches.models import Pitch
from tests.decision_factories import closed_panel, sign_decision
from tests.factories import (
    MP4_BYTES,
    READY_ANSWERS,
    VTT_BYTES,
    WEBM_BYTES,
    audit_events,
    make_round,
    make_team,
    make_user,
    pdf_bytes,
    png_bytes,
    sign_in,
)

ANSWERS = {key: value for key, value in READY_ANSWERS.items() if key != "title"}


@pytest.fixture
def uploads(app, tmp_path):
    app.config["SPARK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _refined(*, files: bool = False, outcome: str = "refine_and_resubmit"):
    """A pitch with every answer (and files), decided refine and resubmit and signed."""
    decided = closed_panel("in", "out", "out")
    pitch = decided.pitch
    for name, value in ANSWERS.items():
        setattr(pitch, name, value)
    pitch.reference = f"SPK-2027-{pitch.id:04d}"
    pitch.completed_sections = ["about", "problem", "idea", "benefits", "ask", "team"]
    db.session.commit()
    if files:
        _add_files(pitch, decided.lead)
    fields = {"justification": "Worth another look"} if outcome == "refine_and_resubmit" else {}
    sign_decision(decided, outcome=outcome, **fields)
    return decided


def _add_files(pitch: Pitch, lead) -> None:
    """An image with alt text, a decorative one, a PDF and a video with captions and an
    audio-described version, through the materials service (the pitch is a draft meanwhile)."""
    status, pitch.status = pitch.status, "draft"
    db.session.commit()
    materials.add_image(
        pitch,
        lead,
        Upload(io.BytesIO(png_bytes()), "chart.png"),
        alt_text="Bookings rose",
        decorative=False,
    )
    materials.add_image(
        pitch, lead, Upload(io.BytesIO(png_bytes("blue")), "line.png"), alt_text="", decorative=True
    )
    materials.add_document(pitch, lead, Upload(io.BytesIO(pdf_bytes()), "costs.pdf"))
    materials.add_video(
        pitch,
        lead,
        Upload(io.BytesIO(MP4_BYTES), "demo.mp4"),
        captions=Upload(io.BytesIO(VTT_BYTES), "demo.vtt"),
        audio_described=Upload(io.BytesIO(WEBM_BYTES), "demo-described.webm"),
    )
    pitch.status = status
    db.session.commit()


def _copy(client, pitch, round_id=None):
    data = {"round": str(round_id)} if round_id else {}
    return client.post(f"/pitches/{pitch.id}/decision/copy", data=data)


def _copies(pitch) -> list[Pitch]:
    return list(db.session.scalars(select(Pitch).where(Pitch.copied_from_id == pitch.id)))


def test_the_decision_page_offers_the_copy_with_one_open_round(app, client):
    decided = _refined()
    spring = make_round(name="Spark! spring 2027")
    sign_in(client, decided.lead)
    page = client.get(f"/pitches/{decided.pitch.id}/decision").get_data(as_text=True)
    assert "Copy this pitch into a new draft" in page
    assert f'<input type="hidden" name="round" value="{spring.id}">' in page
    assert "Spark! spring 2027" in page
    assert 'type="radio"' not in page
    # The pitch page points to it too.
    summary = client.get(f"/pitches/{decided.pitch.id}").get_data(as_text=True)
    assert f'href="/pitches/{decided.pitch.id}/decision#next-steps"' in summary


def test_the_copy_is_a_draft_with_the_answers_and_a_link_back(app, client):
    decided = _refined()
    old = decided.pitch
    spring = make_round(name="Spark! spring 2027")
    sign_in(client, decided.lead)
    response = _copy(client, old, spring.id)
    [copy] = _copies(old)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{copy.id}"
    assert (copy.status, copy.round_id, copy.team_id) == ("draft", spring.id, old.team_id)
    assert copy.title == old.title and copy.reference is None and copy.submitted_at is None
    for name, value in ANSWERS.items():
        assert getattr(copy, name) == value, name
    assert copy.completed_sections == []  # the team goes through each section again
    assert copy.created_by_id == decided.lead.id
    assert checks.latest_report(copy) is not None
    [event] = audit_events("pitch.copied_for_resubmission")
    assert event.target_id == str(copy.id) and event.actor_id == decided.lead.id
    assert event.after["copied_from_id"] == old.id
    assert event.after["copied_from_reference"] == old.reference
    # The new draft's task list says where it came from, with the confirmation.
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"You’ve copied ‘{old.title}’ into a new draft for Spark! spring 2027" in page
    assert f'Copied from <a class="govuk-link" href="/pitches/{old.id}">{old.reference}</a>' in page
    assert f'href="/pitches/{old.id}/decision"' in page
    assert "In progress" in page
    # The old pitch keeps its decision and points to the copy.
    db.session.expire_all()
    assert db.session.get(Pitch, old.id).status == "decided"
    summary = client.get(f"/pitches/{old.id}").get_data(as_text=True)
    assert "Refine and resubmit" in summary
    assert f'into a new draft: <a class="govuk-link" href="/pitches/{copy.id}">' in summary
    decision_page = client.get(f"/pitches/{old.id}/decision").get_data(as_text=True)
    assert "Your team has copied this pitch into a new draft" in decision_page
    assert (
        'action="/pitches/' not in decision_page.split("What happens next")[1].split("feedback")[0]
    )


def test_files_are_copied_sharing_their_stored_bytes(app, client, uploads):
    decided = _refined(files=True)
    old = decided.pitch
    make_round()
    sign_in(client, decided.lead)
    assert _copy(client, old).status_code == 302
    [copy] = _copies(old)
    before, after = list(old.files), list(copy.files)
    assert len(after) == len(before) == 6
    fields = ("kind", "sha256", "size", "mimetype", "original_name", "alt_text", "decorative")
    assert [tuple(getattr(f, n) for n in fields) for f in after] == [
        tuple(getattr(f, n) for n in fields) for f in before
    ]
    assert not {f.id for f in after} & {f.id for f in before}
    video = next(f for f in after if f.kind == "video" and f.captions_id)
    assert video.captions.pitch_id == copy.id and video.captions.kind == "captions"
    assert video.audio_description.pitch_id == copy.id
    assert next(f for f in after if f.alt_text == "Bookings rose").decorative is False
    # Removing a file from the copy keeps the old pitch's bytes.
    image = next(f for f in after if f.original_name == "chart.png")
    materials.remove_file(copy, decided.lead, image)
    assert materials.stored_path(
        next(f for f in old.files if f.original_name == "chart.png")
    ).exists()
    assert audit_events("pitch.copied_for_resubmission")[0].after["files"] == 6


def test_the_team_chooses_between_open_rounds(app, client):
    decided = _refined()
    first, second = make_round(name="Spark! spring"), make_round(name="Spark! summer")
    sign_in(client, decided.lead)
    page = client.get(f"/pitches/{decided.pitch.id}/decision").get_data(as_text=True)
    assert page.count('type="radio"') == 2
    response = _copy(client, decided.pitch)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: " in page
    assert resubmit.SELECT_ROUND in page
    assert _copies(decided.pitch) == []
    assert _copy(client, decided.pitch, second.id).status_code == 302
    assert _copies(decided.pitch)[0].round_id == second.id
    assert "Spark! spring" in page and first.id != second.id


def test_a_round_that_closed_meanwhile_is_refused(app, client):
    decided = _refined()
    spring, _summer = make_round(), make_round()
    sign_in(client, decided.lead)
    spring.status = "judging"
    db.session.commit()
    response = _copy(client, decided.pitch, spring.id)
    assert response.status_code == 409
    assert resubmit.ROUND_CLOSED in response.get_data(as_text=True)
    # The error summary links to the control to use now: the one round left's button.
    html = response.get_data(as_text=True)
    assert f'<a href="#copy-button">{resubmit.ROUND_CLOSED}</a>' in html
    assert 'id="copy-button"' in html
    assert _copies(decided.pitch) == []


def test_no_open_round_no_button(app, client):
    decided = _refined()
    make_round(name="Closed already", status="closed")
    sign_in(client, decided.lead)
    page = client.get(f"/pitches/{decided.pitch.id}/decision").get_data(as_text=True)
    assert "No round is open for pitches at the moment" in page
    assert "/decision/copy" not in page
    response = _copy(client, decided.pitch)
    assert response.status_code == 409
    assert resubmit.NO_ROUND in response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert f'<a href="#no-round">{resubmit.NO_ROUND}</a>' in html and 'id="no-round"' in html
    assert _copies(decided.pitch) == []


def test_the_pitch_own_round_is_not_offered(app, client):
    decided = _refined()
    decided.round.status = "open"
    db.session.commit()
    assert resubmit.rounds_for_copy(decided.pitch, utcnow()) == []


def test_only_once(app, client):
    decided = _refined()
    make_round()
    sign_in(client, decided.lead)
    first = _copy(client, decided.pitch)
    second = _copy(client, decided.pitch)
    [copy] = _copies(decided.pitch)
    assert second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"] == f"/pitches/{copy.id}"
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert resubmit.ALREADY_COPIED in page
    assert len(audit_events("pitch.copied_for_resubmission")) == 1


def test_two_copies_at_once_make_one(app, monkeypatch):
    """The second of two requests that both found no copy loses the compare and swap on the
    old pitch's version and is sent to the first one's copy."""
    decided = _refined()
    make_round()
    pitch, lead = decided.pitch, decided.lead
    seen = pitch.version
    made = resubmit.copy_for_resubmission(pitch, lead, None, utcnow())
    set_committed_value(pitch, "version", seen)  # as the second request read it
    real_copy_of, calls = resubmit.copy_of, []

    def late_copy_of(old):
        calls.append(old.id)
        return None if len(calls) == 1 else real_copy_of(old)

    monkeypatch.setattr(resubmit, "copy_of", late_copy_of)
    with pytest.raises(resubmit.AlreadyCopied) as already:
        resubmit.copy_for_resubmission(pitch, lead, None, utcnow())
    assert already.value.copy.id == made.id
    assert (
        db.session.scalar(select(func.count(Pitch.id)).where(Pitch.copied_from_id == pitch.id)) == 1
    )


@pytest.mark.parametrize("outcome", ["funded", "not_funded"])
def test_only_refine_and_resubmit_can_be_copied(app, client, outcome):
    decided = (
        closed_panel("in", "in", "in") if outcome == "funded" else closed_panel("out", "out", "out")
    )
    sign_decision(decided, outcome=outcome)
    make_round()
    sign_in(client, decided.lead)
    page = client.get(f"/pitches/{decided.pitch.id}/decision").get_data(as_text=True)
    assert "/decision/copy" not in page
    response = _copy(client, decided.pitch)
    assert response.status_code == 409
    assert resubmit.NOT_REFINE in response.get_data(as_text=True)
    assert _copies(decided.pitch) == []


def test_an_unsigned_refine_decision_cannot_be_copied(app, client):
    from tests.decision_factories import record_decision

    decided = closed_panel("in", "out", "out")
    record_decision(decided, outcome="refine_and_resubmit", justification="Another look")
    make_round()
    sign_in(client, decided.lead)
    assert _copy(client, decided.pitch).status_code == 404  # nothing signed: nothing to see
    assert _copies(decided.pitch) == []


@pytest.mark.parametrize("who", ["stranger", "dragon", "organiser"])
def test_only_the_team_can_copy(app, client, who):
    decided = _refined()
    make_round()
    person = {
        "stranger": make_user,
        "dragon": lambda: decided.dragons[0],
        "organiser": lambda: make_user(roles=("organiser",)),
    }[who]()
    sign_in(client, person)
    assert _copy(client, decided.pitch).status_code == 404
    assert _copies(decided.pitch) == []


def test_signed_out_copy_goes_to_sign_in(app, client):
    decided = _refined()
    response = _copy(client, decided.pitch)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_copied_from_is_shown_only_to_the_old_pitch_team(app, client):
    decided = _refined()
    make_round()
    copy = resubmit.copy_for_resubmission(decided.pitch, decided.lead, None, utcnow())
    sign_in(client, decided.lead)
    assert "Copied from" in client.get(f"/pitches/{copy.id}").get_data(as_text=True)
    copy.status = "submitted"  # still shown on the read-only page once submitted
    db.session.commit()
    assert "Copied from" in client.get(f"/pitches/{copy.id}").get_data(as_text=True)
    # Were the draft ever another team's, that team would not be told about the old pitch.
    other = make_user()
    copy.team_id = make_team(other, name="Another team").id
    db.session.commit()
    sign_in(client, other)
    page = client.get(f"/pitches/{copy.id}").get_data(as_text=True)
    assert "Copied from" not in page and decided.pitch.reference not in page
