"""Captions for the browser: WebVTT as it is, SRT turned into WebVTT.

Browsers play WebVTT tracks only. SRT differs in small ways: no 'WEBVTT' header, a comma
before the milliseconds, numbered cues, and sometimes <font> tags or position coordinates.

Pure: the standard library only.
"""

from __future__ import annotations

import re

_TIMING = re.compile(
    r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*"
    r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
)
_ALLOWED_TAG = re.compile(r"</?(?:b|i|u)>", re.IGNORECASE)
_FONT_TAG = re.compile(r"</?font\b[^>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:amp|lt|gt|lrm|rlm|nbsp);")
_BLOCKS = re.compile(r"\n[ \t]*\n")


def _time(hours: str | None, minutes: str, seconds: str, millis: str) -> str:
    return f"{int(hours or 0):02d}:{int(minutes):02d}:{int(seconds):02d}.{millis.ljust(3, '0')}"


def _timing(line: str) -> str | None:
    match = _TIMING.match(line)
    if match is None:
        return None
    parts = match.groups()
    return f"{_time(*parts[:4])} --> {_time(*parts[4:])}"


def _escape(text: str) -> str:
    """Cue text: keep <b>, <i> and <u>; drop <font>; escape any other '<' and a bare '&'."""
    text = _FONT_TAG.sub("", text).replace("-->", "->")
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        tag = _ALLOWED_TAG.match(text, position) if char == "<" else None
        entity = _ENTITY.match(text, position) if char == "&" else None
        if tag or entity:
            found = (tag or entity).group()  # type: ignore[union-attr]
            out.append(found.lower() if tag else found)
            position += len(found)
            continue
        out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(char, char))
        position += 1
    return "".join(out)


def srt_to_webvtt(text: str) -> str:
    """An SRT file's text as WebVTT. Blocks without a timing line are left out."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues = []
    for block in _BLOCKS.split(text.strip()):
        lines = [line.rstrip() for line in block.split("\n")]
        for index, line in enumerate(lines):
            timing = _timing(line)
            if timing is not None:
                words = [_escape(words) for words in lines[index + 1 :] if words.strip()]
                if words:
                    cues.append("\n".join([timing, *words]))
                break
    return "WEBVTT\n\n" + "\n\n".join(cues) + ("\n" if cues else "")


def to_webvtt(data: bytes) -> str:
    """Caption file bytes (WebVTT or SRT, UTF-8) as WebVTT text a browser can play."""
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if re.match(r"WEBVTT(?:[ \t]|\n|$)", text.lstrip()):
        return text.lstrip()
    return srt_to_webvtt(text)


_TAG = re.compile(r"<[^>]*>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^>]+)>", re.IGNORECASE)


def cue_text(webvtt: str) -> list[str]:
    """The words of each cue, in order and without markup: captions to read as a transcript.

    A voice tag (<v Sam>) becomes 'Sam: '. Header, NOTE, STYLE and REGION blocks are skipped.
    """
    import html

    lines: list[str] = []
    for block in _BLOCKS.split(webvtt.replace("\r\n", "\n").strip()):
        rows = block.split("\n")
        timing = next((i for i, row in enumerate(rows) if "-->" in row), None)
        if timing is None:
            continue
        words = " ".join(row.strip() for row in rows[timing + 1 :] if row.strip())
        words = html.unescape(_TAG.sub("", _VOICE.sub(r"\1: ", words))).strip()
        if words:
            lines.append(words)
    return lines
