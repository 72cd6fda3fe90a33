"""Check answers, submit (references, emails, refusals), the confirmation and withdrawing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from spark.core.audit import utcnow
from spark.extensions import db
from spark.pitches import checks, submission
from spark.pitches.models import Pitch
from tests.factories import (
    audit_events,
    make_pitch,
    make_ready_pitch,
    make_round,
    make_submitted_pitch,
    make_team,
    make_user,
    outbox_messages,
    sign_in,
)


@pytest.fixture
def lead(app):
    return make_user(name="Ada Lead", email="ada@example.gov.uk")


@pytest.fixture
def member(app):
    return make_user(name="Bea Member", email="bea@example.gov.uk")


@pytest.fixture
def team(lead, member):
    return make_team(lead, member, name="Desk bookers")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _submit(client, pitch, version=None):
    return client.post(
        f"/pitches/{pitch.id}/submit",
        data={"version": pitch.version if version is None else version},
    )


# Check your answers ----------------------------------------------------------------------------


def test_check_answers_shows_every_answer_with_change_links(client, team, lead):
    pitch = make_ready_pitch(team)
    sign_in(client, lead)
    response = client.get(f"/pitches/{pitch.id}/check-your-answers")
    assert response.status_code == 200
    page = _text(response)
    assert "Check your answers before you submit your pitch" in page
    assert "Bookable desks in every office" in page
    assert "£12,500" in page
    assert f'href="/pitches/{pitch.id}/sections/what-you-need#ask"' in page
    assert 'Change<span class="govuk-visually-hidden"> how much money do you need?</span>' in page
    assert f'href="/pitches/{pitch.id}/materials"' in page
    assert "Nothing to fix" in page
    assert "Now submit your pitch" in page
    assert 'name="version"' in page


def test_check_answers_says_what_stops_submission(client, team, lead):
    pitch = make_pitch(team, completed_sections=["about"], summary="One line.")
    checks.refresh(pitch)
    db.session.commit()
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}/check-your-answers"))
    assert "You cannot submit your pitch yet" in page
    assert "Complete the section ‘The problem’" in page
    assert "Complete the section ‘Pitch materials’" in page
    assert 'href="#section-problem"' in page and 'id="section-problem"' in page
    assert "Not answered yet" in page
    assert "Submit pitch" not in page


def test_submitting_an_incomplete_pitch_is_refused(client, team, lead):
    pitch = make_ready_pitch(team, completed_sections=["about", "problem"])
    sign_in(client, lead)
    response = _submit(client, pitch)
    assert response.status_code == 400
    page = _text(response)
    assert "<title>Error: Check your answers" in page
    assert "govuk-error-summary" in page
    assert '<a href="#section-idea">Complete the section ‘Your idea’</a>' in page
    db.session.refresh(pitch)
    assert pitch.status == "draft" and pitch.reference is None
    assert outbox_messages() == [] and audit_events("pitch.submitted") == []


@pytest.mark.parametrize(
    ("round_fields", "message"),
    [
        ({"status": "judging"}, "is closed for pitches"),
        (
            {
                "opens_at": datetime.now(UTC) - timedelta(days=10),
                "closes_at": datetime.now(UTC) - timedelta(days=1),
            },
            "closed for pitches on",
        ),
        ({"opens_at": datetime.now(UTC) + timedelta(days=1)}, "is not open for pitches yet"),
    ],
)
def test_submitting_outside_the_round_is_refused(client, team, lead, round_fields, message):
    round_ = make_round(name="Spark! spring 2027", **round_fields)
    pitch = make_ready_pitch(team, round=round_)
    sign_in(client, lead)
    response = _submit(client, pitch)
    assert response.status_code == 400
    assert f"Spark! spring 2027 {message}" in _text(response)
    db.session.refresh(pitch)
    assert pitch.status == "draft"


def test_blocking_findings_and_unread_warnings_stop_submission(client, team, lead):
    pitch = make_ready_pitch(team)
    report = checks.latest_report(pitch)
    report.blocking, report.warnings, report.warnings_acknowledged_at = 2, 1, None
    db.session.commit()
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert page.count("Cannot start yet") == 1  # check answers waits for the check
    response = _submit(client, pitch)
    assert response.status_code == 400
    page = _text(response)
    assert "Fix the 2 accessibility problems marked" in page
    assert "Confirm you have read the warnings" in page
    assert 'href="#section-accessibility"' in page


def test_a_teammates_change_since_checking_sends_you_back(client, team, lead):
    pitch = make_ready_pitch(team)
    sign_in(client, lead)
    response = _submit(client, pitch, version=pitch.version - 1)
    assert response.status_code == 400
    page = _text(response)
    assert "Someone in your team changed the pitch after you opened this page" in page
    assert "Submit pitch" in page  # nothing else stops it: check again and submit
    assert f'name="version" type="hidden" value="{pitch.version}"' in page or (
        f'value="{pitch.version}"' in page
    )


def test_a_teammates_change_that_blocks_submission_says_what_stops_it(client, team, lead):
    # Check answers was opened while the pitch was ready; since then a teammate added a deck
    # whose picture has no alt text. The refusal names what to fix, not only 'check again'
    # (the page shows no submit button, so 'check again, then submit' alone is a dead end).
    pitch = make_ready_pitch(team)
    opened_version = pitch.version
    report = checks.latest_report(pitch)
    pitch.summary = "A page where staff book a desk."
    db.session.commit()
    fresh = checks.refresh(pitch)
    fresh.blocking, fresh.warnings, fresh.warnings_acknowledged_at = 1, report.warnings, None
    db.session.commit()
    sign_in(client, lead)
    response = _submit(client, pitch, version=opened_version)
    assert response.status_code == 400
    page = _text(response)
    assert "Fix the accessibility problem marked &#39;Must fix&#39;" in page
    assert 'href="#section-accessibility"' in page
    assert "Someone in your team changed the pitch" not in page
    db.session.refresh(pitch)
    assert pitch.status == "draft"


def test_check_answers_lists_the_materials_as_the_materials_page_does(
    app, client, team, lead, tmp_path
):
    # A video's captions and BSL version belong to the video: they are not materials of their own.
    import io

    from spark.pitches import materials
    from spark.pitches.materials_storage import Upload
    from tests.factories import MP4_BYTES, VTT_BYTES

    app.config["SPARK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    pitch = make_ready_pitch(team)
    materials.add_video(
        pitch,
        lead,
        Upload(io.BytesIO(MP4_BYTES), "demo.mp4"),
        captions=Upload(io.BytesIO(VTT_BYTES), "demo.vtt"),
        bsl_version=Upload(io.BytesIO(MP4_BYTES + b"bsl"), "demo-bsl.mp4"),
    )
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}/check-your-answers"))
    # Named as people call it, not by its kind ('Video', 'Pdf').
    assert re.search(r"demo\.mp4 </dt> <dd[^>]*> MP4 video </dd>", page)
    assert "demo-bsl.mp4" not in page and "demo.vtt" not in page


# Submitting ------------------------------------------------------------------------------------


def test_submit_gives_a_reference_emails_the_team_and_confirms(client, team, lead, member):
    pitch = make_ready_pitch(team)
    sign_in(client, lead)
    response = _submit(client, pitch)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{pitch.id}/submitted"
    db.session.refresh(pitch)
    year = datetime.now(UTC).year
    assert pitch.status == "submitted"
    assert re.fullmatch(rf"SPK-{year}-0001", pitch.reference)
    assert pitch.submitted_at is not None
    [event] = audit_events("pitch.submitted")
    assert event.actor_id == lead.id
    assert event.before == {"status": "draft"}
    assert event.after == {"status": "submitted", "reference": pitch.reference, "first": True}
    emails = outbox_messages("pitch_submitted")
    assert sorted(m.to for m in emails) == ["ada@example.gov.uk", "bea@example.gov.uk"]
    assert all(pitch.reference in m.subject and pitch.reference in m.body for m in emails)
    assert all(f"/pitches/{pitch.id}" in m.body for m in emails)
    page = _text(client.get(response.headers["Location"]))
    assert "govuk-panel--confirmation" in page
    assert "Pitch submitted" in page
    assert f"<strong>{pitch.reference}</strong>" in page
    assert "What happens next" in page


def test_references_count_up_within_the_year(app, team):
    first = make_submitted_pitch(team)
    second = make_submitted_pitch(team)
    year = datetime.now(UTC).year
    assert (first.reference, second.reference) == (f"SPK-{year}-0001", f"SPK-{year}-0002")
    make_pitch(team, reference=f"SPK-{year}-0041", status="submitted")
    make_pitch(team, reference=f"SPK-{year - 1}-0999", status="submitted")
    assert submission.next_reference(utcnow()) == f"SPK-{year}-0042"


def test_a_reference_taken_a_moment_ago_moves_on_to_the_next(app, team, monkeypatch):
    year = datetime.now(UTC).year
    make_pitch(team, reference=f"SPK-{year}-0001", status="submitted")
    pitch = make_ready_pitch(team)
    real = submission.next_reference
    calls = []

    def racing(now):
        # The first try sees the count before another pitch took 0001.
        calls.append(now)
        return f"SPK-{year}-0001" if len(calls) == 1 else real(now)

    monkeypatch.setattr(submission, "next_reference", racing)
    submission.submit(pitch, team.lead, utcnow(), pitch.version)
    db.session.refresh(pitch)
    assert pitch.reference == f"SPK-{year}-0002"
    assert len(calls) == 2
    assert len(audit_events("pitch.submitted")) == 1
    assert len(outbox_messages("pitch_submitted")) == 2


def test_the_confirmation_only_follows_a_submission(client, team, lead):
    pitch = make_ready_pitch(team)
    sign_in(client, lead)
    response = client.get(f"/pitches/{pitch.id}/submitted")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{pitch.id}"


def test_a_submitted_pitch_is_read_only_for_the_team(client, team, lead):
    pitch = make_submitted_pitch(team)
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert pitch.reference in page
    assert "Submitted" in page
    assert "Staff travel to the office" in page
    assert "/sections/" not in page
    assert "Withdraw pitch" in page
    assert "Nothing to fix" in page  # the report the pitch was submitted with
    assert _submit(client, pitch).status_code == 302
    assert len(audit_events("pitch.submitted")) == 1


# Withdrawing -----------------------------------------------------------------------------------


def test_withdraw_needs_a_reason(client, team, lead):
    pitch = make_submitted_pitch(team)
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}/withdraw"))
    assert "Are you sure you want to withdraw this pitch?" in page
    response = client.post(f"/pitches/{pitch.id}/withdraw", data={"reason": "   "})
    assert response.status_code == 400
    assert '<a href="#reason">Enter why you are withdrawing the pitch</a>' in _text(response)
    db.session.refresh(pitch)
    assert pitch.status == "submitted"


def test_withdraw_a_submitted_pitch(client, team, lead, member):
    pitch = make_submitted_pitch(team)
    sign_in(client, member)
    response = client.post(
        f"/pitches/{pitch.id}/withdraw", data={"reason": "We found a team already doing it"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{pitch.id}"
    db.session.refresh(pitch)
    assert pitch.status == "withdrawn"
    [event] = audit_events("pitch.withdrawn")
    assert event.actor_id == member.id
    assert event.after == {"status": "withdrawn", "reason": "We found a team already doing it"}
    emails = outbox_messages("pitch_withdrawn")
    assert len(emails) == 2
    assert all("We found a team already doing it" in m.body for m in emails)
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert "You’ve withdrawn ‘Bookable desks in every office’" in page
    assert "Your team withdrew this pitch" in page
    assert "Withdraw pitch" not in page
    # Withdrawn is the end: the page says so rather than withdrawing twice.
    response = client.get(f"/pitches/{pitch.id}/withdraw")
    assert response.status_code == 302
    assert len(audit_events("pitch.withdrawn")) == 1


def test_a_draft_can_be_withdrawn_from_the_task_list(client, team, lead):
    pitch = make_pitch(team)
    sign_in(client, lead)
    page = _text(client.get(f"/pitches/{pitch.id}"))
    assert f'href="/pitches/{pitch.id}/withdraw"' in page
    client.post(f"/pitches/{pitch.id}/withdraw", data={"reason": "Started by mistake"})
    assert db.session.get(Pitch, pitch.id).status == "withdrawn"
