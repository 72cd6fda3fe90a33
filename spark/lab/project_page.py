"""Reads for a lab project's page and for the team's pitch page.

The project page loads the project with its pitch, team (members and their users), round,
decision, stage and focus areas in a few queries, then its partners and files: a constant
number of queries whatever the size of the team or the number of partners and files. What
each viewer may open follows the earlier stages' own rules, never a copy of them:

- the panel's decision page is the team's (``team_decisions.show``);
- the decision letter: ``decisions.document_views.may_read_letter`` (the team, organisers,
  the panel's chair, and the lab while the decision funds the project), so the page shows
  everyone the decision's outcome, amount and date, and the letter's link only to those who
  may download it (a lab user on a project whose decision was amended to fund nothing is
  told who may);
- the pitch's files and materials: ``pitches.access.can_view`` (the team, organisers, dragons
  on its panel, and the lab for a pitch with a project: ``access.lab_may_view_pitch``), so
  anyone else would see the files' names without links.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from spark.accounts.models import LEAD, Team, TeamMember, User
from spark.core.filters import to_london
from spark.decisions.document_views import may_read_letter
from spark.decisions.models import Decision
from spark.decisions.wording import outcome_text
from spark.extensions import db
from spark.lab import access, board_rules
from spark.lab.board import london_today
from spark.lab.models import LabProject, Partner, Stage
from spark.pitches import access as pitch_access
from spark.pitches import checks
from spark.pitches.models import Pitch, PitchFile


@dataclass(frozen=True)
class ProjectPage:
    project: LabProject
    pitch: Pitch
    team: Team
    members: list[TeamMember]
    stage: Stage
    days_in_stage: int
    entered_on: date
    decision: Decision
    decision_text: str
    partners: list[Partner]
    files: list[PitchFile]
    is_lab: bool
    is_team: bool
    may_open_pitch: bool
    may_read_letter: bool

    @property
    def days_text(self) -> str:
        return board_rules.days_text(self.days_in_stage)

    @property
    def stopped(self) -> bool:
        return self.project.status == "stopped"

    @property
    def may_change(self) -> bool:
        """Partners and focus areas: the lab, while the project is not stopped."""
        return self.is_lab and not self.stopped


def load(project_id: int) -> LabProject:
    """The project with what its page shows, loaded together."""
    statement = (
        select(LabProject)
        .where(LabProject.id == project_id)
        .options(
            joinedload(LabProject.pitch).joinedload(Pitch.round),
            joinedload(LabProject.pitch)
            .joinedload(Pitch.team)
            .selectinload(Team.members)
            .joinedload(TeamMember.user),
            joinedload(LabProject.pitch).selectinload(Pitch.files),
            joinedload(LabProject.decision).joinedload(Decision.panel),
            joinedload(LabProject.decision).joinedload(Decision.signed_by),
            joinedload(LabProject.stage_record),
            selectinload(LabProject.focus_areas),
        )
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(statement).unique().one()


def partners_of(project: LabProject) -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.project_id == project.id)
            .order_by(Partner.added_at, Partner.id)
        )
    )


def _members(team: Team) -> list[TeamMember]:
    """The lead first, then the others in the order they joined."""
    return sorted(team.members, key=lambda member: (member.role != LEAD, member.id))


def project_page(project: LabProject, user: User) -> ProjectPage:
    project = load(project.id)
    pitch = project.pitch
    is_team = any(member.user_id == user.id for member in pitch.team.members)
    today = london_today()
    entered_on = to_london(project.stage_entered_at).date()
    decision = project.decision
    return ProjectPage(
        project=project,
        pitch=pitch,
        team=pitch.team,
        members=_members(pitch.team),
        stage=project.stage_record,
        days_in_stage=board_rules.days_in_stage(entered_on, today),
        entered_on=entered_on,
        decision=decision,
        decision_text=outcome_text(decision),
        partners=partners_of(project),
        files=checks.main_files(pitch),
        is_lab=access.is_lab(user),
        is_team=is_team,
        may_open_pitch=pitch_access.can_view(pitch, user),
        may_read_letter=may_read_letter(decision, user),
    )


# The team's pitch page ---------------------------------------------------------------------


@dataclass(frozen=True)
class InTheLab:
    project_id: int
    stage_name: str
    status: str
    status_reason: str


def in_the_lab(pitch: Pitch) -> InTheLab | None:
    """The pitch's lab project as its pitch page mentions it, or None (one query)."""
    found = db.session.execute(
        select(LabProject.id, LabProject.status, LabProject.status_reason, Stage.name)
        .join(Stage, Stage.key == LabProject.stage)
        .where(LabProject.pitch_id == pitch.id)
    ).one_or_none()
    if found is None:
        return None
    return InTheLab(found.id, found.name, found.status, found.status_reason)
