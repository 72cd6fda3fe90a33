"""Blueprint 'panels': the dragon's side - the panels they sit on, the panel page ("Your
panel") with the running order and its live updates, and declaring a conflict of interest.

The pitch page with the score sheet is in ``sheet_views`` (same blueprint).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.core.permissions import signed_in
from spark.extensions import db
from spark.panels import access, sheet_service, visibility
from spark.panels.access import panel_member_required
from spark.panels.models import Panel, PanelMember, PanelSlot
from spark.panels.panel_reads import running_order
from spark.panels.session import LABELS, SlotState
from spark.panels.sheet_forms import DeclareConflictForm

bp = Blueprint("panels", __name__, url_prefix="/panels")


def panels_of(user: User) -> list[Panel]:
    """The panels ``user`` sits on (as a dragon or chair), the soonest first."""
    member = select(PanelMember.panel_id).where(PanelMember.user_id == user.id)
    return list(
        db.session.scalars(
            select(Panel)
            .where(or_(Panel.chair_id == user.id, Panel.id.in_(member)))
            .options(joinedload(Panel.round))
            .order_by(Panel.starts_at, Panel.id)
        )
    )


def sits_on_a_panel(user: User) -> bool:
    """Whether to show 'Your panels' in the navigation: one query on every page."""
    member = select(PanelMember.panel_id).where(PanelMember.user_id == user.id)
    statement = select(Panel.id).where(or_(Panel.chair_id == user.id, Panel.id.in_(member)))
    return db.session.scalar(statement.limit(1)) is not None


@dataclass(frozen=True)
class PitchRow:
    """A pitch in the running order, as one dragon sees it."""

    slot: PanelSlot
    status: visibility.DragonStatus

    @property
    def state_label(self) -> str:
        return LABELS[SlotState(self.slot.state)]

    @property
    def recused(self) -> bool:
        return self.status == visibility.DragonStatus.RECUSED


@dataclass(frozen=True)
class Overview:
    rows: list[PitchRow]
    now: PitchRow | None
    progress: visibility.Progress


def overview(panel: Panel, user: User) -> Overview:
    """The running order with this dragon's status for each pitch, in a fixed number of
    queries whatever the number of pitches."""
    slots = running_order(panel)
    pitch_ids = [slot.pitch_id for slot in slots]
    sheets = sheet_service.sheet_statuses(pitch_ids, user)
    recused = access.recusals(pitch_ids, [user])
    rows = [
        PitchRow(
            slot,
            visibility.dragon_status(
                slot.state,
                sheets.get(slot.pitch_id),
                recused=(slot.pitch_id, user.id) in recused,
                closed_before=slot.scoring_closed_at is not None,
            ),
        )
        for slot in slots
    ]
    now = next((row for row in rows if row.slot.position == panel.current_position), None)
    return Overview(rows, now, visibility.progress(row.status for row in rows))


def _pitch_url(panel: Panel, row: PitchRow) -> str | None:
    if row.recused:
        return None
    return url_for("panels.pitch", panel_id=panel.id, pitch_id=row.slot.pitch_id)


def _chair_url(panel: Panel) -> str | None:
    if panel.chair_id != current_user.id:
        return None
    return url_for("chair.control", panel_id=panel.id)


@bp.route("/")
@signed_in
def index():
    return render_template("panels/index.html", panels=panels_of(current_user))


@bp.route("/<int:panel_id>")
@panel_member_required
def show(panel: Panel):
    return render_template(
        "panels/panel.html",
        panel=panel,
        view=overview(panel, current_user),
        pitch_url=lambda row: _pitch_url(panel, row),
        chair_url=_chair_url(panel),
    )


@bp.route("/<int:panel_id>/live.json")
@panel_member_required
def live(panel: Panel):
    """What the panel page shows that can change during the session, for its script: the
    pitch now pitching and this dragon's own status for each pitch - nothing about other
    dragons' sheets."""
    view = overview(panel, current_user)
    now = view.now
    response = jsonify(
        now=None
        if now is None
        else {
            "pitch_id": now.slot.pitch_id,
            "position": now.slot.position,
            "title": now.slot.pitch.title,
            "state": now.slot.state,
            "label": now.state_label,
            "url": _pitch_url(panel, now),
        },
        pitches=[
            {
                "pitch_id": row.slot.pitch_id,
                "position": row.slot.position,
                "state": row.slot.state,
                "state_label": row.state_label,
                "status": row.status.value,
                "label": row.status.label,
                "tag": row.status.tag_class,
            }
            for row in view.rows
        ],
        progress=view.progress.text,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _declared_message(declared: sheet_service.Declared) -> str:
    message = (
        f"You have declared a conflict of interest with ‘{declared.pitch_title}’. "
        "You will not score it or see other dragons’ score sheets for it"
    )
    if declared.sheet_status == "submitted":
        message += ". Your submitted score sheet is kept but no longer counts"
    elif declared.sheet_status == "draft":
        message += ". Your draft score sheet is kept but will not count"
    return message


@bp.route("/<int:panel_id>/conflicts/new", methods=["GET", "POST"])
@panel_member_required
def declare(panel: Panel):
    view = overview(panel, current_user)
    choices = [row for row in view.rows if not row.recused]
    form = DeclareConflictForm()
    form.pitch.choices = [
        SelectChoice(str(row.slot.pitch_id), f"{row.slot.position}. {row.slot.pitch.title}")
        for row in choices
    ]
    if not form.is_submitted() and request.args.get("pitch"):
        form.pitch.data = request.args["pitch"]
    if choices and form.validate_on_submit():
        try:
            declared = sheet_service.declare_conflict(
                panel, current_user, int(form.pitch.data), form.reason.data
            )
        except sheet_service.SheetProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(_declared_message(declared), "success")
            return redirect(url_for("panels.show", panel_id=panel.id))
    page = render_template("panels/declare.html", panel=panel, form=form, choices=choices)
    return page, 400 if form.errors else 200


# The pitch page and score sheet share this blueprint.
from spark.panels import sheet_views  # noqa: E402, F401
