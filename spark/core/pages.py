"""Pages every stage shares: home, accessibility statement, privacy, cookies, health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from spark.core.permissions import public
from spark.extensions import db

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def home():
    if current_user.is_authenticated:
        return render_template("pages/dashboard.html")
    return render_template("pages/start.html")


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("pages/accessibility.html")


@bp.route("/privacy")
@public
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/cookies")
@public
def cookies():
    return render_template("pages/cookies.html")


@bp.route("/healthcheck")
@public
def healthcheck():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the check reports, it does not raise
        current_app.logger.exception("Health check: database unavailable")
        return jsonify(status="unavailable", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
