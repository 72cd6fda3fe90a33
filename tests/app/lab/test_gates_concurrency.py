"""A stage move happens once: the project row is updated only where its version, stage and
status are still the ones the page showed and the rules were checked against. A second tab, a
double click, or an amendment of the panel's decision landing meanwhile gets 409, never a
second move nor an overwritten stop."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import update

from spark.accounts.models import User
from spark.extensions import db
from spark.lab import gates
from spark.lab.models import LabProject
from spark.lab.stages import Action, Request
from tests.app.lab.gate_helpers import EVIDENCE, timeline
from tests.factories import outbox_messages
from tests.lab_factories import funded_project, make_lab_user
from tests.panel_factories import fresh

FORWARD = Request(Action.MOVE, "alpha", EVIDENCE, "met")


def _behind_the_sessions_back(project_id: int, **values) -> None:
    """Another request's committed change, on its own connection."""
    with db.engine.begin() as connection:
        connection.execute(update(LabProject).where(LabProject.id == project_id).values(**values))


def test_a_change_committed_after_the_page_was_read_is_refused(app):
    funded, lab = funded_project(), make_lab_user()
    project = db.session.get(LabProject, funded.project.id)
    assert project.version == 1  # read, as the request did
    _behind_the_sessions_back(project.id, version=LabProject.version + 1, stage="alpha")
    with pytest.raises(gates.GateRefused) as refused:
        gates.change(project, lab, FORWARD, seen_version=1)
    assert (refused.value.status, str(refused.value)) == (409, gates.CHANGED)
    assert [entry.kind for entry in timeline(project)] == ["opened"]
    assert outbox_messages("lab_stage_changed") == []


def test_a_stop_by_an_amended_decision_meanwhile_is_not_overwritten(app):
    """The decisions subscriber stops a project without touching its version: the status in
    the update's condition still catches it."""
    funded, lab = funded_project(), make_lab_user()
    project = db.session.get(LabProject, funded.project.id)
    assert project.status == "active"
    _behind_the_sessions_back(project.id, status="stopped", status_reason="Amended")
    with pytest.raises(gates.GateRefused):
        gates.change(project, lab, Request(Action.PAUSE, reason="Waiting"), seen_version=1)
    assert fresh(LabProject, project.id).status == "stopped"


def _move_in_thread(app, ids, outcomes, name):
    project_id, lab_id = ids
    with app.app_context():
        lab, project = db.session.get(User, lab_id), db.session.get(LabProject, project_id)
        assert project.version == 1
        try:
            gates.change(project, lab, FORWARD, seen_version=1)
            outcomes[name] = "moved"
        except gates.GateRefused as refused:
            outcomes[name] = refused.status
        finally:
            db.session.remove()


def test_two_moves_at_once_move_once(app, monkeypatch):
    funded, lab = funded_project(), make_lab_user()
    ids = funded.project.id, lab.id
    db.session.remove()
    held, go_on, both_read = threading.Event(), threading.Event(), threading.Barrier(2)
    tell = gates._tell_the_team
    load = gates.stage_infos

    def read_together(*args):
        # Both requests have read the project at version 1 before either updates it.
        infos = load(*args)
        both_read.wait(timeout=20)
        if threading.current_thread().name == "second":
            assert held.wait(timeout=20)  # then the second updates while the first holds
        return infos

    def held_before_commit(*args):
        tell(*args)
        if threading.current_thread().name == "first":
            held.set()
            assert go_on.wait(timeout=20)

    monkeypatch.setattr(gates, "stage_infos", read_together)
    monkeypatch.setattr(gates, "_tell_the_team", held_before_commit)
    outcomes: dict[str, object] = {}
    threads = {
        name: threading.Thread(target=_move_in_thread, args=(app, ids, outcomes, name), name=name)
        for name in ("first", "second")
    }
    threads["second"].start()
    threads["first"].start()
    assert held.wait(timeout=20)
    threads["second"].join(timeout=1.0)
    assert threads["second"].is_alive()  # waiting for the first's row (or write lock)
    go_on.set()
    for thread in threads.values():
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert outcomes == {"first": "moved", "second": 409}
    project = fresh(LabProject, ids[0])
    assert (project.stage, project.version) == ("alpha", 2)
    assert [entry.kind for entry in timeline(project)] == ["opened", "forward"]
