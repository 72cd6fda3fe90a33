"""Screening blueprint (organisers): the pitches past drafting, filtered by round, status and
department; each pitch's answers and check; mark eligible, or return it to the team."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from spark.core.permissions import role_required
from spark.pitches import screening_service as screening
from spark.pitches.forms import EligibleForm, ReturnForm, ScreeningFilterForm
from spark.pitches.models import Pitch
from spark.pitches.sections import TEXT_SECTIONS
from spark.pitches.service import report_sentence, shown_report, status_label
from spark.pitches.workflow import Status

bp = Blueprint("screening", __name__, url_prefix="/screening")


def _filters(form: ScreeningFilterForm) -> screening.Filters:
    """What the filter form asks for; a value that is not one of the choices means 'all'."""
    rounds = {choice.value for choice in form.round.choices}
    statuses = {choice.value for choice in form.status.choices}
    departments = {choice.value for choice in form.department.choices}
    round_id = form.round.data if form.round.data in rounds else ""
    return screening.Filters(
        round_id=int(round_id) if round_id else None,
        status=form.status.data if form.status.data in statuses and form.status.data else None,
        department=(
            form.department.data
            if form.department.data in departments and form.department.data
            else None
        ),
    )


@bp.route("/")
@role_required("organiser")
def index():
    form = ScreeningFilterForm(formdata=request.args)
    form.round.choices = [
        SelectChoice("", "All rounds"),
        *(SelectChoice(str(r.id), r.name) for r in screening.rounds()),
    ]
    form.status.choices = [
        SelectChoice("", "All statuses"),
        *(SelectChoice(s.value, status_label(s)) for s in screening.SCREENED),
    ]
    form.department.choices = [
        SelectChoice("", "All departments"),
        *(SelectChoice(d, d) for d in screening.departments()),
    ]
    filters = _filters(form)
    return render_template(
        "screening/index.html",
        filter_form=form,
        filters=filters,
        pitches=screening.screening_list(filters),
        counts=screening.status_counts(filters),
    )


def _pitch_page(pitch: Pitch, template: str = "screening/pitch.html", **context):
    form = context.get("form")
    report = shown_report(pitch)
    return render_template(
        template,
        pitch=pitch,
        report=report,
        report_text=report_sentence(report),
        sections=TEXT_SECTIONS,
        can_mark_eligible=screening.can(pitch, Status.ELIGIBLE),
        can_return=screening.can(pitch, Status.RETURNED),
        **context,
    ), (400 if form is not None and form.errors else 200)


def _back(pitch: Pitch, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("screening.pitch", pitch_id=pitch.id))


@bp.route("/pitches/<int:pitch_id>")
@role_required("organiser")
def pitch(pitch_id: int):
    return _pitch_page(screening.pitch_for_screening_or_404(pitch_id))


@bp.route("/pitches/<int:pitch_id>/eligible", methods=["GET", "POST"])
@role_required("organiser")
def eligible(pitch_id: int):
    pitch = screening.pitch_for_screening_or_404(pitch_id)
    if not screening.can(pitch, Status.ELIGIBLE):
        return _back(
            pitch,
            f"You cannot mark this pitch as eligible because it is "
            f"{status_label(pitch.status).lower()}",
            "error",
        )
    form = EligibleForm()
    if form.validate_on_submit():
        try:
            screening.mark_eligible(pitch, current_user)
        except screening.ScreeningRefused as refused:
            return _back(pitch, str(refused), "error")
        return _back(pitch, f"‘{pitch.title}’ is eligible. We have emailed the team")
    return _pitch_page(pitch, "screening/eligible.html", form=form)


@bp.route("/pitches/<int:pitch_id>/return", methods=["GET", "POST"])
@role_required("organiser")
def return_pitch(pitch_id: int):
    pitch = screening.pitch_for_screening_or_404(pitch_id)
    if not screening.can(pitch, Status.RETURNED):
        return _back(
            pitch,
            f"You cannot return this pitch because it is {status_label(pitch.status).lower()}",
            "error",
        )
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            screening.return_to_team(pitch, current_user, form.reasons.data)
        except screening.ScreeningRefused as refused:
            form.reasons.errors = [str(refused)]
        else:
            return _back(pitch, f"‘{pitch.title}’ has been returned to the team with your reasons")
    return _pitch_page(pitch, "screening/return.html", form=form)
