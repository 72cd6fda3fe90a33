"""Pitch materials: adding, changing and removing the files of a pitch.

Business rules:

- Only the pitch's team changes its materials, and only while the pitch is editable (draft or
  returned). The views load the pitch through ``access.pitch_for_team_or_404``.
- A file's type comes from its bytes (``spark.core.storage``), never its name; each kind has a
  size limit. Slide decks and Word documents are also opened safely (``safety.inspect_office``)
  before they are accepted, so a zip or XML bomb is refused at upload, not stored.
- An image needs alt text, or a statement that it is decorative. An audio overview needs a
  transcript. A video may be added without captions (the check then blocks submission until
  they are added); it may have an audio-described version and a BSL version.
- Refused uploads keep nothing: no file on disk, no row. Every change bumps the pitch's
  version, runs the accessibility check for the new version, is audited, and is one
  transaction.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import User
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.storage import StoredFile, path_for
from spark.extensions import db
from spark.pitches import checks
from spark.pitches.materials_storage import (
    MaterialsRefused,
    Upload,
    discard,
    storing,
    upload_dir,
)
from spark.pitches.models import Pitch, PitchFile
from spark.pitches.workflow import EDITABLE, Status

MAX_FILES = 20  # main files in one pitch (companion files not counted)
DOCUMENT_KINDS = {"deck", "document", "pdf"}
CHANGED_ELSEWHERE = (
    "Someone in your team changed this pitch at the same time. Check the materials and try again"
)
NOT_EDITABLE = "You cannot change the materials of this pitch now"


def stored_path(item: PitchFile) -> Path:
    return path_for(upload_dir(), item.sha256)


def can_change(pitch: Pitch) -> bool:
    return Status(pitch.status) in EDITABLE


def file_in_pitch(pitch: Pitch, file_id: int) -> PitchFile | None:
    """The pitch's file with this id, or None when it is not one of this pitch's files."""
    item = db.session.get(PitchFile, file_id)
    return item if item is not None and item.pitch_id == pitch.id else None


def parent_of(pitch: Pitch, item: PitchFile) -> PitchFile | None:
    """The file that ``item`` belongs to (as its captions, audio-described or BSL version)."""
    for other in pitch.files:
        if item.id in (other.captions_id, other.audio_description_id, other.bsl_version_id):
            return other
    return None


def _new_file(user: User, stored: StoredFile, **fields) -> PitchFile:
    return PitchFile(
        kind=stored.filetype.kind,
        sha256=stored.sha256,
        size=stored.size,
        mimetype=stored.filetype.mimetype,
        original_name=stored.original_name,
        uploaded_by_id=user.id,
        **fields,
    )


def _describe(item: PitchFile) -> dict[str, object]:
    return {
        "file_id": item.id,
        "name": item.original_name,
        "kind": item.kind,
        "sha256": item.sha256,
        "size": item.size,
    }


def _editable(pitch: Pitch) -> None:
    if not can_change(pitch):
        raise MaterialsRefused({"": NOT_EDITABLE})


def _save(pitch: Pitch, user: User, action: str, after: dict[str, object]) -> None:
    """Bump the pitch's version, check it again, audit the change and commit."""
    pitch.updated_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise MaterialsRefused({"": CHANGED_ELSEWHERE}) from None
    checks.refresh(pitch)
    audit.record(action, pitch, actor=user, after={"version": pitch.version, **after})
    db.session.commit()


def _room_for_one_more(pitch: Pitch, field: str) -> None:
    if len(checks.main_files(pitch)) >= MAX_FILES:
        raise MaterialsRefused(
            {field: f"A pitch can have up to {MAX_FILES} files. Remove one before adding another"}
        )


# ---------------------------------------------------------------- adding files


def add_document(pitch: Pitch, user: User, upload: Upload) -> PitchFile:
    """Add a slide deck, Word document or PDF (the type is sniffed from the bytes)."""
    _editable(pitch)
    _room_for_one_more(pitch, "file")
    with storing({"file": (upload, DOCUMENT_KINDS)}) as stored:
        item = _new_file(user, stored["file"])
        pitch.files.append(item)
        db.session.flush()
        _save(pitch, user, "pitch.file_added", _describe(item))
    return item


def add_image(
    pitch: Pitch, user: User, upload: Upload, *, alt_text: str, decorative: bool
) -> PitchFile:
    """Add a PNG or JPEG image with its alt text, or marked as decorative (no alt text)."""
    _editable(pitch)
    _room_for_one_more(pitch, "file")
    with storing({"file": (upload, {"image"})}) as stored:
        item = _new_file(
            user, stored["file"], alt_text="" if decorative else alt_text, decorative=decorative
        )
        pitch.files.append(item)
        db.session.flush()
        _save(pitch, user, "pitch.file_added", {**_describe(item), "decorative": decorative})
    return item


def add_audio(
    pitch: Pitch, user: User, upload: Upload, *, transcript: str, bsl_version: Upload | None = None
) -> PitchFile:
    """Add an audio overview with its transcript and, optionally, a BSL version (a video)."""
    _editable(pitch)
    _room_for_one_more(pitch, "file")
    with storing({"file": (upload, {"audio"}), "bsl_version": (bsl_version, {"video"})}) as stored:
        item = _new_file(user, stored["file"], transcript=transcript)
        pitch.files.append(item)
        db.session.flush()  # the main file first, then its companions
        companions, _replaced = _attach(pitch, user, item, stored)
        _save(pitch, user, "pitch.file_added", {**_describe(item), "companions": companions})
    return item


def _attach(
    pitch: Pitch, user: User, item: PitchFile, stored: dict[str, StoredFile]
) -> tuple[list[dict[str, object]], list[str]]:
    """Link new companion files to ``item``, replacing (and removing) any it had.

    Returns what was added, for the audit, and the SHA-256 of the files replaced.
    """
    added, replaced = [], []
    for field, relation in (
        ("captions", "captions"),
        ("audio_described", "audio_description"),
        ("bsl_version", "bsl_version"),
    ):
        if field not in stored:
            continue
        old = getattr(item, relation)
        companion = _new_file(user, stored[field])
        pitch.files.append(companion)
        setattr(item, relation, companion)
        if old is not None:
            pitch.files.remove(old)
            replaced.append(old.sha256)
        added.append((relation, companion))
    db.session.flush()
    return [{"role": role, **_describe(companion)} for role, companion in added], replaced


def add_video(
    pitch: Pitch,
    user: User,
    upload: Upload,
    *,
    captions: Upload | None = None,
    audio_described: Upload | None = None,
    bsl_version: Upload | None = None,
    description_not_needed: bool = False,
) -> PitchFile:
    """Add a video with, optionally, its captions, an audio-described and a BSL version.

    Captions are needed before the pitch can be submitted (the check blocks without them),
    but the video can be added first.
    """
    _editable(pitch)
    _room_for_one_more(pitch, "file")
    with storing(
        {
            "file": (upload, {"video"}),
            "captions": (captions, {"captions"}),
            "audio_described": (audio_described, {"video"}),
            "bsl_version": (bsl_version, {"video"}),
        }
    ) as stored:
        item = _new_file(user, stored["file"], audio_description_not_needed=description_not_needed)
        pitch.files.append(item)
        db.session.flush()  # the main file first, then its companions
        companions, _replaced = _attach(pitch, user, item, stored)
        _save(pitch, user, "pitch.file_added", {**_describe(item), "companions": companions})
    return item


# ---------------------------------------------------------------- changing and removing


def _main(pitch: Pitch, item: PitchFile, kinds: set[str]) -> None:
    if item.pitch_id != pitch.id or item.kind not in kinds or parent_of(pitch, item) is not None:
        raise MaterialsRefused({"": "This file cannot be changed here"})


def update_image(
    pitch: Pitch, user: User, item: PitchFile, *, alt_text: str, decorative: bool
) -> None:
    """Change an image's alt text, or whether it is decorative."""
    _editable(pitch)
    _main(pitch, item, {"image"})
    before = {"alt_text": item.alt_text, "decorative": item.decorative}
    item.alt_text = "" if decorative else alt_text
    item.decorative = decorative
    after = {"alt_text": item.alt_text, "decorative": item.decorative}
    _save(pitch, user, "pitch.file_changed", {**_describe(item), "before": before, **after})


def update_audio(
    pitch: Pitch, user: User, item: PitchFile, *, transcript: str, bsl_version: Upload | None = None
) -> None:
    """Change an audio overview's transcript; add or replace its BSL version."""
    _editable(pitch)
    _main(pitch, item, {"audio"})
    with storing({"bsl_version": (bsl_version, {"video"})}) as stored:
        item.transcript = transcript
        companions, replaced = _attach(pitch, user, item, stored)
        _save(
            pitch,
            user,
            "pitch.file_changed",
            {**_describe(item), "transcript_changed": True, "companions": companions},
        )
    discard(replaced)


def update_video(
    pitch: Pitch,
    user: User,
    item: PitchFile,
    *,
    captions: Upload | None = None,
    audio_described: Upload | None = None,
    bsl_version: Upload | None = None,
    description_not_needed: bool = False,
) -> None:
    """Add or replace a video's captions, audio-described or BSL version; change the statement
    that its soundtrack describes everything on screen."""
    _editable(pitch)
    _main(pitch, item, {"video"})
    with storing(
        {
            "captions": (captions, {"captions"}),
            "audio_described": (audio_described, {"video"}),
            "bsl_version": (bsl_version, {"video"}),
        }
    ) as stored:
        before = item.audio_description_not_needed
        item.audio_description_not_needed = description_not_needed
        companions, replaced = _attach(pitch, user, item, stored)
        _save(
            pitch,
            user,
            "pitch.file_changed",
            {
                **_describe(item),
                "companions": companions,
                "audio_description_not_needed": [before, description_not_needed],
            },
        )
    discard(replaced)


def replace_document(pitch: Pitch, user: User, item: PitchFile, upload: Upload) -> PitchFile:
    """Replace a slide deck, Word document or PDF with a new version (the fixed deck, say).

    The new file is checked like any other; the old one is removed, with its bytes unless
    another file shares them.
    """
    _editable(pitch)
    _main(pitch, item, DOCUMENT_KINDS)
    old = _describe(item)
    with storing({"file": (upload, DOCUMENT_KINDS)}) as stored:
        new = _new_file(user, stored["file"])
        pitch.files.append(new)
        pitch.files.remove(item)
        db.session.flush()
        _save(pitch, user, "pitch.file_replaced", {**_describe(new), "replaced": old})
    discard([str(old["sha256"])])
    return new


def remove_file(pitch: Pitch, user: User, item: PitchFile) -> None:
    """Remove a file; a main file takes its captions, audio-described and BSL versions with it.

    The stored bytes are deleted too unless another file (in any pitch) has the same content.
    """
    _editable(pitch)
    if item.pitch_id != pitch.id:
        raise MaterialsRefused({"": "This file is not part of this pitch"})
    removed = [item]
    parent = parent_of(pitch, item)
    if parent is not None:
        for relation in ("captions", "audio_description", "bsl_version"):
            if getattr(parent, relation) is item:
                setattr(parent, relation, None)
    else:
        for relation in ("captions", "audio_description", "bsl_version"):
            companion = getattr(item, relation)
            if companion is not None:
                setattr(item, relation, None)
                removed.append(companion)
    db.session.flush()
    for each in removed:
        pitch.files.remove(each)
    details = [_describe(each) for each in removed]
    _save(pitch, user, "pitch.file_removed", {**details[0], "with": details[1:]})
    discard([str(each["sha256"]) for each in details])


MATERIALS_SECTION = "materials"  # the task list's key for this section (pitches.sections)


def mark_completed(pitch: Pitch, user: User, *, completed: bool) -> bool:
    """The team says whether it has finished adding materials; the task list shows it.

    Materials are optional, so the section is completed when the team says so, files or not.
    Returns False when nothing changed.
    """
    _editable(pitch)
    before = list(pitch.completed_sections or [])
    after = [key for key in before if key != MATERIALS_SECTION]
    if completed:
        after.append(MATERIALS_SECTION)
    if set(after) == set(before):
        return False
    pitch.completed_sections = after
    _save(pitch, user, "pitch.updated", {"section": MATERIALS_SECTION, "completed": completed})
    return True
