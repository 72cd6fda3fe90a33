"""Recognise an uploaded file's type from its bytes, never from its name.

Pure: the standard library only.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

# How many bytes of a file `sniff` needs; zips are read through their central directory.
HEAD_BYTES = 64


@dataclass(frozen=True)
class FileType:
    kind: str  # deck, document, pdf, image, audio, video, captions
    mimetype: str
    extension: str
    label: str  # what people call it: "PowerPoint slide deck"


PPTX = FileType(
    "deck",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    "PowerPoint slide deck",
)
DOCX = FileType(
    "document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word document",
)
PDF = FileType("pdf", "application/pdf", ".pdf", "PDF")
PNG = FileType("image", "image/png", ".png", "PNG image")
JPEG = FileType("image", "image/jpeg", ".jpg", "JPEG image")
MP3 = FileType("audio", "audio/mpeg", ".mp3", "MP3 audio")
M4A = FileType("audio", "audio/mp4", ".m4a", "M4A audio")
WAV = FileType("audio", "audio/wav", ".wav", "WAV audio")
OGG = FileType("audio", "audio/ogg", ".ogg", "Ogg audio")
MP4 = FileType("video", "video/mp4", ".mp4", "MP4 video")
WEBM = FileType("video", "video/webm", ".webm", "WebM video")
VTT = FileType("captions", "text/vtt", ".vtt", "WebVTT captions")
SRT = FileType("captions", "application/x-subrip", ".srt", "SRT captions")

_OFFICE_MAIN_PARTS = {
    "ppt/presentation.xml": PPTX,
    "word/document.xml": DOCX,
}


def _sniff_zip(stream: BinaryIO) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in _OFFICE_MAIN_PARTS.items() if part in names), None)


def _sniff_iso_media(head: bytes) -> FileType | None:
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    return M4A if brand in {b"M4A ", b"M4B "} else MP4


def _sniff_text(head: bytes) -> FileType | None:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"WEBVTT"):
        return VTT
    first_line, _, rest = text.partition(b"\n")
    if first_line.strip().isdigit() and b"-->" in rest.split(b"\n", 1)[0]:
        return SRT
    return None


def sniff(stream: BinaryIO) -> FileType | None:
    """The type of a seekable binary file, or None when it is not one we accept."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(stream)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    return _sniff_iso_media(head) or _sniff_text(head)
