"""Stage gates: the lab moves a project between stages, pauses, resumes and stops it, and
keeps the stages' names and gate guidance. The only place that commits these.

The rules are ``lab.stages``'s; here, in one transaction each:

- Only the lab (``access.is_lab``), whatever the page showed.
- A change names the project version its page showed. The project row is updated only where
  its id, version, stage and status are still the ones the rules were checked against, so a
  second tab or a double click is refused (409), never a second move; so is a change made
  meanwhile by an amendment of the panel's decision (which stops or resumes the project).
- The update sets the stage (and the time it was entered, when it changes), the status and
  its reason, and the next version; the timeline gets a ``StageTransition``; the audit log an
  event with before and after; every member of the team an email (outbox).
- A stage's name is required, at most 80 characters and unique among the stages; the edit
  names the stage as the page showed it (its last change), so two edits never overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from spark.accounts.models import User
from spark.accounts.tokens import absolute_url
from spark.core.audit import record, utcnow
from spark.extensions import db
from spark.lab import access, stages
from spark.lab.emails import tell_the_team
from spark.lab.models import LabProject, Stage, StageTransition
from spark.lab.stages import Change, Kind, ProjectState, Refusal, Request, StageInfo

CHANGED = "The project has changed since you opened this page. Check where it is now and try again"
STAGE_CHANGED = (
    "This stage has been changed since you opened this page. Check it and make your changes again"
)
LAB_ONLY = "Only the innovation lab can change a project’s stage"
PROJECT_PAGE = "lab.project"
AUDIT_ACTIONS = {
    Kind.FORWARD: "lab_project.stage_moved",
    Kind.SKIP: "lab_project.stage_moved",
    Kind.BACK: "lab_project.stage_moved",
    Kind.ASSESSED: "lab_project.assessed",
    Kind.PAUSE: "lab_project.paused",
    Kind.RESUME: "lab_project.resumed",
    Kind.STOP: "lab_project.stopped",
}


class GateRefused(Exception):
    """Not possible as asked: ``status`` 409 (the page was out of date, or the project
    cannot change now) or 403; ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, status: int = 409, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


class GateProblems(Exception):
    """What was typed has problems: field name -> GOV.UK error message (400)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


# Reading -------------------------------------------------------------------------------------


def all_stages() -> list[Stage]:
    """The stages in order, with the names the lab gave them: the lab's one copy of this
    query (the board, the reports and the stage pages use it)."""
    return list(db.session.scalars(select(Stage).order_by(Stage.position)))


def stage_infos(rows: list[Stage] | None = None) -> list[StageInfo]:
    return [StageInfo(row.key, row.name) for row in (rows if rows is not None else all_stages())]


def state_of(project: LabProject) -> ProjectState:
    return ProjectState(project.stage, project.status)


def project_endpoint() -> str:
    """The project page; the project's timeline until the lab's project page is registered."""
    return PROJECT_PAGE if PROJECT_PAGE in current_app.view_functions else "lab_gates.timeline"


@dataclass(frozen=True)
class TimelineEntry:
    what: str
    who: str
    when: datetime
    evidence: str
    assessment: str | None  # "Met" / "Not met"
    reason: str
    kind: str

    @property
    def when_iso(self) -> str:
        """For ``<time datetime>``: in UTC, as stored (SQLite gives it back without a zone)."""
        when = self.when if self.when.tzinfo else self.when.replace(tzinfo=UTC)
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def timeline(project: LabProject, rows: list[Stage] | None = None) -> list[TimelineEntry]:
    """Every entry on the project's timeline, oldest first: two queries however long."""
    infos = stage_infos(rows)
    names = {info.key: info.name for info in infos}
    transitions = db.session.scalars(
        select(StageTransition)
        .where(StageTransition.project_id == project.id)
        .options(joinedload(StageTransition.decided_by))
        .order_by(StageTransition.decided_at, StageTransition.id)
    )
    entries = []
    for entry in transitions:
        from_name = names.get(entry.from_stage or "", entry.from_stage)
        to_name = names.get(entry.to_stage, entry.to_stage)
        skipped = stages.skipped_between(infos, entry.from_stage, entry.to_stage)
        entries.append(
            TimelineEntry(
                what=stages.describe(entry.kind, from_name, to_name, skipped),
                who=entry.decided_by.name if entry.decided_by else "Someone no longer here",
                when=entry.decided_at,
                evidence=entry.evidence,
                assessment=stages.ASSESSMENT_LABELS.get(entry.assessment or ""),
                reason=entry.reason,
                kind=entry.kind,
            )
        )
    return entries


# Changing a project --------------------------------------------------------------------------


def problems(project: LabProject, request: Request) -> dict[str, str]:
    """What the rules would say about ``request`` now (to show beside the form's own
    errors, all at once): nothing for a refusal no field can fix."""
    result = stages.decide(stage_infos(), state_of(project), request)
    return result.problems if isinstance(result, Refusal) and not result.conflict else {}


def change(
    project: LabProject, actor: User, request: Request, *, seen_version: int | None
) -> Change:
    """Move, pause, resume or stop ``project`` as ``request`` asks (the rules in
    ``lab.stages``), in one transaction with its timeline entry, audit event and emails."""
    if not access.is_lab(actor):
        raise GateRefused(LAB_ONLY, status=403)
    infos = stage_infos()
    before = state_of(project)
    result = stages.decide(infos, before, request)
    if isinstance(result, Refusal) and result.conflict:
        raise GateRefused(result.message, field=next(iter(result.problems), None))
    if seen_version != project.version:
        raise GateRefused(CHANGED)
    if isinstance(result, Refusal):
        raise GateProblems(result.problems)
    now = utcnow()
    values = {
        "stage": result.stage,
        "status": result.status,
        "status_reason": result.status_reason,
        "version": LabProject.version + 1,
    }
    if result.stage_changed:
        values["stage_entered_at"] = now
    updated = db.session.execute(
        update(LabProject)
        .where(
            LabProject.id == project.id,
            LabProject.version == seen_version,
            LabProject.stage == before.stage,
            LabProject.status == before.status,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if updated.rowcount != 1:
        db.session.rollback()
        raise GateRefused(CHANGED)
    db.session.expire(project)
    transition = StageTransition(
        project_id=project.id,
        kind=str(result.kind),
        from_stage=result.from_stage,
        to_stage=result.to_stage,
        evidence=result.evidence,
        assessment=result.assessment,
        reason=result.reason,
        decided_by_id=actor.id,
        decided_at=now,
    )
    db.session.add(transition)
    db.session.flush()
    record(
        AUDIT_ACTIONS[result.kind],
        project,
        actor=actor,
        before={"stage": before.stage, "status": before.status, "version": seen_version},
        after={
            "stage": result.stage,
            "status": result.status,
            "version": seen_version + 1,
            "kind": str(result.kind),
            "assessment": result.assessment,
            "reason": result.reason,
            "transition_id": transition.id,
        },
    )
    _tell_the_team(project, result, {info.key: info.name for info in infos}, infos)
    db.session.commit()
    return result


def _what_happened(title: str, change_: Change, names: dict[str, str], skipped: str) -> str:
    here, there = names.get(change_.from_stage, ""), names.get(change_.to_stage, "")
    return {
        Kind.FORWARD: f"The innovation lab has moved ‘{title}’ from {here} to {there}.",
        Kind.SKIP: (
            f"The innovation lab has moved ‘{title}’ from {here} to {there}, skipping {skipped}."
        ),
        Kind.BACK: f"The innovation lab has moved ‘{title}’ back from {here} to {there}.",
        Kind.ASSESSED: (
            f"The innovation lab has assessed ‘{title}’ at the gate to {there}. The gate was "
            f"not met, so the project stays in {here}."
        ),
        Kind.PAUSE: f"The innovation lab has paused ‘{title}’. It stays in {here} until resumed.",
        Kind.RESUME: f"The innovation lab has resumed ‘{title}’ in {here}.",
        Kind.STOP: (
            f"The innovation lab has stopped ‘{title}’ in {here}. The project has ended. "
            "You can still write lessons learnt on its page."
        ),
    }[change_.kind]


def _subject(title: str, change_: Change, names: dict[str, str]) -> str:
    return {
        Kind.FORWARD: f"Your project has moved to {names.get(change_.to_stage)}",
        Kind.SKIP: f"Your project has moved to {names.get(change_.to_stage)}",
        Kind.BACK: f"Your project has moved back to {names.get(change_.to_stage)}",
        Kind.ASSESSED: "Your project did not meet its stage gate",
        Kind.PAUSE: "Your project is paused",
        Kind.RESUME: "Your project has resumed",
        Kind.STOP: "Your project has stopped",
    }[change_.kind] + f": {title}"


def _tell_the_team(
    project: LabProject, change_: Change, names: dict[str, str], infos: list[StageInfo]
) -> None:
    pitch = project.pitch
    title = pitch.title or "your project"
    link = absolute_url(project_endpoint(), project_id=project.id)
    skipped = stages.in_words(stages.skipped_between(infos, change_.from_stage, change_.to_stage))
    details = []
    if change_.assessment:
        details.append(f"Gate assessment: {stages.ASSESSMENT_LABELS[change_.assessment]}")
    if change_.evidence:
        details.append(f"Evidence:\n{change_.evidence}")
    if change_.reason:
        details.append(f"Reason:\n{change_.reason}")
    tell_the_team(
        project,
        "lab_stage_changed",
        _subject(title, change_, names),
        [
            _what_happened(title, change_, names, skipped),
            *details,
            "See the project’s timeline on its page:\n" + link,
        ],
        project_title=title,
        change=str(change_.kind),
        link=link,
    )


# Editing a stage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageDetails:
    name: str
    description: str
    guidance: str


def seen_token(stage: Stage) -> str:
    """What a stage's edit page names to say which version of it it showed."""
    return stage.updated_at.isoformat() if stage.updated_at else "never"


def edit_stage(actor: User, key: str, details: StageDetails, *, seen: str | None) -> bool:
    """Rename a stage or change its description and gate guidance (the lab only). False
    when nothing was changed."""
    if not access.is_lab(actor):
        raise GateRefused("Only the innovation lab can change the stages", status=403)
    # Every stage, locked: two renames at once cannot both take the same name.
    rows = list(db.session.scalars(select(Stage).order_by(Stage.position).with_for_update()))
    stage = next((row for row in rows if row.key == key), None)
    if stage is None:
        raise GateRefused("This stage no longer exists", status=404)
    if seen != seen_token(stage):
        db.session.rollback()
        raise GateRefused(STAGE_CHANGED)
    others = [row.name for row in rows if row.key != key]
    problems = stages.stage_problems(details.name, details.description, details.guidance, others)
    if problems:
        db.session.rollback()
        raise GateProblems(problems)
    before = {"name": stage.name, "description": stage.description, "guidance": stage.guidance}
    after = {"name": details.name, "description": details.description, "guidance": details.guidance}
    if before == after:
        db.session.rollback()
        return False
    stage.name, stage.description, stage.guidance = (
        details.name,
        details.description,
        details.guidance,
    )
    stage.updated_at, stage.updated_by_id = utcnow(), actor.id
    record("lab_stage.changed", stage, actor=actor, before=before, after=after)
    db.session.commit()
    return True
