"""Accounts blueprint: sign in, sign out, create account, reset password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from spark.accounts import service
from spark.accounts.forms import SignInForm
from spark.accounts.rules import safe_next_url
from spark.core.permissions import public
from spark.extensions import limiter, login_manager

bp = Blueprint("accounts", __name__)

SIGN_IN_FAILED = "Enter a correct email address and password"


@login_manager.user_loader
def _load_user(session_id: str):
    return service.load_user(session_id)


def _failed(response) -> bool:
    # Only failed sign-ins count towards the limits; a success redirects.
    return response.status_code != 302


def _account_key() -> str:
    return "account:" + request.form.get("email", "").strip().lower()


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
    return render_template("accounts/sign-in.html", form=form, next_url=next_url), (
        400 if form.errors else 200
    )


@bp.route("/sign-out")
@public
def sign_out():
    if current_user.is_authenticated:
        logout_user()
        flash("You have signed out", "success")
    return redirect(url_for("accounts.sign_in"))


# Placeholders replaced by the accounts journeys (create account, password reset).
@bp.route("/create-account", methods=["GET", "POST"])
@public
def create_account():
    return render_template("pages/start.html")


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    return render_template("pages/start.html")
