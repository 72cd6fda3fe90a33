"""Teams blueprint: your teams, create a team, invite colleagues, join by link, and the
lead's changes to the members.

A team's pages are for its members (and organisers, read only); anyone else gets 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from spark.accounts import team_service
from spark.accounts.models import Team, TeamMember
from spark.accounts.team_forms import ConfirmForm, TeamForm, TeamInvitationForm
from spark.accounts.views import show_problems
from spark.core.permissions import signed_in

bp = Blueprint("teams", __name__, url_prefix="/teams")


def _team_or_404(team_id: int) -> Team:
    team = team_service.team_for_viewer(team_id, current_user)
    if team is None:
        abort(404)
    return team


def _member_team_or_404(team_id: int) -> Team:
    """A team the signed-in person is in: organisers who are not members only look."""
    team = _team_or_404(team_id)
    if team_service.membership(team, current_user) is None:
        abort(404)
    return team


def _lead_team_or_404(team_id: int) -> Team:
    team = _member_team_or_404(team_id)
    if not team_service.is_lead(team, current_user):
        abort(403)
    return team


@bp.route("/")
@signed_in
def index():
    return render_template("teams/index.html", memberships=team_service.teams_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
@signed_in
def create():
    form = TeamForm()
    if not form.is_submitted():
        form.department.data = current_user.department
    if form.validate_on_submit():
        try:
            team = team_service.create_team(current_user, form.name.data, form.department.data)
        except team_service.TeamProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(f"{team.name} has been created. You are the team lead", "success")
            return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/new.html", form=form), (400 if form.errors else 200)


@bp.route("/<int:team_id>")
@signed_in
def show(team_id: int):
    team = _team_or_404(team_id)
    return render_template(
        "teams/show.html",
        team=team,
        me=team_service.membership(team, current_user),
        invitations=team_service.pending_invitations(team),
    )


@bp.route("/<int:team_id>/invite", methods=["GET", "POST"])
@signed_in
def invite(team_id: int):
    team = _member_team_or_404(team_id)
    form = TeamInvitationForm()
    if form.validate_on_submit():
        try:
            invitation = team_service.invite(current_user, team, form.email.data)
        except team_service.TeamProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(f"Invitation sent to {invitation.email}", "success")
            return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/invite.html", team=team, form=form), (400 if form.errors else 200)


@bp.route("/join/<token>", methods=["GET", "POST"])
@signed_in
def join(token: str):
    invitation = team_service.invitation_for_token(token)
    if invitation is None:
        team = team_service.invitation_team_for_token(token)
        if team is not None and team_service.membership(team, current_user) is not None:
            flash(f"You are already in {team.name}", "info")
            return redirect(url_for("teams.show", team_id=team.id))
        return render_template("teams/invitation-expired.html"), 400
    if invitation.email != current_user.email:
        return render_template("teams/invitation-for-someone-else.html", invitation=invitation), 403
    team = invitation.team
    if team_service.membership(team, current_user) is not None:
        flash(f"You are already in {team.name}", "info")
        return redirect(url_for("teams.show", team_id=team.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        team_service.accept(current_user, invitation)
        flash(f"You have joined {team.name}", "success")
        return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/join.html", invitation=invitation, team=team, form=form)


def _member_or_404(team: Team, member_id: int) -> TeamMember:
    member = team_service.member_or_none(team, member_id)
    if member is None:
        abort(404)
    return member


@bp.route("/<int:team_id>/members/<int:member_id>/remove", methods=["GET", "POST"])
@signed_in
def remove_member(team_id: int, member_id: int):
    team = _lead_team_or_404(team_id)
    member = _member_or_404(team, member_id)
    if member.user_id == current_user.id:
        flash(
            "You cannot remove yourself while you are the team lead. "
            "Make someone else the lead first",
            "error",
        )
        return redirect(url_for("teams.show", team_id=team.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        person = team_service.remove_member(current_user, team, member.id)
        flash(f"{person.name} has been removed from {team.name}", "success")
        return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/remove-member.html", team=team, member=member, form=form)


@bp.route("/<int:team_id>/members/<int:member_id>/make-lead", methods=["GET", "POST"])
@signed_in
def make_lead(team_id: int, member_id: int):
    team = _lead_team_or_404(team_id)
    member = _member_or_404(team, member_id)
    if member.user_id == current_user.id:
        flash("You are already the team lead", "info")
        return redirect(url_for("teams.show", team_id=team.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        person = team_service.make_lead(current_user, team, member.id)
        flash(f"{person.name} is now the team lead", "success")
        return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/make-lead.html", team=team, member=member, form=form)
