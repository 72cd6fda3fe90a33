"""Drafting a pitch: a team's pitches, starting one, saving its task-list sections.

The only place (with ``submission`` and ``screening_service``) that commits pitches; one
transaction per use case, with its audit event, its outbox emails and the accessibility
report for the pitch's new version.

Business rules:

- Only the pitch's team may change it, and only while it is a draft or returned
  (``workflow.EDITABLE``); anyone else never learns the pitch exists (views use
  ``access.pitch_for_team_or_404``).
- A pitch starts in one of the person's teams and in a round that is open for pitches.
- Every change makes a new pitch version (the optimistic lock) and a new accessibility report
  for it. A save based on an older version than the stored one is refused as stale: nobody
  overwrites a teammate's work without seeing it first.
- Audit events name the fields that changed, never the text typed into them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts import tokens
from spark.accounts.models import Team, TeamMember, User
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.money import format_pounds
from spark.core.outbox import queue_email
from spark.extensions import db
from spark.pitches import checks, round_service
from spark.pitches.models import AccessibilityReport, Pitch, Round
from spark.pitches.money import parse_pounds
from spark.pitches.sections import (
    TEXT_SECTIONS,
    Section,
    TaskStatus,
    answer_problems,
    clean,
    section_statuses,
)
from spark.pitches.workflow import EDITABLE, Status

NOT_EDITABLE = "You cannot change this pitch now because it has been {status}"
SELECT_TEAM = "Select the team the pitch is from"
SELECT_ROUND = "Select the round to pitch to"

STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.ELIGIBLE: "Eligible",
    Status.ASSIGNED: "Assigned to a panel",
    Status.PITCHED: "Pitched",
    Status.DECIDED: "Decided",
    Status.RETURNED: "Returned",
    Status.WITHDRAWN: "Withdrawn",
}


class PitchProblems(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


class PitchLocked(Exception):
    """The pitch cannot be changed in its status; the message says why."""


class StaleSave(Exception):
    """Someone saved the pitch after this person opened the page. ``saved`` holds the stored
    answers by field name and ``version`` the stored version, to show and to save over."""

    def __init__(self, saved: dict[str, str], version: int) -> None:
        super().__init__("The pitch was saved by someone else")
        self.saved = saved
        self.version = version


# Reading ------------------------------------------------------------------------------------


def user_teams(user: User) -> list[Team]:
    statement = (
        select(Team)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == user.id)
        .order_by(Team.name, Team.id)
    )
    return list(db.session.scalars(statement))


def pitches_for(user: User) -> list[Pitch]:
    """The pitches of every team the user is in, most recently changed first."""
    statement = (
        select(Pitch)
        .join(TeamMember, TeamMember.team_id == Pitch.team_id)
        .where(TeamMember.user_id == user.id)
        .options(joinedload(Pitch.team), joinedload(Pitch.round))
        .order_by(Pitch.updated_at.desc(), Pitch.id.desc())
    )
    return list(db.session.scalars(statement))


def is_editable(pitch: Pitch) -> bool:
    return Status(pitch.status) in EDITABLE


def status_label(status: str) -> str:
    return STATUS_LABELS[Status(status)]


def check_editable(pitch: Pitch) -> None:
    if not is_editable(pitch):
        raise PitchLocked(NOT_EDITABLE.format(status=status_label(pitch.status).lower()))


def answers(pitch: Pitch) -> dict[str, str]:
    """The stored answers as the forms show them, by question name (the amount as typed)."""
    values = {
        question.name: getattr(pitch, question.name) or ""
        for section in TEXT_SECTIONS
        for question in section.questions
        if not question.money
    }
    values["ask"] = format_pounds(pitch.ask_pence)
    return values


def shown_report(pitch: Pitch) -> AccessibilityReport | None:
    """The report to show: for a pitch the team can change, the one for its current version
    (None when out of date); once submitted, the last one made (status changes make new
    versions but do not change what was checked)."""
    if is_editable(pitch):
        return checks.latest_report(pitch)
    return db.session.scalar(
        select(AccessibilityReport)
        .where(AccessibilityReport.pitch_id == pitch.id)
        .order_by(AccessibilityReport.pitch_version.desc())
        .limit(1)
    )


def report_sentence(report: AccessibilityReport | None) -> str:
    """'Nothing to fix, 2 warnings', as the check page says it; "" without a report."""
    if report is None:
        return ""
    return checks.summary_sentence(report.blocking, report.warnings, report.advice)


def task_statuses(pitch: Pitch) -> dict[str, TaskStatus]:
    report = checks.latest_report(pitch)
    return section_statuses(
        answers(pitch),
        pitch.completed_sections or [],
        has_materials=bool(pitch.files),
        check_passes=report is not None and not checks.submission_problems(pitch),
        check_run=report is not None,
    )


# Starting a pitch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StartChoices:
    teams: list[Team]
    rounds: list[Round]


def start_choices(user: User, now: datetime) -> StartChoices:
    return StartChoices(user_teams(user), round_service.open_rounds(now))


def start_pitch(user: User, team_id: int | None, round_id: int | None, now: datetime) -> Pitch:
    """Start a draft pitch for one of the user's teams in a round open for pitches.

    Audited as 'pitch.created'; the first accessibility report is made with it.
    """
    choices = start_choices(user, now)
    team = next((t for t in choices.teams if t.id == team_id), None)
    round_ = next((r for r in choices.rounds if r.id == round_id), None)
    problems = {}
    if team is None:
        problems["team"] = SELECT_TEAM
    if round_ is None:
        problems["round"] = SELECT_ROUND
    if problems:
        raise PitchProblems(problems)
    pitch = Pitch(
        team=team, round=round_, status=Status.DRAFT.value, completed_sections=[], created_by=user
    )
    db.session.add(pitch)
    db.session.flush()
    checks.refresh(pitch)
    audit.record(
        "pitch.created", pitch, actor=user, after={"team_id": team.id, "round_id": round_.id}
    )
    db.session.commit()
    return pitch


# Saving a section ---------------------------------------------------------------------------


def _stored(pitch: Pitch, section: Section) -> dict[str, str]:
    saved = answers(pitch)
    return {question.name: saved[question.name] for question in section.questions}


def save_section(
    pitch: Pitch,
    user: User,
    section: Section,
    typed: Mapping[str, str | None],
    *,
    completed: bool,
    expected_version: int | None,
) -> bool:
    """Save the team's answers to one section, and whether they marked it completed.

    A draft may be partial but never wrong (``sections.answer_problems``). ``expected_version``
    is the version the person started from: an older one raises StaleSave with the stored
    answers, as does a teammate's save landing between our read and our write. Returns False
    when nothing changed (nothing is recorded).
    """
    check_editable(pitch)
    cleaned = {q.name: clean(q, typed.get(q.name)) for q in section.questions}
    problems = answer_problems(section, cleaned, completing=completed)
    if problems:
        raise PitchProblems(problems)
    if expected_version is not None and expected_version != pitch.version:
        raise StaleSave(_stored(pitch, section), pitch.version)
    before = _stored(pitch, section)
    changed = [name for name, value in cleaned.items() if before[name] != value]
    for name in changed:
        if name == "ask":
            pitch.ask_pence = parse_pounds(cleaned[name]) if cleaned[name] else None
        else:
            setattr(pitch, name, cleaned[name])
    was_completed = section.key in (pitch.completed_sections or [])
    if was_completed != completed:
        marked = [key for key in pitch.completed_sections or [] if key != section.key]
        pitch.completed_sections = [*marked, section.key] if completed else marked
    if not changed and was_completed == completed:
        return False
    pitch.updated_at = utcnow()
    try:
        checks.refresh(pitch)  # flushes: the version moves on, or a stale write is caught
    except StaleDataError as error:
        db.session.rollback()
        raise StaleSave(_stored(pitch, section), pitch.version) from error
    audit.record(
        "pitch.updated",
        pitch,
        actor=user,
        after={"section": section.key, "fields": changed, "completed": completed},
    )
    try:
        db.session.commit()
    except StaleDataError as error:  # pragma: no cover - caught at the flush above
        db.session.rollback()
        raise StaleSave(_stored(pitch, section), pitch.version) from error
    return True


# Emails to the team -------------------------------------------------------------------------


def email_team(pitch: Pitch, kind: str, subject: str, paragraphs: list[str]) -> None:
    """Queue one email to every member of the pitch's team, with a link to the pitch; no
    commit. Each email greets the member by name."""
    link = tokens.absolute_url("pitches.show", pitch_id=pitch.id)
    for member in pitch.team.members:
        body = "\n\n".join(
            [
                f"Hello {member.user.name},",
                *paragraphs,
                f"See your pitch:\n{link}",
                "Project Spark!",
            ]
        )
        queue_email(
            kind=kind,
            to=member.user.email,
            subject=subject,
            body=body,
            name=member.user.name,
            pitch_title=pitch.title,
            reference=pitch.reference or "",
            link=link,
        )
