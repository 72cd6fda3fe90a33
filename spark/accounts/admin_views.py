"""Organisers manage people: list users, grant and remove roles, deactivate, invite."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from spark.accounts import admin_service
from spark.accounts.forms import InvitationForm, RolesForm, StatusForm
from spark.accounts.models import User
from spark.accounts.service import AccountProblems
from spark.accounts.views import show_problems
from spark.core.paging import page_number
from spark.core.permissions import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page_number() -> int:
    return page_number(request.args.get("page"))


def _user_or_404(user_id: int) -> User:
    user = admin_service.get_user(user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users")
@role_required("organiser")
def users():
    query = request.args.get("q", "").strip()
    pagination = admin_service.list_users(_page_number(), query)
    return render_template("accounts/users.html", pagination=pagination, query=query)


def _user_page(user: User, form: RolesForm):
    status_form = StatusForm(prefix="status")
    return render_template("accounts/user.html", user=user, form=form, status_form=status_form), (
        400 if form.errors else 200
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("organiser")
def user(user_id: int):
    person = _user_or_404(user_id)
    # Ticking no box at all sends no roles: read the form, never fall back to current roles.
    if request.method == "POST":
        form = RolesForm(formdata=request.form)
    else:
        form = RolesForm(data={"roles": person.role_names})
    if form.validate_on_submit():
        try:
            admin_service.set_roles(current_user, person, set(form.roles.data or ()))
        except AccountProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(f"Roles updated for {person.name}", "success")
            return redirect(url_for("admin.user", user_id=person.id))
    return _user_page(person, form)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@role_required("organiser")
def deactivate(user_id: int):
    return _set_active(user_id, active=False)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@role_required("organiser")
def reactivate(user_id: int):
    return _set_active(user_id, active=True)


def _set_active(user_id: int, active: bool):
    person = _user_or_404(user_id)
    if not StatusForm(prefix="status").validate_on_submit():
        abort(400)
    try:
        admin_service.set_active(current_user, person, active)
    except AccountProblems as refused:
        flash(refused.problems["status"], "error")
    else:
        state = "reactivated" if active else "deactivated"
        flash(f"{person.name}’s account has been {state}", "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/invitations", methods=["GET", "POST"])
@role_required("organiser")
def invitations():
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            invitation = admin_service.invite(current_user, form.email.data)
        except AccountProblems as refused:
            show_problems(form, refused.problems)
        else:
            flash(f"Invitation sent to {invitation.email}", "success")
            return redirect(url_for("admin.invitations"))
    pagination = admin_service.list_invitations(_page_number())
    return render_template(
        "accounts/invitations.html",
        form=form,
        pagination=pagination,
        status_of=admin_service.invitation_status,
    ), (400 if form.errors else 200)
