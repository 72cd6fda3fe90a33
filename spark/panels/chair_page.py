"""What the chair's control page shows: the running order and each member's status on each
pitch (``visibility.dragon_status``: to score, draft saved, submitted, recused, closed - the
same words and colours as on the dragon's own page) - statuses only, never scores or comments.

Read only; the chair's moves are ``session_service``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from spark.accounts.models import User
from spark.extensions import db
from spark.panels import access, session, sheet_results, visibility
from spark.panels.models import Panel, PanelSlot, ScoreSheet
from spark.panels.panel_reads import running_order
from spark.panels.session_service import SCORABLE
from spark.panels.setup_service import quorum_of
from spark.pitches.models import Pitch


@dataclass(frozen=True)
class MemberRow:
    user: User
    status: visibility.DragonStatus  # as the dragon's own page shows it
    sheet_id: int | None

    @property
    def label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class RowLink:
    """A later stage's link in a pitch's row, with a status tag: the decisions stage's
    "Record decision" and its decision's status."""

    text: str
    href: str
    status: str
    tag_class: str
    flag: str = ""  # a second tag, if any: "Departs from the panel's vote"
    flag_class: str = ""


#: Later stages add links to the rows without panels importing them (the arrows point
#: backwards): each takes the panel and its slots and gives slot id -> RowLink, in a fixed
#: number of queries.
RowLinks = Callable[[Panel, list[PanelSlot]], dict[int, RowLink]]
_row_links: list[RowLinks] = []


def add_row_links(provider: RowLinks) -> RowLinks:
    """Register ``provider`` (see ``RowLinks``)."""
    if provider not in _row_links:
        _row_links.append(provider)
    return provider


@dataclass(frozen=True)
class SlotRow:
    slot: PanelSlot
    members: list[MemberRow]
    actions: list[session.Action]
    is_current: bool
    submitted: int = 0
    scoring: int = 0  # members free of conflict
    links: tuple[RowLink, ...] = ()

    @property
    def pitch(self) -> Pitch:
        return self.slot.pitch


@dataclass(frozen=True)
class ControlPage:
    panel: Panel
    rows: list[SlotRow]
    members: list[User]
    quorum: int
    current: SlotRow | None = None
    next_row: SlotRow | None = None


def _members(panel: Panel) -> list[User]:
    """The panel's members (``access.members``), the chair first, then by name."""
    return sorted(access.members(panel), key=lambda user: user.id != panel.chair_id)


def control_page(panel: Panel) -> ControlPage:
    """Everything the chair's page shows, in a fixed number of queries whatever the size of
    the panel: the running order, and each member's status on each pitch (statuses only,
    never scores or comments). "n of m submitted" is the pitch's tally
    (``visibility.tally``), the same count closing scoring reports and dragons see."""
    slots = running_order(panel)
    members = _members(panel)
    positions = sheet_results.member_sheets([slot.pitch_id for slot in slots], members)
    extra = [provider(panel, slots) for provider in _row_links]
    result: list[SlotRow] = []
    for slot in slots:
        mine = [positions[(slot.pitch_id, user.id)] for user in members]
        member_rows = [
            MemberRow(
                user,
                visibility.dragon_status(
                    slot.state,
                    position.sheet_status,
                    recused=position.recused,
                    closed_before=slot.scoring_closed_at is not None,
                ),
                position.sheet_id,
            )
            for user, position in zip(members, mine, strict=True)
        ]
        tally = visibility.tally(mine)
        result.append(
            SlotRow(
                slot=slot,
                members=member_rows,
                # A decided pitch's scoring stays closed: its decision is signed.
                actions=[]
                if slot.pitch.status not in SCORABLE
                else session.actions_for(slot.state),
                is_current=slot.position == panel.current_position,
                submitted=tally.submitted,
                scoring=tally.scoring,
                links=tuple(links[slot.id] for links in extra if slot.id in links),
            )
        )
    states = {row.slot.position: row.slot.state for row in result}
    upcoming = session.next_waiting(states, panel.current_position)
    return ControlPage(
        panel=panel,
        rows=result,
        members=members,
        quorum=quorum_of(panel.round_id),
        current=next((row for row in result if row.is_current), None),
        next_row=next((row for row in result if row.slot.position == upcoming), None),
    )


def slot_of(panel: Panel, slot_id: int) -> PanelSlot | None:
    """The slot, if it is on this panel."""
    slot = db.session.get(PanelSlot, slot_id)
    return slot if slot is not None and slot.panel_id == panel.id else None


def sheet_of(panel: Panel, sheet_id: int) -> tuple[ScoreSheet, PanelSlot] | None:
    """The score sheet and its pitch's slot, if the pitch is on this panel."""
    row = db.session.execute(
        select(ScoreSheet, PanelSlot)
        .join(PanelSlot, PanelSlot.pitch_id == ScoreSheet.pitch_id)
        .where(ScoreSheet.id == sheet_id, PanelSlot.panel_id == panel.id)
    ).first()
    return (row[0], row[1]) if row else None
