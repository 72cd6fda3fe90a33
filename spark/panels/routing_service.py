"""Routing use cases: organisers put a round's eligible pitches on its panels, by hand or
automatically, and take them off again. The conflicts register is ``conflict_service``.

Business rules (the placing rules themselves are in ``panels.routing``):

- Only the round's pitches that are eligible and on no panel can be routed, only to the
  round's panels, and not once the round is closed.
- A pitch goes on a panel only where at least the round's quorum of dragons (from its
  judging settings; the chair counts) are free of conflict with it, whether placed by hand
  or automatically. Conflicts are the detected ones and the declared ones
  (``panels.access.recusals``).
- A routed pitch joins the end of the panel's running order and moves eligible -> assigned
  (``pitches.workflow``, as an organiser). Each placement is audited as 'pitch.routed' and
  the team is emailed the panel, its time and place.
- Automatic routing is previewed first. Applying works the plan out again and applies it
  only if it is the plan that was previewed; if anything changed meanwhile it is refused
  with the new plan (``StalePlan``). The whole plan is one transaction.
- A pitch comes off its panel (back to eligible, audited as 'pitch.unrouted', the team is
  emailed) only while no dragon has a score sheet for it and the chair has not called it;
  the pitches after it move up the running order. A pitch its team withdraws comes off
  its panel at once, whatever its state (``unroute_withdrawn``); its sheets stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import User
from spark.core import audit
from spark.core.filters import govuk_datetime
from spark.extensions import db
from spark.panels import routing
from spark.panels.access import members_by_panel, recusals
from spark.panels.models import Panel, PanelSlot
from spark.panels.rules import Refusal
from spark.panels.setup_service import quorum_of, started_sheets
from spark.pitches.models import Pitch, Round
from spark.pitches.rules import RoundStatus
from spark.pitches.service import email_team
from spark.pitches.workflow import Actor, Status, TransitionRefused, check_move

CHOOSE_PANEL = "Select a panel for this pitch"
ROUND_CLOSED = "This round is closed, so pitches cannot be routed or moved"
CHANGED = "Someone else changed this pitch or panel a moment ago. Check the routing again"


class RoutingRefused(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems.values()))
        self.problems = problems


class StalePlan(Exception):
    """The plan changed since it was previewed; ``plan`` is the plan as it is now."""

    def __init__(self, plan: routing.Plan) -> None:
        super().__init__("The routing plan has changed")
        self.plan = plan


@dataclass(frozen=True)
class PanelChoice:
    """A panel as the assign page offers it: how many dragons are free of conflict."""

    panel: Panel
    dragons: int  # the chair included
    free: int
    refusal: str | None


def is_closed(round_: Round) -> bool:
    return round_.status == RoundStatus.CLOSED.value


def panels(round_: Round) -> list[Panel]:
    """The round's panels, the soonest first, with their chairs and running orders (their
    dragons: ``dragons``)."""
    return list(
        db.session.scalars(
            select(Panel)
            .where(Panel.round_id == round_.id)
            .options(
                selectinload(Panel.chair),
                selectinload(Panel.slots).selectinload(PanelSlot.pitch).selectinload(Pitch.team),
            )
            .order_by(Panel.starts_at, Panel.name, Panel.id)
        )
    )


def unrouted(round_: Round) -> list[Pitch]:
    """The round's eligible pitches on no panel, in reference order (as submitted)."""
    on_a_panel = exists().where(PanelSlot.pitch_id == Pitch.id)
    return list(
        db.session.scalars(
            select(Pitch)
            .where(
                Pitch.round_id == round_.id,
                Pitch.status == Status.ELIGIBLE.value,
                ~on_a_panel,
            )
            .options(selectinload(Pitch.team))
            .order_by(Pitch.id)
        )
    )


def scored_pitch_ids(pitch_ids: list[int]) -> set[int]:
    """Which of these pitches scoring has started on (``setup_service.started_sheets``)."""
    if not pitch_ids:
        return set()
    return {pitch_id for pitch_id, _dragon in db.session.execute(started_sheets(pitch_ids))}


def dragons(panels_: list[Panel]) -> dict[int, list[User]]:
    """Each panel's dragons by panel id, the chair included, by name
    (``access.members_by_panel``)."""
    return members_by_panel(panels_)


def _routing_panel(panel: Panel, crew: list[User]) -> routing.RoutingPanel:
    return routing.RoutingPanel(
        panel.id, panel.name, frozenset(user.id for user in crew), len(panel.slots)
    )


def _conflicts(pitch_ids: list[int], crews: dict[int, list[User]]) -> set[tuple[int, int]]:
    users = {user.id: user for crew in crews.values() for user in crew}
    return set(recusals(pitch_ids, users.values()))


def plan(round_: Round) -> routing.Plan:
    """What automatic routing would do now."""
    pitches, panels_ = unrouted(round_), panels(round_)
    crews = dragons(panels_)
    return routing.plan_routing(
        [routing.RoutingPitch(pitch.id, pitch.title) for pitch in pitches],
        [_routing_panel(panel, crews[panel.id]) for panel in panels_],
        _conflicts([pitch.id for pitch in pitches], crews),
        quorum_of(round_.id),
    )


def panel_choices(round_: Round, pitch: Pitch) -> list[PanelChoice]:
    """Every panel of the round with its dragons free of conflict with ``pitch``."""
    panels_ = panels(round_)
    crews = dragons(panels_)
    conflicts = _conflicts([pitch.id], crews)
    needed = quorum_of(round_.id)
    choices = []
    for panel in panels_:
        routing_panel = _routing_panel(panel, crews[panel.id])
        choices.append(
            PanelChoice(
                panel,
                len(crews[panel.id]),
                routing.free_dragons(routing_panel, pitch.id, conflicts),
                routing.assignment_refusal(pitch.id, routing_panel, conflicts, needed),
            )
        )
    return choices


def routable_pitch(round_: Round, pitch_id: int) -> Pitch | None:
    """The round's pitch if it is eligible and on no panel, else None."""
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or pitch.round_id != round_.id or pitch.status != Status.ELIGIBLE.value:
        return None
    on_a_panel = db.session.scalar(select(PanelSlot.id).where(PanelSlot.pitch_id == pitch.id))
    return None if on_a_panel is not None else pitch


def slot_of(round_: Round, pitch_id: int) -> PanelSlot | None:
    """The running-order slot of the round's pitch, if it is on one of the round's panels."""
    return db.session.scalar(
        select(PanelSlot)
        .join(Panel, Panel.id == PanelSlot.panel_id)
        .where(PanelSlot.pitch_id == pitch_id, Panel.round_id == round_.id)
    )


def _next_position(panel: Panel) -> int:
    last = db.session.scalar(
        select(func.max(PanelSlot.position)).where(PanelSlot.panel_id == panel.id)
    )
    return (last or 0) + 1


def _when_and_where(panel: Panel) -> str:
    place = f", {panel.place}" if panel.place else ""
    return f"{panel.name} on {govuk_datetime(panel.starts_at)}{place}"


def _route(actor: User, pitch: Pitch, panel: Panel, position: int, how: str, why: str) -> None:
    check_move(Status(pitch.status), Status.ASSIGNED, Actor.ORGANISER)
    db.session.add(PanelSlot(panel_id=panel.id, pitch_id=pitch.id, position=position))
    pitch.status = Status.ASSIGNED.value
    audit.record(
        "pitch.routed",
        pitch,
        actor=actor,
        before={"status": Status.ELIGIBLE.value},
        after={
            "status": pitch.status,
            "panel_id": panel.id,
            "panel": panel.name,
            "position": position,
            "how": how,
            "reason": why,
        },
    )
    email_team(
        pitch,
        "pitch_routed",
        f"Your pitch has a panel: {pitch.title} ({pitch.reference})",
        [
            f"Your pitch ‘{pitch.title}’ will be heard by {_when_and_where(panel)}.",
            f"Your team is number {position} in {panel.name}'s running order. The chair "
            "will call you when it is your turn.",
        ],
    )


def _commit() -> None:
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        raise RoutingRefused({"panel": CHANGED}) from error


def assign(actor: User, round_: Round, pitch_id: int, panel_id: int | None) -> Panel:
    """Put one eligible pitch at the end of a panel's running order, by hand. Refused when
    the panel has fewer than the quorum of dragons free of conflict with the pitch."""
    if is_closed(round_):
        raise RoutingRefused({"panel": ROUND_CLOSED})
    pitch = routable_pitch(round_, pitch_id)
    if pitch is None:
        raise RoutingRefused({"panel": "This pitch is no longer waiting for a panel"})
    panel = db.session.get(Panel, panel_id) if panel_id is not None else None
    if panel is None or panel.round_id != round_.id:
        raise RoutingRefused({"panel": CHOOSE_PANEL})
    crews = dragons([panel])
    conflicts = _conflicts([pitch.id], crews)
    refusal = routing.assignment_refusal(
        pitch.id, _routing_panel(panel, crews[panel.id]), conflicts, quorum_of(round_.id)
    )
    if refusal:
        raise RoutingRefused({"panel": refusal})
    try:
        _route(actor, pitch, panel, _next_position(panel), "by hand", "Chosen by an organiser")
    except TransitionRefused as refused:
        raise RoutingRefused({"panel": str(refused)}) from refused
    _commit()
    return panel


def apply_plan(actor: User, round_: Round, previewed: str) -> routing.Plan:
    """Apply automatic routing, if it is still the plan the organiser previewed (its
    ``fingerprint``); otherwise raise StalePlan with the plan as it is now. One commit."""
    if is_closed(round_):
        raise RoutingRefused({"plan": ROUND_CLOSED})
    current = plan(round_)
    if current.fingerprint() != previewed:
        raise StalePlan(current)
    if not current.placements:
        raise RoutingRefused({"plan": "There are no pitches that can be routed"})
    pitches = {pitch.id: pitch for pitch in unrouted(round_)}
    by_id = {panel.id: panel for panel in panels(round_)}
    positions = {panel_id: _next_position(panel) for panel_id, panel in by_id.items()}
    try:
        for placement in current.placements:
            panel = by_id[placement.panel_id]
            _route(
                actor,
                pitches[placement.pitch_id],
                panel,
                positions[panel.id],
                "automatically",
                placement.reason,
            )
            positions[panel.id] += 1
    except TransitionRefused as refused:  # pragma: no cover - unrouted() lists eligible only
        db.session.rollback()
        raise StalePlan(plan(round_)) from refused
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        raise StalePlan(plan(round_)) from error
    return current


def removal_refusals(slots: list[PanelSlot]) -> dict[int, Refusal | None]:
    """Why each of these pitches cannot come off its panel now (None when it can), by pitch
    id, in one query: not once the round is closed, nor once a dragon has started a score
    sheet for it, nor once the chair has called it. The hint says which of the last two
    holds, even in a closed round."""
    scored = scored_pitch_ids([slot.pitch_id for slot in slots])
    refusals: dict[int, Refusal | None] = {}
    for slot in slots:
        refusal = None
        if slot.pitch_id in scored:
            refusal = Refusal(
                f"You cannot take this pitch off {slot.panel.name} because a dragon has "
                "started a score sheet for it",
                "Scoring started",
            )
        elif slot.state != "waiting" or slot.pitch.status != Status.ASSIGNED.value:
            refusal = Refusal(
                f"You cannot take this pitch off {slot.panel.name} because the chair has "
                "already called it",
                "Called by the chair",
            )
        if is_closed(slot.panel.round):
            refusal = Refusal(ROUND_CLOSED, refusal.hint if refusal else "")
        refusals[slot.pitch_id] = refusal
    return refusals


def removal_refusal(slot: PanelSlot) -> str | None:
    """Why the pitch cannot come off its panel now, or None (``removal_refusals``)."""
    refusal = removal_refusals([slot])[slot.pitch_id]
    return refusal.message if refusal else None


def _take_off(slot: PanelSlot) -> None:
    """Delete the slot: the pitches after it move up one place, and the panel's "now
    pitching" follows its pitch (``routing.current_after_removal``). No commit."""
    panel, position = slot.panel, slot.position
    db.session.delete(slot)
    db.session.flush()
    for later in db.session.scalars(
        select(PanelSlot).where(PanelSlot.panel_id == panel.id, PanelSlot.position > position)
    ):
        later.position -= 1
    panel.current_position = routing.current_after_removal(panel.current_position, position)


def unroute_withdrawn(actor: User, pitch: Pitch) -> None:
    """A team withdrew ``pitch``: take it off its panel, if it is on one, whatever the slot's
    state, so dragons can no longer score it and the chair cannot call it. Audited as
    'pitch.unrouted'. Score sheets already on it stay (they are history). No email (the
    team's withdrawal emails them) and no commit: this runs inside the withdrawal's
    transaction."""
    slot = db.session.scalar(select(PanelSlot).where(PanelSlot.pitch_id == pitch.id))
    if slot is None:
        return
    panel_id, position = slot.panel_id, slot.position
    _take_off(slot)
    audit.record(
        "pitch.unrouted",
        pitch,
        actor=actor,
        before={"status": Status.ASSIGNED.value, "panel_id": panel_id, "position": position},
        after={"status": pitch.status, "reason": "withdrawn by the team"},
    )


def remove(actor: User, slot: PanelSlot) -> None:
    """Take a pitch off its panel: back to eligible, the pitches after it move up."""
    refusal = removal_refusal(slot)
    if refusal:
        raise RoutingRefused({"pitch": refusal})
    pitch, panel, position = slot.pitch, slot.panel, slot.position
    check_move(Status(pitch.status), Status.ELIGIBLE, Actor.ORGANISER)
    _take_off(slot)
    pitch.status = Status.ELIGIBLE.value
    audit.record(
        "pitch.unrouted",
        pitch,
        actor=actor,
        before={"status": Status.ASSIGNED.value, "panel_id": panel.id, "position": position},
        after={"status": pitch.status},
    )
    email_team(
        pitch,
        "pitch_unrouted",
        f"Your pitch has moved off its panel: {pitch.title} ({pitch.reference})",
        [
            f"Your pitch ‘{pitch.title}’ will no longer be heard by {_when_and_where(panel)}.",
            "We will email your team again when it has a new panel.",
        ],
    )
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise RoutingRefused({"pitch": CHANGED}) from error
