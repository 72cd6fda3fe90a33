"""Rounds blueprint: organisers create, change and move rounds; anyone signed in sees the
rounds open for pitches."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from spark.accounts.views import show_problems
from spark.core.audit import utcnow
from spark.core.permissions import role_required, signed_in
from spark.pitches import round_service, rules
from spark.pitches.models import Round
from spark.pitches.round_forms import RoundForm, StatusForm

bp = Blueprint("rounds", __name__, url_prefix="/rounds")

OPENS_DEFAULT = "9am"
CLOSES_DEFAULT = "5pm"

# What each move is called and what it means, for the round page and the confirmation page.
MOVES = {
    rules.RoundStatus.OPEN: {
        "button": "Open for pitches",
        "question": "Open {name} for pitches?",
        "confirm": "Open round",
        "done": "{name} is open",
    },
    rules.RoundStatus.DRAFT: {
        "button": "Move back to draft",
        "question": "Move {name} back to draft?",
        "confirm": "Move back to draft",
        "done": "{name} is back in draft",
    },
    rules.RoundStatus.JUDGING: {
        "button": "Start judging",
        "question": "Stop taking pitches for {name} and start judging?",
        "confirm": "Start judging",
        "done": "{name} is being judged",
    },
    rules.RoundStatus.CLOSED: {
        "button": "Close round",
        "question": "Close {name}?",
        "confirm": "Close round",
        "done": "{name} is closed",
    },
}


def _round_or_404(round_id: int) -> Round:
    round_ = round_service.get_round(round_id)
    if round_ is None:
        abort(404)
    return round_


def _details(form: RoundForm) -> round_service.RoundDetails:
    opens_at, closes_at = form.moments()
    return round_service.RoundDetails(
        name=form.name.data,
        description=form.description.data or "",
        opens_at=opens_at,
        closes_at=closes_at,
    )


def _form_page(form: RoundForm, round_: Round | None):
    return render_template("rounds/form.html", form=form, round=round_), (
        400 if form.errors else 200
    )


@bp.route("/")
@role_required("organiser")
def index():
    return render_template("rounds/index.html", rounds=round_service.list_rounds())


@bp.route("/new", methods=["GET", "POST"])
@role_required("organiser")
def create():
    form = RoundForm()
    if not form.is_submitted():
        form.opens_time.data, form.closes_time.data = OPENS_DEFAULT, CLOSES_DEFAULT
    if form.validate_on_submit():
        try:
            round_ = round_service.create_round(current_user, _details(form))
        except round_service.RoundProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(f"{round_.name} has been created as a draft", "success")
            return redirect(url_for("rounds.show", round_id=round_.id))
    return _form_page(form, None)


@bp.route("/<int:round_id>")
@role_required("organiser")
def show(round_id: int):
    round_ = _round_or_404(round_id)
    return render_template(
        "rounds/show.html",
        round=round_,
        pitches=round_service.pitch_count(round_),
        moves=[(status, MOVES[status]) for status in round_service.moves(round_)],
        editable=rules.is_editable(round_.status),
        refusal=round_service.submission_refusal(round_, utcnow()),
    )


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
@role_required("organiser")
def edit(round_id: int):
    round_ = _round_or_404(round_id)
    if not rules.is_editable(round_.status):
        flash(round_service.NOT_EDITABLE, "error")
        return redirect(url_for("rounds.show", round_id=round_.id))
    form = RoundForm() if request.method == "POST" else RoundForm(obj=round_)
    if request.method != "POST":
        form.fill_from(round_.opens_at, round_.closes_at)
    if form.validate_on_submit():
        try:
            changed = round_service.update_round(current_user, round_, _details(form))
        except round_service.RoundProblems as refused:
            show_problems(form, refused.problems)
        else:
            if changed:
                flash(f"{round_.name} has been updated", "success")
            else:
                flash("You did not change anything", "info")
            return redirect(url_for("rounds.show", round_id=round_.id))
    return _form_page(form, round_)


@bp.route("/<int:round_id>/status/<target>", methods=["GET", "POST"])
@role_required("organiser")
def change_status(round_id: int, target: str):
    round_ = _round_or_404(round_id)
    if target not in [status.value for status in rules.RoundStatus]:
        abort(404)
    wanted = rules.RoundStatus(target)
    if wanted not in round_service.moves(round_):
        # A stale page: someone else has moved the round on, or pitches have been started.
        try:
            rules.check_round_move(round_.status, wanted, round_service.pitch_count(round_) > 0)
        except rules.RoundMoveRefused as refused:
            flash(str(refused), "error")
        return redirect(url_for("rounds.show", round_id=round_.id))
    form = StatusForm()
    if form.validate_on_submit():
        try:
            round_service.change_status(current_user, round_, wanted)
        except round_service.RoundProblems as refused:
            flash(refused.problems["status"], "error")
        else:
            flash(MOVES[wanted]["done"].format(name=round_.name), "success")
        return redirect(url_for("rounds.show", round_id=round_.id))
    return render_template(
        "rounds/status.html",
        round=round_,
        target=wanted,
        move=MOVES[wanted],
        form=form,
        closing_passed=rules.to_london(round_.closes_at) <= utcnow(),
    )


@bp.route("/open")
@signed_in
def open_rounds():
    now = utcnow()
    rounds = round_service.open_rounds(now)
    return render_template(
        "rounds/open.html",
        rounds=[(round_, round_service.submission_refusal(round_, now)) for round_ in rounds],
        now=now,
    )
