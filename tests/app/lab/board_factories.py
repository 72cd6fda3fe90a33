"""Builders for the lab board's tests: many projects quickly, and milestones.

``funded_project`` opens a project the real way (a signed decision, about 0.4 s); the board
only reads projects, so its tests add the rest directly, each on a pitch of its own resting on
that first project's decision, with the stage, status, team and time in stage they need.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from spark.accounts.models import Team
from spark.core.audit import utcnow
from spark.extensions import db
from spark.lab.models import FocusArea, LabProject, Milestone
from spark.pitches.models import Pitch

_seq = count(1)


def make_team_in(department: str, name: str | None = None) -> Team:
    team = Team(name=name or f"Board team {next(_seq)}", department=department)
    db.session.add(team)
    db.session.commit()
    return team


def more_projects(
    funded,
    number: int,
    *,
    stage: str = "discovery",
    status: str = "active",
    team: Team | None = None,
    round_=None,
    days_in_stage: int = 0,
    title: str = "Board project",
    status_reason: str = "",
) -> list[LabProject]:
    """``number`` more projects like ``funded``'s, in ``stage`` with ``status``."""
    team = team or funded.pitch.team
    round_id = (round_ or funded.pitch.round).id
    made = []
    for _ in range(number):
        n = next(_seq)
        pitch = Pitch(
            team_id=team.id,
            round_id=round_id,
            status="decided",
            title=f"{title} {n}",
            summary="A summary",
        )
        db.session.add(pitch)
        db.session.flush()
        made.append(
            LabProject(
                pitch_id=pitch.id,
                decision_id=funded.project.decision_id,
                stage=stage,
                status=status,
                status_reason=status_reason,
                budget_awarded_pence=1_000_000,
                budget_released_pence=0,
                stage_entered_at=utcnow() - timedelta(days=days_in_stage),
            )
        )
        db.session.add(made[-1])
    db.session.commit()
    return made


def add_milestone(project: LabProject, title: str, due_on: date, done_on: date | None = None):
    milestone = Milestone(project_id=project.id, title=title, due_on=due_on, done_on=done_on)
    db.session.add(milestone)
    db.session.commit()
    return milestone


def make_focus_area(name: str, *projects: LabProject) -> FocusArea:
    area = FocusArea(name=name)
    db.session.add(area)
    db.session.flush()
    for project in projects:
        project.focus_areas.append(area)
    db.session.commit()
    return area
