"""Screening: organisers check submitted pitches, mark them eligible or return them to the team.

Business rules:

- Organisers screen every pitch that has left drafting; drafts stay private to their team
  (a draft's screening page is 404).
- Marking eligible and returning follow ``workflow`` (submitted -> eligible; submitted or
  eligible -> returned, by an organiser). A pitch someone else moved a moment ago is refused
  with the reason, never moved twice.
- Returning needs the reasons, which the team sees on its pitch and in its email; the pitch
  becomes editable again, with a fresh accessibility report for its new version so the team
  can check and resubmit straight away.
- Every decision is audited with its reasons; the team is emailed in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import Team, User
from spark.core import audit
from spark.core.audit import utcnow
from spark.extensions import db
from spark.pitches import checks
from spark.pitches.models import Pitch, Round
from spark.pitches.service import email_team, status_label
from spark.pitches.workflow import Actor, Status, TransitionRefused, check_move

SCREENED = [status for status in Status if status is not Status.DRAFT]
REASONS_MISSING = "Enter the reasons for returning the pitch"
CHANGED = "Someone else changed this pitch a moment ago. Check it again"


class ScreeningRefused(Exception):
    """The decision was refused; the message says why."""


@dataclass(frozen=True)
class Filters:
    round_id: int | None = None
    status: str | None = None
    department: str | None = None


def _filtered(statement: Select, filters: Filters, *, with_status: bool = True) -> Select:
    statement = statement.join(Team, Team.id == Pitch.team_id).where(
        Pitch.status != Status.DRAFT.value
    )
    if filters.round_id is not None:
        statement = statement.where(Pitch.round_id == filters.round_id)
    if filters.department:
        statement = statement.where(Team.department == filters.department)
    if with_status and filters.status:
        statement = statement.where(Pitch.status == filters.status)
    return statement


def screening_list(filters: Filters) -> list[Pitch]:
    """Pitches past drafting that match the filters, the earliest submitted first (the order
    they are screened in)."""
    statement = (
        _filtered(select(Pitch), filters)
        .options(contains_eager(Pitch.team), joinedload(Pitch.round))
        .order_by(Pitch.submitted_at.is_(None), Pitch.submitted_at, Pitch.id)
    )
    return list(db.session.scalars(statement))


def status_counts(filters: Filters) -> dict[str, int]:
    """How many pitches in each status, with the round and department filters applied (so the
    counts say what choosing each status would show)."""
    statement = _filtered(
        select(Pitch.status, func.count(Pitch.id)), filters, with_status=False
    ).group_by(Pitch.status)
    found: dict[str, int] = dict(db.session.execute(statement).all())
    return {status.value: found.get(status.value, 0) for status in SCREENED}


def rounds() -> list[Round]:
    return list(db.session.scalars(select(Round).order_by(Round.opens_at.desc(), Round.id.desc())))


def departments() -> list[str]:
    """Departments of the teams with pitches past drafting, A to Z."""
    statement = (
        select(Team.department)
        .join(Pitch, Pitch.team_id == Team.id)
        .where(Pitch.status != Status.DRAFT.value)
        .distinct()
    )
    return sorted(db.session.scalars(statement), key=str.casefold)


def pitch_for_screening_or_404(pitch_id: int) -> Pitch:
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or pitch.status == Status.DRAFT.value:
        abort(404)
    return pitch


def can(pitch: Pitch, target: Status) -> bool:
    try:
        check_move(Status(pitch.status), target, Actor.ORGANISER)
    except TransitionRefused:
        return False
    return True


def _move(pitch: Pitch, target: Status) -> str:
    try:
        check_move(Status(pitch.status), target, Actor.ORGANISER)
    except TransitionRefused as refused:
        raise ScreeningRefused(
            f"You cannot make this pitch {status_label(target).lower()} because it is "
            f"{status_label(pitch.status).lower()}"
        ) from refused
    before = pitch.status
    pitch.status = target.value
    pitch.updated_at = utcnow()
    return before


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ScreeningRefused(CHANGED) from error


def mark_eligible(pitch: Pitch, organiser: User) -> None:
    """The pitch fits the round: submitted -> eligible. Audited; the team is emailed."""
    before = _move(pitch, Status.ELIGIBLE)
    audit.record(
        "pitch.marked_eligible",
        pitch,
        actor=organiser,
        before={"status": before},
        after={"status": pitch.status},
    )
    email_team(
        pitch,
        "pitch_eligible",
        f"Your pitch is eligible: {pitch.title} ({pitch.reference})",
        [
            f"The organisers of {pitch.round.name} have checked your pitch ‘{pitch.title}’. "
            "It fits the round.",
            "What happens next: we will put your pitch on a panel of dragons and email your "
            "team the date and time you pitch.",
        ],
    )
    _commit()


def return_to_team(pitch: Pitch, organiser: User, reasons: str) -> None:
    """Send the pitch back to its team with the reasons, so they can change it and submit it
    again. Audited with the reasons; the team is emailed them."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ScreeningRefused(REASONS_MISSING)
    before = _move(pitch, Status.RETURNED)
    pitch.returned_reason = reasons
    try:
        checks.refresh(pitch)  # flushes: the team gets a report for the version they edit
    except StaleDataError as error:
        db.session.rollback()
        raise ScreeningRefused(CHANGED) from error
    audit.record(
        "pitch.returned",
        pitch,
        actor=organiser,
        before={"status": before},
        after={"status": pitch.status, "reasons": reasons},
    )
    email_team(
        pitch,
        "pitch_returned",
        f"Your pitch has been returned: {pitch.title} ({pitch.reference})",
        [
            f"The organisers of {pitch.round.name} have returned your pitch ‘{pitch.title}’ "
            "to your team.",
            f"Their reasons:\n{reasons}",
            "What to do next: make the changes, then check your answers and submit the pitch "
            "again before the round closes.",
        ],
    )
    _commit()
