"""The showcase's own pages: one story, one project (reads only).

A story is shown with its project, pitch and team, loaded in one query. A project shows only
when the showcase lists it (live or scaled across government, not stopped), with what anyone
may see of it: its summary, department, stage, partners, focus areas and published stories;
never its budget or its team's email addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from spark.accounts.models import Team
from spark.extensions import db
from spark.lab import showcase
from spark.lab.models import LabProject, Partner, Stage, Story
from spark.lab.showcase import SHOWCASED_STAGES, StoryResult
from spark.pitches.models import Pitch


def story(story_id: int) -> Story | None:
    """The story with its project, pitch and team (one query)."""
    return db.session.scalar(
        select(Story)
        .where(Story.id == story_id)
        .options(
            joinedload(Story.project).joinedload(LabProject.pitch).joinedload(Pitch.team),
            joinedload(Story.project).joinedload(LabProject.stage_record),
            joinedload(Story.written_by),
        )
    )


def is_showcased(project: LabProject) -> bool:
    return project.stage in SHOWCASED_STAGES and project.status != "stopped"


@dataclass(frozen=True)
class ProjectSummary:
    """What the showcase shows of a project: no budget, no email addresses."""

    project: LabProject
    pitch: Pitch
    team: Team
    stage: Stage
    partners: list[Partner]
    stories: list[StoryResult]


def project_summary(project_id: int) -> ProjectSummary | None:
    """A live or scaled project that is not stopped, with its partners and published
    stories; None for any other."""
    project = db.session.scalar(
        select(LabProject)
        .where(LabProject.id == project_id, showcase.showcased_project())
        .options(
            joinedload(LabProject.pitch).joinedload(Pitch.team),
            joinedload(LabProject.stage_record),
            selectinload(LabProject.focus_areas),
        )
    )
    if project is None:
        return None
    partners = list(
        db.session.scalars(
            select(Partner).where(Partner.project_id == project.id).order_by(Partner.name)
        )
    )
    story_ids = db.session.scalars(
        select(Story.id)
        .where(Story.project_id == project.id, Story.status == "published")
        .order_by(Story.published_at.desc(), Story.id.desc())
    ).all()
    found = showcase.story_results(list(story_ids))
    return ProjectSummary(
        project=project,
        pitch=project.pitch,
        team=project.pitch.team,
        stage=project.stage_record,
        partners=partners,
        stories=[found[id_] for id_ in story_ids if id_ in found],
    )
