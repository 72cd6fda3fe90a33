"""The budget released can never pass the budget awarded: the database refuses it by itself,
the service turns that refusal into the lab's error message, and two releases at once never
both pass.

Each concurrent release runs in its own thread, app context, session and database
connection. On PostgreSQL the first holds the project's row (``SELECT ... FOR UPDATE``) until
it commits, so the second waits, then reads the released total afresh and is refused by the
rule. On SQLite the database's single write lock queues the second writer, and the CHECK on
the running total refuses it: the same message either way.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from spark.extensions import db
from spark.lab import budget_service
from spark.lab.budget_service import BudgetProblems, BudgetRefused, SpendDetails, TrancheDetails
from spark.lab.models import LabProject
from tests.app.lab.budget_helpers import (
    budget_url,
    days_ago,
    people,
    release,
    spend_of,
    tranche_form,
    tranches_of,
)
from tests.factories import audit_events, sign_in
from tests.panel_factories import fresh

INSERT = text(
    "INSERT INTO lab_budget_tranches "
    "(project_id, stage, amount_pence, note, released_by_id, released_at) "
    "VALUES (:project_id, 'discovery', :amount, '', NULL, :at)"
)


def _raw_insert(project_id: int, amount: int) -> None:
    db.session.execute(
        INSERT, {"project_id": project_id, "amount": amount, "at": datetime.now(UTC)}
    )
    db.session.commit()


# The database by itself -----------------------------------------------------------------------


def test_the_database_adds_up_tranches_inserted_past_the_service(app):
    everyone = people()
    _raw_insert(everyone.project.id, 400_000)
    _raw_insert(everyone.project.id, 1_100_000)  # exactly the rest
    assert fresh(LabProject, everyone.project.id).budget_released_pence == 1_500_000


def test_the_database_refuses_an_over_release_by_itself(app):
    everyone = people()
    _raw_insert(everyone.project.id, 1_000_000)
    with pytest.raises(IntegrityError):
        _raw_insert(everyone.project.id, 500_001)
    db.session.rollback()
    assert fresh(LabProject, everyone.project.id).budget_released_pence == 1_000_000
    assert len(tranches_of(everyone.project.id)) == 1


def test_the_database_refuses_a_tranche_of_nothing(app):
    everyone = people()
    with pytest.raises(IntegrityError):
        _raw_insert(everyone.project.id, 0)
    db.session.rollback()


def test_a_released_tranche_cannot_be_changed_under_the_total(app):
    everyone = people()
    tranche = release(everyone, 500_000)
    with pytest.raises(DBAPIError, match="A released tranche cannot be changed"):
        db.session.execute(
            text("UPDATE lab_budget_tranches SET amount_pence = 1 WHERE id = :id"),
            {"id": tranche.id},
        )
        db.session.commit()
    db.session.rollback()
    assert tranches_of(everyone.project.id)[0].amount_pence == 500_000


def test_the_service_turns_the_databases_refusal_into_the_labs_error(app, client, monkeypatch):
    """Were the service to read the released total before another release landed (as if
    the row were not held), the database refuses the over-release and the lab gets the
    rule's message on the total as it is now (400), never an error page."""
    everyone = people()
    release(everyone, 1_000_000)
    hold = budget_service._hold

    def stale_hold(project_id: int) -> LabProject:
        project = hold(project_id)
        set_committed_value(project, "budget_released_pence", 0)  # before the other release
        return project

    monkeypatch.setattr(budget_service, "_hold", stale_hold)
    with pytest.raises(BudgetProblems) as refused:
        budget_service.release_tranche(
            everyone.lab, everyone.project, TrancheDetails(600_000, "discovery")
        )
    message = "The tranche must be £5,000 or less: that is what is left to release"
    assert refused.value.problems == {"amount": message}
    sign_in(client, everyone.lab)
    response = client.post(  # from a page that showed £0 released, as the stale read did
        budget_url(everyone.project.id, "release"), data=tranche_form(amount="6,000")
    )
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert fresh(LabProject, everyone.project.id).budget_released_pence == 1_000_000


# Two releases at once -------------------------------------------------------------------------


def _project_awarding_15000(app) -> tuple[int, int]:
    """A project awarded £15,000 with nothing released: (project id, lab user id). The
    session is closed, so each thread reads afresh."""
    everyone = people()
    ids = everyone.project.id, everyone.lab.id
    db.session.remove()
    return ids


def _release_in_thread(app, ids, outcomes, name, amount, before=None):
    from spark.accounts.models import User

    project_id, lab_id = ids
    with app.app_context():
        lab, project = db.session.get(User, lab_id), db.session.get(LabProject, project_id)
        if before is not None:
            before()
        try:
            budget_service.release_tranche(lab, project, TrancheDetails(amount, "discovery"))
            outcomes[name] = "released"
        except BudgetProblems as problems:
            outcomes[name] = problems.problems["amount"]
        finally:
            db.session.remove()


def test_a_second_release_waits_for_the_first_and_is_refused(app, monkeypatch):
    ids = _project_awarding_15000(app)
    held, go_on = threading.Event(), threading.Event()
    tell = budget_service._tell_the_team

    def held_before_commit(*args):
        # The first has inserted its tranche (the total is updated, the row held): it waits.
        tell(*args)
        if threading.current_thread().name == "first":
            held.set()
            assert go_on.wait(timeout=20)

    monkeypatch.setattr(budget_service, "_tell_the_team", held_before_commit)
    backstop = budget_service._over_release
    caught: list[str] = []

    def database_refused(*args):
        caught.append(threading.current_thread().name)
        return backstop(*args)

    monkeypatch.setattr(budget_service, "_over_release", database_refused)
    outcomes: dict[str, str] = {}
    threads = {
        name: threading.Thread(
            target=_release_in_thread, args=(app, ids, outcomes, name, 1_000_000), name=name
        )
        for name in ("first", "second")
    }
    threads["first"].start()
    assert held.wait(timeout=20)
    threads["second"].start()
    threads["second"].join(timeout=1.5)
    assert threads["second"].is_alive()  # waiting for the project's row
    go_on.set()
    for thread in threads.values():
        thread.join(timeout=30)
        assert not thread.is_alive()

    assert outcomes == {
        "first": "released",
        "second": "The tranche must be £5,000 or less: that is what is left to release",
    }
    assert fresh(LabProject, ids[0]).budget_released_pence == 1_000_000
    assert [t.amount_pence for t in tranches_of(ids[0])] == [1_000_000]
    # PostgreSQL: the second waited for the row and the rule refused it on the new total.
    # SQLite has no row locks: its write lock queued the second and the CHECK refused it.
    assert caught == ([] if db.engine.dialect.name == "postgresql" else ["second"])


@pytest.mark.parametrize("attempt", range(3))
def test_releases_racing_without_a_pause_never_pass_the_award(app, attempt):
    ids = _project_awarding_15000(app)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    threads = [
        threading.Thread(
            target=_release_in_thread,
            args=(app, ids, outcomes, name, 1_000_000, lambda: start.wait(timeout=10)),
        )
        for name in ("one", "two")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert sorted(outcomes.values()) == [
        "The tranche must be £5,000 or less: that is what is left to release",
        "released",
    ]
    assert fresh(LabProject, ids[0]).budget_released_pence == 1_000_000


# A page out of date, and a stop meanwhile ------------------------------------------------------


def _behind_the_sessions_back(project_id: int, **values) -> None:
    """Another request's committed change, on its own connection."""
    with db.engine.begin() as connection:
        connection.execute(update(LabProject).where(LabProject.id == project_id).values(**values))


def test_a_stop_committed_after_the_page_was_read_is_refused(app):
    """The request read the project as active; the lab stopped it before the write: neither a
    tranche nor spend is taken (409), because the status is read again, under a lock, in
    the transaction that writes."""
    everyone = people()
    project = db.session.get(LabProject, everyone.project.id)
    assert project.status == "active"  # as the request read it
    _behind_the_sessions_back(project.id, status="stopped", status_reason="Amended")
    with pytest.raises(BudgetRefused) as refused:
        budget_service.record_spend(
            everyone.lead, project, SpendDetails(1_000, days_ago(1), "Kit"), seen_spend=0
        )
    assert (refused.value.status, str(refused.value)) == (409, budget_service.STOPPED_SPEND)
    with pytest.raises(BudgetRefused) as refused:
        budget_service.release_tranche(
            everyone.lab, project, TrancheDetails(1_000, "discovery"), seen_released=0
        )
    assert (refused.value.status, str(refused.value)) == (409, budget_service.STOPPED_TRANCHE)
    assert spend_of(project.id) == [] and tranches_of(project.id) == []
    assert audit_events("lab_budget.spend_recorded") == []


def _work_in_thread(app, work, outcomes, name, before=None):
    with app.app_context():
        try:
            if before is not None:
                before()
            work()
            outcomes[name] = "done"
        except BudgetRefused as refused:
            outcomes[name] = str(refused)
        finally:
            db.session.remove()


def _twice_at_once(app, work) -> list[str]:
    """``work`` in two threads, started together: what each came to, sorted."""
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    threads = [
        threading.Thread(
            target=_work_in_thread,
            args=(app, work, outcomes, name, lambda: start.wait(timeout=10)),
        )
        for name in ("one", "two")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    return sorted(outcomes.values())


def _as(user_id: int, project_id: int):
    from spark.accounts.models import User

    return db.session.get(User, user_id), db.session.get(LabProject, project_id)


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_tranche_page_sent_twice_at_once_releases_once(app, attempt):
    """A double click without JavaScript: two posts of a page that showed £0 released. On
    PostgreSQL the second waits for the project's row, then sees the new total; on SQLite
    it checks the total once its own tranche is in, under the database's write lock."""
    everyone = people()
    ids = everyone.lab.id, everyone.project.id
    db.session.remove()

    def release_100():
        lab, project = _as(*ids)
        budget_service.release_tranche(
            lab, project, TrancheDetails(10_000, "discovery"), seen_released=0
        )

    assert _twice_at_once(app, release_100) == sorted(["done", budget_service.STALE_TRANCHE])
    assert [t.amount_pence for t in tranches_of(ids[1])] == [10_000]
    assert fresh(LabProject, ids[1]).budget_released_pence == 10_000
    assert len(audit_events("lab_budget.tranche_released")) == 1


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_spend_page_sent_twice_at_once_records_once(app, attempt):
    everyone = people()
    ids = everyone.lead.id, everyone.project.id
    db.session.remove()

    def spend_50p():
        lead, project = _as(*ids)
        budget_service.record_spend(
            lead, project, SpendDetails(50, days_ago(1), "Stamps"), seen_spend=0
        )

    assert _twice_at_once(app, spend_50p) == sorted(["done", budget_service.STALE_SPEND])
    assert [e.amount_pence for e in spend_of(ids[1])] == [50]
    assert len(audit_events("lab_budget.spend_recorded")) == 1


def test_spend_waits_for_a_stop_in_progress_and_is_refused(app):
    """The lab is stopping the project (its transaction not yet committed) as the team
    records spend: the spend waits for the stop, then is refused (409)."""
    everyone = people()
    ids = everyone.lead.id, everyone.project.id
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

    def record():
        lead, project = _as(*ids)
        budget_service.record_spend(
            lead, project, SpendDetails(1_000, days_ago(1), "Kit"), seen_spend=0
        )

    outcomes: dict[str, str] = {}
    stopper = threading.Thread(target=stop)
    spender = threading.Thread(target=_work_in_thread, args=(app, record, outcomes, "spend"))
    stopper.start()
    assert held.wait(timeout=20)
    spender.start()
    spender.join(timeout=1.0)
    assert spender.is_alive()  # waiting for the stop
    go_on.set()
    for thread in (stopper, spender):
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert outcomes == {"spend": budget_service.STOPPED_SPEND}
    assert spend_of(ids[1]) == []
