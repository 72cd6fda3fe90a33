"""The accessibility check: stored per pitch version, refreshed on changes, shown grouped by
item with severity tags, warnings acknowledged, and what it means for submitting."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spark.extensions import db
from spark.pitches import checks
from spark.pitches.check_views import guidance_links
from spark.pitches.models import AccessibilityReport, Pitch, PitchFile
from tests.factories import (
    audit_events,
    deck_bytes,
    make_pitch,
    make_team,
    make_user,
    sign_in,
    upload,
)

MULTIPART = "multipart/form-data"
WORDY = (
    "We will leverage our learnings to deliver a robust, streamlined and joined-up "
    "approach going forward."
)


@pytest.fixture
def uploads(app, tmp_path):
    app.config["SPARK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def lead(app):
    return make_user()


@pytest.fixture
def pitch(lead):
    return make_pitch(make_team(lead), title="Bookable desks")


@pytest.fixture
def team_client(client, lead):
    sign_in(client, lead)
    return client


def squeezed(page: str) -> str:
    return " ".join(page.split())


def fresh(pitch: Pitch) -> Pitch:
    db.session.expire_all()
    return db.session.get(Pitch, pitch.id)


def reports(pitch: Pitch) -> list[AccessibilityReport]:
    return list(
        db.session.scalars(
            select(AccessibilityReport)
            .where(AccessibilityReport.pitch_id == pitch.id)
            .order_by(AccessibilityReport.pitch_version)
        )
    )


def add_deck(client, pitch: Pitch, data: bytes, name: str = "deck.pptx"):
    response = client.post(
        f"/pitches/{pitch.id}/materials/document",
        data={"file": upload(data, name)},
        content_type=MULTIPART,
    )
    assert response.status_code == 302
    client.get(response.headers["Location"])  # shows the confirmation
    return db.session.scalars(
        select(PitchFile).where(PitchFile.original_name == name).order_by(PitchFile.id.desc())
    ).first()


# ---------------------------------------------------------------- the service


def test_summary_sentence():
    assert checks.summary_sentence(2, 5, 3) == (
        "2 things to fix before you can submit, 5 warnings, 3 suggestions"
    )
    assert checks.summary_sentence(1, 1, 1) == (
        "1 thing to fix before you can submit, 1 warning, 1 suggestion"
    )
    assert checks.summary_sentence(0, 0, 0) == "Nothing to fix"
    assert checks.summary_sentence(0, 2, 0) == "Nothing to fix, 2 warnings"
    assert checks.summary_sentence(3, 0, 1) == (
        "3 things to fix before you can submit, 1 suggestion"
    )


def test_report_is_stored_for_the_current_version_and_replaced_for_the_same_one(pitch):
    assert checks.latest_report(pitch) is None
    assert checks.submission_problems(pitch) == ["Run the accessibility check"]
    first = checks.refresh(pitch)
    db.session.commit()
    assert (first.pitch_version, first.blocking) == (pitch.version, 0)
    again = checks.refresh(pitch)  # same version: replaced, not a second report
    db.session.commit()
    assert again.id == first.id and len(reports(pitch)) == 1
    pitch.problem = WORDY
    checks.refresh(pitch)  # flushes the change: a new version, a new report
    db.session.commit()
    assert [r.pitch_version for r in reports(pitch)] == [1, 2]
    assert checks.latest_report(fresh(pitch)).warnings > 0


def test_text_findings_are_under_pitch_text_in_blocking_first_order(pitch):
    pitch.problem = WORDY
    pitch.idea = "[click here](https://example.gov.uk)"
    report = checks.refresh(pitch)
    db.session.commit()
    assert {f.item for f in report.findings} == {"Pitch text"}
    assert [f.position for f in report.findings] == list(range(1, len(report.findings) + 1))
    assert any(f.rule == "words-to-avoid" for f in report.findings)
    assert report.warnings == len(report.findings)


def test_a_deck_is_opened_once_for_many_text_changes(team_client, pitch, uploads, monkeypatch):
    from spark.accessibility import files

    checks._attachment_cache.clear()
    opened = []
    real = files.check_file
    monkeypatch.setattr(files, "check_file", lambda path: opened.append(path) or real(path))
    add_deck(team_client, pitch, deck_bytes("A chart of desks booked"))
    for word in ("one", "two", "three"):
        current = fresh(pitch)
        current.problem = f"Problem {word}."
        checks.refresh(current)
        db.session.commit()
    assert len(opened) == 1


def test_submission_problems(pitch, lead):
    pitch.problem = WORDY
    checks.refresh(pitch)
    db.session.commit()
    assert checks.submission_problems(pitch) == ["Confirm you have read the warnings"]
    checks.acknowledge_warnings(pitch, lead)
    assert checks.submission_problems(pitch) == []
    report = checks.latest_report(pitch)
    report.blocking = 1
    assert checks.submission_problems(pitch) == ["Fix the accessibility problem marked 'Must fix'"]
    report.blocking = 2
    assert checks.submission_problems(pitch) == [
        "Fix the 2 accessibility problems marked 'Must fix'"
    ]
    db.session.rollback()


def test_warnings_must_be_read_again_for_a_new_version(pitch, lead):
    pitch.problem = WORDY
    checks.refresh(pitch)
    db.session.commit()
    checks.acknowledge_warnings(pitch, lead)
    [event] = audit_events("pitch.warnings_acknowledged")
    assert event.actor_id == lead.id and event.after["version"] == pitch.version
    pitch.problem = WORDY + " Again."
    checks.refresh(pitch)
    db.session.commit()
    assert checks.submission_problems(pitch) == ["Confirm you have read the warnings"]


def test_guidance_links():
    [link] = guidance_links("WCAG 2.2 1.1.1 Non-text content (A)")
    assert link.url == "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content"
    assert link.text == "Understanding WCAG 1.1.1 Non-text content"
    two = guidance_links(
        "WCAG 2.2 1.2.3 Audio description or media alternative (prerecorded) (A) and "
        "1.2.5 Audio description (prerecorded) (AA)"
    )
    assert [link.url.rsplit("/", 1)[1] for link in two] == [
        "audio-description-or-media-alternative-prerecorded",
        "audio-description-prerecorded",
    ]
    [words] = guidance_links("GOV.UK A to Z: words to avoid")
    assert words.url.endswith("#words-to-avoid")
    assert guidance_links("Something we do not know") == []


# ---------------------------------------------------------------- the page


def test_the_page_checks_a_pitch_with_no_report_yet(team_client, pitch):
    response = team_client.get(f"/pitches/{pitch.id}/accessibility")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<p class="govuk-body-l" id="check-summary">Nothing to fix</p>' in page
    assert "Nothing here stops you submitting your pitch" in page
    assert "GOV.UK aims for a reading age of 9" in page
    assert checks.latest_report(fresh(pitch)) is not None


def test_a_deck_picture_without_alt_text_blocks_and_names_the_slide(team_client, pitch, uploads):
    deck = add_deck(team_client, pitch, deck_bytes(alt_text=None), "Our pitch.pptx")
    report = checks.latest_report(fresh(pitch))
    [finding] = [f for f in report.findings if f.severity == "blocking"]
    assert (finding.item, finding.rule) == ("Our pitch.pptx", "image-alt-missing")
    assert finding.location == "slide 1, picture 'Picture 2'"
    assert deck.sha256 not in finding.location + finding.message
    page = team_client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert "1 thing to fix before you can submit" in page
    assert '<strong class="govuk-tag govuk-tag--red"> Must fix </strong>' in squeezed(page)
    assert "slide 1, picture &#39;Picture 2&#39;" in page
    assert "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content" in page
    assert "Fix the accessibility problem marked &#39;Must fix&#39;" in page
    assert page.index('<h3 class="govuk-heading-m">Pitch text</h3>') < page.index(
        '<h3 class="govuk-heading-m">Our pitch.pptx</h3>'
    )

    replace = f"/pitches/{pitch.id}/materials/{deck.id}/change"
    assert (
        f'<a class="govuk-link" href="{replace}">Replace Our pitch.pptx with a new version' in page
    )

    # The fixed deck clears it.
    response = team_client.post(
        replace,
        data={"file": upload(deck_bytes("Desks booked each week, rising"), "Fixed.pptx")},
        content_type=MULTIPART,
        follow_redirects=True,
    )
    assert response.status_code == 200
    report = checks.latest_report(fresh(pitch))
    assert report.blocking == 0
    page = team_client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert '<p class="govuk-body-l" id="check-summary">Nothing to fix' in page
    assert "Our pitch.pptx" not in page


def test_acknowledging_warnings(team_client, pitch, lead):
    pitch.problem = WORDY
    db.session.commit()
    url = f"/pitches/{pitch.id}/accessibility"
    page = team_client.get(url).get_data(as_text=True)
    assert "I have read the warnings and will fix them or can explain why not" in page
    assert '<strong class="govuk-tag govuk-tag--yellow"> Warning </strong>' in squeezed(page)
    response = team_client.post(f"{url}/warnings-read", data={})
    assert response.status_code == 400
    assert "Confirm you have read the warnings" in response.get_data(as_text=True)
    assert "<title>Error: Accessibility check" in " ".join(response.get_data(as_text=True).split())
    response = team_client.post(f"{url}/warnings-read", data={"confirm": "y"})
    assert response.status_code == 302
    page = team_client.get(url).get_data(as_text=True)
    assert "You have confirmed that you have read the warnings" in page
    assert "Your team confirmed it has read the warnings on" in page
    assert "I have read the warnings" not in page
    assert checks.submission_problems(fresh(pitch)) == []


def test_reading_age_is_shown_against_the_target(team_client, pitch):
    pitch.problem = " ".join(["Staff cannot find a desk when they come to the office."] * 12)
    db.session.commit()
    page = team_client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert "have a reading age of about" in page
    assert "GOV.UK aims for a reading age of 9" in page


def test_organisers_see_the_report_read_only_and_others_get_404(client, pitch, lead):
    pitch.problem = WORDY
    db.session.commit()
    sign_in(client, make_user(roles=("organiser",)))
    page = client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert "Nothing to fix" in page
    assert "The team has not confirmed it has read the warnings." in page
    assert "I have read the warnings" not in page
    response = client.post(
        f"/pitches/{pitch.id}/accessibility/warnings-read", data={"confirm": "y"}
    )
    assert response.status_code == 404
    client.get("/sign-out")
    sign_in(client, make_user())
    assert client.get(f"/pitches/{pitch.id}/accessibility").status_code == 404


def test_a_submitted_pitch_shows_the_report_it_was_submitted_with(team_client, pitch):
    pitch.problem = WORDY
    checks.refresh(pitch)
    db.session.commit()
    pitch.status = "submitted"  # a status change makes a new version with no report of its own
    db.session.commit()
    page = team_client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert "This is the check of the pitch as it was submitted." in page
    assert "I have read the warnings" not in page
    assert len(reports(pitch)) == 1


def test_two_people_opening_the_check_at_once(pitch, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    real = checks.refresh
    calls = []

    def racing(current):
        calls.append(current)
        if len(calls) == 1:  # someone else stored this version's report first
            raise IntegrityError("INSERT", {}, Exception("uq_reports_pitch_version"))
        return real(current)

    monkeypatch.setattr(checks, "refresh", racing)
    report = checks.current_report(pitch)
    assert report.pitch_version == fresh(pitch).version and len(calls) == 2
