"""The pitch page: all the pitch's material beside the dragon's score sheet; drafts, submitting,
the server's checks, stale saves, and others' sheets hidden until the dragon has submitted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spark.extensions import db
from spark.panels import sheet_service
from spark.panels.models import Conflict, ScoreSheet
from spark.pitches.models import AccessibilityReport, PitchFile
from tests.factories import audit_events, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)


@pytest.fixture
def setting(app):
    """A panel (chair and three dragons) with one pitch whose scoring is open."""
    round_ = make_judged_round()
    chair = make_dragon(name="Chidi Chair")
    dragons = [make_dragon(name=name) for name in ("Ada Dragon", "Ben Dragon", "Cat Dragon")]
    panel = make_panel(round_, chair, *dragons, name="Panel A")
    pitch = make_team_pitch(
        round_,
        title="Bookable desks",
        summary="Book a desk in any office",
        problem="People cannot find a desk",
        idea="A booking service",
        benefits="Staff save time",
        ask_pence=1250000,
        team_details="Three developers",
    )
    [slot] = route(panel, pitch, state="scoring")
    return round_, panel, pitch, slot, chair, dragons


def url(panel, pitch) -> str:
    return f"/panels/{panel.id}/pitches/{pitch.id}"


def full_sheet(criteria, score="3", verdict="in", reason="", comment="Fine", **extra) -> dict:
    data = {f"score_{c.id}": score for c in criteria}
    data.update({f"comment_{c.id}": f"{comment} {c.position}" for c in criteria})
    data.update(verdict=verdict, reason=reason, submit_sheet="Submit score sheet", version="")
    data.update(extra)
    return data


def draft(criteria, **fields) -> dict:
    data = {"save_draft": "Save as draft", "version": ""}
    data.update(fields)
    return data


def sheet_of(pitch, dragon) -> ScoreSheet | None:
    db.session.expire_all()
    return db.session.scalar(
        select(ScoreSheet).where(ScoreSheet.pitch_id == pitch.id, ScoreSheet.dragon_id == dragon.id)
    )


# The page -------------------------------------------------------------------------------------


def test_pitch_page_shows_the_material_and_the_score_sheet(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    audio = PitchFile(
        pitch_id=pitch.id,
        kind="audio",
        sha256="a" * 64,
        size=2048,
        mimetype="audio/mpeg",
        original_name="overview.mp3",
        transcript="Hello dragons, this is our idea.",
    )
    captions = PitchFile(
        pitch_id=pitch.id,
        kind="captions",
        sha256="c" * 64,
        size=100,
        mimetype="text/vtt",
        original_name="film.vtt",
    )
    deck = PitchFile(
        pitch_id=pitch.id,
        kind="deck",
        sha256="d" * 64,
        size=4096,
        original_name="deck.pptx",
        mimetype="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
    db.session.add_all([audio, captions, deck])
    db.session.flush()
    video = PitchFile(
        pitch_id=pitch.id,
        kind="video",
        sha256="v" * 64,
        size=8192,
        mimetype="video/mp4",
        original_name="film.mp4",
        captions_id=captions.id,
    )
    db.session.add(video)
    db.session.add(
        AccessibilityReport(
            pitch_id=pitch.id, pitch_version=pitch.version, blocking=0, warnings=2, advice=1
        )
    )
    db.session.commit()

    sign_in(client, ada)
    response = client.get(url(panel, pitch))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Bookable desks – Project Spark!"
    for text in (
        "Book a desk in any office",
        "People cannot find a desk",
        "A booking service",
        "Staff save time",
        "£12,500",
        "Three developers",
        pitch.team.name,
    ):
        assert text in body, text
    # The accessibility check's summary.
    assert "Nothing to fix, 2 warnings, 1 suggestion" in body
    # Downloads, audio with its transcript, video with its captions.
    assert f'/pitches/{pitch.id}/files/{deck.id}"' in body
    assert "<audio" in body and "Hello dragons, this is our idea." in body
    assert "<video" in body
    assert f'src="/pitches/{pitch.id}/files/{video.id}/captions.vtt"' in body
    # The sheet: a fieldset per criterion with the descriptors, comments, verdict and reason.
    criteria = criteria_of(round_)
    first = criteria[0]
    assert first.name in body and first.guidance in body
    assert f"3 – {first.descriptors[2]}" in body
    assert f'id="score_{first.id}"' in body
    assert f'name="comment_{first.id}"' in body
    assert 'name="verdict"' in body and 'name="reason"' in body
    assert "Save as draft" in body and "Submit score sheet" in body
    assert body.count('type="radio"') == 5 * len(criteria) + 2


def test_a_pitch_not_on_this_panel_is_404(client, setting):
    round_, panel, _pitch, _slot, _chair, (ada, *_) = setting
    elsewhere = make_team_pitch(round_)
    route(make_panel(round_, make_dragon()), elsewhere)
    sign_in(client, ada)
    assert client.get(url(panel, elsewhere)).status_code == 404
    assert client.post(url(panel, elsewhere), data={"save_draft": "x"}).status_code == 404
    assert client.get(f"/panels/{panel.id}/pitches/999999").status_code == 404


def test_a_recused_dragon_cannot_open_or_score_the_pitch(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, ben, _cat) = setting
    db.session.add(Conflict(pitch_id=pitch.id, user_id=ada.id, reason="My cousin"))
    db.session.commit()
    sign_in(client, ada)
    assert client.get(url(panel, pitch)).status_code == 404
    response = client.post(url(panel, pitch), data=full_sheet(criteria_of(round_)))
    assert response.status_code == 404
    assert sheet_of(pitch, ada) is None


def test_a_dragon_from_the_team_leads_department_is_recused_too(client, setting):
    round_, panel, pitch, *_ = setting
    colleague = make_dragon(department=pitch.team.lead.department)
    from spark.panels.models import PanelMember

    db.session.add(PanelMember(panel_id=panel.id, user_id=colleague.id))
    db.session.commit()
    sign_in(client, colleague)
    assert client.get(url(panel, pitch)).status_code == 404
    assert client.post(url(panel, pitch), data=full_sheet(criteria_of(round_))).status_code == 404


# Drafts and submitting ------------------------------------------------------------------------


def test_a_partial_draft_is_saved_and_audited(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    first = criteria_of(round_)[0]
    sign_in(client, ada)
    response = client.post(
        url(panel, pitch),
        data=draft(None, **{f"score_{first.id}": "4", f"comment_{first.id}": "Strong"}),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == url(panel, pitch)
    sheet = sheet_of(pitch, ada)
    assert sheet.status == "draft"
    assert {s.criterion_id: (s.score, s.comment) for s in sheet.scores}[first.id] == (4, "Strong")
    [event] = audit_events("sheet.saved")
    assert event.actor_id == ada.id and event.after["scores"][str(first.id)] == 4
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "Your draft score sheet for ‘Bookable desks’ has been saved" in page
    assert f'id="score_{first.id}-4" name="score_{first.id}" type="radio" value="4" checked' in page
    assert f'name="version" type="hidden" value="{sheet.version}"' in page
    assert "Draft saved" in client.get(f"/panels/{panel.id}").get_data(as_text=True)


def test_submitting_needs_every_score_and_a_verdict(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    sign_in(client, ada)
    data = full_sheet(criteria, verdict="")
    data[f"score_{criteria[2].id}"] = ""
    response = client.post(url(panel, pitch), data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body).startswith("Error: ")
    assert f'href="#score_{criteria[2].id}">Select a score for {criteria[2].name}' in body
    assert 'href="#verdict">Select In or Out' in body
    # Nothing typed is lost.
    assert "Fine 1" in body
    assert sheet_of(pitch, ada) is None


def test_out_needs_a_reason(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    sign_in(client, ada)
    response = client.post(url(panel, pitch), data=full_sheet(criteria_of(round_), verdict="out"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#reason">Enter why this pitch is out' in body


def test_a_score_outside_1_to_5_is_refused(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    sign_in(client, ada)
    data = full_sheet(criteria)
    data[f"score_{criteria[0].id}"] = "7"
    response = client.post(url(panel, pitch), data=data)
    assert response.status_code == 400
    assert f"Select a score between 1 and 5 for {criteria[0].name}" in response.get_data(
        as_text=True
    )
    assert sheet_of(pitch, ada) is None


def test_a_criterion_of_another_round_is_refused_by_the_service(app, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    other = criteria_of(make_judged_round())[0]
    typed = {"scores": {other.id: 3}, "comments": {}, "verdict": None, "reason": ""}
    with pytest.raises(sheet_service.SheetProblems) as refused:
        sheet_service.save_sheet(
            panel, pitch.id, ada, typed, submitting=False, expected_version=None
        )
    assert refused.value.problems == {"sheet": "Score only the criteria of this pitch’s round"}


def test_submitting_a_full_sheet_is_final_and_audited(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    sign_in(client, ada)
    response = client.post(url(panel, pitch), data=full_sheet(criteria, score="4"))
    assert response.status_code == 302
    sheet = sheet_of(pitch, ada)
    assert (sheet.status, sheet.verdict) == ("submitted", "in")
    assert sheet.submitted_at is not None
    [event] = audit_events("sheet.submitted")
    assert event.after["status"] == "submitted"
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "You have submitted your score sheet for ‘Bookable desks’" in page
    assert 'name="submit_sheet"' not in page

    # Any further save is refused with a clear message, and nothing changes.
    again = client.post(
        url(panel, pitch), data=full_sheet(criteria, score="1", version=str(sheet.version))
    )
    body = again.get_data(as_text=True)
    assert again.status_code == 400
    assert page_title(body).startswith("Error: ")
    assert "You have already submitted your score sheet for this pitch" in body
    assert {s.score for s in sheet_of(pitch, ada).scores} == {4}
    assert "Submitted" in client.get(f"/panels/{panel.id}").get_data(as_text=True)


def test_submitting_before_scoring_opens_is_refused_but_a_draft_is_kept(client, setting):
    round_, panel, pitch, slot, _chair, (ada, *_) = setting
    slot.state = "pitching"
    db.session.commit()
    criteria = criteria_of(round_)
    sign_in(client, ada)
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "Scoring has not opened yet" in page
    response = client.post(url(panel, pitch), data=full_sheet(criteria))
    assert response.status_code == 400
    assert "Scoring for this pitch has not opened yet" in response.get_data(as_text=True)
    data = full_sheet(criteria)
    del data["submit_sheet"]
    data["save_draft"] = "Save as draft"
    assert client.post(url(panel, pitch), data=data).status_code == 302
    assert sheet_of(pitch, ada).status == "draft"


def test_saving_after_scoring_closed_is_a_gov_uk_error_not_an_error_page(client, setting):
    round_, panel, pitch, slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    sign_in(client, ada)
    client.get(url(panel, pitch))
    slot.state = "closed"
    db.session.commit()
    response = client.post(url(panel, pitch), data=full_sheet(criteria, comment="Typed late"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Bookable desks – Project Spark!"
    assert "govuk-error-summary" in body
    assert "Scoring for this pitch has closed" in body
    assert "Typed late 1" in body  # what was typed is still there
    assert sheet_of(pitch, ada) is None
    # Looking again shows it closed, without the form.
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert 'name="save_draft"' not in page
    assert "You did not submit a score sheet" in page


def test_saving_when_the_round_is_closed_is_refused(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    round_.status = "closed"
    db.session.commit()
    sign_in(client, ada)
    response = client.post(url(panel, pitch), data=draft(None))
    assert response.status_code == 400
    assert "This round is closed" in response.get_data(as_text=True)


def test_the_chair_can_reopen_a_sheet_and_the_dragon_change_it(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    sheet = make_sheet(
        pitch, ada, status="submitted", verdict="in", scores={c.id: 2 for c in criteria}
    )
    sheet.status = "draft"  # as the chair's reopening does
    db.session.commit()
    sign_in(client, ada)
    data = full_sheet(criteria, score="5", version=str(sheet_of(pitch, ada).version))
    assert client.post(url(panel, pitch), data=data).status_code == 302
    assert {s.score for s in sheet_of(pitch, ada).scores} == {5}
