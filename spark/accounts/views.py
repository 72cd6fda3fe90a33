"""Accounts blueprint: sign in, sign out, create an account, reset a password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm

from spark.accounts import service
from spark.accounts.forms import (
    CreateAccountForm,
    ForgotPasswordForm,
    ResetPasswordForm,
    SignInForm,
)
from spark.accounts.models import Invitation
from spark.accounts.rules import safe_next_url
from spark.core.permissions import public
from spark.extensions import limiter, login_manager

bp = Blueprint("accounts", __name__)

SIGN_IN_FAILED = "Enter a correct email address and password"


@login_manager.user_loader
def _load_user(session_id: str):
    return service.load_user(session_id)


def _failed(response) -> bool:
    # Only failed attempts count towards the limits; a success redirects.
    return response.status_code != 302


def _account_key() -> str:
    return "account:" + request.form.get("email", "").strip().lower()


def show_problems(form: FlaskForm, problems: dict[str, str]) -> None:
    """Put the service's reasons on the fields, after any error the form already found."""
    for name, message in problems.items():
        field = form._fields.get(name)
        if field is not None and not field.errors:
            field.errors = [message]


def _page(template: str, form: FlaskForm, **context):
    return render_template(template, form=form, **context), (400 if form.errors else 200)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per 15 minutes", methods=["POST"], deduct_when=_failed)
@limiter.limit("5 per 15 minutes", key_func=_account_key, methods=["POST"], deduct_when=_failed)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    next_url = safe_next_url(request.args.get("next"))
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(next_url or url_for("pages.home"))
        form.email.errors.append(SIGN_IN_FAILED)
    return _page("accounts/sign-in.html", form, next_url=next_url)


@bp.route("/sign-out")
@public
def sign_out():
    if current_user.is_authenticated:
        logout_user()
        flash("You have signed out", "success")
    return redirect(url_for("accounts.sign_in"))


# Create an account ---------------------------------------------------------------------------
# Failed attempts are limited per network address, which also slows anyone using the
# "account already exists" message to find out who has an account.


def _create_account(form: CreateAccountForm, invitation: Invitation | None):
    email = invitation.email if invitation else form.email.data or ""
    if form.is_submitted():
        valid = form.validate()
        show_problems(
            form,
            service.new_account_problems(
                email=email,
                name=form.name.data or "",
                password=form.password.data or "",
                invitation=invitation,
            ),
        )
        if valid and not form.errors:
            try:
                user = service.create_account(
                    email=email,
                    name=form.name.data,
                    department=form.department.data,
                    password=form.password.data,
                    invitation=invitation,
                )
            except service.AccountProblems as refused:
                show_problems(form, refused.problems)
            else:
                login_user(user)
                flash("Your account has been created", "success")
                return redirect(url_for("pages.home"))
    return _page("accounts/create-account.html", form, invitation=invitation)


@bp.route("/create-account", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"], deduct_when=_failed)
def create_account():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    return _create_account(CreateAccountForm(), invitation=None)


@bp.route("/create-account/invitation/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"], deduct_when=_failed)
def accept_invitation(token: str):
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    invitation = service.invitation_for_token(token)
    if invitation is None:
        return render_template("accounts/link-expired.html", kind="invitation"), 400
    form = CreateAccountForm()
    del form.email  # the invited address is the account's address
    return _create_account(form, invitation=invitation)


# Reset a password ----------------------------------------------------------------------------


def _email_key() -> str:
    return "forgot:" + request.form.get("email", "").strip().lower()


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit("30 per hour", methods=["POST"])
@limiter.limit("5 per hour", key_func=_email_key, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        session["reset_email"] = form.email.data.lower()
        return redirect(url_for("accounts.check_your_email"))
    return _page("accounts/forgot-password.html", form)


@bp.route("/forgot-password/check-your-email")
@public
def check_your_email():
    # The same page whether or not the address has an account.
    return render_template(
        "accounts/check-your-email.html",
        email=session.get("reset_email"),
        lifetime=service.reset_link_lifetime(),
    )


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    user = service.user_for_reset_token(token)
    if user is None:
        return render_template(
            "accounts/link-expired.html",
            kind="password_reset",
            lifetime=service.reset_link_lifetime(),
        ), 400
    form = ResetPasswordForm()
    if form.is_submitted():
        valid = form.validate()
        show_problems(form, service.new_password_problems(user, form.password.data or ""))
        if valid and not form.errors:
            try:
                service.reset_password(user, form.password.data)
            except service.AccountProblems as refused:
                show_problems(form, refused.problems)
            else:
                if current_user.is_authenticated:
                    logout_user()
                session.pop("reset_email", None)
                flash("Your password has been changed. Sign in with your new password", "success")
                return redirect(url_for("accounts.sign_in"))
    return _page("accounts/reset-password.html", form, token=token)
