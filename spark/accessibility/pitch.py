"""A whole pitch: its text fields, media and attachments, checked into one Report.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.

A pitch folder holds ``pitch.json`` with its media and attachments beside it::

    {"title": "...", "problem": "...", "idea": "...", "benefits": "...", "ask": "...",
     "team": "...",                       # text; links as [text](url), bullets as "- " lines
     "attachments": ["deck.pptx", "plan.docx"],
     "media": [{"kind": "video", "filename": "demo.mp4", "captions": "demo.vtt",
                "audio_description": null, "audio_description_not_needed": false,
                "bsl_version": null},
               {"kind": "image", "filename": "team.jpg", "alt_text": "...", "decorative": false},
               {"kind": "audio", "filename": "intro.mp3", "transcript": "..."}]}

Missing keys are treated as empty (text "", lists [], files null, flags false); a key of the wrong
type is a ``PitchReadError`` saying which key and why. File names must name files inside the
folder. A missing caption, audio-described or BSL file is a *finding* (that file is the
accessibility work the rule asks for); a missing attachment or media file is a ``PitchReadError``,
because then the pitch cannot be checked in full and "nothing blocking" would not be true.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from spark.accessibility.findings import Finding, Report
from spark.accessibility.media import MEDIA_KINDS, MediaItem, check_media
from spark.accessibility.text import check_fields

__all__ = ["MediaItem", "PitchInput", "PitchReadError", "check_pitch", "load_pitch_folder"]

PITCH_FILE = "pitch.json"
TEXT_KEYS = ("title", "problem", "idea", "benefits", "ask", "team")
MEDIA_FILE_KEYS = ("captions", "audio_description", "bsl_version")


class PitchReadError(Exception):
    """The pitch (or a file it needs) cannot be read; the message says why, in plain English."""


@dataclass
class PitchInput:
    title: str = ""
    problem: str = ""
    idea: str = ""
    benefits: str = ""
    ask: str = ""
    team: str = ""
    media: list[MediaItem] = field(default_factory=list)
    attachments: list[Path] = field(default_factory=list)

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TEXT_KEYS}


def _with_file(finding: Finding, name: str) -> Finding:
    if finding.location.startswith(name):
        return finding
    return replace(finding, location=f"{name}, {finding.location}")


def check_pitch(pitch: PitchInput) -> Report:
    """The text rules on the fields, the media rules on each item, and each attachment file.

    Attachment findings have the file name at the start of their location. ``check_file``
    reports a file it cannot open as a blocking file-unreadable finding; ``PitchReadError`` is
    raised only if it cannot run at all (not installed) or fails unexpectedly.
    """
    findings = check_fields(pitch.fields())
    for item in pitch.media:
        findings += check_media(item)
    if pitch.attachments:
        try:
            from spark.accessibility.files import check_file
        except ImportError as exc:  # the Office and PDF checker is not installed
            raise PitchReadError(f"attachments cannot be checked yet ({exc})") from exc
        for path in pitch.attachments:
            path = Path(path)
            try:
                found = check_file(path)
            except Exception as exc:  # any failure means the file could not be read
                raise PitchReadError(
                    f"the attachment '{path.name}' could not be read ({_reason(exc)})"
                ) from exc
            findings += [_with_file(f, path.name) for f in found]
    return Report(findings=findings)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ---------------------------------------------------------------- pitch.json

_JSON_TYPES = {
    dict: "an object",
    list: "a list",
    str: "text",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def _kind_of(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _text(data: dict, key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise PitchReadError(f"{where}'{key}' must be text or null, not {_kind_of(value)}")


def _flag(data: dict, key: str, where: str) -> bool:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    raise PitchReadError(f"{where}'{key}' must be true or false, not {_kind_of(value)}")


def _in_folder(folder: Path, name: str, where: str) -> Path:
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        inside = False
    if not name.strip() or Path(name).is_absolute() or not inside:
        raise PitchReadError(f"{where} must name a file in the pitch folder, not {name!r}")
    return path


def _media_item(folder: Path, raw: object, number: int) -> MediaItem:
    where = f"pitch.json: media item {number}: "
    if not isinstance(raw, dict):
        raise PitchReadError(f"{where}must be an object, not {_kind_of(raw)}")
    kind = _text(raw, "kind", where) or ""
    if kind not in MEDIA_KINDS:
        raise PitchReadError(f"{where}'kind' must be image, audio or video, not {kind!r}")
    filename = _text(raw, "filename", where) or ""
    if filename and not _in_folder(folder, filename, f"{where}'filename'").is_file():
        raise PitchReadError(
            f"pitch.json lists the {kind} '{filename}', but it is not in the folder"
        )
    files = {}
    for key in MEDIA_FILE_KEYS:
        name = _text(raw, key, where)
        files[key] = _in_folder(folder, name, f"{where}'{key}'") if name else None
    return MediaItem(
        kind=kind,
        filename=filename,
        alt_text=_text(raw, "alt_text", where),
        transcript=_text(raw, "transcript", where),
        decorative=_flag(raw, "decorative", where),
        audio_description_not_needed=_flag(raw, "audio_description_not_needed", where),
        **files,
    )


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PitchReadError(f"pitch.json: '{key}' must be a list, not {_kind_of(value)}")
    return value


def load_pitch_folder(folder: Path) -> PitchInput:
    """Read ``folder/pitch.json`` into a PitchInput. Raises PitchReadError saying why not."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PitchReadError("it is not a folder")
    source = folder / PITCH_FILE
    if not source.is_file():
        raise PitchReadError(f"the folder has no {PITCH_FILE}")
    try:
        data = json.loads(source.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise PitchReadError(f"{PITCH_FILE} could not be read ({_reason(exc)})") from exc
    except UnicodeDecodeError as exc:
        raise PitchReadError(f"{PITCH_FILE} is not text in UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise PitchReadError(
            f"{PITCH_FILE} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise PitchReadError(f"{PITCH_FILE} is nested too deeply") from exc
    if not isinstance(data, dict):
        raise PitchReadError(f"{PITCH_FILE} must hold an object, not {_kind_of(data)}")
    texts = {key: _text(data, key, "pitch.json: ") or "" for key in TEXT_KEYS}
    attachments = []
    for number, name in enumerate(_list(data, "attachments"), start=1):
        if not isinstance(name, str):
            raise PitchReadError(
                f"pitch.json: attachment {number} must be a file name, not {_kind_of(name)}"
            )
        path = _in_folder(folder, name, f"pitch.json: attachment {number}")
        if not path.is_file():
            raise PitchReadError(
                f"pitch.json lists the attachment '{name}', but it is not in the folder"
            )
        attachments.append(path)
    media = [
        _media_item(folder, raw, number) for number, raw in enumerate(_list(data, "media"), start=1)
    ]
    return PitchInput(**texts, media=media, attachments=attachments)
