"""Blueprint 'lab_gates': stage gates, pausing, resuming and stopping a project, its
timeline, and the stages' names and gate guidance.

- ``/lab/projects/<id>/stage``: the lab moves the project to another stage (the next one with
  the gate evidence and assessment; a later one, skipping, with a reason too; the previous one
  with a reason). ``.../pause``, ``.../resume``, ``.../stop``: the same for the status.
  The lab only: the project's team and organisers get 403, anyone else 404 (``lab.access``).
- ``/lab/projects/<id>/timeline``: every entry on the project's timeline, for anyone who may
  see the project; the same shows on the project page (a ``project_parts`` part, order 10).
- ``/lab/stages`` and ``/lab/stages/<key>``: the lab lists and edits the stages.

A form with problems is shown again at once (400) with everything typed kept. A page out of
date (another tab, a double click) or a project that cannot change now is refused (409) with
where the project is now. Otherwise: post, redirect to the project page, a banner.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.core.permissions import role_required
from spark.extensions import db
from spark.lab import access, board_rules, gates, stages
from spark.lab.gate_forms import MoveForm, PauseForm, ResumeForm, StageForm, StopForm
from spark.lab.gates import GateProblems, GateRefused
from spark.lab.models import LabProject, Stage
from spark.lab.project_parts import add_project_part, render_part
from spark.lab.stages import Action, Change, Kind

bp = Blueprint("lab_gates", __name__)

STATUS_PAGES = {
    Action.PAUSE: (PauseForm, "Pause the project"),
    Action.RESUME: (ResumeForm, "Resume the project"),
    Action.STOP: (StopForm, "Stop the project"),
}


def project_url(project: LabProject) -> str:
    return url_for(gates.project_endpoint(), project_id=project.id)


def _links(project: LabProject, user: User) -> dict[str, str]:
    """The lab's forms for what it may do to the project now."""
    if not access.is_lab(user):
        return {}
    endpoints = {
        Action.MOVE: "lab_gates.move",
        Action.PAUSE: "lab_gates.pause",
        Action.RESUME: "lab_gates.resume",
        Action.STOP: "lab_gates.stop",
    }
    return {
        str(action): url_for(endpoints[action], project_id=project.id)
        for action in stages.actions(gates.state_of(project))
    }


def _context(project: LabProject, rows: list[Stage], user: User | None = None) -> dict:
    names = {row.key: row.name for row in rows}
    return {
        "project": project,
        "stage_name": names.get(project.stage, project.stage),
        "stage": next((row for row in rows if row.key == project.stage), None),
        "status_tag": board_rules.status_tag(project.status),
        "project_url": project_url(project),
        "links": _links(project, user or current_user),
    }


def _banner(change: Change, project: LabProject, rows: list[Stage]) -> str:
    names = {row.key: row.name for row in rows}
    title = project.pitch.title or "The project"
    there, here = names.get(change.to_stage), names.get(change.from_stage)
    said = {
        Kind.FORWARD: f"{title} moved to {there}",
        Kind.SKIP: f"{title} moved to {there}",
        Kind.BACK: f"{title} moved back to {there}",
        Kind.ASSESSED: f"Gate assessment recorded as not met: {title} stays in {here}",
        Kind.PAUSE: f"{title} paused",
        Kind.RESUME: f"{title} resumed",
        Kind.STOP: f"{title} stopped",
    }[change.kind]
    return f"{said}. The team has been emailed"


def _status(form, problem: GateRefused | None) -> int:
    if problem is not None:
        return problem.status
    return 400 if form.errors else 200


def _submit(project: LabProject, form, action: Action):
    """Ask the service for what the form asks, unless the form itself has errors (shown with
    the rules' problems, all at once). A project that cannot do this now goes straight to
    the service, which refuses it (409). Returns (change, refusal)."""
    possible = action in stages.actions(gates.state_of(project))
    if possible and not form.validate():
        show_problems(form, gates.problems(project, form.request()))
        return None, None
    try:
        change = gates.change(project, current_user, form.request(), seen_version=form.seen())
    except GateProblems as problems:
        show_problems(form, problems.problems)
    except GateRefused as refused:
        return None, refused
    else:
        return change, None
    return None, None


@bp.route("/lab/projects/<int:project_id>/stage", methods=["GET", "POST"])
@access.project_lab_required
def move(project: LabProject):
    rows = gates.all_stages()
    form = MoveForm()
    problem = None
    if form.is_submitted():
        change, problem = _submit(project, form, Action.MOVE)
        if change is not None:
            flash(_banner(change, project, rows), "success")
            return redirect(project_url(project))
        rows = gates.all_stages()
    if problem is not None or not form.is_submitted():
        form.seen_version.data = str(project.version)
    form.offer(stages.possible_moves(gates.stage_infos(rows), gates.state_of(project)))
    return render_template(
        "lab/gate-move.html",
        form=form,
        problem=problem,
        **_context(project, rows),
    ), _status(form, problem)


def _status_page(project: LabProject, action: Action):
    form_class, title = STATUS_PAGES[action]
    form = form_class()
    problem = None
    if form.is_submitted():
        change, problem = _submit(project, form, action)
        if change is not None:
            flash(_banner(change, project, gates.all_stages()), "success")
            return redirect(project_url(project))
    if problem is not None or not form.is_submitted():
        form.seen_version.data = str(project.version)
    allowed = action in stages.actions(gates.state_of(project))
    return render_template(
        "lab/gate-status.html",
        form=form,
        problem=problem,
        action=str(action),
        title=title,
        allowed=allowed,
        **_context(project, gates.all_stages()),
    ), _status(form, problem)


@bp.route("/lab/projects/<int:project_id>/pause", methods=["GET", "POST"])
@access.project_lab_required
def pause(project: LabProject):
    return _status_page(project, Action.PAUSE)


@bp.route("/lab/projects/<int:project_id>/resume", methods=["GET", "POST"])
@access.project_lab_required
def resume(project: LabProject):
    return _status_page(project, Action.RESUME)


@bp.route("/lab/projects/<int:project_id>/stop", methods=["GET", "POST"])
@access.project_lab_required
def stop(project: LabProject):
    return _status_page(project, Action.STOP)


# The timeline ------------------------------------------------------------------------------


@bp.route("/lab/projects/<int:project_id>/timeline")
@access.project_viewer_required
def timeline(project: LabProject):
    rows = gates.all_stages()
    return render_template(
        "lab/timeline.html",
        entries=gates.timeline(project, rows),
        **_context(project, rows),
    )


def timeline_part(project: LabProject, user: User) -> Markup | None:
    """Where the project is, and every entry on its timeline: three queries."""
    rows = gates.all_stages()
    return render_part(
        "lab/timeline-part.html",
        entries=gates.timeline(project, rows),
        **_context(project, rows, user),
    )


add_project_part(10, timeline_part)


# The stages --------------------------------------------------------------------------------


@bp.route("/lab/stages")
@role_required("lab")
def stage_list():
    return render_template("lab/stages.html", stages=gates.all_stages())


@bp.route("/lab/stages/<key>", methods=["GET", "POST"])
@role_required("lab")
def stage_edit(key: str):
    stage = db.session.scalars(select(Stage).where(Stage.key == key)).one_or_none()
    if stage is None:
        abort(404)
    form = StageForm()
    problem = None
    if form.is_submitted():
        try:
            changed = gates.edit_stage(current_user, key, form.details(), seen=form.seen.data)
        except GateProblems as problems:
            show_problems(form, problems.problems)
        except GateRefused as refused:
            if refused.status == 404:
                abort(404)
            problem = refused
            stage = db.session.get(Stage, stage.id)
            form.seen.data = gates.seen_token(stage)
        else:
            flash(f"{form.name.data} saved" if changed else "No changes to save", "success")
            return redirect(url_for("lab_gates.stage_list"))
    else:
        form.name.data, form.description.data = stage.name, stage.description
        form.guidance.data, form.seen.data = stage.guidance, gates.seen_token(stage)
    return render_template("lab/stage-edit.html", form=form, stage=stage, problem=problem), _status(
        form, problem
    )
