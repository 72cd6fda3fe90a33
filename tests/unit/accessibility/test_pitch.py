"""Pitch folders (pitch.json), PitchInput and check_pitch."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from spark.accessibility import Finding, Report, Severity, check_pitch, load_pitch_folder
from spark.accessibility.media import MediaItem
from spark.accessibility.pitch import PitchInput, PitchReadError

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello.\n"


def make_folder(tmp_path: Path, data: object, files: dict[str, str | bytes] | None = None) -> Path:
    folder = tmp_path / "pitch"
    folder.mkdir(exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    (folder / "pitch.json").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def fake_files(monkeypatch):
    """Stand in for the Office/PDF checker so these tests do not depend on it."""
    calls: list[Path] = []

    def check_file(path):
        calls.append(Path(path))
        if Path(path).read_bytes() == b"broken":
            raise ValueError("File is not a zip file")
        return [
            Finding(
                "slide-title-missing",
                Severity.BLOCKING,
                "slide 2",
                "Slide 2 has no title.",
                "Add a title.",
                "WCAG 2.2 2.4.2 Page titled (A)",
            )
        ]

    module = types.ModuleType("spark.accessibility.files")
    module.check_file = check_file
    monkeypatch.setitem(sys.modules, "spark.accessibility.files", module)
    return calls


# ---------------------------------------------------------------- load_pitch_folder


def test_full_pitch_json_is_read(tmp_path):
    folder = make_folder(
        tmp_path,
        {
            "title": "Quicker renewals",
            "problem": "P",
            "idea": "I",
            "benefits": "B",
            "ask": "A",
            "team": "T",
            "attachments": ["deck.pptx"],
            "media": [
                {
                    "kind": "image",
                    "filename": "team.jpg",
                    "alt_text": "Our team",
                    "decorative": False,
                },
                {"kind": "audio", "filename": "intro.mp3", "transcript": "Hello."},
                {
                    "kind": "video",
                    "filename": "demo.mp4",
                    "captions": "demo.vtt",
                    "audio_description": None,
                    "audio_description_not_needed": True,
                    "bsl_version": "demo-bsl.mp4",
                },
            ],
        },
        {
            "deck.pptx": b"pk",
            "team.jpg": b"j",
            "intro.mp3": b"m",
            "demo.mp4": b"v",
            "demo.vtt": VTT,
        },
    )
    pitch = load_pitch_folder(folder)
    assert pitch.fields() == {
        "title": "Quicker renewals",
        "problem": "P",
        "idea": "I",
        "benefits": "B",
        "ask": "A",
        "team": "T",
    }
    assert pitch.attachments == [folder / "deck.pptx"]
    image, audio, video = pitch.media
    assert image == MediaItem(kind="image", filename="team.jpg", alt_text="Our team")
    assert audio.transcript == "Hello."
    assert video.captions == folder / "demo.vtt"
    assert video.audio_description is None
    assert video.audio_description_not_needed is True
    assert video.bsl_version == folder / "demo-bsl.mp4"  # checked later, as a finding


def test_missing_keys_are_treated_as_empty(tmp_path):
    pitch = load_pitch_folder(make_folder(tmp_path, {}))
    assert pitch == PitchInput()
    pitch = load_pitch_folder(make_folder(tmp_path, {"title": None, "media": None}))
    assert pitch == PitchInput()
    pitch = load_pitch_folder(make_folder(tmp_path, {"media": [{"kind": "video"}]}))
    assert pitch.media == [MediaItem(kind="video")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "must hold an object, not a list"),
        ("{not json", "not valid JSON"),
        ({"title": 3}, "'title' must be text or null, not a number"),
        ({"problem": ["a"]}, "'problem' must be text or null, not a list"),
        ({"attachments": "deck.pptx"}, "'attachments' must be a list, not text"),
        ({"attachments": [1]}, "attachment 1 must be a file name, not a number"),
        ({"media": {}}, "'media' must be a list, not an object"),
        ({"media": ["x"]}, "media item 1: must be an object, not text"),
        ({"media": [{"kind": "gif"}]}, "media item 1: 'kind' must be image, audio or video"),
        ({"media": [{}]}, "'kind' must be image, audio or video"),
        ({"media": [{"kind": "image", "decorative": "yes"}]}, "'decorative' must be true or false"),
        ({"media": [{"kind": "video", "captions": 5}]}, "'captions' must be text or null"),
        ({"media": [{"kind": "video", "audio_description_not_needed": 1}]}, "true or false"),
        ({"attachments": ["../secret.pdf"]}, "must name a file in the pitch folder"),
        ({"attachments": ["/etc/passwd"]}, "must name a file in the pitch folder"),
        ({"media": [{"kind": "video", "captions": "../x.vtt"}]}, "must name a file in the pitch"),
        ({"attachments": ["deck.pptx"]}, "lists the attachment 'deck.pptx', but it is not in the"),
        ({"media": [{"kind": "video", "filename": "v.mp4"}]}, "lists the video 'v.mp4', but it is"),
    ],
)
def test_wrong_types_and_missing_files_are_read_errors(tmp_path, data, reason):
    with pytest.raises(PitchReadError, match=None) as error:
        load_pitch_folder(make_folder(tmp_path, data))
    assert reason in str(error.value)


def test_folder_without_pitch_json(tmp_path):
    with pytest.raises(PitchReadError, match="has no pitch.json"):
        load_pitch_folder(tmp_path)
    with pytest.raises(PitchReadError, match="not a folder"):
        load_pitch_folder(tmp_path / "nope")


def test_pitch_json_that_is_not_utf8(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pitch.json").write_bytes(b'{"title": "\xff"}')
    with pytest.raises(PitchReadError, match="not text in UTF-8"):
        load_pitch_folder(folder)


def test_pitch_json_with_a_byte_order_mark_is_fine(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pitch.json").write_bytes('{"title": "Hi"}'.encode("utf-8-sig"))
    assert load_pitch_folder(folder).title == "Hi"


# ---------------------------------------------------------------- check_pitch


def test_check_pitch_combines_text_and_media():
    pitch = PitchInput(
        title="Leverage the data",
        media=[
            MediaItem(kind="image", filename="a.png"),
            MediaItem(kind="audio", filename="b.mp3"),
        ],
    )
    report = check_pitch(pitch)
    assert isinstance(report, Report)
    assert [f.rule for f in report.findings] == [
        "words-to-avoid",
        "image-alt-missing",
        "audio-transcript-missing",
        "bsl-version-missing",
    ]
    assert report.has_blocking


def test_clean_pitch_has_an_empty_report():
    report = check_pitch(PitchInput(title="Quicker renewals", problem="People wait too long."))
    assert report.findings == []
    assert not report.has_blocking


def test_attachments_go_through_check_file_with_the_file_name_in_the_location(tmp_path, fake_files):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"pk")
    report = check_pitch(PitchInput(attachments=[deck]))
    assert fake_files == [deck]
    (finding,) = report.findings
    assert finding.location == "deck.pptx, slide 2"
    assert finding.rule == "slide-title-missing"


def test_unreadable_attachment_is_a_read_error_naming_it(tmp_path, fake_files):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"broken")
    with pytest.raises(PitchReadError, match="'deck.pptx' could not be read.*not a zip file"):
        check_pitch(PitchInput(attachments=[deck]))


def test_a_pitch_folder_end_to_end(tmp_path, fake_files):
    folder = make_folder(
        tmp_path,
        {
            "title": "A pitch",
            "attachments": ["deck.pptx"],
            "media": [{"kind": "video", "filename": "demo.mp4", "captions": "demo.vtt"}],
        },
        {"deck.pptx": b"pk", "demo.mp4": b"v"},  # demo.vtt is missing
    )
    report = check_pitch(load_pitch_folder(folder))
    rules = [f.rule for f in report.sorted()]
    assert rules[:2] == ["video-captions-missing", "slide-title-missing"]
    captions = report.findings[0]
    assert "the captions file 'demo.vtt' is not in the folder" in captions.message


def test_package_exports():
    import spark.accessibility as a11y

    for name in ["check_pitch", "check_file", "Finding", "Report", "Severity", "PitchInput"]:
        assert hasattr(a11y, name)


def test_check_file_is_delegated(tmp_path, fake_files):
    import spark.accessibility as a11y

    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"pk")
    assert [f.rule for f in a11y.check_file(deck)] == ["slide-title-missing"]
