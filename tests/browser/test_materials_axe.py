"""axe-core on the pitch materials, media and accessibility check pages in each state: zero
violations (WCAG 2.2 AA + best practice), in Chromium against the live app with its CSP and CSRF.
"""

from __future__ import annotations

import io
import re

import pytest

from spark.extensions import db
from spark.pitches import checks, materials
from spark.pitches.materials_storage import Upload
from spark.pitches.models import Pitch, PitchFile
from tests.browser.support import assert_errors_shown, assert_no_axe_violations, sign_in
from tests.factories import (
    MP3_BYTES,
    MP4_BYTES,
    SRT_BYTES,
    deck_bytes,
    make_pitch,
    make_team,
    make_user,
    pdf_bytes,
    png_bytes,
)

pytestmark = pytest.mark.browser

WORDY = "We will leverage our learnings going forward."


def _team_pitch(**fields):
    lead = make_user(name="Ada Lead")
    pitch = make_pitch(make_team(lead, name="Desk bookers"), title="Bookable desks", **fields)
    return lead, pitch


def _file(name: str) -> PitchFile:
    return db.session.scalars(db.select(PitchFile).where(PitchFile.original_name == name)).one()


def test_materials_page_empty_with_errors_and_an_upload(page):
    lead, pitch = _team_pitch()
    sign_in(page, lead)
    page.goto(f"/pitches/{pitch.id}/materials")
    assert page.locator("h1").inner_text() == "Pitch materials"
    assert page.get_by_text("You have not added any materials yet.").is_visible()
    assert_no_axe_violations(page, "materials, empty")

    page.get_by_role("link", name="Add an image").click()
    page.fill("#alt_text", "")
    page.get_by_role("button", name="Add image").click()
    assert_errors_shown(
        page, ["Select an image", "Enter alt text for the image, or say it is decorative"]
    )
    assert_no_axe_violations(page, "add an image, with errors")

    page.set_input_files(
        "#file", files=[{"name": "team.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.fill("#alt_text", "Our team planning the pilot in the Leeds office")
    page.get_by_role("button", name="Add image").click()
    page.wait_for_url(re.compile(r"/materials$"))
    assert "team.png has been added" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(".govuk-summary-card__title", has_text="team.png").is_visible()

    # A .exe renamed .pptx is refused with a GOV.UK error.
    page.get_by_role("link", name="Add a slide deck, Word document or PDF").click()
    page.set_input_files(
        "#file",
        files=[
            {"name": "slides.pptx", "mimeType": "application/octet-stream", "buffer": b"MZ" * 64}
        ],
    )
    page.get_by_role("button", name="Add document").click()
    assert_errors_shown(
        page, ["The selected file must be a PowerPoint (.pptx), a Word document (.docx) or a PDF"]
    )
    assert_no_axe_violations(page, "add a document, refused")


def _seed_every_kind(app, pitch: Pitch, lead) -> None:
    materials.add_document(pitch, lead, Upload(io.BytesIO(deck_bytes()), "Our pitch.pptx"))
    materials.add_document(pitch, lead, Upload(io.BytesIO(pdf_bytes()), "Costs.pdf"))
    materials.add_image(
        pitch, lead, Upload(io.BytesIO(png_bytes()), "chart.png"), alt_text="", decorative=True
    )
    materials.add_audio(
        pitch,
        lead,
        Upload(io.BytesIO(MP3_BYTES), "intro.mp3"),
        transcript="Ada: We want to stop wasted journeys.\n\nSam: And save an hour a day.",
    )
    materials.add_video(
        pitch,
        lead,
        Upload(io.BytesIO(MP4_BYTES), "demo.mp4"),
        captions=Upload(io.BytesIO(SRT_BYTES), "demo.srt"),
        bsl_version=Upload(io.BytesIO(MP4_BYTES + b"bsl"), "demo-bsl.mp4"),
    )


def test_materials_with_files_media_and_the_check_with_blocking_findings(page, live_data):
    lead, pitch = _team_pitch(problem=WORDY)
    _seed_every_kind(live_data, pitch, lead)
    sign_in(page, lead)

    page.goto(f"/pitches/{pitch.id}/materials")
    assert page.locator(".govuk-summary-card").count() == 5
    assert_no_axe_violations(page, "materials, every kind")

    video = _file("demo.mp4")
    page.goto(f"/pitches/{pitch.id}/files/{video.id}/view")
    track = page.locator("video track")
    assert track.get_attribute("kind") == "captions"
    assert track.get_attribute("srclang") == "en"
    assert page.get_by_text("We book desks the day before.").is_visible()
    vtt = page.request.get(track.get_attribute("src"))
    assert vtt.headers["content-type"].startswith("text/vtt")
    assert vtt.text().startswith("WEBVTT")
    assert_no_axe_violations(page, "media page, video with captions")

    audio = _file("intro.mp3")
    page.goto(f"/pitches/{pitch.id}/files/{audio.id}/view")
    assert page.locator("audio[controls]").count() == 1
    assert page.get_by_text("Sam: And save an hour a day.").is_visible()
    assert_no_axe_violations(page, "media page, audio with transcript")

    page.goto(f"/pitches/{pitch.id}/materials/{video.id}/remove")
    assert_no_axe_violations(page, "remove a file")
    page.goto(f"/pitches/{pitch.id}/materials/{video.id}/change")
    assert_no_axe_violations(page, "change a video")

    page.goto(f"/pitches/{pitch.id}/accessibility")
    summary = page.locator("#check-summary").inner_text()
    # The deck's picture has no alt text; the PDF is not tagged.
    assert summary.startswith("2 things to fix before you can submit, ")
    assert page.locator(".govuk-tag--red", has_text="Must fix").count() == 2
    titles = page.locator(".govuk-summary-card__title", has=page.locator(".govuk-tag--red"))
    assert "slide 1, picture 'Picture 2'" in titles.first.inner_text()
    assert_no_axe_violations(page, "accessibility check, blocking findings")

    page.get_by_role("button", name="Confirm").click()
    assert_errors_shown(page, ["Confirm you have read the warnings"])
    assert_no_axe_violations(page, "accessibility check, acknowledgement with an error")


def test_check_all_clear_after_acknowledging(page, live_data):
    lead, pitch = _team_pitch(problem=WORDY)
    sign_in(page, lead)
    page.goto(f"/pitches/{pitch.id}/accessibility")
    assert page.locator("#check-summary").inner_text().startswith("Nothing to fix")
    page.get_by_label("I have read the warnings and will fix them or can explain why not").check()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/accessibility$"))
    assert page.get_by_text("Nothing here stops you submitting your pitch.").is_visible()
    assert_no_axe_violations(page, "accessibility check, all clear")
    db.session.expire_all()
    assert checks.submission_problems(db.session.get(Pitch, pitch.id)) == []
