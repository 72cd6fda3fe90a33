"""Blueprint 'routing' (organisers): put a round's eligible pitches on its panels by hand or
automatically (preview, then apply), take them off again, and read the conflicts register."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from spark.accounts.views import show_problems
from spark.core.permissions import role_required
from spark.extensions import db
from spark.panels import conflict_service
from spark.panels import routing_service as service
from spark.panels.routing import Plan
from spark.panels.routing_forms import ApplyForm, AssignForm, RemoveConflictForm, RemoveForm
from spark.pitches.models import Pitch, Round
from spark.pitches.round_service import get_round

bp = Blueprint("routing", __name__, url_prefix="/rounds/<int:round_id>")


def _round_or_404(round_id: int) -> Round:
    round_ = get_round(round_id)
    if round_ is None:
        abort(404)
    return round_


def _pitch_in_round_or_404(round_: Round, pitch_id: int) -> Pitch:
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or pitch.round_id != round_.id:
        abort(404)
    return pitch


def _back(round_: Round, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("routing.index", round_id=round_.id))


def _pitches(count: int) -> str:
    return f"{count} pitch{'' if count == 1 else 'es'}"


@bp.route("/routing")
@role_required("organiser")
def index(round_id: int):
    round_ = _round_or_404(round_id)
    panels = service.panels(round_)
    return render_template(
        "routing/index.html",
        round=round_,
        waiting=service.unrouted(round_),
        panels=panels,
        dragons=service.dragons(panels),
        refusals=service.removal_refusals([slot for panel in panels for slot in panel.slots]),
        quorum=service.quorum_of(round_.id),
        closed=service.is_closed(round_),
    )


@bp.route("/routing/pitches/<int:pitch_id>/assign", methods=["GET", "POST"])
@role_required("organiser")
def assign(round_id: int, pitch_id: int):
    round_ = _round_or_404(round_id)
    pitch = _pitch_in_round_or_404(round_, pitch_id)
    if service.is_closed(round_):
        return _back(round_, service.ROUND_CLOSED, "error")
    if service.routable_pitch(round_, pitch.id) is None:
        slot = service.slot_of(round_, pitch.id)
        where = f"is already on {slot.panel.name}" if slot else "is not eligible"
        return _back(round_, f"‘{pitch.title}’ {where}, so it cannot be put on a panel", "error")
    choices = service.panel_choices(round_, pitch)
    if not choices:
        return _back(round_, "Add a panel to this round before you route pitches", "error")
    form = AssignForm()
    form.panel.choices = [SelectChoice(str(c.panel.id), c.panel.name) for c in choices]
    if form.validate_on_submit():
        try:
            panel = service.assign(current_user, round_, pitch.id, int(form.panel.data))
        except service.RoutingRefused as refused:
            show_problems(form, refused.problems)
        else:
            return _back(round_, f"‘{pitch.title}’ is on {panel.name}")
    return render_template(
        "routing/assign.html",
        round=round_,
        pitch=pitch,
        choices=choices,
        quorum=service.quorum_of(round_.id),
        form=form,
        pitches=_pitches,
    ), (400 if form.errors else 200)


@bp.route("/routing/pitches/<int:pitch_id>/remove", methods=["GET", "POST"])
@role_required("organiser")
def remove(round_id: int, pitch_id: int):
    round_ = _round_or_404(round_id)
    pitch = _pitch_in_round_or_404(round_, pitch_id)
    slot = service.slot_of(round_, pitch.id)
    if slot is None:
        return _back(round_, f"‘{pitch.title}’ is not on a panel", "error")
    refusal = service.removal_refusal(slot)
    if refusal:
        return _back(round_, refusal, "error")
    form = RemoveForm()
    if form.validate_on_submit():
        panel_name = slot.panel.name
        try:
            service.remove(current_user, slot)
        except service.RoutingRefused as refused:
            return _back(round_, refused.problems["pitch"], "error")
        return _back(round_, f"‘{pitch.title}’ is off {panel_name} and waiting for a panel")
    return render_template("routing/remove.html", round=round_, slot=slot, form=form)


def _preview(round_: Round, plan: Plan, form: ApplyForm, *, changed: bool = False):
    form.plan.data = plan.fingerprint()
    panels = service.panels(round_)
    pitches = {pitch.id: pitch for pitch in service.unrouted(round_)}
    counts = {panel.id: len(panel.slots) for panel in panels}
    for placement in plan.placements:
        counts[placement.panel_id] += 1
    return render_template(
        "routing/preview.html",
        round=round_,
        plan=plan,
        panels={panel.id: panel for panel in panels},
        counts=counts,
        pitches=pitches,
        quorum=service.quorum_of(round_.id),
        form=form,
        changed=changed,
        describe=_pitches,
    ), (409 if changed else 200)


@bp.route("/routing/automatic")
@role_required("organiser")
def preview(round_id: int):
    round_ = _round_or_404(round_id)
    if service.is_closed(round_):
        return _back(round_, service.ROUND_CLOSED, "error")
    return _preview(round_, service.plan(round_), ApplyForm(formdata=None))


@bp.route("/routing/automatic", methods=["POST"])
@role_required("organiser")
def apply(round_id: int):
    round_ = _round_or_404(round_id)
    form = ApplyForm()
    if not form.validate_on_submit():
        return redirect(url_for("routing.preview", round_id=round_.id))
    try:
        plan = service.apply_plan(current_user, round_, form.plan.data or "")
    except service.StalePlan as stale:
        return _preview(round_, stale.plan, ApplyForm(formdata=None), changed=True)
    except service.RoutingRefused as refused:
        return _back(round_, refused.problems["plan"], "error")
    panels = len(plan.by_panel())
    message = (
        f"{_pitches(len(plan.placements))} routed to {panels} panel{'' if panels == 1 else 's'}"
    )
    if plan.unplaced:
        left = len(plan.unplaced)
        verb = "is" if left == 1 else "are"
        message += f". {_pitches(left)} could not be placed and {verb} still waiting"
    return _back(round_, message)


@bp.route("/conflicts")
@role_required("organiser")
def conflicts(round_id: int):
    round_ = _round_or_404(round_id)
    register = conflict_service.conflict_register(round_)
    return render_template(
        "routing/conflicts.html",
        round=round_,
        register=register,
        total=sum(len(rows) for _panel, rows in register),
        removable=conflict_service.conflict_removal_refusal(round_) is None,
    )


@bp.route("/conflicts/<int:conflict_id>/remove", methods=["GET", "POST"])
@role_required("organiser")
def remove_conflict(round_id: int, conflict_id: int):
    round_ = _round_or_404(round_id)
    conflict = conflict_service.declared_conflict(round_, conflict_id)
    if conflict is None:
        abort(404)
    register = url_for("routing.conflicts", round_id=round_.id)
    refusal = conflict_service.conflict_removal_refusal(round_)
    if refusal:
        flash(refusal, "error")
        return redirect(register)
    form = RemoveConflictForm()
    if form.validate_on_submit():
        dragon, title = conflict.user.name, conflict.pitch.title or "Untitled pitch"
        try:
            conflict_service.remove_conflict(current_user, conflict, form.reason.data or "")
        except service.RoutingRefused as refused:
            show_problems(form, refused.problems)
        else:
            flash(f"{dragon}’s conflict with ‘{title}’ has been removed", "success")
            return redirect(register)
    return render_template(
        "routing/remove-conflict.html", round=round_, conflict=conflict, form=form
    ), (400 if form.errors else 200)
