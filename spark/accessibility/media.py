"""Rules for a pitch's images, audio and video.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.

- Images go through the alt text rules (``check_alt_text``); ``decorative`` images get none.
- audio-transcript-missing (blocking): an audio item with no transcript (inline text).
- video-captions-missing (blocking): a video with no caption file, or one that is not valid. Valid
  means WebVTT — first line 'WEBVTT' (optionally followed by a space and text) and at least one
  cue timing line such as '00:00:01.000 --> 00:00:04.000' — or SRT — at least one numbered cue,
  a number on its own line followed by '00:00:01,000 --> 00:00:04,000'. The file is judged by its
  content, not its name. An empty, non-UTF-8 or malformed file is not valid, and the finding says
  why; so is a caption file named in pitch.json that is not in the folder.
- audio-description-missing (warning): a video with neither an audio-described version (a file)
  nor a statement that the soundtrack already carries all the visual information. The statement
  is ``MediaItem.audio_description_not_needed = True``, in pitch.json
  ``"audio_description_not_needed": true`` — a separate yes/no, so that a file name and a
  statement are never confused. A named audio-described file that is not in the folder counts
  as missing.
- bsl-version-missing (advice): an audio or video item with no British Sign Language version
  (a file), or one that is named but not in the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spark.accessibility.alt_text import check_alt_text
from spark.accessibility.findings import Finding, Severity

MEDIA_KINDS = ("image", "audio", "video")
MAX_CAPTION_BYTES = 20 * 1024 * 1024

REF_TRANSCRIPT = "WCAG 2.2 1.2.1 Audio-only and video-only (prerecorded) (A)"
REF_CAPTIONS = "WCAG 2.2 1.2.2 Captions (prerecorded) (A); GCS captioning guidance"
REF_AUDIO_DESCRIPTION = (
    "WCAG 2.2 1.2.3 Audio description or media alternative (prerecorded) (A) and "
    "1.2.5 Audio description (prerecorded) (AA)"
)
REF_BSL = (
    "WCAG 2.2 1.2.6 Sign language (prerecorded) (AAA); GCS British Sign Language guidance; "
    "British Sign Language Act 2022"
)


@dataclass
class MediaItem:
    """One image, audio or video file in a pitch. File paths point into the pitch folder."""

    kind: str  # "image", "audio" or "video"
    filename: str = ""
    alt_text: str | None = None  # images
    transcript: str | None = None  # audio: inline text
    captions: Path | None = None  # video: a WebVTT or SRT file
    decorative: bool = False  # images
    audio_description: Path | None = None  # video: an audio-described version
    bsl_version: Path | None = None  # audio or video: a British Sign Language version
    audio_description_not_needed: bool = False  # video: the soundtrack says it all

    def __post_init__(self) -> None:
        if self.kind not in MEDIA_KINDS:
            raise ValueError(f"media kind must be image, audio or video, not {self.kind!r}")

    @property
    def label(self) -> str:
        return f"{self.kind} '{self.filename}'" if self.filename else self.kind


# ---------------------------------------------------------------- caption files

_VTT_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_VTT_TIME = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_VTT_CUE = re.compile(rf"^[ \t]*{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t].*)?$", re.MULTILINE)
_SRT_TIME = r"\d{1,2}:[0-5]\d:[0-5]\d,\d{3}"
_SRT_TIMING = re.compile(rf"^[ \t]*{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}[ \t]*$", re.MULTILINE)
_SRT_CUE = re.compile(
    rf"^[ \t]*\d+[ \t]*\n[ \t]*{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}", re.MULTILINE
)


def caption_problem(path: Path) -> str | None:
    """Why this is not a valid WebVTT or SRT caption file, or None when it is valid."""
    name = path.name
    if not path.is_file():
        return f"the captions file '{name}' is not in the folder"
    try:
        if path.stat().st_size > MAX_CAPTION_BYTES:
            return f"the captions file '{name}' is too big to be a caption file"
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return f"the captions file '{name}' is not a text file in UTF-8"
    except OSError as exc:
        return f"the captions file '{name}' could not be read ({exc.strerror or exc})"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return f"the captions file '{name}' is empty"
    first_line = text.split("\n", 1)[0].strip()
    if _VTT_HEADER.fullmatch(first_line):
        if _VTT_CUE.search(text):
            return None
        if "-->" in text:
            return (
                f"the captions file '{name}' has cue times WebVTT cannot read: they should look "
                "like '00:00:01.000 --> 00:00:04.000'"
            )
        return f"the captions file '{name}' has a WEBVTT header but no cues (no line with '-->')"
    if _SRT_CUE.search(text):
        return None
    if _SRT_TIMING.search(text):
        return f"the captions file '{name}' looks like SRT but its cues are not numbered"
    if _VTT_CUE.search(text):
        return f"the captions file '{name}' has WebVTT cues but does not start with 'WEBVTT'"
    return (
        f"the captions file '{name}' is not WebVTT or SRT: it has no 'WEBVTT' header and no "
        "timed cues"
    )


# ---------------------------------------------------------------- rules


def _finding(rule: str, severity: Severity, where: str, message: str, fix: str, ref: str):
    return Finding(rule, severity, where, message, fix, ref)


def _absent(path: Path | None) -> str | None:
    """None when the file is there; otherwise a reason (empty when no file was named)."""
    if path is None:
        return ""
    if not path.is_file():
        return f"'{path.name}' is named but it is not in the folder"
    return None


def check_media(item: MediaItem) -> list[Finding]:
    """Every rule for one media item."""
    where = item.label
    if item.kind == "image":
        return check_alt_text(
            item.alt_text, decorative=item.decorative, where=where, filename=item.filename or None
        )
    findings: list[Finding] = []
    if item.kind == "audio" and not (item.transcript or "").strip():
        findings.append(
            _finding(
                "audio-transcript-missing",
                Severity.BLOCKING,
                where,
                "This audio has no transcript, so people who are deaf or hard of hearing "
                "cannot get its content.",
                "Add a transcript: everything that is said, who says it, and any important sounds.",
                REF_TRANSCRIPT,
            )
        )
    if item.kind == "video":
        if item.captions is None:
            problem = "This video has no captions file"
        else:
            reason = caption_problem(item.captions)
            problem = f"This video has no valid captions: {reason}" if reason else None
        if problem:
            findings.append(
                _finding(
                    "video-captions-missing",
                    Severity.BLOCKING,
                    where,
                    problem + ". People who are deaf or hard of hearing cannot follow it.",
                    "Add a WebVTT (.vtt) or SRT (.srt) captions file with every word spoken "
                    "and important sounds. A WebVTT file starts 'WEBVTT' and has cues like "
                    "'00:00:01.000 --> 00:00:04.000'.",
                    REF_CAPTIONS,
                )
            )
        absent = _absent(item.audio_description)
        if absent is not None and not item.audio_description_not_needed:
            detail = f" (the audio-described version {absent})" if absent else ""
            findings.append(
                _finding(
                    "audio-description-missing",
                    Severity.WARNING,
                    where,
                    "This video has no audio-described version" + detail + ", so blind "
                    "people may miss what is shown on screen.",
                    "Add a version with audio description of what is shown, or confirm that "
                    "the soundtrack already describes everything important on screen.",
                    REF_AUDIO_DESCRIPTION,
                )
            )
    if item.kind in ("audio", "video"):
        absent = _absent(item.bsl_version)
        if absent is not None:
            detail = f" (the BSL version {absent})" if absent else ""
            findings.append(
                _finding(
                    "bsl-version-missing",
                    Severity.ADVICE,
                    where,
                    f"This {item.kind} has no British Sign Language (BSL) version{detail}. "
                    "For many Deaf people BSL is their first language.",
                    "Consider adding a BSL version, for example a signed video or a BSL "
                    "interpreter shown in the video.",
                    REF_BSL,
                )
            )
    return findings
