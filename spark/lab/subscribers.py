"""What the lab does when the decisions stage signals, in the sender's own transaction:
a signed ``funded`` decision opens a lab project in the first stage (or, for an amendment,
moves the project onto the new decision and its amount, resuming it if an earlier amendment
had stopped it); an amendment that no longer funds the pitch stops its project, with the
reason. Each of these is an entry on the project's timeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from spark.accounts.models import User
from spark.core.audit import record, utcnow
from spark.decisions.models import Decision
from spark.decisions.signals import decision_signed
from spark.extensions import db
from spark.lab.models import FIRST_STAGE, LabProject, StageTransition


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


def follow_signed_decision(
    decision: Decision, *, actor: User, superseded: Decision | None = None, **_: Any
) -> None:
    project = db.session.scalars(
        select(LabProject).where(LabProject.pitch_id == decision.pitch_id)
    ).one_or_none()
    if decision.outcome == "funded":
        if project is None:
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
            return
        before = {
            "decision_id": project.decision_id,
            "budget": project.budget_awarded_pence,
            "status": project.status,
        }
        project.decision_id = decision.id
        project.budget_awarded_pence = decision.amount_pence or 0
        if project.status == "stopped":  # an earlier amendment had stopped it: funded again
            project.status, project.status_reason = "active", ""
            _timeline(project, "resume", actor, "The panel's decision was amended to fund it")
        after = {
            "decision_id": decision.id,
            "budget": project.budget_awarded_pence,
            "status": project.status,
        }
        record("lab_project.decision_amended", project, actor=actor, before=before, after=after)
    elif project is not None and project.status != "stopped":
        project.decision_id = decision.id
        project.status = "stopped"
        project.status_reason = (
            f"The panel's decision was amended: {decision.amendment_reason}".strip()
        )
        _timeline(project, "stop", actor, project.status_reason)
        record("lab_project.stopped", project, actor=actor, after={"decision_id": decision.id})


decision_signed.connect(follow_signed_decision)
