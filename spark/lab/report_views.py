"""Blueprint 'lab_reports': the lab's portfolio reports, for the lab and organisers.

- ``GET /lab/reports``: the downloads, what each holds and its format and size.
- ``GET /lab/reports/portfolio.pdf``: the portfolio report (tagged PDF/UA-1); for a
  portfolio too large for one PDF, back to the reports page, which says so.
- ``GET /lab/reports/projects.csv``, ``milestones.csv``, ``readings.csv``: the exports.

Anyone else signed in gets 403 (``access.lab_or_organiser_required``, the rule of every page
across the portfolio: the reports hold every team's figures); signed-out visitors go to
sign-in. Downloads are attachments named with the day they were made (London date) and kept
in no cache.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for

from spark.lab import report_csv, report_pdf, reports
from spark.lab.access import lab_or_organiser_required
from spark.lab.board import london_today

bp = Blueprint("lab_reports", __name__, url_prefix="/lab/reports")

NO_STORE = "private, no-store"
TOO_LARGE = (
    "The portfolio report is for up to {limit:,} projects. Download the projects as a CSV "
    "file instead."
)


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    if mimetype == "text/csv":
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = NO_STORE
    return response


@bp.route("")
@lab_or_organiser_required
def index():
    sizes = reports.export_sizes()
    return render_template(
        "lab/reports.html",
        sizes=sizes,
        today=london_today(),
        pdf_too_large=report_pdf.too_large(sizes["projects"]),
        pdf_limit=report_pdf.PDF_PROJECT_LIMIT,
    )


@bp.route("/portfolio.pdf")
@lab_or_organiser_required
def portfolio():
    if report_pdf.too_large(reports.project_count()):
        flash(TOO_LARGE.format(limit=report_pdf.PDF_PROJECT_LIMIT), "important")
        return redirect(url_for("lab_reports.index") + "#portfolio")
    today = london_today()
    return _download(
        report_pdf.portfolio_pdf(today), "application/pdf", report_pdf.portfolio_filename(today)
    )


@bp.route("/projects.csv")
@lab_or_organiser_required
def projects():
    today = london_today()
    return _download(
        report_csv.projects_csv(today), "text/csv", report_csv.filename("projects", today)
    )


@bp.route("/milestones.csv")
@lab_or_organiser_required
def milestones():
    today = london_today()
    return _download(
        report_csv.milestones_csv(today), "text/csv", report_csv.filename("milestones", today)
    )


@bp.route("/readings.csv")
@lab_or_organiser_required
def readings():
    today = london_today()
    return _download(
        report_csv.readings_csv(), "text/csv", report_csv.filename("benefit-readings", today)
    )
