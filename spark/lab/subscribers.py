"""What the lab does when the decisions stage signals, in the sender's own transaction.

- A signed ``funded`` decision opens a lab project in the first stage with the amount.
- An amendment always moves the project onto the new decision (and, when it funds, its
  amount):
  - one that no longer funds the pitch stops the project, with the reason (unless the lab
    has stopped it already);
  - one that funds again after such a stop resumes the project as it was before that stop
    (active, or paused with its reason). A project the lab itself stopped stays stopped: an
    amendment that still funds it (new conditions, say) does not undo the lab's decision.
Each stop and resume is an entry on the project's timeline, and every change raises the
project's version, so a lab page opened before it cannot act on what it showed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from spark.accounts.models import User
from spark.core.audit import record, utcnow
from spark.decisions.models import Decision
from spark.decisions.signals import decision_signed
from spark.extensions import db
from spark.lab.models import FIRST_STAGE, LabProject, StageTransition

AMENDED_STOP = "The panel's decision was amended: {reason}"
AMENDED_RESUME = "The panel's decision was amended to fund it"


def _timeline(project: LabProject, kind: str, actor: User, reason: str = "") -> None:
    db.session.add(
        StageTransition(
            project_id=project.id,
            kind=kind,
            from_stage=None if kind == "opened" else project.stage,
            to_stage=project.stage,
            reason=reason,
            decided_by_id=actor.id,
            decided_at=utcnow(),
        )
    )


def _open(decision: Decision, actor: User) -> None:
    project = LabProject(
        pitch_id=decision.pitch_id,
        decision_id=decision.id,
        stage=FIRST_STAGE,
        budget_awarded_pence=decision.amount_pence or 0,
        budget_released_pence=0,
    )
    db.session.add(project)
    db.session.flush()
    _timeline(project, "opened", actor)
    record("lab_project.opened", project, actor=actor, after={"decision_id": decision.id})


def _status_before_last_stop(project: LabProject) -> tuple[str, str]:
    """(status, reason) the project had just before its latest stop: paused with the reason
    of the pause then in force, or active."""
    entries = db.session.scalars(
        select(StageTransition)
        .where(StageTransition.project_id == project.id)
        .order_by(StageTransition.id.desc())
    ).all()
    seen_stop = False
    for entry in entries:
        if entry.kind == "stop" and not seen_stop:
            seen_stop = True
        elif seen_stop and entry.kind in ("pause", "resume", "opened"):
            return ("paused", entry.reason) if entry.kind == "pause" else ("active", "")
    return "active", ""


def _stopped_by_amendment(project: LabProject) -> bool:
    """Whether the project is stopped because the decision it rests on was amended to fund
    nothing (the stop this module wrote), rather than by the lab."""
    rests_on = project.decision
    if project.status != "stopped" or rests_on.outcome == "funded":
        return False
    last_stop = db.session.scalars(
        select(StageTransition)
        .where(StageTransition.project_id == project.id, StageTransition.kind == "stop")
        .order_by(StageTransition.id.desc())
        .limit(1)
    ).first()
    expected = AMENDED_STOP.format(reason=rests_on.amendment_reason).strip()
    return last_stop is not None and last_stop.reason == expected


def _shown(project: LabProject) -> dict[str, Any]:
    return {
        "decision_id": project.decision_id,
        "budget": project.budget_awarded_pence,
        "status": project.status,
    }


def follow_signed_decision(
    decision: Decision, *, actor: User, superseded: Decision | None = None, **_: Any
) -> None:
    project = db.session.scalars(
        select(LabProject).where(LabProject.pitch_id == decision.pitch_id).with_for_update()
    ).one_or_none()
    if project is None:
        if decision.outcome == "funded":
            _open(decision, actor)
        return
    before = _shown(project)
    stopped_by_amendment = _stopped_by_amendment(project)
    project.decision_id = decision.id
    project.version += 1
    if decision.outcome == "funded":
        project.budget_awarded_pence = decision.amount_pence or 0
        if stopped_by_amendment:
            project.status, project.status_reason = _status_before_last_stop(project)
            _timeline(project, "resume", actor, AMENDED_RESUME)
        record(
            "lab_project.decision_amended",
            project,
            actor=actor,
            before=before,
            after=_shown(project),
        )
    elif project.status != "stopped":
        project.status = "stopped"
        project.status_reason = AMENDED_STOP.format(reason=decision.amendment_reason).strip()
        _timeline(project, "stop", actor, project.status_reason)
        record("lab_project.stopped", project, actor=actor, before=before, after=_shown(project))
    else:  # the lab had stopped it already: it now rests on the new decision, still stopped
        record(
            "lab_project.decision_amended",
            project,
            actor=actor,
            before=before,
            after=_shown(project),
        )


decision_signed.connect(follow_signed_decision)
