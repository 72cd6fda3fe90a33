"""The pitch page of the 'panels' blueprint: all of a pitch's material beside the dragon's
score sheet, and - once allowed - every dragon's sheet with the running tally.

404 when the pitch is not on this panel or the dragon is recused from it. Refusals (scoring
closed or not open yet, a submitted sheet, missing scores) are GOV.UK errors on the page with
status 400; a save from an out-of-date page is 409 with both versions shown.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from spark.accounts.views import show_problems
from spark.panels import session, sheet_results, sheet_service
from spark.panels.access import panel_member_required
from spark.panels.models import Criterion, Panel, ScoreSheet
from spark.panels.session import LABELS, SlotState
from spark.panels.setup_service import criteria_of
from spark.panels.sheet_forms import ScoreSheetForm, sheet_form
from spark.panels.views import bp
from spark.panels.visibility import VERDICTS, comment_field, score_field
from spark.pitches import checks
from spark.pitches import service as pitch_service
from spark.pitches.sections import TEXT_SECTIONS


def _initial(sheet: ScoreSheet | None) -> dict[str, Any]:
    if sheet is None:
        return {"version": None}
    data: dict[str, Any] = {
        "version": sheet.version,
        "verdict": sheet.verdict,
        "reason": sheet.reason,
    }
    for score in sheet.scores:
        data[score_field(score.criterion_id)] = None if score.score is None else str(score.score)
        data[comment_field(score.criterion_id)] = score.comment
    return data


def _done_message(title: str, submitting: bool) -> str:
    if submitting:
        return (
            f"You have submitted your score sheet for ‘{title}’. "
            "You can now see the other dragons’ sheets as they submit them"
        )
    return f"Your draft score sheet for ‘{title}’ has been saved"


def _save(panel: Panel, pitch_id: int, form: ScoreSheetForm, criteria: list[Criterion]):
    """Try the save: a redirect when done, or (status, refusal, stale) for the page."""
    submitting = form.submitting
    try:
        sheet_service.save_sheet(
            panel,
            pitch_id,
            current_user,
            form.typed(criteria),
            submitting=submitting,
            expected_version=form.version.data,
        )
    except sheet_service.NotScorable:
        abort(404)
    except sheet_service.ScoringRefused as refused:
        return 400, str(refused), None
    except sheet_service.StaleSheet as stale:
        form.version.data = stale.saved.version
        return 409, None, stale.saved
    except sheet_service.SheetProblems as refused:
        show_problems(form, refused.problems)
        return 400, refused.problems.get("sheet"), None
    slot = sheet_service.slot_for(panel, pitch_id)
    flash(_done_message(slot.pitch.title if slot else "this pitch", submitting), "success")
    return redirect(url_for("panels.pitch", panel_id=panel.id, pitch_id=pitch_id))


@bp.route("/<int:panel_id>/pitches/<int:pitch_id>", methods=["GET", "POST"])
@panel_member_required
def pitch(panel: Panel, pitch_id: int):
    try:
        slot = sheet_service.scorable_slot(panel, pitch_id, current_user)
    except sheet_service.NotScorable:
        abort(404)
    criteria = criteria_of(slot.pitch.round_id)
    form_class = sheet_form(criteria)
    sheet = sheet_service.own_sheet(pitch_id, current_user)
    status, refusal, stale = 200, None, None
    if request.method == "POST":
        form = form_class()
        if form.validate():
            outcome = _save(panel, pitch_id, form, criteria)
            if not isinstance(outcome, tuple):
                return outcome
            status, refusal, stale = outcome
            sheet = sheet_service.own_sheet(pitch_id, current_user)
        else:
            status = 400
    else:
        form = form_class(data=_initial(sheet))
    round_closed = slot.pitch.round.status == "closed"
    late = sheet_service.late_start(slot, sheet)
    editable = (
        (sheet is None or sheet.status != "submitted")
        and session.may_save_draft(slot.state)
        and not round_closed
        and late is None
    )
    report = pitch_service.shown_report(slot.pitch)
    return render_template(
        "panels/pitch.html",
        panel=panel,
        slot=slot,
        pitch=slot.pitch,
        state_label=LABELS[SlotState(slot.state)],
        criteria=criteria,
        form=form,
        sheet=sheet,
        own_saved=sheet_service.saved(sheet) if sheet is not None else None,
        show_form=editable or request.method == "POST",
        round_closed=round_closed,
        late=late,
        refusal=refusal,
        stale=stale,
        verdicts=VERDICTS,
        results=sheet_results.results_for(panel, slot, current_user, criteria),
        files=checks.main_files(slot.pitch),
        report=report,
        report_text=pitch_service.report_sentence(report),
        sections=TEXT_SECTIONS,
        team=sheet_service.team_of(slot.pitch),
    ), status
