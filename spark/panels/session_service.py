"""The live panel session, the chair's side: the chair's moves (the page is ``chair_page``).

Business rules (the slot states are ``panels.session``):

- The chair sets "now pitching" (a waiting slot becomes pitching; a slot still pitching goes
  back to waiting), opens scoring (the slot becomes the current pitch too), closes it,
  reopens it with a reason, reorders waiting pitches, and reopens one dragon's submitted
  sheet with a reason.
- Opening scoring means the team has pitched: an ``assigned`` pitch becomes ``pitched``
  (``pitches.workflow``, as the chair) when its scoring opens, not when it closes, so the
  record is right even if scoring never closes. A withdrawn or decided pitch cannot be scored.
- Closing scoring leaves draft sheets as drafts: they do not count.
- Two tabs or a double click cannot skip a state: each form carries what the chair saw (the
  slot's state, its position, the "now pitching" position or the sheet's version), and every
  change is a conditional UPDATE on what was read. A lost race is refused with a message;
  nothing changes.
- One transaction each, audited with before and after.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import User
from spark.accounts.tokens import absolute_url
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.outbox import queue_email
from spark.extensions import db
from spark.panels import session, sheet_results
from spark.panels.models import Panel, PanelSlot, ScoreSheet
from spark.panels.panel_reads import running_order
from spark.pitches.models import Pitch
from spark.pitches.service import status_label
from spark.pitches.workflow import Actor, Status, TransitionRefused, check_move

CHANGED = (
    "Someone changed this a moment ago, perhaps in another tab. The page now shows where "
    "each pitch is: check it and try again"
)
SCORABLE = frozenset({Status.ASSIGNED.value, Status.PITCHED.value})


class ChairRefused(Exception):
    """The move was refused; the message says why. ``status`` is the HTTP status to show."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ChangedElsewhere(ChairRefused):
    """Someone (another tab, a double click) changed the record since the chair saw it."""

    status = 409

    def __init__(self, message: str = CHANGED) -> None:
        super().__init__(message)


# The chair's moves -------------------------------------------------------------------------


def _seen(slot: PanelSlot, expected: str | None) -> None:
    """Refuse when the slot is no longer in the state the chair's page showed."""
    if expected and expected != slot.state:
        raise ChangedElsewhere()


def _check(action: session.Action, slot: PanelSlot) -> session.SlotState:
    try:
        return session.check_action(action, slot.state)
    except session.SessionMoveRefused as refused:
        raise ChairRefused(f"{slot.pitch.title}: {refused}") from refused


def _conditional(statement, expected_rows: int = 1) -> None:
    """Run a conditional UPDATE; when it did not match (someone got there first) undo the
    transaction and refuse."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    if result.rowcount != expected_rows:
        db.session.rollback()
        raise ChangedElsewhere()


def _set_state(slot: PanelSlot, target: session.SlotState, **values) -> None:
    _conditional(
        update(PanelSlot)
        .where(PanelSlot.id == slot.id, PanelSlot.state == slot.state)
        .values(state=target.value, **values)
    )


def _set_current(panel: Panel, before: int | None, after: int | None) -> None:
    if before == after:
        return
    seen = Panel.current_position.is_(None) if before is None else Panel.current_position == before
    _conditional(update(Panel).where(Panel.id == panel.id, seen).values(current_position=after))


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ChangedElsewhere() from error
    db.session.expire_all()


def set_now_pitching(
    actor: User, panel: Panel, slot: PanelSlot, *, expected: str | None = None
) -> None:
    """Make ``slot`` the pitch now pitching: the panel's current position becomes its position
    and the waiting slot becomes pitching; a slot still pitching goes back to waiting.
    Audited as 'slot.now_pitching'."""
    _seen(slot, expected)
    slots = running_order(panel)
    try:
        changes = session.now_pitching_changes(
            {each.position: each.state for each in slots}, slot.position
        )
    except session.SessionMoveRefused as refused:
        raise ChairRefused(f"{slot.pitch.title}: {refused}") from refused
    before_current = panel.current_position
    moved = {}
    for each in slots:
        if each.position in changes:
            moved[each.id] = (each.state, changes[each.position].value)
            _set_state(each, changes[each.position])
    _set_current(panel, before_current, slot.position)
    audit.record(
        "slot.now_pitching",
        slot,
        actor=actor,
        before={
            "current_position": before_current,
            "states": {str(id_): old for id_, (old, _new) in moved.items()},
        },
        after={
            "current_position": slot.position,
            "states": {str(id_): new for id_, (_old, new) in moved.items()},
        },
    )
    _commit()


def next_pitch(actor: User, panel: Panel, *, seen_current: int | None) -> PanelSlot:
    """Call the next waiting pitch (``session.next_waiting``) as now pitching. ``seen_current``
    is the "now pitching" position the chair's page showed: a second click finds it moved on
    and is refused instead of skipping a pitch."""
    if seen_current != panel.current_position:
        raise ChangedElsewhere()
    slots = running_order(panel)
    upcoming = session.next_waiting({s.position: s.state for s in slots}, panel.current_position)
    if upcoming is None:
        raise ChairRefused("There are no more pitches waiting in the running order")
    slot = next(each for each in slots if each.position == upcoming)
    set_now_pitching(actor, panel, slot, expected=session.SlotState.WAITING.value)
    return slot


def open_scoring(
    actor: User, panel: Panel, slot: PanelSlot, *, expected: str | None = None
) -> None:
    """Open scoring for a waiting or pitching slot, from now. The team has pitched, so an
    assigned pitch becomes pitched here (not on close), and the slot becomes the panel's
    current pitch (what "now pitching" shows the dragons); a slot still pitching goes back
    to waiting (``session.open_scoring_changes``). Audited as 'slot.scoring_opened' (and
    'pitch.pitched' when the pitch moves)."""
    _seen(slot, expected)
    _check(session.Action.OPEN_SCORING, slot)
    pitch = slot.pitch
    _check_scorable(pitch)
    slots = running_order(panel)
    try:
        changes = session.open_scoring_changes(
            {each.position: each.state for each in slots}, slot.position
        )
    except session.SessionMoveRefused as refused:
        raise ChairRefused(f"{slot.pitch.title}: {refused}") from refused
    target = changes[slot.position]
    before_current = panel.current_position
    before = {"state": slot.state, "pitch_status": pitch.status, "current_position": before_current}
    now = utcnow()
    moved = {}
    for each in slots:
        if each.id != slot.id and each.position in changes:
            moved[str(each.id)] = (each.state, changes[each.position].value)
            _set_state(each, changes[each.position])
    _set_state(slot, target, scoring_opened_at=now, scoring_closed_at=None)
    _set_current(panel, before_current, slot.position)
    if pitch.status == Status.ASSIGNED.value:
        try:
            check_move(Status.ASSIGNED, Status.PITCHED, Actor.CHAIR)
        except TransitionRefused as refused:  # pragma: no cover - the workflow allows it
            db.session.rollback()
            raise ChairRefused(str(refused)) from refused
        pitch.status = Status.PITCHED.value
        pitch.updated_at = now
        audit.record(
            "pitch.pitched",
            pitch,
            actor=actor,
            before={"status": Status.ASSIGNED.value},
            after={"status": Status.PITCHED.value},
        )
    after = {
        "state": target.value,
        "pitch_status": pitch.status,
        "scoring_opened_at": now.isoformat(),
        "current_position": slot.position,
    }
    if moved:
        before["states"] = {id_: old for id_, (old, _new) in moved.items()}
        after["states"] = {id_: new for id_, (_old, new) in moved.items()}
    audit.record("slot.scoring_opened", slot, actor=actor, before=before, after=after)
    _commit()


def _check_scorable(pitch: Pitch) -> None:
    if pitch.status not in SCORABLE:
        raise ChairRefused(
            f"{pitch.title} is {status_label(pitch.status).lower()}, so it cannot be scored"
        )


def close_scoring(
    actor: User, panel: Panel, slot: PanelSlot, *, expected: str | None = None
) -> int:
    """Close scoring for an open slot, from now. Draft sheets stay drafts and do not count.
    Closing with fewer submitted sheets than the quorum is allowed (a dragon may be absent):
    the decision stage applies the quorum. Returns how many sheets were submitted - the
    pitch's tally (``sheet_results.tally_for``): members' sheets, recused members left out,
    the count the chair's page and the dragons' tally show. Audited as
    'slot.scoring_closed'."""
    _seen(slot, expected)
    target = _check(session.Action.CLOSE_SCORING, slot)
    before = slot.state
    now = utcnow()
    _set_state(slot, target, scoring_closed_at=now)
    # Counted after the slot row is updated: a dragon's save holding the row (see
    # ``sheet_service``) has committed by then, so its sheet is counted.
    submitted = sheet_results.tally_for(panel, slot).submitted
    audit.record(
        "slot.scoring_closed",
        slot,
        actor=actor,
        before={"state": before},
        after={"state": target.value, "scoring_closed_at": now.isoformat(), "submitted": submitted},
    )
    _commit()
    return submitted


REASON_MISSING_SCORING = "Enter why you are reopening scoring"
REASON_MISSING_SHEET = "Enter why you are reopening this score sheet"


def reopen_scoring(
    actor: User, panel: Panel, slot: PanelSlot, reason: str, *, expected: str | None = None
) -> None:
    """Reopen scoring for a closed slot, with the reason (required, audited as
    'slot.scoring_reopened'). Dragons who had a sheet when scoring closed can then save and
    submit it again until the chair closes scoring once more; nobody can start a sheet, as
    everyone could read the others' sheets while it was closed (``session``). The time
    scoring closed is kept, so that stays known."""
    reason = (reason or "").strip()
    if not reason:
        raise ChairRefused(REASON_MISSING_SCORING, field="reason")
    _seen(slot, expected)
    target = _check(session.Action.REOPEN_SCORING, slot)
    _check_scorable(slot.pitch)
    before = {"state": slot.state, "scoring_closed_at": _iso(slot.scoring_closed_at)}
    _set_state(slot, target)
    # The slot's row is now held: a decision signed meanwhile has committed, so ask again.
    if db.session.scalar(select(Pitch.status).where(Pitch.id == slot.pitch_id)) not in SCORABLE:
        db.session.rollback()
        raise ChairRefused(
            "The panel’s decision on this pitch has been signed, so its scoring "
            "cannot reopen. Record an amendment instead"
        )
    audit.record(
        "slot.scoring_reopened",
        slot,
        actor=actor,
        before=before,
        after={
            "state": target.value,
            "scoring_closed_at": before["scoring_closed_at"],
            "reason": reason,
        },
    )
    _commit()


def move_slot(
    actor: User, panel: Panel, slot: PanelSlot, direction: str, *, seen_position: int | None
) -> int:
    """Move a waiting slot one place up or down the running order, swapping with its
    neighbour, so positions stay 1..n with no gaps; "now pitching" follows its slot.
    ``seen_position`` is where the chair's page showed the slot: a double click is refused
    rather than moving it twice. Returns the new position. Audited as 'slot.moved'."""
    if seen_position is not None and seen_position != slot.position:
        raise ChangedElsewhere()
    slots = running_order(panel)
    try:
        target = session.reorder_target(slot.state, slot.position, len(slots), direction)
    except session.SessionMoveRefused as refused:
        raise ChairRefused(f"{slot.pitch.title}: {refused}") from refused
    neighbour = next(each for each in slots if each.position == target)
    old = slot.position
    _conditional(
        update(PanelSlot)
        .where(
            PanelSlot.id == slot.id,
            PanelSlot.position == old,
            PanelSlot.state == session.SlotState.WAITING.value,
        )
        .values(position=target)
    )
    _conditional(
        update(PanelSlot)
        .where(PanelSlot.id == neighbour.id, PanelSlot.position == target)
        .values(position=old)
    )
    current = panel.current_position
    _set_current(panel, current, session.follow_swap(current, old, target))
    audit.record(
        "slot.moved",
        slot,
        actor=actor,
        before={"position": old, "swapped_with": neighbour.id},
        after={"position": target},
    )
    _commit()
    return target


def reopen_sheet(
    actor: User,
    panel: Panel,
    sheet: ScoreSheet,
    slot: PanelSlot,
    reason: str,
    *,
    seen_version: int | None = None,
) -> None:
    """Give a dragon's submitted sheet back to them as a draft (submitted time cleared), with
    the reason (required). Only while scoring for the pitch has not closed: reopen scoring
    first. Audited as 'sheet.reopened'; the dragon is emailed the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ChairRefused(REASON_MISSING_SHEET, field="reason")
    if seen_version is not None and seen_version != sheet.version:
        raise ChangedElsewhere()
    refusal = session.sheet_reopen_refusal(slot.state, sheet.status)
    if refusal:
        raise ChairRefused(refusal)
    before = {"status": sheet.status, "submitted_at": _iso(sheet.submitted_at)}
    sheet.status = "draft"
    sheet.submitted_at = None
    pitch, dragon = slot.pitch, sheet.dragon
    audit.record(
        "sheet.reopened",
        sheet,
        actor=actor,
        before=before,
        after={"status": "draft", "submitted_at": None, "reason": reason},
    )
    queue_email(
        kind="sheet_reopened",
        to=dragon.email,
        subject=f"Your score sheet has been reopened: {pitch.title}",
        body="\n\n".join(
            [
                f"Hello {dragon.name},",
                f"{actor.name}, the chair of {panel.name}, has reopened your score sheet for "
                f"‘{pitch.title}’. It is a draft again: you can change it and submit it.",
                f"The chair's reason:\n{reason}",
                f"Your panel page:\n{_panel_link(panel)}",
                "Project Spark!",
            ]
        ),
        name=dragon.name,
        pitch_title=pitch.title,
        panel=panel.name,
        reason=reason,
        link=_panel_link(panel),
    )
    _commit()


def _panel_link(panel: Panel) -> str:
    return absolute_url("panels.show", panel_id=panel.id)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
