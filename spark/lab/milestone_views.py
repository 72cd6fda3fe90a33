"""Blueprint 'lab_milestones': a project's milestones and the portfolio's overdue ones.

- The milestones part of the project page (order 20): every milestone with its status,
  due date and done date, and links for the team and the lab to add, change and complete.
- ``/lab/projects/<id>/milestones/new``, ``.../<milestone_id>/change``, ``.../done`` and
  ``.../not-done``: the forms (the lab and the team; organisers 403; anyone else 404).
- ``/lab/milestones``: overdue and due-soon milestones across the portfolio, 50 a page
  (the lab and organisers; anyone else signed in 403).

A form with errors is shown again at once (400) with what was typed; the service's reasons
go on the fields. A stopped project is read-only: its forms answer 409 with the reason. A
change saved from a page out of date (someone changed the milestone meanwhile) is shown
again (409) with the milestone as it is now and what was typed kept, to send again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.core.paging import page_number
from spark.lab import access
from spark.lab import milestone_service as service
from spark.lab import milestones as rules
from spark.lab.access import project_editor_required
from spark.lab.board import london_today
from spark.lab.milestone_forms import ChangeMilestoneForm, CompleteForm, MilestoneForm, ReopenForm
from spark.lab.milestone_service import MilestoneProblems, MilestoneRefused
from spark.lab.models import LabProject, Milestone
from spark.lab.project_parts import add_project_part, render_part

bp = Blueprint("lab_milestones", __name__, url_prefix="/lab")


PROJECT_PAGE = "lab.project"
ADDED = "Milestone added"
CHANGED = "Milestone changed"
UNCHANGED = "Nothing was changed"
DONE = "Milestone marked as done"
REOPENED = "Milestone marked as not done"
HEADINGS = {
    service.STOPPED: "This project has stopped",
    service.ALREADY_DONE: "This milestone is already done",
    service.NOT_DONE: "This milestone is not done",
}


def _project_url(project: LabProject) -> str:
    return url_for(PROJECT_PAGE, project_id=project.id)


def _milestone_or_404(project: LabProject, milestone_id: int) -> Milestone:
    milestone = service.milestone_of(project, milestone_id)
    if milestone is None:
        abort(404)
    return milestone


def _refused(project: LabProject, refused: MilestoneRefused, milestone: Milestone | None = None):
    """A change that cannot be made (a stopped project, a milestone done meanwhile): a page
    that says why, with the status the service gave."""
    if refused.status == 403:
        abort(403)
    message = str(refused)
    return render_template(
        "lab/milestone-refused.html",
        project=project,
        milestone=milestone,
        heading=HEADINGS.get(message, "You cannot make this change"),
        message=message,
        project_url=_project_url(project),
    ), refused.status


def _stopped(project: LabProject, milestone: Milestone | None = None):
    """The refusal page for a stopped project's forms (GET as well as POST), or None."""
    if project.status != "stopped":
        return None
    return _refused(project, MilestoneRefused(service.STOPPED), milestone)


def _form_page(template: str, project: LabProject, form, problem=None, **context):
    """The form again: 400 with errors on its fields, 409 with a ``problem`` for the page (a
    save from a page out of date)."""
    status = 409 if problem else (400 if form.errors else 200)
    return render_template(
        template,
        project=project,
        form=form,
        problem=str(problem) if problem else None,
        project_url=_project_url(project),
        **context,
    ), status


@bp.route("/projects/<int:project_id>/milestones/new", methods=["GET", "POST"])
@project_editor_required
def add(project: LabProject):
    if (stopped := _stopped(project)) is not None:
        return stopped
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            service.add(current_user, project, form.title.data, form.due_on.data)
        except MilestoneProblems as problems:
            show_problems(form, problems.problems)
        except MilestoneRefused as refused:
            return _refused(project, refused)
        else:
            flash(ADDED, "success")
            return redirect(_project_url(project))
    return _form_page("lab/milestone-form.html", project, form, milestone=None)


@bp.route(
    "/projects/<int:project_id>/milestones/<int:milestone_id>/change", methods=["GET", "POST"]
)
@project_editor_required
def change(project: LabProject, milestone_id: int):
    milestone = _milestone_or_404(project, milestone_id)
    if (stopped := _stopped(project, milestone)) is not None:
        return stopped
    form = ChangeMilestoneForm(obj=milestone if request.method == "GET" else None)
    form.submit.label.text = "Save changes"
    if request.method == "GET":
        form.seen.data = service.fingerprint(milestone)
    if form.validate_on_submit():
        try:
            changed = service.change(
                current_user,
                project,
                milestone,
                form.title.data,
                form.due_on.data,
                seen=form.seen.data,
            )
        except MilestoneProblems as problems:
            show_problems(form, problems.problems)
        except MilestoneRefused as refused:
            if str(refused) != service.STALE:
                return _refused(project, refused, milestone)
            # Changed meanwhile: shown as it is now; what was typed stays, to send again.
            form.seen.data = service.fingerprint(milestone)
            return _form_page(
                "lab/milestone-form.html", project, form, milestone=milestone, problem=refused
            )
        else:
            flash(CHANGED if changed else UNCHANGED, "success" if changed else "info")
            return redirect(_project_url(project))
    return _form_page("lab/milestone-form.html", project, form, milestone=milestone)


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/done", methods=["GET", "POST"])
@project_editor_required
def complete(project: LabProject, milestone_id: int):
    milestone = _milestone_or_404(project, milestone_id)
    if (stopped := _stopped(project, milestone)) is not None:
        return stopped
    if milestone.done_on is not None:
        return _refused(project, MilestoneRefused(service.ALREADY_DONE), milestone)
    form = CompleteForm()
    if request.method == "GET":
        form.done_on.data = london_today()
    if form.validate_on_submit():
        try:
            service.complete(current_user, project, milestone, form.done_on.data)
        except MilestoneProblems as problems:
            show_problems(form, problems.problems)
        except MilestoneRefused as refused:
            return _refused(project, refused, milestone)
        else:
            flash(DONE, "success")
            return redirect(_project_url(project))
    return _form_page("lab/milestone-done.html", project, form, milestone=milestone)


@bp.route(
    "/projects/<int:project_id>/milestones/<int:milestone_id>/not-done", methods=["GET", "POST"]
)
@project_editor_required
def reopen(project: LabProject, milestone_id: int):
    milestone = _milestone_or_404(project, milestone_id)
    if (stopped := _stopped(project, milestone)) is not None:
        return stopped
    if milestone.done_on is None:
        return _refused(project, MilestoneRefused(service.NOT_DONE), milestone)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            service.reopen(current_user, project, milestone)
        except MilestoneRefused as refused:
            return _refused(project, refused, milestone)
        flash(REOPENED, "success")
        return redirect(_project_url(project))
    return _form_page(
        "lab/milestone-not-done.html", project, form, milestone=milestone, today=london_today()
    )


@bp.route("/milestones")
@access.lab_or_organiser_required
def portfolio():
    found = service.portfolio(page_number(request.args.get("page")))
    return render_template(
        "lab/milestone-portfolio.html",
        portfolio=found,
        State=rules.State,
        rules=rules,
        project_page=PROJECT_PAGE,
    )


# On the project page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    milestone: Milestone
    state: rules.State
    when: str


def rows_of(milestones: list[Milestone], today: date) -> list[Row]:
    return [
        Row(m, rules.state(m.due_on, m.done_on, today), rules.when(m.due_on, m.done_on, today))
        for m in milestones
    ]


def milestones_part(project: LabProject, user: User) -> Markup:
    """The project's milestones, for everyone who sees the project; the links to change
    them for the team and the lab while the project is not stopped."""
    today = london_today()
    found = service.milestones_of(project)
    return render_part(
        "lab/milestone-part.html",
        project=project,
        rows=rows_of(found, today),
        counts=rules.counts(found, today),
        may_change=project.status != "stopped" and access.may_edit(project, user),
        State=rules.State,
    )


add_project_part(20, milestones_part)
