"""Reading a round's panels: the list with its counts, one panel, its members, the running
order every panel page reads, who has started scoring, and why a member cannot be removed.
Read only; ``panel_service`` makes the changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from spark.extensions import db
from spark.panels import access, routing
from spark.panels.models import Panel, PanelMember, PanelSlot
from spark.panels.rules import Refusal
from spark.panels.session import SlotState
from spark.panels.setup_service import quorum_of, started_sheets
from spark.pitches.models import Pitch, Round

REMOVE_CHAIR = "You cannot remove the chair. Make someone else the chair first"


@dataclass(frozen=True)
class PanelRow:
    """A panel in a round's list, with its counts."""

    panel: Panel
    dragons: int
    pitches: int


def panels_of_round(round_: Round) -> list[PanelRow]:
    """The round's panels, the soonest first, with how many dragons (the chair included) and
    pitches each has, in two queries."""
    dragons = (
        select(func.count(PanelMember.id))
        .where(PanelMember.panel_id == Panel.id)
        .correlate(Panel)
        .scalar_subquery()
    )
    pitches = (
        select(func.count(PanelSlot.id))
        .where(PanelSlot.panel_id == Panel.id)
        .correlate(Panel)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Panel, dragons, pitches)
        .where(Panel.round_id == round_.id)
        .options(selectinload(Panel.chair))
        .order_by(Panel.starts_at, func.lower(Panel.name), Panel.id)
    ).all()
    return [PanelRow(panel, dragon_count, pitch_count) for panel, dragon_count, pitch_count in rows]


def get_panel(round_: Round, panel_id: int) -> Panel | None:
    """The panel if it belongs to this round."""
    panel = db.session.get(Panel, panel_id)
    return panel if panel is not None and panel.round_id == round_.id else None


def members_of(panel: Panel) -> list[PanelMember]:
    """The panel's members, the chair first, then in the order they were added."""
    statement = (
        select(PanelMember)
        .where(PanelMember.panel_id == panel.id)
        .options(selectinload(PanelMember.user))
        .order_by(PanelMember.id)
    )
    members = list(db.session.scalars(statement))
    return sorted(members, key=lambda member: member.user_id != panel.chair_id)


def running_order(panel: Panel) -> list[PanelSlot]:
    """The panel's slots in running order, each with its pitch and the pitch's team, in one
    query. The one running order every page of the panel reads."""
    statement = (
        select(PanelSlot)
        .where(PanelSlot.panel_id == panel.id)
        .options(joinedload(PanelSlot.pitch).joinedload(Pitch.team))
        .order_by(PanelSlot.position, PanelSlot.id)
    )
    return list(db.session.scalars(statement))


def scorers(panel: Panel) -> set[int]:
    """Ids of the members who have started scoring a pitch of the panel
    (``setup_service.started_sheets``)."""
    pitches = select(PanelSlot.pitch_id).where(PanelSlot.panel_id == panel.id)
    return {dragon_id for _pitch, dragon_id in db.session.execute(started_sheets(pitches))}


def removal_refusals(panel: Panel, members: list[PanelMember]) -> dict[int, Refusal | None]:
    """Why each of these members cannot be removed from the panel (None when they can), by
    member id, in a fixed number of queries:

    - the chair cannot be removed (make someone else the chair first);
    - nor a dragon who has started a score sheet on one of the panel's pitches;
    - nor a dragon without whom a pitch on the panel whose scoring is not closed would have
      fewer than the round's quorum of dragons free of conflict (``routing.removal_shortfall``).
    """
    scored = scorers(panel)
    to_score = [slot for slot in running_order(panel) if slot.state != SlotState.CLOSED]
    crew = access.members(panel)
    conflicts = set(access.recusals([slot.pitch_id for slot in to_score], crew))
    whole = routing.RoutingPanel(panel.id, panel.name, frozenset(user.id for user in crew))
    pitches = [routing.RoutingPitch(slot.pitch_id, slot.pitch.title) for slot in to_score]
    needed = quorum_of(panel.round_id)
    refusals: dict[int, Refusal | None] = {}
    for member in members:
        refusal = None
        if member.user_id == panel.chair_id:
            refusal = Refusal(REMOVE_CHAIR, "")
        elif member.user_id in scored:
            refusal = Refusal(
                f"You cannot remove {member.user.name} because they have started scoring "
                "pitches on this panel",
                "Has started scoring, so cannot be removed",
            )
        elif short := routing.removal_shortfall(whole, member.user_id, pitches, conflicts, needed):
            refusal = Refusal(
                routing.removal_shortfall_message(member.user.name, short, needed),
                "Needed for quorum, so cannot be removed",
            )
        refusals[member.id] = refusal
    return refusals


def removal_refusal(panel: Panel, member: PanelMember) -> str | None:
    """Why this member cannot be removed from the panel, or None when they can
    (``removal_refusals``)."""
    refusal = removal_refusals(panel, [member])[member.id]
    return refusal.message if refusal else None
