"""Storing a pitch's uploads safely: all of a form's files or none, bombs refused.

``storing`` keeps every upload of one form, or raises MaterialsRefused with a GOV.UK error for
each file refused, keeping nothing. Slide decks and Word documents are opened the careful way
(``spark.accessibility.safety.inspect_office``: part counts, sizes, compression ratios, no XML
DOCTYPE) before they are accepted, so a zip bomb or an XML entity bomb is refused at upload.
Stored bytes are shared by content (SHA-256): they are deleted only when no file row, in any
pitch, refers to them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import func, select

from spark.accessibility.safety import Unreadable, inspect_office
from spark.core.storage import StoredFile, UploadRefused, path_for, store_upload
from spark.extensions import db
from spark.pitches.models import PitchFile


class MaterialsRefused(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Upload:
    """A file someone sent: its bytes and the name their computer gave it."""

    stream: BinaryIO
    filename: str | None


def upload_dir() -> Path:
    return Path(current_app.config["SPARK_UPLOAD_DIR"])


# ---------------------------------------------------------------- storing uploads safely


def referenced(sha256: str) -> bool:
    count = db.session.scalar(select(func.count(PitchFile.id)).where(PitchFile.sha256 == sha256))
    return bool(count)


def discard(shas: list[str]) -> None:
    """Delete stored bytes that no file row refers to (refused, replaced or removed files)."""
    for sha256 in shas:
        if referenced(sha256):
            continue
        path = path_for(upload_dir(), sha256)
        path.unlink(missing_ok=True)
        for parent in (path.parent, path.parent.parent):
            with contextlib.suppress(OSError):
                parent.rmdir()  # only when empty


def vet_office(stored: StoredFile) -> None:
    """Open a deck or Word document the careful way; refuse bombs, traps and damage."""
    if stored.filetype.kind not in {"deck", "document"}:
        return
    data = path_for(upload_dir(), stored.sha256).read_bytes()
    try:
        inspect_office(data, stored.filetype.extension)
    except Unreadable as exc:
        raise UploadRefused(exc.message) from None


@contextlib.contextmanager
def storing(uploads: dict[str, tuple[Upload | None, set[str]]]) -> Iterator[dict[str, StoredFile]]:
    """Store every upload given, or none: on any refusal or failure nothing new is kept."""
    stored: dict[str, StoredFile] = {}
    problems: dict[str, str] = {}
    for field, (upload, kinds) in uploads.items():
        if upload is None:
            continue
        try:
            stored[field] = store_upload(
                upload.stream, upload.filename, upload_dir=upload_dir(), kinds=kinds
            )
            vet_office(stored[field])
        except UploadRefused as refused:
            problems[field] = str(refused)
    if problems:
        discard([item.sha256 for item in stored.values()])
        raise MaterialsRefused(problems)
    try:
        yield stored
    except BaseException:
        db.session.rollback()
        discard([item.sha256 for item in stored.values()])
        raise
