"""Refine and resubmit: copying a pitch the panel asked to see again into a new draft.

The business rules:

- A pitch can be copied only when the decision **in force** on it (``reads.in_force``: signed,
  not replaced by a signed amendment) is *refine and resubmit*. An unsigned decision is never
  acted on. The views let only the pitch's team in (``access.pitch_for_team_or_404``).
- The copy goes into a round that takes pitches: open and not past its closing time, as for
  starting a pitch (``round_service.open_rounds``), other than the pitch's own round. With
  more than one, the team chooses; with none, nothing can be copied yet.
- **Once per pitch** (its decisions form one chain, so once per decision): a second copy is
  refused with the copy already made (``AlreadyCopied``). Two requests at once cannot both
  copy: each moves the old pitch's version on from the one it read (compare and swap), and
  only one can.
- The copy is a *draft* for the same team, created by the person copying, with
  ``copied_from_id`` pointing at the old pitch, which keeps its decisions, letter and history
  untouched. It has every answer of the task list's text sections, but no section is marked
  completed: the team goes through each one to refine it. It has no reference, submission
  date or returned reason of its own.
- Files are copied as **new rows sharing the stored bytes** (``sha256``: nothing is copied on
  disk; the bytes are deleted only when no row in any pitch refers to them), with their alt
  text or decorative mark, transcript, captions, audio-described and BSL versions, so removing
  a file from the copy never touches the old pitch's.
- The copy gets its first accessibility report, as a new pitch does. Audited as
  ``pitch.copied_for_resubmission``; one transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from spark.accounts.models import User
from spark.core import audit
from spark.decisions import reads
from spark.decisions.models import Decision
from spark.decisions.recording import Outcome
from spark.extensions import db
from spark.pitches import checks, round_service
from spark.pitches.models import Pitch, PitchFile, Round
from spark.pitches.sections import TEXT_SECTIONS
from spark.pitches.workflow import Status

# The Pitch columns the task list's text sections fill in ("ask" is stored in pence).
COPIED_FIELDS = tuple(
    "ask_pence" if question.money else question.name
    for section in TEXT_SECTIONS
    for question in section.questions
)
FILE_FIELDS = (
    "kind",
    "sha256",
    "size",
    "mimetype",
    "original_name",
    "alt_text",
    "decorative",
    "transcript",
    "audio_description_not_needed",
    "uploaded_at",
    "uploaded_by_id",
)
COMPANIONS = ("captions_id", "audio_description_id", "bsl_version_id")

NOT_REFINE = "The panel did not ask your team to refine and resubmit this pitch"
NO_ROUND = "No round is open for pitches at the moment"
SELECT_ROUND = "Select the round to pitch your new draft to"
ROUND_CLOSED = "The round you chose is no longer open for pitches. Choose another round"
ALREADY_COPIED = "Your team has already copied this pitch into a new draft"


class ResubmitRefused(Exception):
    """The copy cannot be made: the message says why. ``status`` 400 (the team's choice) or
    409 (the pitch or the rounds are not in a state that allows it); ``field`` names the form
    field it is about, if any."""

    def __init__(self, message: str, *, status: int = 409, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


class AlreadyCopied(Exception):
    """The pitch has been copied already: ``copy`` is the draft made then."""

    def __init__(self, copy: Pitch) -> None:
        super().__init__(ALREADY_COPIED)
        self.copy = copy


def decision_in_force(pitch: Pitch) -> Decision | None:
    return reads.in_force(reads.history(pitch.id))


def may_copy(decision: Decision | None) -> bool:
    """Whether a pitch whose decision in force is ``decision`` may be copied."""
    return decision is not None and decision.outcome == Outcome.REFINE


def copy_of(pitch: Pitch) -> Pitch | None:
    """The new draft made from ``pitch``, if the team has made one."""
    return db.session.scalar(
        select(Pitch).where(Pitch.copied_from_id == pitch.id).order_by(Pitch.id).limit(1)
    )


def rounds_for_copy(pitch: Pitch, now: datetime) -> list[Round]:
    """The rounds a copy of ``pitch`` may go into, closing soonest first."""
    return [round_ for round_ in round_service.open_rounds(now) if round_.id != pitch.round_id]


def _chosen_round(pitch: Pitch, round_id: int | None, now: datetime) -> Round:
    rounds = rounds_for_copy(pitch, now)
    if not rounds:
        raise ResubmitRefused(NO_ROUND)
    if round_id is None:
        if len(rounds) == 1:
            return rounds[0]
        raise ResubmitRefused(SELECT_ROUND, status=400, field="round")
    chosen = next((round_ for round_ in rounds if round_.id == round_id), None)
    if chosen is None:
        raise ResubmitRefused(ROUND_CLOSED, status=409, field="round")
    return chosen


def _claim(pitch: Pitch) -> bool:
    """Move the old pitch's version on from the one this request read; False when another
    request got there first (it has made the copy)."""
    seen = pitch.version
    moved = db.session.execute(
        update(Pitch.__table__)
        .where(Pitch.__table__.c.id == pitch.id, Pitch.__table__.c.version == seen)
        .values(version=seen + 1)
    )
    return moved.rowcount == 1


def _copy_files(source: Pitch, copy: Pitch) -> int:
    """New rows for ``source``'s files in ``copy``, sharing their stored bytes; companions
    (captions, audio-described and BSL versions) linked to the copies of their files."""
    made: dict[int, PitchFile] = {}
    for item in source.files:
        new = PitchFile(**{name: getattr(item, name) for name in FILE_FIELDS})
        copy.files.append(new)
        made[item.id] = new
    db.session.flush()  # every row first, then the links between them
    for item in source.files:
        for link in COMPANIONS:
            companion = getattr(item, link)
            if companion in made:
                setattr(made[item.id], link, made[companion].id)
    return len(made)


def copy_for_resubmission(pitch: Pitch, user: User, round_id: int | None, now: datetime) -> Pitch:
    """Copy ``pitch`` into a new draft for ``user``'s team in the round ``round_id`` (which
    may be None when only one round takes pitches), by the rules in the module docstring.

    Raises ResubmitRefused, or AlreadyCopied with the copy made before.
    """
    decision = decision_in_force(pitch)
    if not may_copy(decision):
        raise ResubmitRefused(NOT_REFINE)
    existing = copy_of(pitch)
    if existing is not None:
        raise AlreadyCopied(existing)
    round_ = _chosen_round(pitch, round_id, now)
    if not _claim(pitch):
        db.session.rollback()
        existing = copy_of(pitch)
        if existing is not None:
            raise AlreadyCopied(existing)
        raise ResubmitRefused(ALREADY_COPIED)  # pragma: no cover - the copy is always there
    copy = Pitch(
        team_id=pitch.team_id,
        round=round_,
        status=Status.DRAFT.value,
        completed_sections=[],
        created_by=user,
        copied_from_id=pitch.id,
        **{name: getattr(pitch, name) for name in COPIED_FIELDS},
    )
    db.session.add(copy)
    db.session.flush()
    files = _copy_files(pitch, copy)
    checks.refresh(copy)
    audit.record(
        "pitch.copied_for_resubmission",
        copy,
        actor=user,
        after={
            "copied_from_id": pitch.id,
            "copied_from_reference": pitch.reference or "",
            "decision_id": decision.id if decision else None,
            "team_id": pitch.team_id,
            "round_id": round_.id,
            "files": files,
        },
    )
    db.session.commit()
    db.session.expire(pitch)  # its version moved on in the database
    return copy
