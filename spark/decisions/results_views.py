"""Blueprint 'results': a round's results page and its CSV, for organisers and chairs.

Organisers, and the chair of any panel in the round, may open them; anyone else signed in
gets 404 (so a round's results are not revealed), and someone signed out goes to sign-in.
An organiser sees the whole round; a chair only the panels they chair, without the scores
and decision of a pitch they are recused from (``results_service.round_results``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user

from spark.extensions import db, login_manager
from spark.pitches.models import Round

from . import chart, results_csv, results_service

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("results", __name__, url_prefix="/rounds/<int:round_id>")

ORDER_LINKS = (
    ("panel", "Panel and running order"),
    ("mean", "Mean score"),
    ("normalised", "Normalised score"),
)


def round_results_required(view: F) -> F:
    """Organisers and the round's chairs; 404 for anyone else signed in. Passes ``round_``
    to the view instead of ``round_id``."""

    @wraps(view)
    def wrapped(*args: Any, round_id: int, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        round_ = db.session.get(Round, round_id)
        if round_ is None or not results_service.may_see_results(round_.id, current_user):
            abort(404)
        return view(*args, round_=round_, **kwargs)

    wrapped.permission = "round:results"  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def _back_link(round_: Round) -> dict[str, str]:
    if current_user.has_role("organiser"):
        return {"href": url_for("rounds.show", round_id=round_.id), "text": "Back to the round"}
    return {"href": url_for("panels.index"), "text": "Back to your panels"}


@bp.route("/results")
@round_results_required
def show(round_: Round):
    order = request.args.get("order", "panel")
    if order not in results_service.ORDERS:
        order = "panel"
    found = results_service.round_results(round_, current_user, order)
    return render_template(
        "decisions/round-results.html",
        round=round_,
        results=found,
        order=order,
        order_links=ORDER_LINKS,
        chart=chart.calibration_chart(found.calibration),
        chart_summary=chart.chart_summary(found.calibration),
        two_places=chart.two_places,
        signed=chart.signed_two_places,
        back_link=_back_link(round_),
    )


@bp.route("/results.csv")
@round_results_required
def download(round_: Round):
    found = results_service.round_results(round_, current_user)
    response = Response(results_csv.results_csv(found), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{results_csv.csv_filename(round_)}"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
