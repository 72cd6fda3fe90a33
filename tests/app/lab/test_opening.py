"""A signed funded decision opens a lab project in Discovery with the first timeline entry;
amendments stop and resume it, each on the timeline."""

from __future__ import annotations

from sqlalchemy import select

from spark.decisions import service
from spark.extensions import db
from spark.lab.models import StageTransition
from tests.decision_factories import details
from tests.lab_factories import funded_project


def _timeline(project):
    return db.session.scalars(
        select(StageTransition)
        .where(StageTransition.project_id == project.id)
        .order_by(StageTransition.id)
    ).all()


def _amend(funded, **fields):
    decided = funded.decided
    in_force = funded.project.decision
    draft = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(amendment_reason="The panel misread the costs", **fields),
        seen_decision_id=in_force.id,
    )
    return service.sign(decided.chair, decided.panel, decided.slot, seen_version=draft.version)


def test_a_funded_decision_opens_the_project_in_discovery_on_its_timeline(app):
    funded = funded_project(amount_pence=1_200_000)
    project = funded.project
    assert (project.stage, project.status, project.budget_awarded_pence) == (
        "discovery",
        "active",
        1_200_000,
    )
    assert project.budget_released_pence == 0
    [opened] = _timeline(project)
    assert (opened.kind, opened.from_stage, opened.to_stage) == ("opened", None, "discovery")
    assert opened.decided_by_id == funded.chair.id


def test_amendments_stop_then_resume_the_project_on_its_timeline(app):
    funded = funded_project()
    _amend(funded, outcome="not_funded", justification="The costs were twice the ask")
    assert funded.project.status == "stopped"
    _amend(funded, outcome="funded", amount_pence=900_000)
    assert (funded.project.status, funded.project.budget_awarded_pence) == ("active", 900_000)
    kinds = [(entry.kind, entry.reason) for entry in _timeline(funded.project)]
    assert kinds == [
        ("opened", ""),
        ("stop", "The panel's decision was amended: The panel misread the costs"),
        ("resume", "The panel's decision was amended to fund it"),
    ]
