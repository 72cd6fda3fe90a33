"""Pitch materials made at seed time: slide decks, a WAV audio overview, a video and captions.

Small but real enough: the decks are python-pptx presentations the checker opens, the audio is
a valid WAV of silence, the captions a valid WebVTT file. The video is a placeholder: an MP4
'ftyp' box and an empty media box, which the upload sniffing accepts but a browser will not
play (making a playable video needs an encoder the project does not have).
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

from PIL import Image
from pptx import Presentation
from pptx.util import Inches, Pt

LAYOUT_TITLE_ONLY = 5
LAYOUT_BLANK = 6


@dataclass(frozen=True)
class Slide:
    """One slide: its title (None for a slide without one), its lines of text and, optionally,
    a picture with its alt text ("" for a picture without any)."""

    title: str | None
    lines: tuple[str, ...] = ()
    picture_alt: str | None = None


def _chart_png() -> bytes:
    """A small bar chart-like picture: three blue bars on white."""
    image = Image.new("RGB", (120, 80), "white")
    for number, height in enumerate((30, 50, 70)):
        left = 10 + number * 38
        for x in range(left, left + 28):
            for y in range(80 - height, 80):
                image.putpixel((x, y), (29, 112, 184))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def deck(title: str, slides: list[Slide]) -> bytes:
    """A .pptx with the document title set and each slide as described."""
    presentation = Presentation()
    presentation.core_properties.title = title
    presentation.core_properties.language = "en-GB"
    for slide in slides:
        layout = LAYOUT_TITLE_ONLY if slide.title is not None else LAYOUT_BLANK
        page = presentation.slides.add_slide(presentation.slide_layouts[layout])
        if slide.title is not None:
            page.shapes.title.text = slide.title
        top = Inches(1.6)
        if slide.lines:
            box = page.shapes.add_textbox(Inches(0.8), top, Inches(8.4), Inches(2.4))
            frame = box.text_frame
            frame.word_wrap = True
            for number, line in enumerate(slide.lines):
                paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
                paragraph.text = line
                paragraph.font.size = Pt(24)
            top = Inches(4.2)
        if slide.picture_alt is not None:
            picture = page.shapes.add_picture(io.BytesIO(_chart_png()), Inches(0.8), top)
            # python-pptx puts the file name in the alt text; say what we mean instead.
            picture._element.nvPicPr.cNvPr.set("descr", slide.picture_alt)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def silent_wav(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A mono 16-bit WAV file of silence."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def placeholder_mp4(label: str) -> bytes:
    """An ISO media file header ('ftyp', brand isom), a 'free' box holding ``label`` (so each
    placeholder is its own file) and an empty 'mdat' box."""
    ftyp = _box(b"ftyp", b"isom" + (512).to_bytes(4, "big") + b"isomiso2mp41")
    return ftyp + _box(b"free", label.encode("utf-8")) + _box(b"mdat", b"")


def webvtt(cues: list[tuple[str, str, str]]) -> bytes:
    """A WebVTT captions file from (start, end, words) cues, times like '00:00:01.000'."""
    blocks = ["WEBVTT"] + [f"{start} --> {end}\n{words}" for start, end, words in cues]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
