"""Downloading a decision letter and a panel's minutes as PDFs.

- ``GET /decisions/<id>/letter.pdf``: a *signed* decision's letter, for the members of the
  pitch's team, organisers, and the panel's chair unless recused from the pitch.
- ``GET /panels/<id>/minutes.pdf``: the panel's minutes, for organisers and its chair unless
  recused from one of its pitches (the minutes name every vote).

Anyone else signed in gets 404, as for an unsigned or unknown decision, so nothing reveals
that a decision or panel exists; signed-out visitors go to sign-in. The PDF goes out as an
attachment with a plain file name and is kept in no cache. It is rendered on request (a
letter takes a fraction of a second; bench/bench_documents.py prints the figures).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_login import current_user

from spark.core.permissions import signed_in
from spark.decisions import documents
from spark.decisions.models import Decision
from spark.extensions import db
from spark.panels import access
from spark.panels.models import Panel
from spark.pitches.access import is_team_member

bp = Blueprint("documents", __name__)

NO_STORE = "private, no-store"


def _pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = NO_STORE
    return response


def may_read_letter(decision: Decision, user) -> bool:
    """The pitch's team, organisers, the panel's chair unless recused from the pitch, and
    the lab for a funded decision (the letter's conditions are what the lab follows up)."""
    if user.has_role("organiser") or is_team_member(decision.pitch, user):
        return True
    if user.has_role("lab") and decision.outcome == "funded":
        return True
    return (
        decision.panel.chair_id == user.id and access.recusal_reason(decision.pitch, user) is None
    )


def may_read_minutes(panel: Panel, user) -> bool:
    """Organisers, and the panel's chair unless recused from any of its pitches (the minutes
    name every member's vote on every pitch)."""
    if user.has_role("organiser"):
        return True
    if panel.chair_id != user.id:
        return False
    return not access.recusals([slot.pitch_id for slot in panel.slots], [user])


@bp.route("/decisions/<int:decision_id>/letter.pdf")
@signed_in
def letter(decision_id: int):
    decision = db.session.get(Decision, decision_id)
    if decision is None or not decision.is_signed or not may_read_letter(decision, current_user):
        abort(404)
    return _pdf(documents.letter_pdf(decision), documents.letter_filename(decision))


@bp.route("/panels/<int:panel_id>/minutes.pdf")
@signed_in
def minutes(panel_id: int):
    panel = db.session.get(Panel, panel_id)
    if panel is None or not may_read_minutes(panel, current_user):
        abort(404)
    return _pdf(documents.minutes_pdf(panel), documents.minutes_filename(panel))
