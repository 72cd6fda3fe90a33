"""The conflicts register (organisers): every conflict between a round's routed pitches and
the dragons on their panels, and removing a conflict a dragon declared by mistake.

Rules:

- The register lists, by panel, then by running order and dragon name, each conflict found
  from the records (on the pitch's team, same department as its lead) or declared
  (``panels.access.recusals``); only pitches on a panel and that panel's dragons.
- A conflict a dragon declared can be removed by an organiser with a reason while the round
  is not closed; audited as 'conflict.removed'. Conflicts found from the records cannot:
  they follow the teams and departments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from spark.accounts.models import User
from spark.core import audit
from spark.extensions import db
from spark.panels.access import recusals
from spark.panels.conflicts import ON_TEAM, SAME_DEPARTMENT
from spark.panels.models import Conflict, Panel
from spark.panels.routing_service import RoutingRefused, dragons, is_closed, panels
from spark.pitches.models import Pitch, Round

CONFLICTS_CLOSED = "This round is closed, so conflicts cannot be removed"
REMOVAL_REASON_MISSING = "Enter why you are removing this conflict"
REMOVAL_REASON_MAX = 500


@dataclass(frozen=True)
class RegisterRow:
    pitch: Pitch
    dragon: User
    found: str | None  # the reason found from the records, if any
    declared: Conflict | None


def conflict_register(round_: Round) -> list[tuple[Panel, list[RegisterRow]]]:
    """Every conflict between the round's routed pitches and the dragons on their panels,
    found from the records (on the pitch's team, same department as its lead) or declared,
    by panel and then by running order and dragon name."""
    panels_ = panels(round_)
    pitch_ids = [slot.pitch_id for panel in panels_ for slot in panel.slots]
    crews = dragons(panels_)
    users = {user.id: user for crew in crews.values() for user in crew}
    reasons = recusals(pitch_ids, users.values())
    declared = (
        {
            (row.pitch_id, row.user_id): row
            for row in db.session.scalars(select(Conflict).where(Conflict.pitch_id.in_(pitch_ids)))
        }
        if pitch_ids
        else {}
    )
    register = []
    for panel in panels_:
        rows = []
        for slot in panel.slots:
            for dragon in crews[panel.id]:
                key = (slot.pitch_id, dragon.id)
                if key not in reasons:
                    continue
                found = reasons[key] if reasons[key] in (ON_TEAM, SAME_DEPARTMENT) else None
                rows.append(RegisterRow(slot.pitch, dragon, found, declared.get(key)))
        register.append((panel, rows))
    return register


def declared_conflict(round_: Round, conflict_id: int) -> Conflict | None:
    """A conflict declared on one of the round's pitches, or None."""
    conflict = db.session.get(Conflict, conflict_id)
    if conflict is None or conflict.pitch.round_id != round_.id:
        return None
    return conflict


def conflict_removal_refusal(round_: Round) -> str | None:
    """Why declared conflicts cannot be removed now, or None when they can."""
    return CONFLICTS_CLOSED if is_closed(round_) else None


def remove_conflict(actor: User, conflict: Conflict, reason: str) -> None:
    """Remove a conflict a dragon declared, with the organiser's reason, while the round is
    not closed. The dragon is no longer recused from the pitch (unless a conflict is found
    from the records). Audited as 'conflict.removed' with the declared conflict before and
    the organiser's reason after."""
    refusal = conflict_removal_refusal(conflict.pitch.round)
    if refusal:
        raise RoutingRefused({"reason": refusal})
    reason = (reason or "").strip()
    if not reason:
        raise RoutingRefused({"reason": REMOVAL_REASON_MISSING})
    if len(reason) > REMOVAL_REASON_MAX:
        raise RoutingRefused({"reason": f"Reason must be {REMOVAL_REASON_MAX} characters or fewer"})
    audit.record(
        "conflict.removed",
        conflict,
        actor=actor,
        before={
            "pitch_id": conflict.pitch_id,
            "user_id": conflict.user_id,
            "reason": conflict.reason,
            "declared_at": conflict.declared_at.isoformat(),
        },
        after={"reason": reason},
    )
    db.session.delete(conflict)
    db.session.commit()
