"""Blueprint 'chair': the chair's control page for the live panel session.

Only the panel's chair: everyone else (its other dragons, organisers, anyone) gets 404 on
every route here, GET or POST. Each move is a POST from the control page; a refused move
shows the control page again with the reason (400, or 409 when someone changed it first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from spark.accounts.views import show_problems
from spark.panels import chair_page, session, session_service
from spark.panels.access import panel_chair_required
from spark.panels.chair_forms import (
    MoveForm,
    NextPitchForm,
    ReopenScoringForm,
    ReopenSheetForm,
    SlotActionForm,
)
from spark.panels.models import Panel, PanelSlot
from spark.panels.session_service import ChairRefused
from spark.panels.setup_service import quorum_of

bp = Blueprint("chair", __name__, url_prefix="/panels/<int:panel_id>/chair")

BAD_FORM = "Something was missing from your request. Try again"


def panel_page_url(panel: Panel) -> str:
    """The dragon's panel page ("Your panel page"), where the chair scores too."""
    return url_for("panels.show", panel_id=panel.id)


NEXT_PITCH = "next-pitch-button"


def _control(panel: Panel, problem: ChairRefused | None = None, anchor: str | None = None):
    """The control page; ``anchor`` is the id of the control a refused move's error summary
    links to (a button or link on the page, so it takes focus)."""
    page = chair_page.control_page(panel)
    if anchor == NEXT_PITCH and page.next_row is None:
        anchor = None  # no pitch is waiting, so there is no button to go to
    return render_template(
        "chair/control.html",
        page=page,
        panel=panel,
        labels=session.LABELS,
        problem=problem,
        anchor=anchor,
        panel_page=panel_page_url(panel),
    ), (problem.status if problem else 200)


def _done(panel: Panel, message: str):
    flash(message, "success")
    return redirect(url_for("chair.control", panel_id=panel.id))


def _slot_or_404(panel: Panel, slot_id: int) -> PanelSlot:
    slot = chair_page.slot_of(panel, slot_id)
    if slot is None:
        abort(404)
    return slot


def _refusal(action: session.Action, slot: PanelSlot) -> str:
    try:
        session.check_action(action, slot.state)
    except session.SessionMoveRefused as refused:
        return f"{slot.pitch.title}: {refused}"
    return ""  # pragma: no cover - only called when the action is refused


def _anchor(slot: PanelSlot) -> str:
    """The id of the first action in the slot's row (every state has one)."""
    return f"slot-{slot.id}-action"


@bp.route("/")
@panel_chair_required
def control(panel: Panel):
    return _control(panel)


def _slot_action(panel: Panel, slot_id: int, act: Callable[..., Any], done: Callable[..., str]):
    """A move on one slot from the control page: ``act(actor, panel, slot, expected=...)`` is
    the service call; ``done(title, result)`` the confirmation."""
    slot = _slot_or_404(panel, slot_id)
    form = SlotActionForm()
    if not form.validate_on_submit():
        return _control(panel, ChairRefused(BAD_FORM), _anchor(slot))
    title = slot.pitch.title
    try:
        result = act(current_user, panel, slot, expected=form.expected.data)
    except ChairRefused as refused:
        return _control(panel, refused, _anchor(slot))
    return _done(panel, done(title, result))


@bp.route("/slots/<int:slot_id>/now-pitching", methods=["POST"])
@panel_chair_required
def now_pitching(panel: Panel, slot_id: int):
    return _slot_action(
        panel,
        slot_id,
        session_service.set_now_pitching,
        lambda title, _: f"{title} is now pitching",
    )


@bp.route("/next", methods=["POST"])
@panel_chair_required
def next_pitch(panel: Panel):
    form = NextPitchForm()
    if not form.validate_on_submit():
        return _control(panel, ChairRefused(BAD_FORM), NEXT_PITCH)
    try:
        slot = session_service.next_pitch(current_user, panel, seen_current=form.seen_current())
    except ChairRefused as refused:
        return _control(panel, refused, NEXT_PITCH)
    return _done(panel, f"{slot.pitch.title} is now pitching")


@bp.route("/slots/<int:slot_id>/open-scoring", methods=["POST"])
@panel_chair_required
def open_scoring(panel: Panel, slot_id: int):
    return _slot_action(
        panel,
        slot_id,
        session_service.open_scoring,
        lambda title, _: f"Scoring for {title} is open: dragons can submit their sheets",
    )


@bp.route("/slots/<int:slot_id>/close-scoring", methods=["POST"])
@panel_chair_required
def close_scoring(panel: Panel, slot_id: int):
    def closed(title: str, submitted: int) -> str:
        sheets = "1 sheet" if submitted == 1 else f"{submitted} sheets"
        message = f"Scoring for {title} has closed with {sheets} submitted"
        quorum = quorum_of(panel.round_id)
        if submitted < quorum:
            message += f", fewer than the quorum of {quorum}"
        return message

    return _slot_action(panel, slot_id, session_service.close_scoring, closed)


def _reason_form(
    panel: Panel, form, act: Callable[[], Any], done: str, template: str, **context: Any
):
    """A reopen page with its required reason: on a valid POST ``act()`` runs the service
    call and the chair goes back to the control page with ``done``; a refusal shows on the
    form (a field error, 400) or as a banner (400, or 409 when someone changed it first)."""
    problem = None
    if form.validate_on_submit():
        try:
            act()
        except ChairRefused as refused:
            if refused.field:
                show_problems(form, {refused.field: refused.message})
            else:
                problem = refused
        else:
            return _done(panel, done)
    status = problem.status if problem else (400 if form.errors else 200)
    return render_template(template, panel=panel, form=form, problem=problem, **context), status


@bp.route("/slots/<int:slot_id>/reopen-scoring", methods=["GET", "POST"])
@panel_chair_required
def reopen_scoring(panel: Panel, slot_id: int):
    slot = _slot_or_404(panel, slot_id)
    form = ReopenScoringForm()
    if not form.is_submitted():
        if slot.state != session.SlotState.CLOSED:
            # A stale link: scoring is open again already, or has not closed yet.
            flash(_refusal(session.Action.REOPEN_SCORING, slot), "error")
            return redirect(url_for("chair.control", panel_id=panel.id))
        form.expected.data = slot.state
    title = slot.pitch.title
    return _reason_form(
        panel,
        form,
        lambda: session_service.reopen_scoring(
            current_user, panel, slot, form.reason.data, expected=form.expected.data
        ),
        f"Scoring for {title} is open again",
        "chair/reopen-scoring.html",
        slot=slot,
    )


@bp.route("/slots/<int:slot_id>/move", methods=["POST"])
@panel_chair_required
def move(panel: Panel, slot_id: int):
    slot = _slot_or_404(panel, slot_id)
    form = MoveForm()
    if not form.validate_on_submit():
        message = form.direction.errors[0] if form.direction.errors else BAD_FORM
        return _control(panel, ChairRefused(message), _anchor(slot))
    title = slot.pitch.title
    try:
        position = session_service.move_slot(
            current_user, panel, slot, form.direction.data, seen_position=form.seen_position()
        )
    except ChairRefused as refused:
        return _control(panel, refused, _anchor(slot))
    return _done(panel, f"{title} is now number {position} in the running order")


@bp.route("/sheets/<int:sheet_id>/reopen", methods=["GET", "POST"])
@panel_chair_required
def reopen_sheet(panel: Panel, sheet_id: int):
    found = chair_page.sheet_of(panel, sheet_id)
    if found is None:
        abort(404)
    sheet, slot = found
    form = ReopenSheetForm()
    if not form.is_submitted():
        refusal = session.sheet_reopen_refusal(slot.state, sheet.status)
        if refusal:
            flash(refusal, "error")
            return redirect(url_for("chair.control", panel_id=panel.id))
        form.version.data = str(sheet.version)
    name, title = sheet.dragon.name, slot.pitch.title
    return _reason_form(
        panel,
        form,
        lambda: session_service.reopen_sheet(
            current_user, panel, sheet, slot, form.reason.data, seen_version=form.seen_version()
        ),
        f"{name}’s score sheet for {title} is a draft again",
        "chair/reopen-sheet.html",
        slot=slot,
        sheet=sheet,
    )
