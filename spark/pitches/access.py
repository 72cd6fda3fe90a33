"""Who may see a pitch. Anyone else gets 404, so a pitch's existence is not revealed."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from sqlalchemy import select

from spark.accounts.models import TeamMember, User
from spark.extensions import db
from spark.pitches.models import Pitch


def is_team_member(pitch: Pitch, user: User) -> bool:
    return (
        db.session.scalar(
            select(TeamMember.id).where(
                TeamMember.team_id == pitch.team_id, TeamMember.user_id == user.id
            )
        )
        is not None
    )


# Later stages add who else may see a pitch (dragons on its panel) without being imported here.
_viewer_rules: list[Callable[[Pitch, User], bool]] = []


def add_viewer_rule(rule: Callable[[Pitch, User], bool]) -> None:
    if rule not in _viewer_rules:
        _viewer_rules.append(rule)


def can_view(pitch: Pitch, user: User) -> bool:
    """The pitch's team, organisers, and whoever a later stage's rule lets in."""
    return (
        user.has_role("organiser")
        or is_team_member(pitch, user)
        or any(rule(pitch, user) for rule in _viewer_rules)
    )


def pitch_for_team_or_404(pitch_id: int, user: User) -> Pitch:
    """A pitch the user's team owns; 404 for everyone else, organisers included."""
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or not is_team_member(pitch, user):
        abort(404)
    return pitch


def pitch_for_viewer_or_404(pitch_id: int, user: User) -> Pitch:
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or not can_view(pitch, user):
        abort(404)
    return pitch
