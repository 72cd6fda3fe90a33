"""Organisers manage people: list users, grant and remove roles, invite."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from spark.accounts.models import User
from spark.core.permissions import role_required
from spark.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required("organiser")
def users():
    people = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("accounts/users.html", users=people)
