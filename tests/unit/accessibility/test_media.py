"""Media rules: transcripts, captions (WebVTT / SRT), audio description, BSL, image alt text."""

from __future__ import annotations

import pytest

from spark.accessibility.findings import Severity
from spark.accessibility.media import MediaItem, caption_problem, check_media

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello and welcome.\n"
SRT = (
    "1\n00:00:01,000 --> 00:00:04,000\nHello and welcome.\n\n"
    "2\n00:00:05,000 --> 00:00:06,500\nBye\n"
)


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def rules(item: MediaItem) -> list[str]:
    return [f.rule for f in check_media(item)]


# ---------------------------------------------------------------- caption files


@pytest.mark.parametrize(
    "content",
    [
        VTT,
        "WEBVTT - Pitch video\n\n00:01.000 --> 00:04.000\nHi\n",  # header text, short times
        "\ufeffWEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:04.000 align:start\r\nHi\r\n",
        "WEBVTT\n\nNOTE a comment\n\n01:00:01.000 --> 01:00:04.000\nHi\n",
        SRT,
        "\ufeff1\r\n00:00:01,000 --> 00:00:04,000\r\nHi\r\n",
        "1\n0:00:01,000 --> 0:00:04,000\nHi\n",
    ],
)
def test_valid_caption_files(tmp_path, content):
    assert caption_problem(write(tmp_path, "demo.vtt", content)) is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "is empty"),
        ("  \n\n", "is empty"),
        ("WEBVTT\n", "no cues"),
        ("WEBVTT\n\nHello there\n", "no cues"),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:04,000\nHi\n", "cue times"),
        ("WEBVTT\n\n1 --> 2\nHi\n", "cue times"),
        ("00:00:01.000 --> 00:00:04.000\nHi\n", "does not start with 'WEBVTT'"),
        ("WEBVTTX\n\n00:00:01.000 --> 00:00:04.000\nHi\n", "does not start with 'WEBVTT'"),
        ("00:00:01,000 --> 00:00:04,000\nHi\n", "not numbered"),
        ("Just some words that someone said.\n", "not WebVTT or SRT"),
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not a text file"),
    ],
)
def test_invalid_caption_files_say_why(tmp_path, content, reason):
    problem = caption_problem(write(tmp_path, "demo.vtt", content))
    assert problem is not None
    assert reason in problem
    assert "'demo.vtt'" in problem


def test_missing_caption_file_says_it_is_not_in_the_folder(tmp_path):
    assert caption_problem(tmp_path / "x.vtt") == "the captions file 'x.vtt' is not in the folder"


def test_caption_format_is_judged_by_content_not_name(tmp_path):
    assert caption_problem(write(tmp_path, "captions.txt", SRT)) is None
    assert caption_problem(write(tmp_path, "captions.srt", VTT)) is None


# ---------------------------------------------------------------- video


def good_video(tmp_path, **changes) -> MediaItem:
    fields = {
        "kind": "video",
        "filename": "demo.mp4",
        "captions": write(tmp_path, "demo.vtt", VTT),
        "audio_description": write(tmp_path, "demo-ad.mp4", b"video"),
        "bsl_version": write(tmp_path, "demo-bsl.mp4", b"video"),
    }
    fields.update(changes)
    return MediaItem(**fields)


def test_fully_accessible_video_has_no_findings(tmp_path):
    assert check_media(good_video(tmp_path)) == []


def test_video_without_captions_is_blocking(tmp_path):
    (finding,) = check_media(good_video(tmp_path, captions=None))
    assert finding.rule == "video-captions-missing"
    assert finding.severity == Severity.BLOCKING
    assert finding.location == "video 'demo.mp4'"
    assert "1.2.2" in finding.reference
    assert "WebVTT" in finding.fix


def test_video_with_invalid_captions_is_blocking_and_says_why(tmp_path):
    item = good_video(tmp_path, captions=write(tmp_path, "bad.vtt", ""))
    (finding,) = check_media(item)
    assert finding.rule == "video-captions-missing"
    assert "'bad.vtt' is empty" in finding.message


def test_caption_file_not_in_the_folder(tmp_path):
    (finding,) = check_media(good_video(tmp_path, captions=tmp_path / "x.vtt"))
    assert finding.rule == "video-captions-missing"
    assert "the captions file 'x.vtt' is not in the folder" in finding.message


def test_video_without_audio_description_is_a_warning(tmp_path):
    (finding,) = check_media(good_video(tmp_path, audio_description=None))
    assert finding.rule == "audio-description-missing"
    assert finding.severity == Severity.WARNING
    assert "1.2.3" in finding.reference and "1.2.5" in finding.reference


def test_statement_that_the_soundtrack_says_it_all_is_respected(tmp_path):
    item = good_video(tmp_path, audio_description=None, audio_description_not_needed=True)
    assert check_media(item) == []


def test_named_audio_description_not_in_the_folder(tmp_path):
    (finding,) = check_media(good_video(tmp_path, audio_description=tmp_path / "ad.mp4"))
    assert finding.rule == "audio-description-missing"
    assert "'ad.mp4'" in finding.message and "not in the folder" in finding.message


def test_video_without_bsl_is_advice(tmp_path):
    (finding,) = check_media(good_video(tmp_path, bsl_version=None))
    assert finding.rule == "bsl-version-missing"
    assert finding.severity == Severity.ADVICE
    assert "British Sign Language" in finding.message
    assert "1.2.6" in finding.reference


def test_named_bsl_version_not_in_the_folder(tmp_path):
    (finding,) = check_media(good_video(tmp_path, bsl_version=tmp_path / "bsl.mp4"))
    assert finding.rule == "bsl-version-missing"
    assert "not in the folder" in finding.message


def test_bare_video_gets_every_video_rule():
    assert rules(MediaItem(kind="video", filename="v.mp4")) == [
        "video-captions-missing",
        "audio-description-missing",
        "bsl-version-missing",
    ]


# ---------------------------------------------------------------- audio


def test_audio_without_transcript_is_blocking():
    for transcript in [None, "", "  "]:
        found = check_media(MediaItem(kind="audio", filename="a.mp3", transcript=transcript))
        assert [f.rule for f in found] == ["audio-transcript-missing", "bsl-version-missing"]
        assert found[0].severity == Severity.BLOCKING
        assert found[0].location == "audio 'a.mp3'"
        assert "1.2.1" in found[0].reference


def test_audio_with_transcript_and_bsl_passes(tmp_path):
    bsl = write(tmp_path, "a-bsl.mp4", b"video")
    item = MediaItem(kind="audio", filename="a.mp3", transcript="Hello.", bsl_version=bsl)
    assert check_media(item) == []


def test_audio_does_not_need_captions_or_audio_description():
    item = MediaItem(kind="audio", filename="a.mp3", transcript="Hello.")
    assert rules(item) == ["bsl-version-missing"]


# ---------------------------------------------------------------- images


def test_images_go_through_the_alt_text_rules():
    assert rules(MediaItem(kind="image", filename="team.jpg")) == ["image-alt-missing"]
    assert rules(MediaItem(kind="image", filename="team.jpg", alt_text="team.jpg")) == [
        "image-alt-filename"
    ]
    assert rules(MediaItem(kind="image", filename="team.jpg", decorative=True)) == []
    assert rules(MediaItem(kind="image", filename="team.jpg", alt_text="Our team of 5")) == []
    assert check_media(MediaItem(kind="image", filename="t.png"))[0].location == "image 't.png'"


def test_images_need_no_transcript_captions_or_bsl():
    assert rules(MediaItem(kind="image", filename="t.png", alt_text="A map of the route")) == []


def test_unknown_media_kind_is_refused():
    with pytest.raises(ValueError, match="image, audio or video"):
        MediaItem(kind="gif")
