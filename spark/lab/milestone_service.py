"""Milestones: the team and the lab add them, change their title and due date, mark them
done (with the date) and undo that; the lab and organisers see, across the portfolio, which
are overdue or due soon.

Each change is one transaction with its audit event (``lab_milestone.added``, ``.changed``,
``.done``, ``.reopened``). The rules - what counts as overdue or due soon, which dates may
be typed - are ``lab.milestones``'s. Only the lab and the project's team may change
milestones (403 for anyone else, as the views' decorator already answers).

- A stopped project is read-only: every change is refused (409). The status the request
  loaded may be out of date, so each change reads it again in its own transaction, under a
  share lock, once its write is in and before it commits: a stop in progress holds the row
  (PostgreSQL) or the database's write lock (SQLite), so the change waits for it and sees
  "stopped"; a stop that comes later waits for the change.
- A change names the milestone as its page showed it (``fingerprint``: title, due date, done
  date), and the update is conditional on those values: two people editing at once, the
  second is refused (409) rather than silently undoing the first's change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import contains_eager

from spark.accounts.models import User
from spark.core import audit
from spark.extensions import db
from spark.lab import access
from spark.lab import milestones as rules
from spark.lab.board import london_today
from spark.lab.models import LabProject, Milestone
from spark.pitches.models import Pitch

PER_PAGE = 50
STOPPED = "This project has stopped, so its milestones can no longer be changed"
NOT_ALLOWED = "Only the project’s team and the lab can change its milestones"
ALREADY_DONE = "This milestone has already been marked as done"
NOT_DONE = "This milestone is not marked as done"
STALE = (
    "Someone changed this milestone while you were editing it. Check it as it is now, "
    "then make your change again"
)


class MilestoneRefused(Exception):
    """The change cannot be made: the message says why; ``status`` is 403 or 409."""

    def __init__(self, message: str, *, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class MilestoneProblems(Exception):
    """What was typed cannot be taken: field name -> GOV.UK error message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


# Reading -----------------------------------------------------------------------------


def milestones_of(project: LabProject) -> list[Milestone]:
    """The project's milestones in the order to show them (one query)."""
    found = db.session.scalars(select(Milestone).where(Milestone.project_id == project.id))
    return rules.display_order(found)


def milestone_of(project: LabProject, milestone_id: int) -> Milestone | None:
    """The project's milestone with this id (another project's is None)."""
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or milestone.project_id != project.id:
        return None
    return milestone


# Changing ----------------------------------------------------------------------------


def fingerprint(milestone: Milestone) -> str:
    """A short digest of the milestone as it is now, for its change page to name."""
    done_on = milestone.done_on.isoformat() if milestone.done_on else ""
    text = "\n".join((milestone.title, milestone.due_on.isoformat(), done_on))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _check_may_change(actor: User, project: LabProject) -> None:
    """Refuse anyone but the lab and the team; and a project the request loaded as stopped
    (``_still_going_on`` checks again in the writing transaction)."""
    if not access.may_edit(project, actor):
        raise MilestoneRefused(NOT_ALLOWED, status=403)
    if project.status == "stopped":
        raise MilestoneRefused(STOPPED)


def _still_going_on(project_id: int) -> None:
    """After this transaction's write, before it commits: the project's status as it is now,
    read under a share lock (see the module docstring); stopped meanwhile: undone, 409."""
    status = db.session.execute(
        select(LabProject.status).where(LabProject.id == project_id).with_for_update(read=True)
    ).scalar_one()
    if status == "stopped":
        db.session.rollback()
        raise MilestoneRefused(STOPPED)


def _checked(title: str | None, due_on: date | None, on: date) -> str:
    """The title as stored, once the title and due date are both acceptable."""
    title = rules.clean_title(title)
    problems = {
        "title": rules.title_problem(title),
        "due_on": rules.due_problem(due_on, on),
    }
    problems = {field: message for field, message in problems.items() if message}
    if problems:
        raise MilestoneProblems(problems)
    return title


def _shown(milestone: Milestone) -> dict:
    return {
        "project_id": milestone.project_id,
        "title": milestone.title,
        "due_on": milestone.due_on.isoformat(),
        "done_on": milestone.done_on.isoformat() if milestone.done_on else None,
    }


def add(actor: User, project: LabProject, title: str | None, due_on: date | None) -> Milestone:
    """Add a milestone: a title (up to 200 characters) and a due date no more than five
    years either side of today (past dates are fine: teams record what they planned)."""
    _check_may_change(actor, project)
    title = _checked(title, due_on, london_today())
    project_id = project.id
    milestone = Milestone(project_id=project_id, title=title, due_on=due_on, created_by_id=actor.id)
    db.session.add(milestone)
    db.session.flush()
    _still_going_on(project_id)
    audit.record("lab_milestone.added", milestone, actor=actor, after=_shown(milestone))
    db.session.commit()
    return milestone


def change(
    actor: User,
    project: LabProject,
    milestone: Milestone,
    title: str | None,
    due_on: date | None,
    *,
    seen: str | None,
) -> bool:
    """Change a milestone's title and due date (done or not); False when nothing changed,
    so nothing is audited. ``seen`` is the ``fingerprint`` the change page showed: if the
    milestone has changed since (or the page named none), refused as stale (409)."""
    _check_may_change(actor, project)
    project_id = project.id
    db.session.refresh(milestone)  # as it is now, not as the request loaded it
    if seen != fingerprint(milestone):
        raise MilestoneRefused(STALE)
    title = _checked(title, due_on, london_today())
    if (milestone.title, milestone.due_on) == (title, due_on):
        return False
    before = _shown(milestone)
    saved = db.session.execute(
        update(Milestone)
        .where(
            Milestone.id == milestone.id,
            Milestone.title == milestone.title,
            Milestone.due_on == milestone.due_on,
            Milestone.done_on.is_not_distinct_from(milestone.done_on),
        )
        .values(title=title, due_on=due_on)
        .execution_options(synchronize_session=False)
    )
    if saved.rowcount != 1:  # saved by someone else since it was read just now
        db.session.rollback()
        raise MilestoneRefused(STALE)
    _still_going_on(project_id)
    db.session.refresh(milestone)
    audit.record(
        "lab_milestone.changed", milestone, actor=actor, before=before, after=_shown(milestone)
    )
    db.session.commit()
    return True


def complete(actor: User, project: LabProject, milestone: Milestone, done_on: date | None) -> None:
    """Mark the milestone done on ``done_on`` (today or earlier). Done already (another tab,
    a second click): refused, 409. The update is conditional, so two at once mark it once."""
    _check_may_change(actor, project)
    problem = rules.done_problem(done_on, london_today())
    if problem:
        raise MilestoneProblems({"done_on": problem})
    marked = db.session.execute(
        update(Milestone)
        .where(Milestone.id == milestone.id, Milestone.done_on.is_(None))
        .values(done_on=done_on, completed_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:
        db.session.rollback()
        raise MilestoneRefused(ALREADY_DONE)
    _still_going_on(project.id)
    db.session.refresh(milestone)
    audit.record(
        "lab_milestone.done",
        milestone,
        actor=actor,
        before={"done_on": None},
        after={"project_id": project.id, "done_on": done_on.isoformat()},
    )
    db.session.commit()


def reopen(actor: User, project: LabProject, milestone: Milestone) -> None:
    """Undo "done" on a milestone marked by mistake: it is open again, and overdue if its
    due date has passed. Not done (already undone elsewhere): refused, 409."""
    _check_may_change(actor, project)
    before = {"done_on": milestone.done_on.isoformat() if milestone.done_on else None}
    before["completed_by_id"] = milestone.completed_by_id
    reopened = db.session.execute(
        update(Milestone)
        .where(Milestone.id == milestone.id, Milestone.done_on.is_not(None))
        .values(done_on=None, completed_by_id=None)
        .execution_options(synchronize_session=False)
    )
    if reopened.rowcount != 1:
        db.session.rollback()
        raise MilestoneRefused(NOT_DONE)
    _still_going_on(project.id)
    db.session.refresh(milestone)
    audit.record(
        "lab_milestone.reopened",
        milestone,
        actor=actor,
        before=before,
        after={"project_id": project.id, "done_on": None},
    )
    db.session.commit()


# The portfolio -----------------------------------------------------------------------


@dataclass(frozen=True)
class Portfolio:
    """One page of open milestones overdue or due in the next 14 days, across every
    project not stopped (paused ones included), the most overdue first."""

    pagination: Pagination
    overdue: int
    due_soon: int
    today: date

    @property
    def groups(self) -> list[tuple[rules.State, list[Milestone]]]:
        """This page's milestones under Overdue, then Due soon (empty groups left out)."""
        found = {rules.State.OVERDUE: [], rules.State.DUE_SOON: []}
        for milestone in self.pagination.items:
            found[rules.state(milestone.due_on, None, self.today)].append(milestone)
        return [(state, items) for state, items in found.items() if items]


def _portfolio_filter(on: date):
    return (
        Milestone.done_on.is_(None),
        Milestone.due_on <= rules.due_soon_until(on),
        LabProject.status != "stopped",
    )


def portfolio(page: int = 1) -> Portfolio:
    """Two queries whatever the portfolio's size: the counts, then one page of rows with
    their project, pitch, team and stage joined in."""
    on = london_today()
    overdue, due_soon = db.session.execute(
        select(
            func.coalesce(func.sum(case((Milestone.due_on < on, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Milestone.due_on >= on, 1), else_=0)), 0),
        )
        .join(LabProject, Milestone.project_id == LabProject.id)
        .where(*_portfolio_filter(on))
    ).one()
    pages = max(1, -(-(overdue + due_soon) // PER_PAGE))
    statement = (
        select(Milestone)
        .join(Milestone.project)
        .join(LabProject.pitch)
        .join(Pitch.team)
        .join(LabProject.stage_record)
        .where(*_portfolio_filter(on))
        .options(
            # A pitch's long answers are not needed here: only its title.
            contains_eager(Milestone.project)
            .contains_eager(LabProject.pitch)
            .load_only(Pitch.title, Pitch.team_id),
            contains_eager(Milestone.project)
            .contains_eager(LabProject.pitch)
            .contains_eager(Pitch.team),
            contains_eager(Milestone.project).contains_eager(LabProject.stage_record),
        )
        .order_by(Milestone.due_on, Pitch.title, Milestone.id)
    )
    pagination = db.paginate(
        statement, page=min(max(page, 1), pages), per_page=PER_PAGE, error_out=False, count=False
    )
    pagination.total = overdue + due_soon
    return Portfolio(pagination, int(overdue), int(due_soon), on)
