"""Milestones written at the same time as something else: a stop in progress, or a second
save of the same change page. Each runs in its own thread, app context, session and database
connection.

A change reads the project's status under a share lock (PostgreSQL) in the transaction that
writes, once its own write is in: a stop in progress holds the row, so the change waits for
it and then sees "stopped"; on SQLite the database's single write lock queues the change
behind the stop, and it reads the status after. A save is an update conditional on the
milestone as its page showed it, so of two saves of one page, one is saved and the other
refused."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from spark.accounts.models import User
from spark.extensions import db
from spark.lab import milestone_service as service
from spark.lab.board import london_today
from spark.lab.milestone_service import MilestoneRefused
from spark.lab.models import LabProject, Milestone
from tests.factories import audit_events
from tests.lab_factories import funded_project
from tests.panel_factories import fresh


def _in(days: int):
    return london_today() + timedelta(days=days)


def _work_in_thread(app, work, outcomes, name, before=None):
    with app.app_context():
        try:
            if before is not None:
                before()
            work()
            outcomes[name] = "done"
        except MilestoneRefused as refused:
            outcomes[name] = str(refused)
        finally:
            db.session.remove()


def _loaded(user_id: int, project_id: int, milestone_id: int | None = None):
    user, project = db.session.get(User, user_id), db.session.get(LabProject, project_id)
    milestone = db.session.get(Milestone, milestone_id) if milestone_id else None
    return user, project, milestone


CHANGES = {
    "add": lambda user, project, milestone: service.add(user, project, "Beta", _in(9)),
    "change": lambda user, project, milestone: service.change(
        user, project, milestone, "Beta", _in(9), seen=service.fingerprint(milestone)
    ),
    "done": lambda user, project, milestone: service.complete(user, project, milestone, _in(0)),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_waits_for_a_stop_in_progress_and_is_refused(app, change):
    funded = funded_project()
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    ids = funded.lead.id, funded.project.id, milestone.id
    db.session.remove()
    held, go_on = threading.Event(), threading.Event()

    def stop():
        with app.app_context(), db.engine.connect() as connection:
            connection.execute(
                update(LabProject).where(LabProject.id == ids[1]).values(status="stopped")
            )
            held.set()
            assert go_on.wait(timeout=20)
            connection.commit()

    def write():
        CHANGES[change](*_loaded(*ids))

    outcomes: dict[str, str] = {}
    stopper = threading.Thread(target=stop)
    writer = threading.Thread(target=_work_in_thread, args=(app, write, outcomes, change))
    stopper.start()
    assert held.wait(timeout=20)
    writer.start()
    writer.join(timeout=1.0)
    assert writer.is_alive()  # waiting for the stop
    go_on.set()
    for thread in (stopper, writer):
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert outcomes == {change: service.STOPPED}
    assert db.session.query(Milestone).count() == 1
    stored = fresh(Milestone, ids[2])
    assert (stored.title, stored.done_on) == ("Alpha", None)
    assert [e.action for e in audit_events() if e.action.startswith("lab_milestone.")] == [
        "lab_milestone.added"
    ]


@pytest.mark.parametrize("attempt", range(3))
def test_two_saves_of_one_change_page_at_once_save_once(app, attempt):
    funded = funded_project()
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    seen = service.fingerprint(milestone)
    ids = funded.lead.id, funded.project.id, milestone.id
    db.session.remove()
    start = threading.Barrier(2)
    titles = {"one": "Alpha ends", "two": "Alpha finishes"}
    outcomes: dict[str, str] = {}

    def save(name):
        def work():
            user, project, loaded = _loaded(*ids)
            service.change(user, project, loaded, titles[name], _in(5), seen=seen)

        return work

    threads = [
        threading.Thread(
            target=_work_in_thread,
            args=(app, save(name), outcomes, name, lambda: start.wait(timeout=10)),
        )
        for name in titles
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert sorted(outcomes.values()) == sorted(["done", service.STALE])
    [saved] = [name for name, outcome in outcomes.items() if outcome == "done"]
    assert fresh(Milestone, ids[2]).title == titles[saved]
    assert len(audit_events("lab_milestone.changed")) == 1
