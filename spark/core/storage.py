"""Uploaded files: streamed to disk with a size cap, typed from their bytes, stored by SHA-256.

Files live at SPARK_UPLOAD_DIR/ab/cd/<sha256>. The same bytes uploaded twice are stored once.
Nothing is kept when an upload is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from spark.core.filetypes import FileType, sniff

CHUNK = 1024 * 1024
MB = 1024 * 1024
# Largest file accepted for each kind of material.
SIZE_LIMITS = {
    "deck": 30 * MB,
    "document": 20 * MB,
    "pdf": 30 * MB,
    "image": 10 * MB,
    "audio": 50 * MB,
    "video": 200 * MB,
    "captions": 1 * MB,
}
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UploadRefused(Exception):
    """The upload cannot be kept; the message is a GOV.UK error message for the person."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    filetype: FileType
    original_name: str


def display_name(filename: str | None) -> str:
    """The name people gave the file, without any path or control characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    return name[:200] or "file"


def path_for(upload_dir: str | Path, sha256: str) -> Path:
    if not _SHA256.fullmatch(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return Path(upload_dir) / sha256[:2] / sha256[2:4] / sha256


def _human(size: int) -> str:
    return f"{size // MB}MB" if size >= MB else f"{size // 1024}KB"


def store_upload(
    stream: BinaryIO, filename: str | None, *, upload_dir: str | Path, kinds: set[str]
) -> StoredFile:
    """Store an upload of one of ``kinds``, or raise UploadRefused saying what to do."""
    cap = max(SIZE_LIMITS[kind] for kind in kinds)
    upload_dir = Path(upload_dir)
    upload_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle = tempfile.NamedTemporaryFile(dir=upload_dir, prefix=".upload-", delete=False)  # noqa: SIM115
    temp_path = Path(handle.name)
    try:
        with handle:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise UploadRefused(f"The selected file must be smaller than {_human(cap)}")
                digest.update(chunk)
                handle.write(chunk)
            if size == 0:
                raise UploadRefused("The selected file is empty")
            filetype = sniff(handle)
        if filetype is None or filetype.kind not in kinds:
            raise UploadRefused(_wrong_type_message(kinds))
        if size > SIZE_LIMITS[filetype.kind]:
            limit = _human(SIZE_LIMITS[filetype.kind])
            raise UploadRefused(f"The selected {filetype.label} must be smaller than {limit}")
        sha256 = digest.hexdigest()
        final = path_for(upload_dir, sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp_path, final)
        return StoredFile(sha256, size, filetype, display_name(filename))
    finally:
        temp_path.unlink(missing_ok=True)


_KIND_NAMES = {
    "deck": "a PowerPoint (.pptx)",
    "document": "a Word document (.docx)",
    "pdf": "a PDF",
    "image": "a PNG or JPEG image",
    "audio": "an MP3, M4A, WAV or OGG audio file",
    "video": "an MP4 or WebM video",
    "captions": "a WebVTT (.vtt) or SRT (.srt) captions file",
}


def _wrong_type_message(kinds: set[str]) -> str:
    names = [_KIND_NAMES[kind] for kind in sorted(kinds)]
    options = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"The selected file must be {options}"
