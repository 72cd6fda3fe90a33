"""Who may see and change a lab project.

- The lab (global role ``lab``) sees and changes every project, and alone moves stages,
  releases budget and edits stages, partners and focus areas.
- The project's team (members of the pitch's team) see their project and keep its
  milestones, benefit readings, spend and stories up to date, but never its stage.
- Organisers see every project, read-only.
- Anyone else signed in gets 404 on a project's pages, as for a project that does not exist;
  the showcase (published stories, live and scaled projects) is for every signed-in user.

The decorators load the project from the route's ``project_id`` and pass it to the view as
``project``; they mark the view with its rule for the conventions and permissions tests.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from spark.accounts.models import User
from spark.extensions import db, login_manager
from spark.lab.models import LabProject
from spark.pitches import access as pitch_access

F = TypeVar("F", bound=Callable[..., Any])


def is_lab(user: User) -> bool:
    return user.has_role("lab")


def is_team_member(project: LabProject, user: User) -> bool:
    return pitch_access.is_team_member(project.pitch, user)


def sees_portfolio(user: User) -> bool:
    """Pages across every project (the board, the portfolio's milestones, benefits and
    reports) and the navigation's "Lab" item: the lab and organisers."""
    return is_lab(user) or user.has_role("organiser")


def may_view(project: LabProject, user: User) -> bool:
    return is_lab(user) or user.has_role("organiser") or is_team_member(project, user)


def lab_may_view_pitch(pitch, user: User) -> bool:
    """The lab may open a funded pitch that has a project (its page and its files): it is the
    idea the lab is following. One query, only for lab users."""
    if not is_lab(user):
        return False
    return (
        db.session.scalar(select(LabProject.id).where(LabProject.pitch_id == pitch.id)) is not None
    )


pitch_access.add_viewer_rule(lab_may_view_pitch)


def may_edit(project: LabProject, user: User) -> bool:
    """Milestones, readings, spend and stories: the team and the lab."""
    return is_lab(user) or is_team_member(project, user)


def _project_view(rule: str, allowed: Callable[[LabProject, User], bool]) -> Callable[[F], F]:
    """Signed-out: sign in. Not a viewer (or no such project): 404. A viewer who may not do
    this (an organiser posting a milestone, the team moving a stage): 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, project_id: int, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            project = db.session.get(LabProject, project_id)
            if project is None or not may_view(project, current_user):
                abort(404)
            if not allowed(project, current_user):
                abort(403)
            return view(*args, project=project, **kwargs)

        wrapped.permission = rule  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def lab_or_organiser_required(view: F) -> F:
    """Pages across every project (the board): ``sees_portfolio``; anyone else signed in
    gets 403. Marked ``project:portfolio``: the permissions matrix cannot know who may see it."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not sees_portfolio(current_user):
            abort(403)
        return view(*args, **kwargs)

    wrapped.permission = "project:portfolio"  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


# The lab, organisers and the project's team.
project_viewer_required = _project_view("project:viewer", may_view)
# The lab and the project's team (organisers 403).
project_editor_required = _project_view("project:editor", may_edit)
# The lab only (the team and organisers 403).
project_lab_required = _project_view("project:lab", lambda project, user: is_lab(user))
