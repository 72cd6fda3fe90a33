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


def _lab_does(funded, action: str, reason: str):
    from spark.lab import gates
    from spark.lab.stages import Action, Request
    from tests.lab_factories import make_lab_user

    project = funded.project
    db.session.refresh(project)
    gates.change(
        project,
        make_lab_user(),
        Request(action=Action(action), reason=reason),
        seen_version=project.version,
    )
    db.session.refresh(project)


def test_an_amendment_that_still_funds_leaves_a_project_the_lab_stopped_stopped(app):
    funded = funded_project()
    _lab_does(funded, "stop", "The supplier pulled out")
    version = funded.project.version
    amendment = _amend(funded, outcome="funded", amount_pence=1_500_000, conditions="Monthly")
    project = funded.project
    assert (project.status, project.status_reason) == ("stopped", "The supplier pulled out")
    assert project.decision_id == amendment.id and project.version > version


def test_a_project_the_lab_stopped_follows_amendments_but_stays_stopped(app):
    funded = funded_project()
    _lab_does(funded, "stop", "The supplier pulled out")
    not_funded = _amend(funded, outcome="not_funded", justification="Too costly now")
    assert (funded.project.status, funded.project.decision_id) == ("stopped", not_funded.id)
    assert funded.project.status_reason == "The supplier pulled out"
    _amend(funded, outcome="funded", amount_pence=900_000)
    assert funded.project.status == "stopped"  # the lab's stop stands
    assert [entry.kind for entry in _timeline(funded.project)] == ["opened", "stop"]


def test_a_paused_project_stopped_by_an_amendment_comes_back_paused(app):
    funded = funded_project()
    _lab_does(funded, "pause", "Waiting for the new supplier")
    _amend(funded, outcome="not_funded", justification="Too costly now")
    assert funded.project.status == "stopped"
    _amend(funded, outcome="funded", amount_pence=900_000)
    project = funded.project
    assert (project.status, project.status_reason) == ("paused", "Waiting for the new supplier")
    kinds = [entry.kind for entry in _timeline(project)]
    assert kinds == ["opened", "pause", "stop", "resume"]
