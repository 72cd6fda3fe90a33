"""A dragon's score sheets and declared conflicts: the only place that commits them.

Every save is checked again here, whatever the page showed: the dragon sits on the panel,
the pitch is on the panel, the dragon is not recused, the round is not closed, the pitch's
slot allows it (``session.scoring_refusal``), scores are 1 to 5 for the round's criteria and
a submitted sheet has them all with a verdict (``visibility.sheet_problems``). A submitted
sheet is final (the chair may reopen it). One sheet per dragon and pitch is a database
constraint, and the sheet's version an optimistic lock: a save from a page showing an older
version (or racing another save) is refused with both versions, so nothing is lost. The
slot's state is checked once more inside the save's transaction (``_hold_slot``), so a save
racing the chair closing scoring is refused with the reason, not stored after the close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import LEAD, TeamMember, User
from spark.core import audit
from spark.core.audit import utcnow
from spark.extensions import db
from spark.panels import access, session, visibility
from spark.panels.models import (
    Conflict,
    Criterion,
    Panel,
    PanelSlot,
    Score,
    ScoreSheet,
)
from spark.panels.setup_service import criteria_of
from spark.panels.sheet_forms import CONFLICT_REASON_MAX, CONFLICT_REASON_MISSING, PITCH_MISSING
from spark.pitches.models import Pitch

SHEET_FINAL = (
    "You have already submitted your score sheet for this pitch. "
    "Ask the chair if you need to change it"
)
ROUND_CLOSED = "This round is closed. Score sheets can no longer change"
ALREADY_RECUSED = "You are already recused from this pitch"
SLOT_CHANGED = "Scoring for this pitch changed while you were saving. Check the page and try again"


class NotScorable(Exception):
    """The dragon may not see or score this pitch here (not on the panel, or recused): 404."""


class ScoringRefused(Exception):
    """Scoring is not possible now (closed, not open yet, or the sheet is final): the message
    says why, in plain English."""


class SheetProblems(Exception):
    """GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SavedSheet:
    """A sheet as it is stored, for showing beside what was typed."""

    status: str
    verdict: str | None
    reason: str
    scores: dict[int, int | None]
    comments: dict[int, str]
    updated_at: datetime | None
    version: int


class StaleSheet(Exception):
    """The sheet changed since the page was shown: ``saved`` is what is stored now."""

    def __init__(self, saved: SavedSheet) -> None:
        super().__init__("This score sheet was changed somewhere else")
        self.saved = saved


# Loading -----------------------------------------------------------------------------------


def slot_for(panel: Panel, pitch_id: int) -> PanelSlot | None:
    return db.session.scalar(
        select(PanelSlot)
        .where(PanelSlot.panel_id == panel.id, PanelSlot.pitch_id == pitch_id)
        .options(joinedload(PanelSlot.pitch))
    )


def scorable_slot(panel: Panel, pitch_id: int, user: User) -> PanelSlot:
    """The pitch's slot on this panel for a member who is not recused; NotScorable otherwise."""
    slot = slot_for(panel, pitch_id)
    if slot is None or not access.is_member(panel, user):
        raise NotScorable
    if access.recusal_reason(slot.pitch, user) is not None:
        raise NotScorable
    return slot


def team_of(pitch: Pitch) -> list[tuple[str, str, bool]]:
    """The pitch's team as (name, department, is lead), the lead first, in one query."""
    rows = db.session.execute(
        select(User.name, User.department, TeamMember.role)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == pitch.team_id)
        .order_by(TeamMember.role != LEAD, User.name, User.id)
    )
    return [(name, department, role == LEAD) for name, department, role in rows]


def own_sheet(pitch_id: int, user: User) -> ScoreSheet | None:
    return db.session.scalar(
        select(ScoreSheet)
        .where(ScoreSheet.pitch_id == pitch_id, ScoreSheet.dragon_id == user.id)
        .options(selectinload(ScoreSheet.scores))
    )


def sheet_statuses(pitch_ids: list[int], user: User) -> dict[int, str]:
    """Pitch id -> the status of ``user``'s sheet for it, in one query."""
    if not pitch_ids:
        return {}
    rows = db.session.execute(
        select(ScoreSheet.pitch_id, ScoreSheet.status).where(
            ScoreSheet.dragon_id == user.id, ScoreSheet.pitch_id.in_(pitch_ids)
        )
    )
    return {pitch_id: status for pitch_id, status in rows}  # noqa: C416


def saved(sheet: ScoreSheet) -> SavedSheet:
    return SavedSheet(
        status=sheet.status,
        verdict=sheet.verdict,
        reason=sheet.reason or "",
        scores={score.criterion_id: score.score for score in sheet.scores},
        comments={score.criterion_id: score.comment or "" for score in sheet.scores},
        updated_at=sheet.updated_at,
        version=sheet.version,
    )


def _snapshot(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "status": sheet.status,
        "verdict": sheet.verdict,
        "reason": sheet.reason,
        "scores": {str(s.criterion_id): s.score for s in sheet.scores},
        "comments": {str(s.criterion_id): s.comment for s in sheet.scores if s.comment},
    }


# Saving ------------------------------------------------------------------------------------


def _refusal(slot: PanelSlot, sheet: ScoreSheet | None, *, submitting: bool) -> str | None:
    if slot.pitch.round.status == "closed":
        return ROUND_CLOSED
    if sheet is not None and sheet.status == "submitted":
        return SHEET_FINAL
    return session.scoring_refusal(
        slot.state,
        submitting=submitting,
        has_sheet=sheet is not None,
        closed_before=closed_before(slot),
    )


def closed_before(slot: PanelSlot) -> bool:
    """Whether the slot's scoring has closed at least once (it may be open again): the time
    it closed is kept when the chair reopens it (``session``)."""
    return slot.scoring_closed_at is not None


def late_start(slot: PanelSlot, sheet: ScoreSheet | None) -> str | None:
    """The refusal for a dragon with no sheet once scoring has closed before, or None."""
    if sheet is None and closed_before(slot) and slot.state != session.SlotState.CLOSED:
        return session.LATE_START
    return None


def _problems(criteria: list[Criterion], typed: dict[str, Any], submitting: bool) -> None:
    rules = [visibility.CriterionRule(c.id, c.name) for c in criteria]
    answers = visibility.SheetAnswers(
        scores=typed["scores"],
        comments=typed["comments"],
        verdict=typed["verdict"],
        reason=typed["reason"],
    )
    problems = visibility.sheet_problems(rules, answers, submitting=submitting)
    if problems:
        raise SheetProblems(problems)


def _fill(sheet: ScoreSheet, criteria: list[Criterion], typed: dict[str, Any]) -> None:
    by_criterion = {score.criterion_id: score for score in sheet.scores}
    for criterion in criteria:
        value = visibility.parse_score(typed["scores"].get(criterion.id))
        comment = typed["comments"].get(criterion.id) or ""
        score = by_criterion.get(criterion.id)
        if score is None:
            sheet.scores.append(Score(criterion_id=criterion.id, score=value, comment=comment))
        else:
            score.score, score.comment = value, comment
    sheet.verdict = typed["verdict"] or None
    sheet.reason = typed["reason"]
    sheet.updated_at = utcnow()  # always changes the row, so its version moves on


def _stale(pitch_id: int, user: User) -> StaleSheet | ScoringRefused:
    """After a lost race: what is stored now, or 'final' when the other save submitted."""
    db.session.rollback()
    sheet = own_sheet(pitch_id, user)
    if sheet is None:  # the other save was undone too; ask the dragon to try again
        return ScoringRefused("Your score sheet could not be saved. Try again")
    if sheet.status == "submitted":
        return ScoringRefused(SHEET_FINAL)
    return StaleSheet(saved(sheet))


def _hold_slot(slot: PanelSlot, *, submitting: bool, new_sheet: bool) -> None:
    """Check the slot again inside the save's transaction, atomically: a conditional UPDATE
    of the slot row that matches only while it still allows this save (the states
    ``session.may_submit`` / ``may_save_draft`` allow; for a new sheet, scoring never closed).
    It also locks the row until the save commits, so the chair's close waits for it
    (PostgreSQL row lock; SQLite serialises writers). When the chair got there first, nothing
    is saved and the dragon is told why (ScoringRefused), never an error page."""
    allows = session.may_submit if submitting else session.may_save_draft
    conditions = [
        PanelSlot.id == slot.id,
        PanelSlot.state.in_([state.value for state in session.SlotState if allows(state)]),
    ]
    if new_sheet:
        conditions.append(PanelSlot.scoring_closed_at.is_(None))
    result = db.session.execute(
        update(PanelSlot)
        .where(*conditions)
        .values(state=PanelSlot.state)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        return
    db.session.rollback()
    db.session.refresh(slot)
    refusal = session.scoring_refusal(
        slot.state,
        submitting=submitting,
        has_sheet=not new_sheet,
        closed_before=closed_before(slot),
    )
    raise ScoringRefused(refusal or SLOT_CHANGED)


def save_sheet(
    panel: Panel,
    pitch_id: int,
    user: User,
    typed: dict[str, Any],
    *,
    submitting: bool,
    expected_version: int | None,
) -> ScoreSheet:
    """Save the dragon's sheet as a draft, or submit it. ``typed`` holds ``scores`` and
    ``comments`` (by criterion id), ``verdict`` and ``reason``; ``expected_version`` is the
    version the page showed (None when it showed no sheet).

    Raises NotScorable (404), ScoringRefused (400 with the reason), StaleSheet (409) or
    SheetProblems (400). Audited as 'sheet.saved' or 'sheet.submitted'.
    """
    slot = scorable_slot(panel, pitch_id, user)
    sheet = own_sheet(pitch_id, user)
    refusal = _refusal(slot, sheet, submitting=submitting)
    if refusal:
        raise ScoringRefused(refusal)
    if sheet is not None and expected_version != sheet.version:
        raise StaleSheet(saved(sheet))
    criteria = criteria_of(slot.pitch.round_id)
    _problems(criteria, typed, submitting)
    _hold_slot(slot, submitting=submitting, new_sheet=sheet is None)

    before = _snapshot(sheet) if sheet is not None else None
    if sheet is None:
        sheet = ScoreSheet(pitch_id=pitch_id, dragon_id=user.id, status="draft")
        db.session.add(sheet)
    _fill(sheet, criteria, typed)
    if submitting:
        sheet.status = "submitted"
        sheet.submitted_at = utcnow()
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError) as error:
        raise _stale(pitch_id, user) from error
    audit.record(
        "sheet.submitted" if submitting else "sheet.saved",
        sheet,
        actor=user,
        before=before,
        after=_snapshot(sheet),
    )
    db.session.commit()
    return sheet


# Declaring a conflict ----------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """A declared conflict, and the status of the sheet the dragon had left (kept, but no
    longer counted)."""

    pitch_title: str
    sheet_status: str | None = None


def declare_conflict(panel: Panel, user: User, pitch_id: int, reason: str) -> Declared:
    """Record that the dragon has a conflict with a pitch on their panel. From now on they
    are recused: they cannot open or score the pitch nor see others' sheets for it. A sheet
    they already had is kept but no longer counts in the tally. Audited as
    'conflict.declared'."""
    reason = (reason or "").strip()
    slot = slot_for(panel, pitch_id)
    if slot is None or not access.is_member(panel, user):
        raise SheetProblems({"pitch": PITCH_MISSING})
    if access.recusal_reason(slot.pitch, user) is not None:
        raise SheetProblems({"pitch": ALREADY_RECUSED})
    if not reason:
        raise SheetProblems({"reason": CONFLICT_REASON_MISSING})
    if len(reason) > CONFLICT_REASON_MAX:
        raise SheetProblems({"reason": f"Reason must be {CONFLICT_REASON_MAX} characters or fewer"})
    sheet_status = sheet_statuses([pitch_id], user).get(pitch_id)
    conflict = Conflict(pitch_id=pitch_id, user_id=user.id, reason=reason)
    db.session.add(conflict)
    try:
        db.session.flush()
    except IntegrityError as error:  # declared twice at once: the first one stands
        db.session.rollback()
        raise SheetProblems({"pitch": ALREADY_RECUSED}) from error
    audit.record(
        "conflict.declared",
        conflict,
        actor=user,
        after={"pitch_id": pitch_id, "panel_id": panel.id, "reason": reason, "sheet": sheet_status},
    )
    db.session.commit()
    return Declared(pitch_title=slot.pitch.title, sheet_status=sheet_status)
