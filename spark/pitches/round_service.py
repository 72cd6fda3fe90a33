"""Rounds: organisers create and run the calls for pitches; teams see the open ones.

The only place that commits rounds; one transaction each, with its audit event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from spark.accounts.models import User
from spark.core import audit
from spark.extensions import db
from spark.pitches import rules
from spark.pitches.models import Pitch, Round
from spark.pitches.signals import round_created

NAME_TAKEN = "There is already a round with this name. Enter a different name"
NOT_EDITABLE = "You can only change a round while it is draft or open"


class RoundProblems(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RoundDetails:
    """What an organiser types about a round; times already in UTC."""

    name: str
    description: str
    opens_at: datetime
    closes_at: datetime


def list_rounds() -> list[Round]:
    """Every round, the latest opening first."""
    return list(db.session.scalars(select(Round).order_by(Round.opens_at.desc(), Round.id.desc())))


def get_round(round_id: int) -> Round | None:
    return db.session.get(Round, round_id)


def pitch_count(round_: Round) -> int:
    return db.session.scalar(select(func.count(Pitch.id)).where(Pitch.round_id == round_.id)) or 0


def open_rounds(now: datetime) -> list[Round]:
    """Rounds teams may pitch into: open, and not yet past their closing time, closing soonest
    first. A round may be open before its opening time (teams can start drafting); whether a
    pitch can be submitted now is ``rules.submission_refusal``."""
    statement = (
        select(Round)
        .where(Round.status == rules.RoundStatus.OPEN, Round.closes_at > now)
        .order_by(Round.closes_at, Round.id)
    )
    return list(db.session.scalars(statement))


def submission_refusal(round_: Round, now: datetime) -> str | None:
    """Why a pitch cannot be submitted into ``round_`` at ``now``, or None when it can."""
    return rules.submission_refusal(
        round_.status, round_.opens_at, round_.closes_at, now, name=round_.name
    )


def moves(round_: Round) -> list[rules.RoundStatus]:
    """The statuses an organiser may move this round to now."""
    return rules.round_moves(round_.status, has_pitches=pitch_count(round_) > 0)


def _name_taken(name: str, except_id: int | None = None) -> bool:
    statement = select(Round.id).where(func.lower(Round.name) == name.strip().lower())
    if except_id is not None:
        statement = statement.where(Round.id != except_id)
    return db.session.scalar(statement) is not None


def _problems(details: RoundDetails, except_id: int | None = None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if _name_taken(details.name, except_id):
        problems["name"] = NAME_TAKEN
    problem = rules.dates_problem(details.opens_at, details.closes_at)
    if problem:
        problems["closes_on"] = problem
    return problems


def _snapshot(round_: Round) -> dict[str, str]:
    return {
        "name": round_.name,
        "description": round_.description,
        "opens_at": rules.to_london(round_.opens_at).isoformat(),
        "closes_at": rules.to_london(round_.closes_at).isoformat(),
        "status": round_.status,
    }


@contextmanager
def _name_race() -> Iterator[None]:
    """Two organisers racing for the same name: the database's unique index decides."""
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        raise RoundProblems({"name": NAME_TAKEN}) from error


def create_round(actor: User, details: RoundDetails) -> Round:
    """Create a round in draft. Names are unique whatever their case; a round closes after
    it opens. Audited as 'round.created'."""
    problems = _problems(details)
    if problems:
        raise RoundProblems(problems)
    round_ = Round(
        name=details.name.strip(),
        description=details.description.strip(),
        opens_at=details.opens_at,
        closes_at=details.closes_at,
        status=rules.RoundStatus.DRAFT,
        created_by_id=actor.id,
    )
    db.session.add(round_)
    with _name_race():
        db.session.flush()
        audit.record("round.created", round_, actor=actor, after=_snapshot(round_))
        round_created.send(round_, actor=actor)
        db.session.commit()
    return round_


def update_round(actor: User, round_: Round, details: RoundDetails) -> bool:
    """Change a draft or open round's name, description and dates, with the same checks as
    creating one. Audited as 'round.updated' with before and after; returns False when
    nothing changed (and records nothing)."""
    if not rules.is_editable(round_.status):
        raise RoundProblems({"name": NOT_EDITABLE})
    problems = _problems(details, except_id=round_.id)
    if problems:
        raise RoundProblems(problems)
    before = _snapshot(round_)
    after = {
        "name": details.name.strip(),
        "description": details.description.strip(),
        "opens_at": rules.to_london(details.opens_at).isoformat(),
        "closes_at": rules.to_london(details.closes_at).isoformat(),
        "status": round_.status,
    }
    if after == before:
        return False
    round_.name = after["name"]
    round_.description = after["description"]
    round_.opens_at = details.opens_at
    round_.closes_at = details.closes_at
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        "round.updated",
        round_,
        actor=actor,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    with _name_race():
        db.session.commit()
    return True


def change_status(actor: User, round_: Round, target: str) -> None:
    """Move the round one step on (or an open round with no pitches back to draft), as
    ``rules.check_round_move`` allows. Audited as 'round.status_changed'."""
    has_pitches = pitch_count(round_) > 0
    try:
        rules.check_round_move(round_.status, target, has_pitches)
    except rules.RoundMoveRefused as refused:
        raise RoundProblems({"status": str(refused)}) from refused
    before = round_.status
    round_.status = rules.RoundStatus(target).value
    audit.record(
        "round.status_changed",
        round_,
        actor=actor,
        before={"status": before},
        after={"status": round_.status},
    )
    db.session.commit()
