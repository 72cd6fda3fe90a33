"""Submitting and withdrawing a pitch: the team's moves out of drafting.

Business rules:

- A pitch can be submitted only while its round is open for pitches (``rules``), every
  section before "Check your answers" is completed, and the accessibility check lets it go
  (no blocking findings, warnings acknowledged for this version).
- The team submits what it checked: the check answers page carries the pitch version, and a
  teammate's change since then sends them back to check again. If the pitch cannot be
  submitted now anyway, the refusal says what stops it instead (that is what to do next).
- On first submission a pitch gets a reference, SPK-<year>-<number of at least 4 digits>,
  counting up within the year in London. Two pitches submitted at the same moment cannot share
  one: the unique index refuses the second, which takes the next number. A returned pitch
  submitted again keeps its reference.
- The whole team is emailed when a pitch is submitted or withdrawn. Withdrawing needs a reason
  and cannot be undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import User
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.filters import to_london
from spark.extensions import db
from spark.pitches import checks, round_service
from spark.pitches.models import Pitch
from spark.pitches.sections import CHECK, incomplete_sections
from spark.pitches.service import PitchLocked, check_editable, email_team, task_statuses
from spark.pitches.signals import pitch_withdrawn
from spark.pitches.workflow import Actor, Status, TransitionRefused, check_move

REFERENCE_ATTEMPTS = 5
CHANGED = (
    "Someone in your team changed the pitch after you opened this page. "
    "Check your answers again, then submit"
)
REASON_MISSING = "Enter why you are withdrawing the pitch"


@dataclass(frozen=True)
class Refusal:
    """One reason the pitch cannot be submitted, and where on the page it is about."""

    message: str
    anchor: str


class SubmissionRefused(Exception):
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("; ".join(r.message for r in refusals))
        self.refusals = refusals


def submission_refusals(pitch: Pitch, now: datetime) -> list[Refusal]:
    """Everything that stops the pitch being submitted now, in the order the page shows it."""
    refusals = []
    round_problem = round_service.submission_refusal(pitch.round, now)
    if round_problem:
        refusals.append(Refusal(round_problem.rstrip("."), "round"))
    statuses = task_statuses(pitch)
    for section in incomplete_sections(statuses):
        if section is not CHECK:
            refusals.append(Refusal(f"Complete the section ‘{section.title}’", section.key))
    refusals += [Refusal(problem, CHECK.key) for problem in checks.submission_problems(pitch)]
    return refusals


def next_reference(now: datetime) -> str:
    """The next free SPK-<year>-<number> for the year ``now`` falls in, in London."""
    prefix = f"SPK-{to_london(now).year}-"
    taken = db.session.scalars(select(Pitch.reference).where(Pitch.reference.like(f"{prefix}%")))
    numbers = [int(ref[len(prefix) :]) for ref in taken if re.fullmatch(r"\d+", ref[len(prefix) :])]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _check_can_submit(pitch: Pitch, now: datetime, expected_version: int | None) -> None:
    check_editable(pitch)
    # What stops the pitch now comes first: after a teammate's change it is what needs doing.
    refusals = submission_refusals(pitch, now)
    if refusals:
        raise SubmissionRefused(refusals)
    if expected_version is not None and expected_version != pitch.version:
        raise SubmissionRefused([Refusal(CHANGED, "answers")])
    try:
        check_move(Status(pitch.status), Status.SUBMITTED, Actor.TEAM)
    except TransitionRefused as refused:  # pragma: no cover - EDITABLE covers every case
        raise PitchLocked(str(refused)) from refused


def _submit_once(pitch: Pitch, user: User, now: datetime) -> None:
    before = pitch.status
    first = pitch.reference is None
    if first:
        pitch.reference = next_reference(now)
    pitch.status = Status.SUBMITTED.value
    pitch.submitted_at = now
    pitch.updated_at = now
    db.session.flush()  # a taken reference or a teammate's change shows here
    audit.record(
        "pitch.submitted",
        pitch,
        actor=user,
        before={"status": before},
        after={"status": pitch.status, "reference": pitch.reference, "first": first},
    )
    email_team(
        pitch,
        "pitch_submitted",
        f"Pitch submitted: {pitch.title} ({pitch.reference})",
        [
            f"{user.name} submitted your team’s pitch ‘{pitch.title}’ to {pitch.round.name}.",
            f"Your reference is {pitch.reference}.",
            "What happens next: the organisers check that your pitch fits the round. "
            "If something needs changing, they return it to your team with their reasons, "
            "and you can change it and submit it again. If it fits, it goes to a panel of "
            "dragons.",
        ],
    )


def submit(pitch: Pitch, user: User, now: datetime, expected_version: int | None) -> Pitch:
    """Submit the pitch (a draft, or a returned pitch again): a reference on first submission,
    the submission time, 'pitch.submitted' audited and every team member emailed."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        _check_can_submit(pitch, now, expected_version)
        try:
            _submit_once(pitch, user, now)
            db.session.commit()
        except IntegrityError:
            # Another pitch took this reference a moment ago: start again with the next one.
            db.session.rollback()
            continue
        except StaleDataError as error:
            db.session.rollback()
            raise SubmissionRefused([Refusal(CHANGED, "answers")]) from error
        return pitch
    raise RuntimeError("Could not give the pitch a reference")  # pragma: no cover


def withdraw(pitch: Pitch, user: User, reason: str) -> Pitch:
    """Withdraw the pitch at the team's request, with their reason. It cannot be undone.
    Audited as 'pitch.withdrawn'; every team member is emailed."""
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionRefused([Refusal(REASON_MISSING, "reason")])
    try:
        check_move(Status(pitch.status), Status.WITHDRAWN, Actor.TEAM)
    except TransitionRefused as refused:
        raise PitchLocked("This pitch cannot be withdrawn now") from refused
    before = pitch.status
    pitch.status = Status.WITHDRAWN.value
    pitch.updated_at = utcnow()
    audit.record(
        "pitch.withdrawn",
        pitch,
        actor=user,
        before={"status": before},
        after={"status": pitch.status, "reason": reason},
    )
    email_team(
        pitch,
        "pitch_withdrawn",
        f"Pitch withdrawn: {pitch.title or 'your pitch'}",
        [
            f"{user.name} withdrew your team’s pitch ‘{pitch.title}’ from {pitch.round.name}.",
            f"The reason they gave:\n{reason}",
            "A withdrawn pitch cannot be submitted again. You can start a new pitch at any time "
            "while a round is open.",
        ],
    )
    try:
        pitch_withdrawn.send(pitch, actor=user, reason=reason)  # a later stage's rows too
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise PitchLocked(CHANGED) from error
    return pitch
