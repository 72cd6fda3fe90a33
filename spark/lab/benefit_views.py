"""Blueprint 'lab_benefits': a project's benefits, their readings, and the portfolio's totals.

- ``/lab/projects/<id>/benefits``: every metric with where it stands, its chart and its
  readings as a table (the same as the project page's benefits section, which this module
  adds at order 30).
- ``/lab/projects/<id>/benefits/new``, ``.../<metric_id>/change``,
  ``.../<metric_id>/readings/new``: add a metric, change one, record a reading. The lab and
  the project's team; organisers 403; anyone else 404; a stopped project 409.
- ``/lab/benefits``: totals across the portfolio, for the lab and organisers (403 for anyone
  else signed in: ``access.lab_or_organiser_required``, the board's rule too).

A form with errors is shown again at once (400) with everything typed kept; the service's
problems go on their fields (400); a refusal (stopped, or changed meanwhile) is 409.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.lab import access
from spark.lab import benefit_reads as reads
from spark.lab import benefit_service as service
from spark.lab.access import (
    lab_or_organiser_required,
    project_editor_required,
    project_viewer_required,
)
from spark.lab.benefit_forms import MetricForm, ReadingForm
from spark.lab.benefit_service import BenefitProblems, BenefitRefused
from spark.lab.models import BenefitMetric, LabProject
from spark.lab.project_parts import add_project_part, render_part

bp = Blueprint("lab_benefits", __name__)

ADDED = "Benefit added"
CHANGED = "Benefit changed"
RECORDED = "Reading recorded"
# The project page charts and lists each metric's latest readings; its benefits page all.
PART_READINGS = 24


def _benefits_url(project: LabProject, metric: BenefitMetric | None = None) -> str:
    anchor = f"benefit-{metric.id}" if metric is not None else None
    return url_for("lab_benefits.benefits", project_id=project.id, _anchor=anchor)


def _metric_or_404(project: LabProject, metric_id: int) -> BenefitMetric:
    metric = reads.metric_of(project, metric_id)
    if metric is None:
        abort(404)
    return metric


def _refused(project: LabProject, refused: BenefitRefused):
    """A change that cannot happen: the reason, and the way back (403 or 409)."""
    return render_template(
        "lab/benefit-refused.html",
        project=project,
        reason=str(refused),
        benefits_url=_benefits_url(project),
    ), refused.status


def _stopped(project: LabProject):
    return _refused(project, BenefitRefused(service.STOPPED)) if _is_stopped(project) else None


def _is_stopped(project: LabProject) -> bool:
    return project.status == "stopped"


def _form_page(template: str, project: LabProject, form, status: int = 200, **context):
    if form.errors and status == 200:
        status = 400
    context.setdefault("problem", None)
    return render_template(
        template,
        project=project,
        form=form,
        benefits_url=_benefits_url(project),
        **context,
    ), status


@bp.route("/lab/projects/<int:project_id>/benefits")
@project_viewer_required
def benefits(project: LabProject):
    return render_template(
        "lab/benefit-page.html",
        project=project,
        project_url=url_for("lab.project", project_id=project.id),
        **_listing(project, current_user),
    )


@bp.route("/lab/projects/<int:project_id>/benefits/new", methods=["GET", "POST"])
@project_editor_required
def add(project: LabProject):
    form = MetricForm()
    if form.is_submitted():
        if form.validate():
            try:
                metric = service.add_metric(project, current_user, form.details())
            except BenefitProblems as problems:
                show_problems(form, problems.problems)
            except BenefitRefused as refused:
                return _refused(project, refused)
            else:
                flash(ADDED, "success")
                return redirect(_benefits_url(project, metric))
        return _form_page("lab/benefit-metric.html", project, form)
    return _stopped(project) or _form_page("lab/benefit-metric.html", project, form)


@bp.route("/lab/projects/<int:project_id>/benefits/<int:metric_id>/change", methods=["GET", "POST"])
@project_editor_required
def change(project: LabProject, metric_id: int):
    metric = _metric_or_404(project, metric_id)
    form = MetricForm()
    if not form.is_submitted():
        form.fill(metric, service.fingerprint(metric))
        return _stopped(project) or _form_page(
            "lab/benefit-metric.html", project, form, metric=metric
        )
    problem = None
    if form.validate():
        try:
            service.change_metric(
                project, metric, current_user, form.details(), seen=form.seen.data
            )
        except BenefitProblems as problems:
            show_problems(form, problems.problems)
        except BenefitRefused as refused:
            if str(refused) != service.STALE:
                return _refused(project, refused)
            # Changed meanwhile: show it as it is now; what was typed stays, to send again.
            problem = refused
            form.seen.data = service.fingerprint(metric)
        else:
            flash(CHANGED, "success")
            return redirect(_benefits_url(project, metric))
    return _form_page(
        "lab/benefit-metric.html",
        project,
        form,
        409 if problem else 200,
        metric=metric,
        problem=problem,
        now=reads.standing_of(metric) if problem else None,
    )


@bp.route(
    "/lab/projects/<int:project_id>/benefits/<int:metric_id>/readings/new",
    methods=["GET", "POST"],
)
@project_editor_required
def record(project: LabProject, metric_id: int):
    metric = _metric_or_404(project, metric_id)
    form = ReadingForm()
    if form.is_submitted():
        if form.validate():
            try:
                service.record_reading(
                    project,
                    metric,
                    current_user,
                    value=form.number,
                    taken_on=form.taken_on.data,
                    source=form.source.data,
                )
            except BenefitProblems as problems:
                show_problems(form, problems.problems)
            except BenefitRefused as refused:
                return _refused(project, refused)
            else:
                flash(RECORDED, "success")
                return redirect(_benefits_url(project, metric))
    elif (stopped := _stopped(project)) is not None:
        return stopped
    return _form_page(
        "lab/benefit-reading.html", project, form, metric=metric, now=reads.standing_of(metric)
    )


@bp.route("/lab/benefits")
@lab_or_organiser_required
def portfolio():
    return render_template("lab/benefit-portfolio.html", portfolio=reads.portfolio())


# On the project page ----------------------------------------------------------------------


def _listing(project: LabProject, user: User, latest: int | None = None) -> dict[str, Any]:
    return {
        "metrics": reads.project_benefits(project, latest),
        "may_change": access.may_edit(project, user) and not _is_stopped(project),
        "stopped": _is_stopped(project),
        "portfolio_url": url_for("lab_benefits.portfolio") if access.sees_portfolio(user) else None,
    }


def benefits_part(project: LabProject, user: User) -> Markup | None:
    """The project's benefits, for everyone who sees the project, each with its latest
    readings (its page has them all) (2 queries)."""
    return render_part(
        "lab/benefit-part.html", project=project, **_listing(project, user, PART_READINGS)
    )


add_project_part(30, benefits_part)
