"""Pitch materials: each kind of file, GOV.UK errors, hostile uploads, downloads and who may."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from spark.core import storage
from spark.extensions import db
from spark.pitches import checks, materials
from spark.pitches.materials_storage import MaterialsRefused, Upload
from spark.pitches.models import AccessibilityReport, Pitch, PitchFile
from tests.factories import (
    EXE_BYTES,
    MP3_BYTES,
    MP4_BYTES,
    SRT_BYTES,
    VTT_BYTES,
    WEBM_BYTES,
    audit_events,
    deck_bytes,
    docx_bytes,
    entity_bomb_docx,
    make_pitch,
    make_team,
    make_user,
    pdf_bytes,
    png_bytes,
    sign_in,
    upload,
    zip_bomb_deck,
)

MULTIPART = "multipart/form-data"


@pytest.fixture
def uploads(app, tmp_path) -> Path:
    """A fresh upload folder for each test, so 'nothing stored' can be proved."""
    folder = tmp_path / "uploads"
    app.config["SPARK_UPLOAD_DIR"] = str(folder)
    return folder


@pytest.fixture
def lead(app):
    return make_user(name="Sam Lead")


@pytest.fixture
def pitch(lead):
    return make_pitch(make_team(lead), title="Bookable desks")


@pytest.fixture
def team_client(client, lead):
    sign_in(client, lead)
    return client


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def file_rows() -> list[PitchFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(PitchFile).order_by(PitchFile.id)))


def post(client, pitch: Pitch, form: str, data: dict):
    return client.post(f"/pitches/{pitch.id}/materials/{form}", data=data, content_type=MULTIPART)


def version(pitch: Pitch) -> int:
    return db.session.scalar(select(Pitch.version).where(Pitch.id == pitch.id))


# ---------------------------------------------------------------- the page and each kind


def test_empty_materials_page_offers_each_kind(team_client, pitch, uploads):
    page = team_client.get(f"/pitches/{pitch.id}/materials").get_data(as_text=True)
    assert "You have not added any materials yet." in page
    for form in ("document", "image", "audio", "video"):
        assert f'href="/pitches/{pitch.id}/materials/{form}"' in page
        response = team_client.get(f"/pitches/{pitch.id}/materials/{form}")
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in response.get_data(as_text=True)
        assert 'class="govuk-file-upload' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "name", "kind", "mimetype"),
    [
        (
            deck_bytes("A bar chart of desks booked each week"),
            "Our pitch.pptx",
            "deck",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            docx_bytes(),
            "plan.docx",
            "document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (pdf_bytes(), "costs.pdf", "pdf", "application/pdf"),
        # The type comes from the bytes: a Word document named .pptx is a Word document.
        (
            docx_bytes(),
            "slides.pptx",
            "document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_add_a_document_of_each_kind(team_client, pitch, uploads, lead, data, name, kind, mimetype):
    before = version(pitch)
    response = post(team_client, pitch, "document", {"file": upload(data, name)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{pitch.id}/materials"
    [item] = file_rows()
    assert (item.kind, item.mimetype, item.original_name) == (kind, mimetype, name)
    assert item.size == len(data) and item.uploaded_by_id == lead.id
    assert storage.path_for(uploads, item.sha256).read_bytes() == data
    assert version(pitch) == before + 1
    assert checks.latest_report(db.session.get(Pitch, pitch.id)) is not None
    [event] = audit_events("pitch.file_added")
    assert event.after["sha256"] == item.sha256 and event.after["kind"] == kind
    assert event.after["name"] == name and event.actor_id == lead.id
    page = team_client.get(f"/pitches/{pitch.id}/materials").get_data(as_text=True)
    assert f"{name} has been added" in page
    assert name in page


def test_add_an_image_with_alt_text_or_decorative(team_client, pitch, uploads):
    response = post(
        team_client,
        pitch,
        "image",
        {"file": upload(png_bytes(), "team.png"), "alt_text": "Our team planning the pilot"},
    )
    assert response.status_code == 302
    team_client.get(f"/pitches/{pitch.id}/materials")  # shows 'team.png has been added'
    response = post(
        team_client,
        pitch,
        "image",
        {"file": upload(png_bytes("blue"), "line.png"), "decorative": "y"},
    )
    assert response.status_code == 302
    first, second = file_rows()
    assert (first.kind, first.alt_text, first.decorative) == (
        "image",
        "Our team planning the pilot",
        False,
    )
    assert (second.alt_text, second.decorative) == ("", True)
    page = team_client.get(f"/pitches/{pitch.id}/materials").get_data(as_text=True)
    assert "Our team planning the pilot" in page and "None: the image is decorative" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"alt_text": ""}, "Enter alt text for the image, or say it is decorative"),
        (
            {"alt_text": "A chart", "decorative": "y"},
            "Delete the alt text, or untick &#39;This image is decorative&#39;",
        ),
    ],
)
def test_an_image_needs_alt_text_or_decorative_not_both(team_client, pitch, uploads, data, message):
    response = post(team_client, pitch, "image", {"file": upload(png_bytes(), "a.png"), **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: Add an image" in " ".join(page.split())
    assert message in page
    assert 'href="#alt_text"' in page
    assert file_rows() == [] and stored_files(uploads) == []


def test_no_file_chosen(team_client, pitch, uploads):
    response = post(team_client, pitch, "image", {"alt_text": "A chart of bookings"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select an image" in page
    assert "A chart of bookings" in page  # what was typed is kept


def test_add_audio_with_a_transcript(team_client, pitch, uploads):
    response = post(team_client, pitch, "audio", {"file": upload(MP3_BYTES, "intro.mp3")})
    assert response.status_code == 400
    assert "Enter the transcript of the audio" in response.get_data(as_text=True)
    assert file_rows() == []
    transcript = "Sam: Hello. We want to stop wasted journeys to the office."
    response = post(
        team_client,
        pitch,
        "audio",
        {
            "file": upload(MP3_BYTES, "intro.mp3"),
            "transcript": transcript,
            "bsl_version": upload(MP4_BYTES, "intro-bsl.mp4"),
        },
    )
    assert response.status_code == 302
    audio, bsl = file_rows()
    assert (audio.kind, audio.mimetype, audio.transcript) == ("audio", "audio/mpeg", transcript)
    assert audio.bsl_version_id == bsl.id and bsl.kind == "video"
    page = team_client.get(f"/pitches/{pitch.id}/materials").get_data(as_text=True)
    assert "intro.mp3" in page and "intro-bsl.mp4" in page
    # The BSL version belongs to the audio: it is not listed as a video of its own.
    assert "Videos" not in page


def test_add_video_with_captions_and_versions(team_client, pitch, uploads):
    response = post(
        team_client,
        pitch,
        "video",
        {
            "file": upload(MP4_BYTES, "demo.mp4"),
            "captions": upload(SRT_BYTES, "demo.srt"),
            "audio_described": upload(WEBM_BYTES, "demo-described.webm"),
            "bsl_version": upload(MP4_BYTES + b"bsl", "demo-bsl.mp4"),
        },
    )
    assert response.status_code == 302
    video, captions, described, bsl = file_rows()
    assert video.captions_id == captions.id and captions.kind == "captions"
    assert captions.mimetype == "application/x-subrip"
    assert video.audio_description_id == described.id and described.mimetype == "video/webm"
    assert video.bsl_version_id == bsl.id
    report = checks.latest_report(db.session.get(Pitch, pitch.id))
    assert [f.rule for f in report.findings] == []
    [event] = audit_events("pitch.file_added")
    assert [c["role"] for c in event.after["companions"]] == [
        "captions",
        "audio_description",
        "bsl_version",
    ]


def test_a_video_can_be_added_before_its_captions(team_client, pitch, uploads):
    response = post(
        team_client,
        pitch,
        "video",
        {"file": upload(MP4_BYTES, "demo.mp4"), "description_not_needed": "y"},
    )
    assert response.status_code == 302
    [video] = file_rows()
    assert video.audio_description_not_needed is True
    report = checks.latest_report(db.session.get(Pitch, pitch.id))
    assert [(f.rule, f.severity, f.item) for f in report.findings if f.severity != "advice"] == [
        ("video-captions-missing", "blocking", "demo.mp4")
    ]
    page = team_client.get(f"/pitches/{pitch.id}/materials").get_data(as_text=True)
    assert "You need captions before you can submit" in page
    # Add the captions later: the blocking finding goes.
    response = team_client.post(
        f"/pitches/{pitch.id}/materials/{video.id}/change",
        data={"captions": upload(VTT_BYTES, "demo.vtt"), "description_not_needed": "y"},
        content_type=MULTIPART,
    )
    assert response.status_code == 302
    report = checks.latest_report(db.session.get(Pitch, pitch.id))
    assert report.blocking == 0


def test_captions_must_be_captions(team_client, pitch, uploads):
    response = post(
        team_client,
        pitch,
        "video",
        {"file": upload(MP4_BYTES, "demo.mp4"), "captions": upload(b"just some words", "c.vtt")},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "a WebVTT (.vtt) or SRT (.srt) captions file" in page
    assert 'href="#captions"' in page
    # The video was fine, but nothing is kept when any file of the form is refused.
    assert file_rows() == [] and stored_files(uploads) == []


# ---------------------------------------------------------------- changing and removing


def _add_image(client, pitch, alt="A chart of bookings") -> PitchFile:
    post(client, pitch, "image", {"file": upload(png_bytes(), "chart.png"), "alt_text": alt})
    client.get(f"/pitches/{pitch.id}/materials")  # shows the confirmation
    return file_rows()[-1]


def test_change_alt_text(team_client, pitch, uploads):
    image = _add_image(team_client, pitch)
    url = f"/pitches/{pitch.id}/materials/{image.id}/change"
    page = team_client.get(url).get_data(as_text=True)
    assert "A chart of bookings" in page
    response = team_client.post(url, data={"alt_text": ""}, content_type=MULTIPART)
    assert response.status_code == 400
    response = team_client.post(
        url, data={"alt_text": "Desks booked each week, rising"}, content_type=MULTIPART
    )
    assert response.status_code == 302
    [image] = file_rows()
    assert image.alt_text == "Desks booked each week, rising"
    [event] = audit_events("pitch.file_changed")
    assert event.after["before"]["alt_text"] == "A chart of bookings"


def test_change_transcript(team_client, pitch, uploads):
    post(
        team_client,
        pitch,
        "audio",
        {"file": upload(MP3_BYTES, "intro.mp3"), "transcript": "Hello."},
    )
    [audio] = file_rows()
    url = f"/pitches/{pitch.id}/materials/{audio.id}/change"
    response = team_client.post(
        url, data={"transcript": "Hello, everyone."}, content_type=MULTIPART
    )
    assert response.status_code == 302
    assert file_rows()[0].transcript == "Hello, everyone."


def test_replace_captions_removes_the_old_file(team_client, pitch, uploads):
    post(
        team_client,
        pitch,
        "video",
        {"file": upload(MP4_BYTES, "demo.mp4"), "captions": upload(SRT_BYTES, "old.srt")},
    )
    video, old = file_rows()
    response = team_client.post(
        f"/pitches/{pitch.id}/materials/{video.id}/change",
        data={"captions": upload(VTT_BYTES, "new.vtt")},
        content_type=MULTIPART,
    )
    assert response.status_code == 302
    video, new = file_rows()
    assert video.captions_id == new.id and new.original_name == "new.vtt"
    assert not storage.path_for(uploads, old.sha256).exists()


def test_remove_a_file_after_confirming(team_client, pitch, uploads, lead):
    post(
        team_client,
        pitch,
        "video",
        {"file": upload(MP4_BYTES, "demo.mp4"), "captions": upload(VTT_BYTES, "demo.vtt")},
    )
    video, _captions = file_rows()
    url = f"/pitches/{pitch.id}/materials/{video.id}/remove"
    page = team_client.get(url).get_data(as_text=True)
    assert "Are you sure you want to remove demo.mp4?" in page
    assert "captions, audio-described and BSL versions will be removed too" in page
    before = version(pitch)
    response = team_client.post(url)
    assert response.status_code == 302
    assert file_rows() == [] and stored_files(uploads) == []
    assert version(pitch) == before + 1
    [event] = audit_events("pitch.file_removed")
    assert event.after["name"] == "demo.mp4" and event.after["with"][0]["name"] == "demo.vtt"
    assert "demo.mp4 has been removed" in team_client.get(
        f"/pitches/{pitch.id}/materials"
    ).get_data(as_text=True)


def test_remove_only_the_captions(team_client, pitch, uploads):
    post(
        team_client,
        pitch,
        "video",
        {"file": upload(MP4_BYTES, "demo.mp4"), "captions": upload(VTT_BYTES, "demo.vtt")},
    )
    video, captions = file_rows()
    assert (
        team_client.post(f"/pitches/{pitch.id}/materials/{captions.id}/remove").status_code == 302
    )
    [video] = file_rows()
    assert video.captions_id is None


def test_bytes_shared_with_another_file_are_kept_when_one_is_removed(team_client, pitch, uploads):
    first = _add_image(team_client, pitch)
    _add_image(team_client, pitch, alt="The same chart again")
    team_client.post(f"/pitches/{pitch.id}/materials/{first.id}/remove")
    [kept] = file_rows()
    assert storage.path_for(uploads, kept.sha256).read_bytes() == png_bytes()


def test_mark_the_section_completed(team_client, pitch, uploads):
    url = f"/pitches/{pitch.id}/materials/completed"
    response = team_client.post(url, data={})
    assert response.status_code == 400
    assert "Select whether you have finished adding materials" in response.get_data(as_text=True)
    response = team_client.post(url, data={"completed": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pitches/{pitch.id}"
    db.session.expire_all()
    assert "materials" in db.session.get(Pitch, pitch.id).completed_sections
    team_client.post(url, data={"completed": "no"})
    db.session.expire_all()
    assert "materials" not in db.session.get(Pitch, pitch.id).completed_sections


# ---------------------------------------------------------------- hostile uploads


HOSTILE = [
    pytest.param(
        zip_bomb_deck(), "bomb.pptx", "compressed in a way that is not safe to open", id="zip-bomb"
    ),
    pytest.param(
        entity_bomb_docx(),
        "laughs.docx",
        "it contains XML we do not accept (a document type declaration)",
        id="xml-entity-bomb",
    ),
    pytest.param(
        EXE_BYTES,
        "slides.pptx",
        "The selected file must be a PowerPoint (.pptx), a Word document (.docx) or a PDF",
        id="exe-named-pptx",
    ),
    pytest.param(b"", "empty.pptx", "The selected file is empty", id="empty"),
    pytest.param(b"%PDF-1.4\n" + b"x" * 70_000, "big.pdf", "smaller than 64KB", id="too-large"),
]


@pytest.mark.parametrize(("data", "name", "message"), HOSTILE)
def test_hostile_uploads_are_refused_and_nothing_is_kept(
    team_client, pitch, uploads, monkeypatch, data, name, message
):
    for kind in storage.SIZE_LIMITS:  # small limits, so 'too large' needs no big file
        monkeypatch.setitem(storage.SIZE_LIMITS, kind, 64 * 1024)
    before = version(pitch)
    response = post(team_client, pitch, "document", {"file": upload(data, name)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert 'href="#file"' in page and 'id="file-error"' in page
    assert stored_files(uploads) == []
    assert file_rows() == []
    assert version(pitch) == before
    assert audit_events("pitch.file_added") == []
    # The server is still up.
    assert team_client.get(f"/pitches/{pitch.id}/materials").status_code == 200


def test_a_path_in_the_file_name_is_dropped(team_client, pitch, uploads):
    response = post(
        team_client,
        pitch,
        "document",
        {"file": upload(pdf_bytes(), "..\\..\\Windows\\System32\\../../etc/costs.pdf")},
    )
    assert response.status_code == 302
    [item] = file_rows()
    assert item.original_name == "costs.pdf"
    assert [path.name for path in stored_files(uploads)] == [item.sha256]


def test_a_picture_is_not_a_document(team_client, pitch, uploads):
    response = post(team_client, pitch, "document", {"file": upload(png_bytes(), "deck.pptx")})
    assert response.status_code == 400
    assert stored_files(uploads) == []


def test_big_video_forms_get_room_only_for_signed_in_people(app, team_client, pitch, uploads):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    big = MP4_BYTES + b"\x00" * 4096
    response = post(team_client, pitch, "video", {"file": upload(big, "demo.mp4")})
    assert response.status_code == 302
    response = post(team_client, pitch, "document", {"file": upload(big, "demo.pdf")})
    assert response.status_code == 413


def test_a_change_at_the_same_time_is_refused_and_nothing_kept(app, pitch, lead, uploads):
    import io

    db.session.execute(
        text("UPDATE pitches SET version = version + 1 WHERE id = :id"), {"id": pitch.id}
    )
    with pytest.raises(MaterialsRefused) as refused:
        materials.add_document(pitch, lead, Upload(io.BytesIO(pdf_bytes()), "costs.pdf"))
    assert "changed this pitch at the same time" in refused.value.problems[""]
    assert stored_files(uploads) == []
    assert db.session.scalar(select(func.count(PitchFile.id))) == 0


def test_too_many_files(team_client, pitch, uploads, monkeypatch):
    monkeypatch.setattr(materials, "MAX_FILES", 1)
    _add_image(team_client, pitch)
    response = post(team_client, pitch, "document", {"file": upload(pdf_bytes(), "costs.pdf")})
    assert response.status_code == 400
    assert "A pitch can have up to 1 files" in response.get_data(as_text=True)


# ---------------------------------------------------------------- who may


def test_another_team_gets_404_and_cannot_upload(client, pitch, uploads, lead):
    image = _signed_in_image(client, pitch, lead)
    stranger = make_user()
    make_pitch(make_team(stranger, name="Other team"))
    client.get("/sign-out")
    sign_in(client, stranger)
    base = f"/pitches/{pitch.id}"
    for url in (
        f"{base}/materials",
        f"{base}/materials/document",
        f"{base}/materials/image",
        f"{base}/materials/{image.id}/change",
        f"{base}/materials/{image.id}/remove",
        f"{base}/files/{image.id}",
        f"{base}/files/{image.id}/inline",
        f"{base}/files/{image.id}/view",
        f"{base}/accessibility",
    ):
        assert client.get(url).status_code == 404, url
    for form in ("document", "image", "audio", "video"):
        response = post(client, pitch, form, {"file": upload(pdf_bytes(), "x.pdf")})
        assert response.status_code == 404
    assert client.post(f"{base}/materials/{image.id}/remove").status_code == 404
    assert client.post(f"{base}/materials/completed", data={"completed": "yes"}).status_code == 404
    assert len(file_rows()) == 1 and len(stored_files(uploads)) == 1


def _signed_in_image(client, pitch, lead) -> PitchFile:
    sign_in(client, lead)
    return _add_image(client, pitch)


def test_organisers_see_the_materials_read_only(client, pitch, uploads, lead):
    image = _signed_in_image(client, pitch, lead)
    client.get("/sign-out")
    sign_in(client, make_user(roles=("organiser",)))
    page = client.get(f"/pitches/{pitch.id}/materials").get_data(as_text=True)
    assert "chart.png" in page and "Add an image" not in page and "Remove" not in page
    assert client.get(f"/pitches/{pitch.id}/files/{image.id}", buffered=True).status_code == 200
    assert client.get(f"/pitches/{pitch.id}/materials/image").status_code == 404
    assert post(client, pitch, "image", {"alt_text": "x"}).status_code == 404


def test_a_submitted_pitch_cannot_change(team_client, pitch, uploads):
    image = _add_image(team_client, pitch)
    db.session.get(Pitch, pitch.id).status = "submitted"
    db.session.commit()
    for attempt in (
        lambda: team_client.get(f"/pitches/{pitch.id}/materials/image"),
        lambda: post(team_client, pitch, "document", {"file": upload(pdf_bytes(), "costs.pdf")}),
        lambda: team_client.post(f"/pitches/{pitch.id}/materials/{image.id}/remove"),
    ):
        response = attempt()
        assert response.status_code == 302
        page = team_client.get(response.headers["Location"]).get_data(as_text=True)
        assert "You cannot change the materials of this pitch now" in page
    assert "Add an image" not in page
    assert len(file_rows()) == 1 and len(stored_files(uploads)) == 1


# ---------------------------------------------------------------- downloads and media


def test_download_headers(team_client, pitch, uploads):
    data = pdf_bytes()
    post(team_client, pitch, "document", {"file": upload(data, "Costs – 2027 plan.pdf")})
    [item] = file_rows()
    response = team_client.get(f"/pitches/{pitch.id}/files/{item.id}", buffered=True)
    assert response.status_code == 200
    assert response.get_data() == data
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Costs%20%E2%80%93%202027%20plan.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    # A deck is never sent inline.
    assert team_client.get(f"/pitches/{pitch.id}/files/{item.id}/inline").status_code == 404
    assert team_client.get(f"/pitches/{pitch.id}/files/{item.id}/view").status_code == 404


def test_a_file_of_another_pitch_is_404_under_this_one(team_client, pitch, uploads, lead):
    image = _add_image(team_client, pitch)
    own_other = make_pitch(db.session.get(Pitch, pitch.id).team, title="Second idea")
    assert team_client.get(f"/pitches/{own_other.id}/files/{image.id}").status_code == 404
    assert team_client.get(f"/pitches/{pitch.id}/files/999999").status_code == 404


def test_media_page_plays_video_with_webvtt_captions(team_client, pitch, uploads):
    post(
        team_client,
        pitch,
        "video",
        {"file": upload(MP4_BYTES, "demo.mp4"), "captions": upload(SRT_BYTES, "demo.srt")},
    )
    video, _captions = file_rows()
    page = team_client.get(f"/pitches/{pitch.id}/files/{video.id}/view").get_data(as_text=True)
    assert "<video" in page and "controls" in page
    assert f'src="/pitches/{pitch.id}/files/{video.id}/inline" type="video/mp4"' in page
    assert (
        f'<track kind="captions" srclang="en" label="English" default '
        f'src="/pitches/{pitch.id}/files/{video.id}/captions.vtt">'
    ) in page
    assert "We book desks the day before." in page  # the captions as text beside it
    track = team_client.get(f"/pitches/{pitch.id}/files/{video.id}/captions.vtt")
    assert track.mimetype == "text/vtt"
    assert track.get_data(as_text=True).startswith("WEBVTT\n\n00:00:01.000 --> 00:00:04.000")
    inline = team_client.get(f"/pitches/{pitch.id}/files/{video.id}/inline", buffered=True)
    assert inline.mimetype == "video/mp4"
    assert inline.headers["Content-Disposition"].startswith("inline;")
    assert inline.headers["Cache-Control"] == "private, no-store"
    ranged = team_client.get(
        f"/pitches/{pitch.id}/files/{video.id}/inline",
        headers={"Range": "bytes=0-9"},
        buffered=True,
    )
    assert ranged.status_code == 206 and ranged.get_data() == MP4_BYTES[:10]


def test_media_page_shows_the_transcript_beside_the_audio(team_client, pitch, uploads):
    post(
        team_client,
        pitch,
        "audio",
        {"file": upload(MP3_BYTES, "intro.mp3"), "transcript": "Sam: Hello.\r\n\r\nPriya: Hi."},
    )
    [audio] = file_rows()
    page = team_client.get(f"/pitches/{pitch.id}/files/{audio.id}/view").get_data(as_text=True)
    source = f"/pitches/{pitch.id}/files/{audio.id}/inline"
    assert f'<audio class="govuk-!-width-full" controls preload="metadata" src="{source}">' in page
    assert '<p class="govuk-body">Sam: Hello.</p><p class="govuk-body">Priya: Hi.</p>' in page
    assert "/captions.vtt" not in page
    assert team_client.get(f"/pitches/{pitch.id}/files/{audio.id}/captions.vtt").status_code == 404


def test_report_is_kept_per_version(team_client, pitch, uploads):
    _add_image(team_client, pitch)
    _add_image(team_client, pitch, alt="Second chart")
    versions = db.session.scalars(
        select(AccessibilityReport.pitch_version).where(AccessibilityReport.pitch_id == pitch.id)
    ).all()
    assert sorted(versions) == [2, 3]


def test_replace_a_deck_with_a_new_version(team_client, pitch, uploads):
    post(team_client, pitch, "document", {"file": upload(deck_bytes(), "deck.pptx")})
    team_client.get(f"/pitches/{pitch.id}/materials")
    [old] = file_rows()
    url = f"/pitches/{pitch.id}/materials/{old.id}/change"
    page = team_client.get(url).get_data(as_text=True)
    assert "Replace a file with a new version" in page
    response = team_client.post(url, data={}, content_type=MULTIPART)
    assert response.status_code == 400
    assert "Select the new version of the file" in response.get_data(as_text=True)
    response = team_client.post(
        url, data={"file": upload(entity_bomb_docx(), "deck.docx")}, content_type=MULTIPART
    )
    assert response.status_code == 400
    assert [item.id for item in file_rows()] == [old.id]
    fixed = deck_bytes("Desks booked each week, rising")
    response = team_client.post(
        url, data={"file": upload(fixed, "deck v2.pptx")}, content_type=MULTIPART
    )
    assert response.status_code == 302
    [new] = file_rows()
    assert new.original_name == "deck v2.pptx"
    assert [path.name for path in stored_files(uploads)] == [new.sha256]
    [event] = audit_events("pitch.file_replaced")
    assert event.after["replaced"]["name"] == "deck.pptx"
    assert "deck.pptx has been replaced" in team_client.get(
        f"/pitches/{pitch.id}/materials"
    ).get_data(as_text=True)
