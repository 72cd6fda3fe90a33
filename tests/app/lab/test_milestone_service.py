"""The milestone service: add, change, mark done and undo, each one audited transaction; a
stopped project read-only (409); only the team and the lab; the portfolio's reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from spark.core.audit import clock_at
from spark.extensions import db
from spark.lab import milestone_service as service
from spark.lab.board import london_today
from spark.lab.milestone_service import MilestoneProblems, MilestoneRefused
from spark.lab.models import LabProject, Milestone
from tests.factories import audit_events
from tests.lab_factories import funded_project, make_lab_user, make_organiser
from tests.panel_factories import fresh


def _in(days: int) -> date:
    return london_today() + timedelta(days=days)


def _seen(milestone: Milestone) -> str:
    """The fingerprint of the milestone as it is now: what an up-to-date page names."""
    return service.fingerprint(fresh(Milestone, milestone.id))


@pytest.fixture
def funded(app):
    return funded_project()


def test_the_team_adds_a_milestone_audited(funded):
    milestone = service.add(funded.lead, funded.project, "  Private beta\n with 50 users ", _in(20))
    stored = fresh(Milestone, milestone.id)
    assert (stored.title, stored.due_on, stored.done_on) == (
        "Private beta with 50 users",
        _in(20),
        None,
    )
    assert stored.created_by_id == funded.lead.id
    [event] = audit_events("lab_milestone.added")
    assert (event.actor_id, event.target_type, event.target_id) == (
        funded.lead.id,
        "Milestone",
        str(milestone.id),
    )
    assert event.after == {
        "project_id": funded.project.id,
        "title": "Private beta with 50 users",
        "due_on": _in(20).isoformat(),
        "done_on": None,
    }


def test_the_lab_adds_one_too_and_past_due_dates_are_kept(funded):
    milestone = service.add(make_lab_user(), funded.project, "Discovery report", _in(-30))
    assert fresh(Milestone, milestone.id).due_on == _in(-30)


@pytest.mark.parametrize(
    ("title", "due", "problems"),
    [
        ("", None, {"title": "Enter a title", "due_on": "Enter the date the milestone is due"}),
        ("   ", 20, {"title": "Enter a title"}),
        ("x" * 201, 20, {"title": "The title must be 200 characters or fewer"}),
        ("Alpha", 5 * 366 + 2, {"due_on": "The due date must be the same as or before"}),
    ],
)
def test_what_cannot_be_taken_is_refused_on_its_fields(funded, title, due, problems):
    with pytest.raises(MilestoneProblems) as refused:
        service.add(funded.lead, funded.project, title, None if due is None else _in(due))
    assert refused.value.problems.keys() == problems.keys()
    for field, message in problems.items():
        assert refused.value.problems[field].startswith(message)
    assert db.session.query(Milestone).count() == 0
    assert audit_events("lab_milestone.added") == []


def test_organisers_and_other_people_cannot_change_milestones(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    for person in (make_organiser(), funded.chair):
        with pytest.raises(MilestoneRefused) as refused:
            service.add(person, funded.project, "Beta", _in(3))
        assert refused.value.status == 403
        with pytest.raises(MilestoneRefused):
            service.complete(person, funded.project, milestone, _in(0))
    assert fresh(Milestone, milestone.id).done_on is None


def test_a_stopped_project_is_read_only(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    funded.project.status = "stopped"
    db.session.commit()
    attempts = [
        lambda: service.add(funded.lead, funded.project, "Beta", _in(3)),
        lambda: service.change(
            funded.lead, funded.project, milestone, "Beta", _in(3), seen=_seen(milestone)
        ),
        lambda: service.complete(funded.lead, funded.project, milestone, _in(0)),
        lambda: service.reopen(funded.lead, funded.project, milestone),
    ]
    for attempt in attempts:
        with pytest.raises(MilestoneRefused) as refused:
            attempt()
        assert (refused.value.status, str(refused.value)) == (409, service.STOPPED)
    assert [e.action for e in audit_events() if e.action.startswith("lab_milestone.")] == [
        "lab_milestone.added"
    ]


def test_a_paused_project_keeps_its_milestones_up_to_date(funded):
    funded.project.status = "paused"
    db.session.commit()
    assert service.add(funded.lead, funded.project, "Alpha", _in(3)).id


def test_changing_the_title_and_due_date_is_audited_with_before_and_after(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    changed = service.change(
        funded.lead, funded.project, milestone, "Alpha ends", _in(9), seen=_seen(milestone)
    )
    assert changed is True
    stored = fresh(Milestone, milestone.id)
    assert (stored.title, stored.due_on) == ("Alpha ends", _in(9))
    [event] = audit_events("lab_milestone.changed")
    assert (event.before["title"], event.after["title"]) == ("Alpha", "Alpha ends")
    assert (event.before["due_on"], event.after["due_on"]) == (
        _in(3).isoformat(),
        _in(9).isoformat(),
    )


def test_a_change_that_changes_nothing_is_not_audited(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    unchanged = service.change(
        funded.lead, funded.project, milestone, " Alpha ", _in(3), seen=_seen(milestone)
    )
    assert unchanged is False
    assert audit_events("lab_milestone.changed") == []


def test_a_change_is_checked_like_an_addition(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    with pytest.raises(MilestoneProblems) as refused:
        service.change(funded.lead, funded.project, milestone, "", None, seen=_seen(milestone))
    assert set(refused.value.problems) == {"title", "due_on"}
    assert fresh(Milestone, milestone.id).title == "Alpha"


def test_marking_done_and_undoing_it(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(-3))
    lab = make_lab_user()
    service.complete(lab, funded.project, milestone, _in(-1))
    stored = fresh(Milestone, milestone.id)
    assert (stored.done_on, stored.completed_by_id) == (_in(-1), lab.id)
    [done] = audit_events("lab_milestone.done")
    assert (done.actor_id, done.after["done_on"]) == (lab.id, _in(-1).isoformat())

    service.reopen(funded.lead, funded.project, stored)
    stored = fresh(Milestone, milestone.id)
    assert (stored.done_on, stored.completed_by_id) == (None, None)
    [reopened] = audit_events("lab_milestone.reopened")
    assert reopened.before == {"done_on": _in(-1).isoformat(), "completed_by_id": lab.id}
    assert reopened.after["done_on"] is None


def test_the_done_date_is_today_or_in_the_past(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    with pytest.raises(MilestoneProblems) as refused:
        service.complete(funded.lead, funded.project, milestone, _in(1))
    assert refused.value.problems == {
        "done_on": "The date it was done must be today or in the past"
    }
    with pytest.raises(MilestoneProblems) as refused:
        service.complete(funded.lead, funded.project, milestone, None)
    assert refused.value.problems == {"done_on": "Enter the date the milestone was done"}
    service.complete(funded.lead, funded.project, milestone, _in(0))
    assert fresh(Milestone, milestone.id).done_on == _in(0)


def test_done_twice_or_undone_twice_is_refused_as_stale(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    with pytest.raises(MilestoneRefused) as refused:
        service.reopen(funded.lead, funded.project, milestone)
    assert (refused.value.status, str(refused.value)) == (409, service.NOT_DONE)
    service.complete(funded.lead, funded.project, milestone, _in(0))
    stale = fresh(Milestone, milestone.id)
    with pytest.raises(MilestoneRefused) as refused:
        service.complete(funded.lead, funded.project, stale, _in(-1))
    assert (refused.value.status, str(refused.value)) == (409, service.ALREADY_DONE)
    assert fresh(Milestone, milestone.id).done_on == _in(0)
    assert len(audit_events("lab_milestone.done")) == 1


def test_today_is_the_date_in_london():
    # 11:30pm UTC on 30 June is already 1 July in London (summer time); not in winter.
    with clock_at(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)):
        assert london_today() == date(2027, 7, 1)
    with clock_at(datetime(2027, 12, 31, 23, 30, tzinfo=UTC)):
        assert london_today() == date(2027, 12, 31)


def test_the_project_milestones_in_order(funded):
    later = service.add(funded.lead, funded.project, "Beta", _in(30))
    late = service.add(funded.lead, funded.project, "Alpha", _in(-2))
    done = service.add(funded.lead, funded.project, "Discovery", _in(-20))
    service.complete(funded.lead, funded.project, done, _in(-19))
    assert [m.id for m in service.milestones_of(funded.project)] == [late.id, later.id, done.id]
    assert service.milestone_of(funded.project, late.id).id == late.id
    other = funded_project()
    assert service.milestone_of(other.project, late.id) is None
    assert service.milestone_of(funded.project, 999999) is None


# A page out of date, and a stop meanwhile -------------------------------------------------


def _behind_the_sessions_back(table, row_id: int, **values) -> None:
    """Another request's committed change, on its own connection."""
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.id == row_id).values(**values))


def test_a_stop_committed_after_the_page_was_read_is_refused(funded):
    """The request read the project as active; the lab stopped it before the write. Each
    change reads the status again, under a lock, in the transaction that writes: 409."""
    open_one = service.add(funded.lead, funded.project, "Alpha", _in(3))
    done_one = service.add(funded.lead, funded.project, "Discovery", _in(-3))
    service.complete(funded.lead, funded.project, done_one, _in(-2))
    seen = _seen(open_one)
    project = db.session.get(LabProject, funded.project.id)
    assert project.status == "active"  # as the request read it
    _behind_the_sessions_back(LabProject, project.id, status="stopped")
    attempts = [
        lambda: service.add(funded.lead, project, "Beta", _in(3)),
        lambda: service.change(funded.lead, project, open_one, "Beta", _in(3), seen=seen),
        lambda: service.complete(funded.lead, project, open_one, _in(0)),
        lambda: service.reopen(funded.lead, project, done_one),
    ]
    for attempt in attempts:
        with pytest.raises(MilestoneRefused) as refused:
            attempt()
        assert (refused.value.status, str(refused.value)) == (409, service.STOPPED)
    assert db.session.query(Milestone).count() == 2
    assert (fresh(Milestone, open_one.id).title, fresh(Milestone, open_one.id).done_on) == (
        "Alpha",
        None,
    )
    assert fresh(Milestone, done_one.id).done_on == _in(-2)
    assert len([e for e in audit_events() if e.action.startswith("lab_milestone.")]) == 3


def test_the_fingerprint_follows_the_title_and_the_dates(funded):
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    first = service.fingerprint(milestone)
    assert first == service.fingerprint(fresh(Milestone, milestone.id))
    seen = {first}
    for values in ({"title": "Alpha ends"}, {"due_on": _in(4)}, {"done_on": _in(0)}):
        _behind_the_sessions_back(Milestone, milestone.id, **values)
        seen.add(service.fingerprint(fresh(Milestone, milestone.id)))
    assert len(seen) == 4


def test_a_change_from_a_page_out_of_date_is_refused(funded):
    """Two people edit the same milestone: the second save names the milestone as its page
    showed it, which is no longer so; it is refused (409) rather than undoing the first."""
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    seen = _seen(milestone)
    lab = make_lab_user()
    assert service.change(lab, funded.project, milestone, "Alpha ends", _in(9), seen=seen)
    for stale in (seen, None, "", "not a fingerprint"):
        with pytest.raises(MilestoneRefused) as refused:
            service.change(funded.lead, funded.project, milestone, "Alpha", _in(5), seen=stale)
        assert (refused.value.status, str(refused.value)) == (409, service.STALE)
    stored = fresh(Milestone, milestone.id)
    assert (stored.title, stored.due_on) == ("Alpha ends", _in(9))
    assert len(audit_events("lab_milestone.changed")) == 1


def test_a_change_saved_behind_the_sessions_back_is_not_overwritten(funded):
    """The request loaded the milestone (and the fingerprint matched it); another save
    committed before this one writes: the write is conditional on the values read."""
    milestone = service.add(funded.lead, funded.project, "Alpha", _in(3))
    loaded = db.session.get(Milestone, milestone.id)
    seen = service.fingerprint(loaded)
    _behind_the_sessions_back(Milestone, milestone.id, title="Alpha ends")
    with pytest.raises(MilestoneRefused) as refused:
        service.change(funded.lead, funded.project, loaded, "Alpha", _in(5), seen=seen)
    assert str(refused.value) == service.STALE
    assert fresh(Milestone, milestone.id).title == "Alpha ends"
