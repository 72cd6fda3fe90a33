"""Blueprint 'panel_admin': organisers list a round's panels, create and change them, and add
and remove dragons. The running order is read here; routing pitches is 'routing'."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from spark.accounts.views import show_problems
from spark.core.permissions import role_required
from spark.panels import panel_reads, panel_service, session
from spark.panels.models import Panel, PanelMember
from spark.panels.panel_forms import DragonForm, PanelForm
from spark.panels.setup_forms import ConfirmForm
from spark.pitches import round_service
from spark.pitches.models import Round

bp = Blueprint("panel_admin", __name__, url_prefix="/rounds/<int:round_id>/panels")

STARTS_DEFAULT = "10am"


def _round_or_404(round_id: int) -> Round:
    round_ = round_service.get_round(round_id)
    if round_ is None:
        abort(404)
    return round_


def _panel_or_404(round_id: int, panel_id: int) -> tuple[Round, Panel]:
    round_ = _round_or_404(round_id)
    panel = panel_reads.get_panel(round_, panel_id)
    if panel is None:
        abort(404)
    return round_, panel


def _member_or_404(panel: Panel, member_id: int) -> PanelMember:
    member = next((m for m in panel.members if m.id == member_id), None)
    if member is None:
        abort(404)
    return member


def _to_panel(panel: Panel):
    return redirect(url_for("panel_admin.show", round_id=panel.round_id, panel_id=panel.id))


def _closed(round_: Round, target):
    """The round is closed: say so where the organiser came from instead of showing a form."""
    refusal = panel_service.panel_refusal(round_)
    if refusal:
        flash(refusal, "error")
        return target
    return None


def _details(form: PanelForm) -> panel_service.PanelDetails:
    return panel_service.PanelDetails(
        name=form.name.data or "",
        starts_at=form.starts_at(),
        place=form.place.data or "",
        chair_email=form.chair_email.data or "",
    )


def _form_page(form: PanelForm, round_: Round, panel: Panel | None):
    return render_template("panel-admin/form.html", form=form, round=round_, panel=panel), (
        400 if form.errors else 200
    )


@bp.route("/")
@role_required("organiser")
def index(round_id: int):
    round_ = _round_or_404(round_id)
    return render_template(
        "panel-admin/index.html",
        round=round_,
        rows=panel_reads.panels_of_round(round_),
        refusal=panel_service.panel_refusal(round_),
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required("organiser")
def create(round_id: int):
    round_ = _round_or_404(round_id)
    if closed := _closed(round_, redirect(url_for("panel_admin.index", round_id=round_.id))):
        return closed
    form = PanelForm()
    if not form.is_submitted():
        form.starts_time.data = STARTS_DEFAULT
    if form.validate_on_submit():
        try:
            panel = panel_service.create_panel(current_user, round_, _details(form))
        except panel_service.PanelProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(
                f"{panel.name} has been created. We have emailed {panel.chair.name} to invite "
                "them to chair it",
                "success",
            )
            return _to_panel(panel)
    return _form_page(form, round_, None)


@bp.route("/<int:panel_id>")
@role_required("organiser")
def show(round_id: int, panel_id: int):
    round_, panel = _panel_or_404(round_id, panel_id)
    members = panel_reads.members_of(panel)
    refusals = panel_reads.removal_refusals(panel, members)
    return render_template(
        "panel-admin/show.html",
        round=round_,
        panel=panel,
        members=[(member, refusals[member.id]) for member in members],
        slots=panel_reads.running_order(panel),
        slot_labels={state.value: label for state, label in session.LABELS.items()},
        routing_href=url_for("routing.index", round_id=round_.id),
        refusal=panel_service.panel_refusal(round_),
    )


@bp.route("/<int:panel_id>/edit", methods=["GET", "POST"])
@role_required("organiser")
def edit(round_id: int, panel_id: int):
    round_, panel = _panel_or_404(round_id, panel_id)
    if closed := _closed(round_, _to_panel(panel)):
        return closed
    form = PanelForm()
    if request.method != "POST":
        form.fill_from(panel)
    if form.validate_on_submit():
        chair_before = panel.chair_id
        try:
            changed = panel_service.update_panel(current_user, panel, _details(form))
        except panel_service.PanelProblems as refused:
            show_problems(form, refused.problems)
        else:
            if not changed:
                flash("You did not change anything", "info")
            elif panel.chair_id != chair_before:
                flash(
                    f"{panel.name} has been updated. {panel.chair.name} is now the chair: we "
                    "have emailed them",
                    "success",
                )
            else:
                flash(f"{panel.name} has been updated", "success")
            return _to_panel(panel)
    return _form_page(form, round_, panel)


@bp.route("/<int:panel_id>/dragons/add", methods=["GET", "POST"])
@role_required("organiser")
def add_dragon(round_id: int, panel_id: int):
    round_, panel = _panel_or_404(round_id, panel_id)
    if closed := _closed(round_, _to_panel(panel)):
        return closed
    form = DragonForm()
    if form.validate_on_submit():
        try:
            member = panel_service.add_dragon(current_user, panel, form.email.data or "")
        except panel_service.PanelProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(
                f"{member.user.name} has been added to {panel.name}. We have emailed them an "
                "invitation",
                "success",
            )
            return _to_panel(panel)
    return render_template("panel-admin/add-dragon.html", form=form, round=round_, panel=panel), (
        400 if form.errors else 200
    )


@bp.route("/<int:panel_id>/dragons/<int:member_id>/remove", methods=["GET", "POST"])
@role_required("organiser")
def remove_dragon(round_id: int, panel_id: int, member_id: int):
    round_, panel = _panel_or_404(round_id, panel_id)
    member = _member_or_404(panel, member_id)
    if closed := _closed(round_, _to_panel(panel)):
        return closed
    refusal = panel_reads.removal_refusal(panel, member)
    if refusal:
        flash(refusal, "error")
        return _to_panel(panel)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            person = panel_service.remove_dragon(current_user, panel, member.id)
        except panel_service.PanelProblems as refused:
            flash(next(iter(refused.problems.values())), "error")
        else:
            flash(f"{person.name} has been removed from {panel.name}", "success")
        return _to_panel(panel)
    return render_template(
        "panel-admin/remove-dragon.html", form=form, round=round_, panel=panel, member=member
    )
