"""Who may open a panel, and which dragons are recused from which pitches.

A panel's pages are for its members (the chair is one); anyone else gets 404, so a panel's
existence is not revealed. Each view carries one of the decorators below: they check sign-in
and membership and pass the loaded ``panel`` to the view instead of ``panel_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select, union

from spark.accounts.models import LEAD, TeamMember, User
from spark.extensions import db, login_manager
from spark.panels import conflicts
from spark.panels.models import Conflict, Panel, PanelMember, PanelSlot
from spark.pitches import access as pitch_access
from spark.pitches.models import Pitch

F = TypeVar("F", bound=Callable[..., Any])


def members_by_panel(panels: Iterable[Panel]) -> dict[int, list[User]]:
    """Each panel's members: its dragons and its chair, who always counts as one even without
    a member row. By panel id, each list ordered by name (ignoring case), then user id. One
    query for any number of panels."""
    ids = list({panel.id for panel in panels})
    result: dict[int, list[User]] = {panel_id: [] for panel_id in ids}
    if not ids:
        return result
    pairs = union(
        select(PanelMember.panel_id, PanelMember.user_id).where(PanelMember.panel_id.in_(ids)),
        select(Panel.id.label("panel_id"), Panel.chair_id.label("user_id")).where(
            Panel.id.in_(ids)
        ),
    ).subquery()
    rows = db.session.execute(
        select(pairs.c.panel_id, User).join(User, User.id == pairs.c.user_id)
    ).all()
    for panel_id, user in rows:
        result[panel_id].append(user)
    for users in result.values():
        users.sort(key=lambda user: (user.name.casefold(), user.id))
    return result


def members(panel: Panel) -> list[User]:
    """The panel's members: its dragons and its chair (always included), ordered by name
    (ignoring case), then user id. One query."""
    return members_by_panel([panel])[panel.id]


def is_member(panel: Panel, user: User) -> bool:
    """Whether ``user`` sits on the panel (as a dragon or as its chair)."""
    return any(member.id == user.id for member in members(panel))


def _panel_view(rule: str, allowed: Callable[[Panel, User], bool]) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, panel_id: int, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            panel = db.session.get(Panel, panel_id)
            if panel is None or not allowed(panel, current_user):
                abort(404)
            return view(*args, panel=panel, **kwargs)

        wrapped.permission = rule  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


# A dragon (or the chair) sitting on the panel; anyone else gets 404.
panel_member_required = _panel_view("panel:member", is_member)
# The panel's chair only; anyone else gets 404.
panel_chair_required = _panel_view("panel:chair", lambda panel, user: panel.chair_id == user.id)


# Conflicts -----------------------------------------------------------------------------------


def _teams(pitch_ids: Iterable[int]) -> dict[int, conflicts.PitchTeam]:
    """The team facts conflicts are worked out from, for many pitches in two queries."""
    ids = list(set(pitch_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Pitch.id, TeamMember.user_id, TeamMember.role, User.department)
        .join(TeamMember, TeamMember.team_id == Pitch.team_id)
        .join(User, User.id == TeamMember.user_id)
        .where(Pitch.id.in_(ids))
    ).all()
    members: dict[int, set[int]] = {pitch_id: set() for pitch_id in ids}
    lead_department: dict[int, str] = {}
    for pitch_id, user_id, role, department in rows:
        members[pitch_id].add(user_id)
        if role == LEAD:
            lead_department[pitch_id] = department
    return {
        pitch_id: conflicts.PitchTeam(pitch_id, frozenset(ids_), lead_department.get(pitch_id, ""))
        for pitch_id, ids_ in members.items()
    }


def _declared(pitch_ids: Iterable[int], user_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    rows = db.session.execute(
        select(Conflict.pitch_id, Conflict.user_id, Conflict.reason).where(
            Conflict.pitch_id.in_(list(pitch_ids)), Conflict.user_id.in_(list(user_ids))
        )
    ).all()
    return {(pitch_id, user_id): reason for pitch_id, user_id, reason in rows}


def recusals(pitch_ids: Iterable[int], users: Iterable[User]) -> dict[tuple[int, int], str]:
    """Every conflict between these pitches and these dragons, as
    (pitch id, user id) -> reason, in a fixed number of queries."""
    pitch_ids, users = list(pitch_ids), list(users)
    teams = _teams(pitch_ids)
    declared = _declared(pitch_ids, [user.id for user in users])
    found: dict[tuple[int, int], str] = {}
    for user in users:
        dragon = conflicts.Dragon(user.id, user.department)
        for pitch_id, team in teams.items():
            reason = conflicts.conflict_reason(dragon, team, declared)
            if reason:
                found[(pitch_id, user.id)] = reason
    return found


def recusal_reason(pitch: Pitch, user: User) -> str | None:
    """Why ``user`` may not score ``pitch``, or None when they may."""
    return recusals([pitch.id], [user]).get((pitch.id, user.id))


def panel_of(pitch: Pitch) -> Panel | None:
    return db.session.scalar(
        select(Panel)
        .join(PanelSlot, PanelSlot.panel_id == Panel.id)
        .where(PanelSlot.pitch_id == pitch.id)
    )


def dragon_may_view(pitch: Pitch, user: User) -> bool:
    """A dragon sees a pitch routed to their panel, with its files, unless recused."""
    panel = panel_of(pitch)
    return panel is not None and is_member(panel, user) and recusal_reason(pitch, user) is None


pitch_access.add_viewer_rule(dragon_may_view)
