"""Blueprint 'lab_budget': a project's budget - what was awarded, the tranches the lab has
released, what the team has spent - and the forms to release a tranche and record spend.

- The budget part of the project page (order 40): the figures, the latest tranches and spend
  entries, and links to the forms; ``/lab/projects/<id>/budget`` shows every entry.
- ``.../budget/tranches/new``: the lab releases a tranche (the team and organisers 403).
- ``.../budget/spend/new``: the team or the lab records spend (organisers 403).

Anyone else signed in gets 404 (``lab.access``). A form with problems is shown again at once
(400) with everything typed kept. A stopped project takes neither, and a second post of the
same page (a double click, the back button) is refused as possibly done already: 409, the
reason in the error summary, the budget as it is now and what was typed kept.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.core.money import pounds
from spark.lab import access, budget_service, gates
from spark.lab.budget_forms import SpendForm, TrancheForm
from spark.lab.budget_service import BudgetProblems, BudgetRefused
from spark.lab.models import LabProject
from spark.lab.project_parts import add_project_part, render_part

bp = Blueprint("lab_budget", __name__, url_prefix="/lab/projects/<int:project_id>/budget")

PROJECT_PAGE = "lab.project"


def project_url(project: LabProject) -> str:
    return url_for(PROJECT_PAGE, project_id=project.id)


def _links(project: LabProject, user: User) -> dict[str, str]:
    """The forms this person may use on this project (none once it has stopped)."""
    if project.status == "stopped":
        return {}
    links = {}
    if access.is_lab(user):
        links["release"] = url_for("lab_budget.release", project_id=project.id)
    if access.may_edit(project, user):
        links["spend"] = url_for("lab_budget.spend", project_id=project.id)
    return links


def budget_part(project: LabProject, user: User) -> Markup | None:
    return render_part(
        "lab/budget-part.html",
        project=project,
        view=budget_service.budget_view(project),
        links=_links(project, user),
        everything_url=url_for("lab_budget.budget", project_id=project.id),
    )


add_project_part(40, budget_part)


@bp.route("")
@access.project_viewer_required
def budget(project: LabProject):
    return render_template(
        "lab/budget.html",
        project=project,
        view=budget_service.budget_view(project, everything=True),
        links=_links(project, current_user),
        project_url=project_url(project),
    )


def _form_page(
    template: str,
    project: LabProject,
    form: TrancheForm | SpendForm,
    *,
    refused: BudgetRefused | None = None,
):
    """The form with the budget as it is now: 400 with errors on its fields; a refusal (a
    stopped project, a page out of date) in the error summary, with its status (409), what
    was typed kept. A new page, or a refusal that shows the budget as it is now, names what
    it shows, to be checked when it is sent; errors on the fields keep what the first page
    named, so that anything done meanwhile is still caught."""
    if refused is not None and refused.status == 403:
        abort(403)
    view = budget_service.budget_view(project)
    up_to_date = refused is not None or not form.is_submitted()
    if isinstance(form, TrancheForm):
        if up_to_date:
            form.showing(view.budget.released)
        nothing_left = view.budget.remaining_to_release == 0 and not form.errors
    else:
        if up_to_date:
            form.showing(view.spend_count)
        nothing_left = False
    # Nothing to send: a stopped project's form asked for, or nothing left to release.
    show_form = not nothing_left and not (refused is not None and not form.is_submitted())
    status = refused.status if refused else (400 if form.errors else 200)
    return render_template(
        template,
        project=project,
        form=form,
        problem=str(refused) if refused else None,
        show_form=show_form,
        view=view,
        budget=view.budget,
        project_url=project_url(project),
    ), status


def _stopped(project: LabProject, message: str) -> BudgetRefused | None:
    return BudgetRefused(message, status=409) if project.status == "stopped" else None


@bp.route("/tranches/new", methods=["GET", "POST"])
@access.project_lab_required
def release(project: LabProject):
    form = TrancheForm().offer(gates.all_stages(), project.stage)
    refused = _stopped(project, budget_service.STOPPED_TRANCHE)
    if form.is_submitted() and refused is None:
        if not form.validate():
            show_problems(form, budget_service.check_tranche(project, form.details()))
        else:
            try:
                tranche = budget_service.release_tranche(
                    current_user, project, form.details(), seen_released=form.seen()
                )
            except BudgetProblems as problems:
                show_problems(form, problems.problems)
            except BudgetRefused as refusal:
                refused = refusal
            else:
                flash(
                    f"{pounds(tranche.amount_pence)} released. The team has been emailed",
                    "success",
                )
                return redirect(project_url(project))
    return _form_page("lab/budget-tranche.html", project, form, refused=refused)


@bp.route("/spend/new", methods=["GET", "POST"])
@access.project_editor_required
def spend(project: LabProject):
    form = SpendForm()
    refused = _stopped(project, budget_service.STOPPED_SPEND)
    if form.is_submitted() and refused is None:
        if not form.validate():
            show_problems(form, budget_service.check_spend(form.details()))
        else:
            try:
                entry, budget = budget_service.record_spend(
                    current_user, project, form.details(), seen_spend=form.seen()
                )
            except BudgetProblems as problems:
                show_problems(form, problems.problems)
            except BudgetRefused as refusal:
                refused = refusal
            else:
                message = f"Spend of {pounds(entry.amount_pence)} recorded"
                if budget.overspend_flag:
                    message += f". Spend is now {budget.overspend_flag}"
                flash(message, "success")
                return redirect(project_url(project))
    return _form_page("lab/budget-spend.html", project, form, refused=refused)
