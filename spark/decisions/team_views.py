"""The team's side of the panel's decision: the decision on their pitch page, the full
decision page, and copying a refine-and-resubmit pitch into a new draft.

Every route is for the pitch's team only (``access.pitch_for_team_or_404``: anyone else,
organisers and dragons included, gets 404, as on the pitch's own pages); signed-out visitors
go to sign-in. Until a decision is signed there is nothing to see: the decision page is 404
and the pitch page shows no decision. The pitch page shows the decision through
``pitches.page_parts`` (pitches never imports decisions): importing this module adds the parts.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from spark.accounts.models import User
from spark.core.audit import utcnow
from spark.core.permissions import signed_in
from spark.decisions import resubmit, team_page
from spark.decisions.team_forms import CopyPitchForm
from spark.extensions import db
from spark.pitches import access
from spark.pitches.models import Pitch
from spark.pitches.page_parts import add_pitch_page_part

bp = Blueprint("team_decisions", __name__)


def _page(
    pitch: Pitch,
    form: CopyPitchForm | None = None,
    refused: resubmit.ResubmitRefused | None = None,
):
    view = team_page.team_decision(pitch)
    if view is None:
        abort(404)
    decision = view.current.decision
    copy = rounds = None
    if resubmit.may_copy(decision):
        copy = resubmit.copy_of(pitch)
        rounds = [] if copy else resubmit.rounds_for_copy(pitch, utcnow())
    form = form or CopyPitchForm()
    form.round.choices = [SelectChoice(str(round_.id), round_.name) for round_ in rounds or []]
    problem = None
    if refused is not None:
        # A choice among the rounds shown goes on the radios; anything else on the page.
        if refused.field and rounds and len(rounds) > 1:
            form.round.errors = [str(refused)]
        else:
            problem = str(refused)
    return render_template(
        "decisions/team-decision.html",
        pitch=pitch,
        view=view,
        copy=copy,
        rounds=rounds or [],
        form=form,
        problem=problem,
        letter_url=url_for("documents.letter", decision_id=decision.id),
    ), (refused.status if refused else 200)


@bp.route("/pitches/<int:pitch_id>/decision")
@signed_in
def show(pitch_id: int):
    return _page(access.pitch_for_team_or_404(pitch_id, current_user))


@bp.route("/pitches/<int:pitch_id>/decision/copy", methods=["POST"])
@signed_in
def copy(pitch_id: int):
    pitch = access.pitch_for_team_or_404(pitch_id, current_user)
    form = CopyPitchForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        made = resubmit.copy_for_resubmission(pitch, current_user, form.round_id(), utcnow())
    except resubmit.AlreadyCopied as already:
        flash(f"{resubmit.ALREADY_COPIED}. This is the draft")
        return redirect(url_for("pitches.show", pitch_id=already.copy.id))
    except resubmit.ResubmitRefused as refused:
        return _page(pitch, form, refused)
    flash(
        f"You’ve copied ‘{made.title or 'your pitch'}’ into a new draft for {made.round.name}",
        "success",
    )
    return redirect(url_for("pitches.show", pitch_id=made.id))


# On the team's pitch page -----------------------------------------------------------------


def _part(template: str, **context) -> Markup:
    """A part's HTML: the output of an autoescaped template, so safe as it is."""
    return Markup(render_template(template, **context))  # noqa: S704


def decision_part(pitch: Pitch, user: User) -> Markup | None:
    """The decision in force on the pitch, for its team; nothing before signing."""
    if not access.is_team_member(pitch, user):
        return None
    shown = team_page.in_force_summary(pitch)
    if shown is None:
        return None
    copy = resubmit.copy_of(pitch) if resubmit.may_copy(shown.decision) else None
    return _part("decisions/team-summary.html", pitch=pitch, shown=shown, copy=copy)


def copied_from_part(pitch: Pitch, user: User) -> Markup | None:
    """Where a refine-and-resubmit draft came from, with a link to the old pitch."""
    if pitch.copied_from_id is None:
        return None
    source = db.session.get(Pitch, pitch.copied_from_id)
    if source is None or not access.is_team_member(source, user):
        return None
    decided = team_page.in_force_summary(source) is not None
    return _part("decisions/team-copied-from.html", pitch=pitch, source=source, decided=decided)


add_pitch_page_part(decision_part)
add_pitch_page_part(copied_from_part)
