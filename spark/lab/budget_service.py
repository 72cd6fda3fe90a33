"""A lab project's budget: the lab releases tranches, the team records spend. The only place
that writes them, one transaction each.

- **Releasing a tranche** (the lab only) holds the project's row (``SELECT ... FOR NO KEY
  UPDATE`` on PostgreSQL; on SQLite the database's single write lock queues writers), reads
  what has been released as it is now, checks the amount with ``budget.tranche_refusal`` and
  inserts the tranche: a database trigger adds it to the project's released total, whose
  CHECK keeps it within the award. So two releases at once queue, and the second sees the
  first; should anything get past the check, the database refuses it and the lab gets the
  same message, never an error page. The team is emailed (outbox); audited as
  ``lab_budget.tranche_released``.
- **Recording spend** (the team and the lab) checks ``budget.spend_problems``; spend beyond
  what has been released is recorded (a record of fact) and flagged. It holds the project's
  row too, so spend on one project is recorded one at a time. Audited as
  ``lab_budget.spend_recorded``.
- **A page out of date** (a double click without JavaScript, the back button, a second tab):
  the tranche form names the released total its page showed, the spend form the number of
  spend entries; either changes with every release or entry (none is ever changed or
  removed). With the row held, a form naming another total or count (or none) is refused
  (409): it may already have been released or recorded. The lab and the team then see the
  budget as it is now, with what they typed, and may send it again.
- A stopped project takes neither (409). The status is read with the row held, and read
  again once the tranche or entry is in, before committing: on SQLite, where a read holds no
  lock, a stop or another release or entry that slipped in between is caught there, under
  the database's write lock (the totals must be exactly this write's).
- The decisions stage asks ``released_for_pitch`` (``decisions.hooks.add_amount_floor``) so
  that an amended award is never less than what the lab has already released.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from spark.accounts.models import User
from spark.core import audit
from spark.core.audit import utcnow
from spark.decisions.hooks import add_amount_floor
from spark.extensions import db
from spark.lab import access
from spark.lab.board import london_today
from spark.lab.budget import Budget, note_refusal, spend_problems, tranche_refusal
from spark.lab.budget_email import tell_the_team as _tell_the_team
from spark.lab.models import BudgetTranche, LabProject, SpendEntry, Stage

LAB_ONLY = "Only the innovation lab can release budget"
TEAM_OR_LAB = "Only the project’s team and the innovation lab can record spend"
STOPPED_TRANCHE = "This project has stopped, so no more budget can be released to it"
STOPPED_SPEND = "This project has stopped, so spend can no longer be recorded against it"
CHOOSE_STAGE = "Select the stage the tranche is for"
STALE_TRANCHE = (
    "The lab has released budget to this project since this page was opened, so this tranche "
    "may already have been released. Check the budget as it is now, then release the tranche "
    "again only if it is still needed"
)
STALE_SPEND = (
    "Spend has been recorded on this project since this page was opened, so this spend may "
    "already have been recorded. Check the latest spend, then record it again only if it is "
    "not there"
)
# How many tranches and spend entries the project page shows; the budget page shows all.
RECENT = 5


class Seen(Enum):
    """What a caller with no page to name (the demo's seeding) passes as ``seen_...``."""

    NO_PAGE = "no page"


NO_PAGE = Seen.NO_PAGE


class BudgetRefused(Exception):
    """The change is not possible: the message says why; ``status`` 403 or 409."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class BudgetProblems(Exception):
    """What was typed has problems: field name -> GOV.UK error message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class TrancheDetails:
    """What the lab typed: the amount (None when none could be read), the stage key, a note."""

    amount_pence: int | None
    stage: str
    note: str = ""


@dataclass(frozen=True)
class SpendDetails:
    """What the team typed (None when an amount or a date could not be read)."""

    amount_pence: int | None
    spent_on: date | None
    description: str


@dataclass(frozen=True)
class TrancheRow:
    tranche: BudgetTranche
    stage_name: str
    released_by: str


@dataclass(frozen=True)
class SpendRow:
    entry: SpendEntry
    recorded_by: str


@dataclass(frozen=True)
class BudgetView:
    """What the budget part and page show: the figures, the tranches and the spend entries
    (the latest ``RECENT`` of each, or all), and how many there are of each."""

    budget: Budget
    tranches: list[TrancheRow]
    tranche_count: int
    spend: list[SpendRow]
    spend_count: int


# Reading ------------------------------------------------------------------------------------

NOT_KNOWN = "Not known"  # the person's account has been removed


def _spent(project_id: int) -> tuple[int, int]:
    total, count = db.session.execute(
        select(
            func.coalesce(func.sum(SpendEntry.amount_pence), 0), func.count(SpendEntry.id)
        ).where(SpendEntry.project_id == project_id)
    ).one()
    return int(total), int(count)


def budget_of(project: LabProject) -> Budget:
    return Budget(
        project.budget_awarded_pence, project.budget_released_pence, _spent(project.id)[0]
    )


def budget_view(project: LabProject, *, everything: bool = False) -> BudgetView:
    """The project's budget in four queries, however many tranches and entries it has."""
    spent, spend_count = _spent(project.id)
    tranche_count = db.session.scalar(
        select(func.count(BudgetTranche.id)).where(BudgetTranche.project_id == project.id)
    )
    tranches = (
        select(BudgetTranche, Stage.name, User.name)
        .join(Stage, Stage.key == BudgetTranche.stage)
        .outerjoin(User, User.id == BudgetTranche.released_by_id)
        .where(BudgetTranche.project_id == project.id)
        .order_by(BudgetTranche.released_at.desc(), BudgetTranche.id.desc())
    )
    spend = (
        select(SpendEntry, User.name)
        .outerjoin(User, User.id == SpendEntry.recorded_by_id)
        .where(SpendEntry.project_id == project.id)
        .order_by(SpendEntry.spent_on.desc(), SpendEntry.id.desc())
    )
    if not everything:
        tranches, spend = tranches.limit(RECENT), spend.limit(RECENT)
    return BudgetView(
        budget=Budget(project.budget_awarded_pence, project.budget_released_pence, spent),
        tranches=[
            TrancheRow(tranche, stage_name, name or NOT_KNOWN)
            for tranche, stage_name, name in db.session.execute(tranches)
        ],
        tranche_count=tranche_count or 0,
        spend=[SpendRow(entry, name or NOT_KNOWN) for entry, name in db.session.execute(spend)],
        spend_count=spend_count,
    )


def released_for_pitch(pitch_id: int) -> int:
    """What the lab has released to the pitch's project (0 when it has none), read with the
    project's row held until commit: a signing that asks this cannot be overtaken by a
    tranche released before it commits (the release waits, then sees the new award)."""
    released = db.session.scalar(
        select(LabProject.budget_released_pence)
        .where(LabProject.pitch_id == pitch_id)
        .with_for_update()
    )
    return int(released or 0)


add_amount_floor(released_for_pitch)


# Writing ------------------------------------------------------------------------------------


def _hold(project_id: int) -> LabProject:
    """The project as it is now, its row held until commit (PostgreSQL). NO KEY: rows that
    only refer to the project (a milestone, a reading) may still be added meanwhile."""
    return db.session.execute(
        select(LabProject)
        .where(LabProject.id == project_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one()


def _refused(message: str) -> BudgetRefused:
    db.session.rollback()
    return BudgetRefused(message, status=409)


def _refuse(problems: dict[str, str]) -> BudgetProblems:
    db.session.rollback()
    return BudgetProblems(problems)


def _over_release(project_id: int, amount_pence: int) -> BudgetProblems:
    """The database refused the tranche (its CHECK): say why, as the rule would have."""
    db.session.rollback()
    project = db.session.get(LabProject, project_id, populate_existing=True)
    message = None
    if project is not None:
        message = tranche_refusal(
            amount_pence, project.budget_awarded_pence, project.budget_released_pence
        )
    return BudgetProblems({"amount": message or "The tranche is more than is left to release"})


def _tranche_problems(
    project: LabProject, details: TrancheDetails
) -> tuple[dict[str, str], Stage | None]:
    stage = db.session.scalar(select(Stage).where(Stage.key == details.stage))
    problems = {}
    refusal = tranche_refusal(
        details.amount_pence, project.budget_awarded_pence, project.budget_released_pence
    )
    if refusal:
        problems["amount"] = refusal
    if stage is None:
        problems["stage"] = CHOOSE_STAGE
    if note := note_refusal(details.note.strip()):
        problems["note"] = note
    return problems, stage


def check_tranche(project: LabProject, details: TrancheDetails) -> dict[str, str]:
    """What is wrong with the tranche as typed, writing nothing: for a form that has errors
    of its own, so every problem shows at once."""
    return _tranche_problems(project, details)[0]


def release_tranche(
    actor: User,
    project: LabProject,
    details: TrancheDetails,
    *,
    seen_released: int | None | Seen = NO_PAGE,
) -> BudgetTranche:
    """Release a tranche of the project's budget for a stage (see the module docstring).
    ``seen_released``: the released total the form's page showed (None: it named none)."""
    if not access.is_lab(actor):
        raise BudgetRefused(LAB_ONLY, status=403)
    project_id = project.id  # still readable after a refused flush
    project = _hold(project_id)
    if project.status == "stopped":
        raise _refused(STOPPED_TRANCHE)
    if seen_released is not NO_PAGE and seen_released != project.budget_released_pence:
        raise _refused(STALE_TRANCHE)
    problems, stage = _tranche_problems(project, details)
    if problems:
        raise _refuse(problems)
    assert details.amount_pence is not None and stage is not None  # checked above
    note = details.note.strip()
    before = project.budget_released_pence
    tranche = BudgetTranche(
        project_id=project.id,
        stage=stage.key,
        amount_pence=details.amount_pence,
        note=note,
        released_by_id=actor.id,
        released_at=utcnow(),
    )
    db.session.add(tranche)
    try:
        db.session.flush()
    except IntegrityError:
        raise _over_release(project_id, details.amount_pence) from None
    db.session.refresh(project, ["budget_released_pence", "status"])  # the trigger added it up
    if project.status == "stopped":
        raise _refused(STOPPED_TRANCHE)
    if (
        seen_released is not NO_PAGE
        and project.budget_released_pence != before + tranche.amount_pence
    ):
        raise _refused(STALE_TRANCHE)  # another release slipped in (SQLite: no row lock)
    audit.record(
        "lab_budget.tranche_released",
        project,
        actor=actor,
        before={"released_pence": before},
        after={
            "released_pence": project.budget_released_pence,
            "tranche_id": tranche.id,
            "amount_pence": tranche.amount_pence,
            "stage": tranche.stage,
            "note": note,
        },
    )
    _tell_the_team(project, tranche, stage)
    try:
        db.session.commit()
    except IntegrityError:
        raise _over_release(project_id, details.amount_pence) from None
    return tranche


def _one_line(text: str) -> str:
    return " ".join(text.split())


def check_spend(details: SpendDetails) -> dict[str, str]:
    """What is wrong with the spend entry as typed, writing nothing."""
    return spend_problems(
        details.amount_pence, details.spent_on, _one_line(details.description), london_today()
    )


def record_spend(
    actor: User,
    project: LabProject,
    details: SpendDetails,
    *,
    seen_spend: int | None | Seen = NO_PAGE,
) -> tuple[SpendEntry, Budget]:
    """Record money the team has spent; returns the entry and the budget after it (whose
    ``overspend_flag`` says when spend has passed what was released). ``seen_spend``: how
    many spend entries the form's page showed (None: it named none)."""
    if not access.may_edit(project, actor):
        raise BudgetRefused(TEAM_OR_LAB, status=403)
    problems = check_spend(details)
    if problems:
        raise _refuse(problems)
    project = _hold(project.id)
    if project.status == "stopped":
        raise _refused(STOPPED_SPEND)
    if seen_spend is not NO_PAGE and seen_spend != _spent(project.id)[1]:
        raise _refused(STALE_SPEND)
    description = _one_line(details.description)
    assert details.amount_pence is not None and details.spent_on is not None  # checked above
    entry = SpendEntry(
        project_id=project.id,
        amount_pence=details.amount_pence,
        spent_on=details.spent_on,
        description=description,
        recorded_by_id=actor.id,
        recorded_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    spent, count = _spent(project.id)
    db.session.refresh(project, ["status"])
    if project.status == "stopped":
        raise _refused(STOPPED_SPEND)
    if seen_spend is not NO_PAGE and count != seen_spend + 1:
        raise _refused(STALE_SPEND)  # another entry slipped in (SQLite: no row lock)
    budget = Budget(project.budget_awarded_pence, project.budget_released_pence, spent)
    audit.record(
        "lab_budget.spend_recorded",
        project,
        actor=actor,
        after={
            "spend_id": entry.id,
            "amount_pence": entry.amount_pence,
            "spent_on": entry.spent_on.isoformat(),
            "description": description,
            "spent_pence": budget.spent,
            "over_released_pence": budget.over_released,
        },
    )
    db.session.commit()
    return entry, budget
