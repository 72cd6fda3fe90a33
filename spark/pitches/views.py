"""Pitches blueprint: a team's pitches, the task list, its sections, check answers, submit
and withdraw. Every pitch route is for the pitch's team only: anyone else gets 404."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from spark.accounts.views import show_problems
from spark.core.audit import utcnow
from spark.core.permissions import signed_in
from spark.pitches import access, checks, page_parts, service, submission
from spark.pitches.forms import StartPitchForm, SubmitPitchForm, WithdrawForm, section_form
from spark.pitches.models import Pitch
from spark.pitches.sections import (
    ALL_SECTIONS,
    BY_SLUG,
    TEXT_SECTIONS,
    Section,
    TaskStatus,
    answer_problems,
    clean,
)
from spark.pitches.workflow import Actor, Status, can_move

bp = Blueprint("pitches", __name__, url_prefix="/pitches")

STALE = (
    "Someone in your team saved this section after you opened it. Their answers are shown "
    "below yours: check them, then save again"
)


def _pitch(pitch_id: int) -> Pitch:
    return access.pitch_for_team_or_404(pitch_id, current_user)


def _locked(pitch: Pitch, message: str | None = None):
    flash(message or service.NOT_EDITABLE.format(status=service.status_label(pitch.status).lower()))
    return redirect(url_for("pitches.show", pitch_id=pitch.id))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def can_withdraw(pitch: Pitch) -> bool:
    return can_move(Status(pitch.status), Status.WITHDRAWN, Actor.TEAM)


@bp.route("/")
@signed_in
def index():
    return render_template("pitches/index.html", pitches=service.pitches_for(current_user))


@bp.route("/start", methods=["GET", "POST"])
@signed_in
def start():
    choices = service.start_choices(current_user, utcnow())
    if not choices.teams:
        return render_template("pitches/no-team.html")
    if not choices.rounds:
        return render_template("pitches/no-round.html")
    form = StartPitchForm()
    form.team.choices = [SelectChoice(str(team.id), team.name) for team in choices.teams]
    form.round.choices = [SelectChoice(str(r.id), r.name) for r in choices.rounds]
    if form.validate_on_submit():
        team_id = choices.teams[0].id if len(choices.teams) == 1 else _int(form.team.data)
        round_id = choices.rounds[0].id if len(choices.rounds) == 1 else _int(form.round.data)
        try:
            pitch = service.start_pitch(current_user, team_id, round_id, utcnow())
        except service.PitchProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash("You’ve started a pitch. Work through the sections in any order", "success")
            return redirect(url_for("pitches.show", pitch_id=pitch.id))
    return render_template("pitches/start.html", form=form, choices=choices), (
        400 if form.errors else 200
    )


@bp.route("/<int:pitch_id>")
@signed_in
def show(pitch_id: int):
    pitch = _pitch(pitch_id)
    parts = page_parts.parts_for(pitch, current_user)
    if service.is_editable(pitch):
        return render_template(
            "pitches/task-list.html",
            pitch=pitch,
            parts=parts,
            statuses=service.task_statuses(pitch),
            sections_by_key={section.key: section for section in ALL_SECTIONS},
            can_withdraw=can_withdraw(pitch),
        )
    report = service.shown_report(pitch)
    return render_template(
        "pitches/pitch.html",
        pitch=pitch,
        parts=parts,
        report=report,
        report_text=service.report_sentence(report),
        sections=TEXT_SECTIONS,
        can_withdraw=can_withdraw(pitch),
    )


def _section_or_404(slug: str) -> Section:
    section = BY_SLUG.get(slug)
    if section is None:
        abort(404)
    return section


def _initial(pitch: Pitch, section: Section) -> dict:
    saved = service.answers(pitch)
    data: dict = {q.name: saved[q.name] for q in section.questions}
    data["version"] = pitch.version
    status = service.task_statuses(pitch)[section.key]
    if status is TaskStatus.COMPLETED:
        data["completed"] = "yes"
    elif status is TaskStatus.IN_PROGRESS:
        data["completed"] = "no"
    return data


@bp.route("/<int:pitch_id>/sections/<slug>", methods=["GET", "POST"])
@signed_in
def section(pitch_id: int, slug: str):
    pitch = _pitch(pitch_id)
    section = _section_or_404(slug)
    if not service.is_editable(pitch):
        return _locked(pitch)
    form_class = section_form(section)
    form = form_class() if request.method == "POST" else form_class(data=_initial(pitch, section))
    stale = None
    if form.is_submitted():
        valid = form.validate()
        typed = {q.name: form[q.name].data for q in section.questions}
        if valid:
            try:
                changed = service.save_section(
                    pitch,
                    current_user,
                    section,
                    typed,
                    completed=form.completed.data == "yes",
                    expected_version=form.version.data,
                )
            except service.PitchProblems as refused:
                show_problems(form, refused.problems)
            except service.PitchLocked as locked:
                return _locked(pitch, str(locked))
            except service.StaleSave as conflict:
                stale = conflict.saved
                form.version.data = conflict.version
                first = next(
                    (q for q in section.questions if clean(q, typed[q.name]) != stale[q.name]),
                    section.questions[0],
                )
                form[first.name].errors = [STALE]
            else:
                if changed:
                    flash(f"You’ve saved ‘{section.title}’", "success")
                return redirect(url_for("pitches.show", pitch_id=pitch.id))
        else:
            cleaned = {q.name: clean(q, typed[q.name]) for q in section.questions}
            show_problems(form, answer_problems(section, cleaned, completing=False))
    status = 409 if stale is not None else 400 if form.errors else 200
    return render_template(
        "pitches/section.html", pitch=pitch, section=section, form=form, stale=stale
    ), status


def _answers_page(pitch: Pitch, form: SubmitPitchForm, refused: list | None = None):
    report = checks.latest_report(pitch)
    return render_template(
        "pitches/answers.html",
        pitch=pitch,
        form=form,
        blocking=submission.submission_refusals(pitch, utcnow()),
        refused=refused or [],
        report=report,
        report_text=service.report_sentence(report),
        sections=TEXT_SECTIONS,
    ), (400 if refused else 200)


@bp.route("/<int:pitch_id>/check-your-answers")
@signed_in
def check_answers(pitch_id: int):
    pitch = _pitch(pitch_id)
    if not service.is_editable(pitch):
        return _locked(pitch)
    return _answers_page(pitch, SubmitPitchForm(data={"version": pitch.version}))


@bp.route("/<int:pitch_id>/submit", methods=["POST"])
@signed_in
def submit(pitch_id: int):
    pitch = _pitch(pitch_id)
    form = SubmitPitchForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        submission.submit(pitch, current_user, utcnow(), form.version.data)
    except service.PitchLocked as locked:
        return _locked(pitch, str(locked))
    except submission.SubmissionRefused as refused:
        form.version.data = pitch.version
        return _answers_page(pitch, form, refused.refusals)
    return redirect(url_for("pitches.submitted", pitch_id=pitch.id))


@bp.route("/<int:pitch_id>/submitted")
@signed_in
def submitted(pitch_id: int):
    pitch = _pitch(pitch_id)
    if pitch.status != Status.SUBMITTED:
        return redirect(url_for("pitches.show", pitch_id=pitch.id))
    return render_template("pitches/submitted.html", pitch=pitch)


@bp.route("/<int:pitch_id>/withdraw", methods=["GET", "POST"])
@signed_in
def withdraw(pitch_id: int):
    pitch = _pitch(pitch_id)
    if not can_withdraw(pitch):
        return _locked(pitch, "This pitch cannot be withdrawn now")
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            submission.withdraw(pitch, current_user, form.reason.data)
        except service.PitchLocked as locked:
            return _locked(pitch, str(locked))
        except submission.SubmissionRefused as refused:
            show_problems(form, {r.anchor: r.message for r in refused.refusals})
        else:
            flash(f"You’ve withdrawn ‘{pitch.title or 'your pitch'}’", "success")
            return redirect(url_for("pitches.show", pitch_id=pitch.id))
    return render_template("pitches/withdraw.html", pitch=pitch, form=form), (
        400 if form.errors else 200
    )
