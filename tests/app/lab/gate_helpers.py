"""Shared by the stage gate tests: posting the lab's forms and reading the timeline."""

from __future__ import annotations

from sqlalchemy import select

from spark.extensions import db
from spark.lab.models import StageTransition
from tests.panel_factories import fresh

EVIDENCE = "We spoke to 14 users, 5 of them screen reader users"


def move_url(project) -> str:
    return f"/lab/projects/{project.id}/stage"


def post_move(client, project, version=None, **fields):
    """POST the move form as the page would, naming the project's version as it is now."""
    data = {"seen_version": str(fresh(type(project), project.id).version)}
    if version is not None:
        data["seen_version"] = str(version)
    data.update(fields)
    return client.post(move_url(project), data=data)


def post_status(client, project, action: str, version=None, **fields):
    data = {"seen_version": str(fresh(type(project), project.id).version)}
    if version is not None:
        data["seen_version"] = str(version)
    data.update(fields)
    return client.post(f"/lab/projects/{project.id}/{action}", data=data)


def timeline(project) -> list[StageTransition]:
    return list(
        db.session.scalars(
            select(StageTransition)
            .where(StageTransition.project_id == project.id)
            .order_by(StageTransition.id)
        )
    )
