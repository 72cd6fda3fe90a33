"""Blueprint 'lab_reports': the lab's portfolio reports, for the lab and organisers.

- ``GET /lab/reports``: the downloads, what each holds and its format and size.
- ``GET /lab/reports/portfolio.pdf``: the portfolio report (tagged PDF/UA-1); for a
  portfolio too large for one PDF, back to the reports page, which says so.
- ``GET /lab/reports/projects.csv``, ``milestones.csv``, ``readings.csv``: the exports.

Anyone else signed in gets 403 (the board is no secret, but the reports hold every team's
figures); signed-out visitors go to sign-in. Downloads are attachments named with the day
they were made (London date) and kept in no cache.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from spark.core.audit import utcnow
from spark.core.filters import to_london
from spark.extensions import login_manager
from spark.lab import report_csv, report_pdf, reports
from spark.lab.access import is_lab

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("lab_reports", __name__, url_prefix="/lab/reports")

NO_STORE = "private, no-store"
TOO_LARGE = (
    "The portfolio report is for up to {limit:,} projects. Download the projects as a CSV "
    "file instead."
)


def may_read_reports(user) -> bool:
    return is_lab(user) or user.has_role("organiser")


def portfolio_required(view: F) -> F:
    """The lab and organisers; 403 for anyone else signed in; sign-in for the signed out."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not may_read_reports(current_user):
            abort(403)
        return view(*args, **kwargs)

    wrapped.permission = "project:portfolio"  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def _today() -> date:
    return to_london(utcnow()).date()


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    if mimetype == "text/csv":
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = NO_STORE
    return response


@bp.route("")
@portfolio_required
def index():
    sizes = reports.export_sizes()
    return render_template(
        "lab/reports.html",
        sizes=sizes,
        today=_today(),
        pdf_too_large=report_pdf.too_large(sizes["projects"]),
        pdf_limit=report_pdf.PDF_PROJECT_LIMIT,
    )


@bp.route("/portfolio.pdf")
@portfolio_required
def portfolio():
    if report_pdf.too_large(reports.project_count()):
        flash(TOO_LARGE.format(limit=report_pdf.PDF_PROJECT_LIMIT), "important")
        return redirect(url_for("lab_reports.index") + "#portfolio")
    today = _today()
    return _download(
        report_pdf.portfolio_pdf(today), "application/pdf", report_pdf.portfolio_filename(today)
    )


@bp.route("/projects.csv")
@portfolio_required
def projects():
    today = _today()
    return _download(
        report_csv.projects_csv(today), "text/csv", report_csv.filename("projects", today)
    )


@bp.route("/milestones.csv")
@portfolio_required
def milestones():
    today = _today()
    return _download(
        report_csv.milestones_csv(today), "text/csv", report_csv.filename("milestones", today)
    )


@bp.route("/readings.csv")
@portfolio_required
def readings():
    today = _today()
    return _download(
        report_csv.readings_csv(), "text/csv", report_csv.filename("benefit-readings", today)
    )
