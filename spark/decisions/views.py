"""Blueprint 'decisions': the chair records, changes, signs and amends the panel's decision on
each pitch of their panel.

- ``/<pitch_id>``: the decision page - the panel's named votes, the sheets, the rule's result,
  and the form to record the decision or change it until it is signed; its history.
- ``/<pitch_id>/sign``: check and sign the recorded decision (or amendment).
- ``/<pitch_id>/amend``: start an amendment of the signed decision in force, with a reason.

Only the panel's chair: everyone else (its other dragons, organisers, the team) gets 404 on
every route, GET or POST, as for a pitch not on the panel. A chair recused from the pitch (a
conflict, declared or found) gets a notice on every route instead, with nothing of its sheets,
votes or decisions and no form; anything they post is refused (403).

A POST with form errors (an amount that does not read as pounds) is shown again at once
(400). Otherwise it goes through ``service``, which refuses a signed decision's change (409),
a stale page (409: the amendment form names the decision in force it showed) or answers with
problems (400, shown on the form with everything typed kept).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from spark.accounts.views import show_problems
from spark.decisions import decision_page, recording, service
from spark.decisions.forms import DecisionForm, SignForm
from spark.decisions.service import DecisionProblems, DecisionRefused
from spark.panels import access
from spark.panels.access import panel_chair_required
from spark.panels.models import Panel, PanelSlot

bp = Blueprint("decisions", __name__, url_prefix="/panels/<int:panel_id>/decisions")

RECORDED = "Decision recorded. Check it, then sign it"
AMENDMENT_RECORDED = "Amendment recorded. Check it, then sign it"
SIGNED = "Decision signed. The team has been emailed"
AMEND_BUTTON = "Record the amendment"
NOTHING_TO_SIGN = "There is no recorded decision to sign on this pitch"
NOTHING_TO_AMEND = "Only a signed decision can be amended, and only one amendment at a time"
RECUSED = (
    "You are recused from this pitch ({reason}), so you cannot see its score sheets or record "
    "its decision. Ask an organiser to move the pitch to another panel."
)


def _slot_or_404(panel: Panel, pitch_id: int) -> PanelSlot:
    slot = decision_page.slot_of(panel, pitch_id)
    if slot is None:
        abort(404)
    return slot


def _recused(panel: Panel, slot: PanelSlot) -> Response | None:
    """The page for a chair recused from the pitch (a conflict, declared or found): a notice
    and nothing of the sheets, the votes or the forms; 403 for anything posted, which is
    never passed on (the service refuses it too)."""
    reason = access.recusal_reason(slot.pitch, current_user)
    if reason is None:
        return None
    page = render_template(
        "decisions/decision-recused.html",
        panel=panel,
        pitch=slot.pitch,
        notice=RECUSED.format(reason=reason),
        status=decision_page.statuses([slot.pitch_id])[slot.pitch_id].text,
        control_url=url_for("chair.control", panel_id=panel.id),
        **decision_page.WORDS,
    )
    return make_response(page, 403 if request.method == "POST" else 200)


def _url(panel: Panel, slot: PanelSlot, endpoint: str = "decisions.decision", **args: Any):
    return url_for(endpoint, panel_id=panel.id, pitch_id=slot.pitch_id, **args)


def _render(template: str, page: decision_page.DecisionPage, status: int = 200, **context: Any):
    context.setdefault("form", None)
    context.setdefault("problem", None)
    if context["form"] is not None and context["form"].errors and status == 200:
        status = 400
    return render_template(
        template,
        page=page,
        panel=page.panel,
        pitch=page.pitch,
        departs_flag=recording.DEPARTS_FLAG,
        control_url=url_for("chair.control", panel_id=page.panel.id),
        **decision_page.WORDS,
        **context,
    ), (context["problem"].status if context["problem"] else status)


def _save(form: DecisionForm, act) -> DecisionRefused | None:
    """Run ``act(details)`` (a service call) on what was typed, once the form itself has no
    errors (an amount that does not read as pounds: the view shows them first, 400); the
    service's problems go on the form's fields; a refusal comes back."""
    if not form.validate():
        return None
    try:
        act(form.details())
    except DecisionProblems as problems:
        show_problems(form, problems.problems)
    except DecisionRefused as refused:
        if refused.field and refused.field in form:
            show_problems(form, {refused.field: str(refused)})
        return refused
    return None


@bp.route("/<int:pitch_id>", methods=["GET", "POST"])
@panel_chair_required
def decision(panel: Panel, pitch_id: int):
    slot = _slot_or_404(panel, pitch_id)
    if (recused := _recused(panel, slot)) is not None:
        return recused
    page = decision_page.page(panel, slot)
    form = DecisionForm().offer(page.outcomes)
    problem = None
    if form.is_submitted():
        problem = _save(
            form,
            lambda details: service.record(
                current_user, panel, slot, details, seen_version=form.seen()
            ),
        )
        if problem is None and not form.errors:
            flash(RECORDED, "success")
            return redirect(_url(panel, slot))
        page = decision_page.page(panel, slot)  # as it is now, beside what was typed
        if problem is not None and str(problem) == service.SIGNED_ALREADY and page.may_amend:
            # Signed meanwhile (another tab): what was typed can start an amendment.
            form.submit.label.text = AMEND_BUTTON
            form.seen_decision.data = str(page.in_force.id)
            return _render(
                "decisions/decision-amend.html", page, form=form, problem=problem, amending=True
            )
    elif page.draft is not None:
        form.fill(page.draft)
    else:
        form.dissent.data = page.prefilled_dissent
    # The form shows while nothing is signed, or to change the unsigned decision.
    changing = form.is_submitted() or page.draft is None or "change" in request.args
    show_form = page.closed and changing and (page.draft is not None or page.in_force is None)
    return _render(
        "decisions/decision.html",
        page,
        form=form if show_form else None,
        problem=problem,
        amending=page.draft is not None and page.draft.supersedes_id is not None,
    )


@bp.route("/<int:pitch_id>/sign", methods=["GET", "POST"])
@panel_chair_required
def sign(panel: Panel, pitch_id: int):
    slot = _slot_or_404(panel, pitch_id)
    if (recused := _recused(panel, slot)) is not None:
        return recused
    page = decision_page.page(panel, slot)
    form = SignForm()
    problem = None
    if form.is_submitted():
        try:
            service.sign(current_user, panel, slot, seen_version=form.seen())
        except DecisionRefused as refused:
            problem = refused
            page = decision_page.page(panel, slot)
        else:
            flash(SIGNED, "success")
            return redirect(_url(panel, slot))
    elif page.draft is None or not page.closed:
        flash(NOTHING_TO_SIGN if page.closed else service.NOT_CLOSED, "error")
        return redirect(_url(panel, slot))
    if page.draft is not None:
        form.seen_version.data = str(page.draft.version)
    return _render("decisions/decision-sign.html", page, form=form, problem=problem)


@bp.route("/<int:pitch_id>/amend", methods=["GET", "POST"])
@panel_chair_required
def amend(panel: Panel, pitch_id: int):
    slot = _slot_or_404(panel, pitch_id)
    if (recused := _recused(panel, slot)) is not None:
        return recused
    page = decision_page.page(panel, slot)
    form = DecisionForm().offer(page.outcomes)
    form.submit.label.text = AMEND_BUTTON
    problem = None
    if form.is_submitted():
        problem = _save(
            form,
            lambda details: service.amend(
                current_user, panel, slot, details, seen_decision_id=form.seen_decision_id()
            ),
        )
        if problem is None and not form.errors:
            flash(AMENDMENT_RECORDED, "success")
            return redirect(_url(panel, slot))
        page = decision_page.page(panel, slot)
        if problem is not None and page.in_force is not None:
            # Beside what was typed the page shows the decision in force now: it amends that.
            form.seen_decision.data = str(page.in_force.id)
    elif not page.may_amend:
        flash(NOTHING_TO_AMEND if page.closed else service.NOT_CLOSED, "error")
        return redirect(_url(panel, slot))
    else:
        form.fill(page.in_force, version=False)
    return _render("decisions/decision-amend.html", page, form=form, problem=problem, amending=True)
