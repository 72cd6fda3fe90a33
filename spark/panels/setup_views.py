"""Blueprint 'judging': organisers set a round's judging settings and its scoring criteria.

Also gives the round page its 'Judging' summary (``judging_summary`` in templates).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from spark.accounts.views import show_problems
from spark.core.permissions import role_required
from spark.panels import rules, setup_service
from spark.panels.models import Criterion
from spark.panels.setup_forms import ConfirmForm, CriterionForm, SettingsForm
from spark.pitches import round_service
from spark.pitches.models import Round

bp = Blueprint("judging", __name__, url_prefix="/rounds/<int:round_id>/judging")


def _round_or_404(round_id: int) -> Round:
    round_ = round_service.get_round(round_id)
    if round_ is None:
        abort(404)
    return round_


def _criterion_or_404(round_: Round, criterion_id: int) -> Criterion:
    criterion = setup_service.get_criterion(round_, criterion_id)
    if criterion is None:
        abort(404)
    return criterion


def _to_criteria(round_: Round):
    return redirect(url_for("judging.criteria", round_id=round_.id))


# The round page's summary ---------------------------------------------------------------------

# Links under 'Judging' on the round page: (text, endpoint).
ROUND_LINKS = (
    ("Judging settings", "judging.settings"),
    ("Criteria", "judging.criteria"),
    ("Panels", "panel_admin.index"),
    ("Routing", "routing.index"),
    ("Conflicts of interest", "routing.conflicts"),
)


def _judging_summary(round_id: int) -> dict[str, Any]:
    links = [
        {"text": text, "href": url_for(endpoint, round_id=round_id)}
        for text, endpoint in ROUND_LINKS
    ]
    return {"summary": setup_service.summary(round_id), "links": links}


@bp.app_context_processor
def judging_helpers() -> dict[str, Any]:
    return {"judging_summary": _judging_summary}


# Judging settings -----------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@role_required("organiser")
def settings(round_id: int):
    round_ = _round_or_404(round_id)
    current = setup_service.settings_for(round_)
    refusal = setup_service.settings_refusal(round_)
    if refusal and request.method == "POST":
        flash(refusal, "error")
        return redirect(url_for("judging.settings", round_id=round_.id))
    form = SettingsForm()
    if not form.is_submitted():
        form.fill_from(current)
    if not refusal and form.validate_on_submit():
        details = setup_service.JudgingDetails(**form.values())
        try:
            changed = setup_service.update_settings(current_user, round_, details)
        except setup_service.SetupProblems as refused:
            show_problems(form, refused.problems)
        else:
            if changed:
                flash(f"The judging settings for {round_.name} have been saved", "success")
            else:
                flash("You did not change anything", "info")
            return redirect(url_for("rounds.show", round_id=round_.id))
    return render_template(
        "judging/settings.html",
        round=round_,
        settings=current,
        form=form,
        refusal=refusal,
        rule_text=rules.DECISION_RULE_TEXT,
    ), (400 if form.errors else 200)


# Criteria -------------------------------------------------------------------------------------


@bp.route("/criteria")
@role_required("organiser")
def criteria(round_id: int):
    round_ = _round_or_404(round_id)
    return render_template(
        "judging/criteria.html",
        round=round_,
        criteria=setup_service.criteria_of(round_.id),
        refusal=setup_service.criteria_refusal(round_),
        weight_max=rules.WEIGHT_MAX,
    )


def _criterion_page(form: CriterionForm, round_: Round, criterion: Criterion | None):
    return render_template(
        "judging/criterion-form.html", form=form, round=round_, criterion=criterion
    ), (400 if form.errors else 200)


def _refused(round_: Round):
    """Criteria are locked: say why on the criteria page (a stale page or a forced request)."""
    refusal = setup_service.criteria_refusal(round_)
    if refusal:
        flash(refusal, "error")
        return _to_criteria(round_)
    return None


def _flash_refusal(refused: setup_service.SetupProblems, round_: Round):
    flash(refused.problems.get("criteria") or next(iter(refused.problems.values())), "error")
    return _to_criteria(round_)


@bp.route("/criteria/new", methods=["GET", "POST"])
@role_required("organiser")
def add_criterion(round_id: int):
    round_ = _round_or_404(round_id)
    if locked := _refused(round_):
        return locked
    form = CriterionForm()
    if not form.is_submitted():
        form.weight.data = "1"
    if form.validate_on_submit():
        details = setup_service.CriterionDetails(**form.values())
        try:
            criterion = setup_service.add_criterion(current_user, round_, details)
        except setup_service.SetupProblems as refused:
            if "criteria" in refused.problems:
                return _flash_refusal(refused, round_)
            show_problems(form, refused.problems)
        else:
            flash(f"{criterion.name} has been added", "success")
            return _to_criteria(round_)
    return _criterion_page(form, round_, None)


@bp.route("/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@role_required("organiser")
def edit_criterion(round_id: int, criterion_id: int):
    round_ = _round_or_404(round_id)
    criterion = _criterion_or_404(round_, criterion_id)
    if locked := _refused(round_):
        return locked
    form = CriterionForm()
    if not form.is_submitted():
        form.fill_from(criterion)
    if form.validate_on_submit():
        details = setup_service.CriterionDetails(**form.values())
        try:
            changed = setup_service.update_criterion(current_user, criterion, details)
        except setup_service.SetupProblems as refused:
            if "criteria" in refused.problems:
                return _flash_refusal(refused, round_)
            show_problems(form, refused.problems)
        else:
            if changed:
                flash(f"{criterion.name} has been changed", "success")
            else:
                flash("You did not change anything", "info")
            return _to_criteria(round_)
    return _criterion_page(form, round_, criterion)


@bp.route("/criteria/<int:criterion_id>/remove", methods=["GET", "POST"])
@role_required("organiser")
def remove_criterion(round_id: int, criterion_id: int):
    round_ = _round_or_404(round_id)
    criterion = _criterion_or_404(round_, criterion_id)
    if locked := _refused(round_):
        return locked
    form = ConfirmForm()
    if form.validate_on_submit():
        name = criterion.name
        try:
            setup_service.remove_criterion(current_user, criterion)
        except setup_service.SetupProblems as refused:
            return _flash_refusal(refused, round_)
        flash(f"{name} has been removed", "success")
        return _to_criteria(round_)
    return render_template(
        "judging/remove-criterion.html", round=round_, criterion=criterion, form=form
    )


@bp.route("/criteria/<int:criterion_id>/move/<direction>", methods=["POST"])
@role_required("organiser")
def move_criterion(round_id: int, criterion_id: int, direction: str):
    round_ = _round_or_404(round_id)
    criterion = _criterion_or_404(round_, criterion_id)
    if direction not in ("up", "down"):
        abort(404)
    if locked := _refused(round_):
        return locked
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        moved = setup_service.move_criterion(current_user, criterion, direction)
    except setup_service.SetupProblems as refused:
        return _flash_refusal(refused, round_)
    if moved:
        flash(f"{criterion.name} has been moved {direction}", "success")
    else:
        where = "first" if direction == "up" else "last"
        flash(f"{criterion.name} is already {where}", "info")
    return redirect(
        url_for("judging.criteria", round_id=round_.id, _anchor=f"criterion-{criterion.id}")
    )


@bp.route("/criteria/defaults", methods=["POST"])
@role_required("organiser")
def add_default_criteria(round_id: int):
    round_ = _round_or_404(round_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        added = setup_service.add_default_criteria(current_user, round_)
    except setup_service.SetupProblems as refused:
        return _flash_refusal(refused, round_)
    flash(f"The {len(added)} default criteria have been added", "success")
    return _to_criteria(round_)
