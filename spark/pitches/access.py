"""Who may see a pitch. Anyone else gets 404, so a pitch's existence is not revealed."""

from __future__ import annotations

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


def can_view(pitch: Pitch, user: User) -> bool:
    """The pitch's team and organisers. (Dragons on its panel join in the panels stage.)"""
    return user.has_role("organiser") or is_team_member(pitch, user)


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
