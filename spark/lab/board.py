"""Reads for the lab board: every project grouped by stage, filtered, and one group's pages.

The board never loads every project: it counts them per stage in SQL and lists at most
``PER_GROUP`` per group (longest in their stage first, one windowed query for all groups),
with the next milestone of each listed project (one more query). A group's own page lists
``PER_PAGE`` a page. So each page runs the same number of queries whatever the number of
projects (tests/app/lab/test_board_queries.py). The rules (groups, filters, days, overdue)
are in ``board_rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, select

from spark.accounts.models import Team
from spark.core.audit import utcnow
from spark.core.filters import to_london
from spark.extensions import db
from spark.lab import board_rules
from spark.lab.board_rules import STOPPED_GROUP, Filters
from spark.lab.models import FocusArea, LabProject, Milestone, Stage, project_focus_areas
from spark.pitches.models import Pitch, Round

PER_GROUP = 20
PER_PAGE = 50


def london_today() -> date:
    """Today's date in London, where the service's people are (the lab's one copy)."""
    return to_london(utcnow()).date()


@dataclass(frozen=True)
class Choices:
    """What the filters offer: rounds and departments that have projects, every focus area."""

    rounds: list[tuple[int, str]]
    departments: list[str]
    focus_areas: list[tuple[int, str]]


def choices() -> Choices:
    rounds = db.session.execute(
        select(Round.id, Round.name)
        .where(exists().where(Pitch.round_id == Round.id, LabProject.pitch_id == Pitch.id))
        .order_by(Round.opens_at.desc(), Round.id.desc())
    ).all()
    departments = db.session.scalars(
        select(Team.department)
        .join(Pitch, Pitch.team_id == Team.id)
        .join(LabProject, LabProject.pitch_id == Pitch.id)
        .distinct()
        .order_by(Team.department)
    ).all()
    areas = db.session.execute(select(FocusArea.id, FocusArea.name).order_by(FocusArea.name)).all()
    return Choices(
        rounds=[(row.id, row.name) for row in rounds],
        departments=list(departments),
        focus_areas=[(row.id, row.name) for row in areas],
    )


def parse(args: Any, offered: Choices) -> Filters:
    return board_rules.parse_filters(
        args,
        rounds={id_ for id_, _ in offered.rounds},
        departments=set(offered.departments),
        focus_areas={id_ for id_, _ in offered.focus_areas},
    )


# Queries ------------------------------------------------------------------------------------


def _group_column() -> ColumnElement[str]:
    return case((LabProject.status == "stopped", literal(STOPPED_GROUP)), else_=LabProject.stage)


def _has_overdue(today: date) -> ColumnElement[bool]:
    return exists().where(
        Milestone.project_id == LabProject.id,
        Milestone.done_on.is_(None),
        Milestone.due_on < today,
    )


def _conditions(filters: Filters, today: date) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.round_id is not None:
        found.append(Pitch.round_id == filters.round_id)
    if filters.department is not None:
        found.append(Team.department == filters.department)
    if filters.focus_area_id is not None:
        found.append(
            exists().where(
                project_focus_areas.c.project_id == LabProject.id,
                project_focus_areas.c.focus_area_id == filters.focus_area_id,
            )
        )
    if filters.status in ("active", "paused", "stopped"):
        found.append(LabProject.status == filters.status)
    elif filters.status == "overdue":
        found.append(and_(LabProject.status.in_(board_rules.GOING_ON), _has_overdue(today)))
    return found


def _joined(statement: Select) -> Select:
    return statement.join(Pitch, Pitch.id == LabProject.pitch_id).join(
        Team, Team.id == Pitch.team_id
    )


_ROW_COLUMNS = (
    LabProject.id,
    LabProject.stage,
    LabProject.status,
    LabProject.status_reason,
    LabProject.stage_entered_at,
    Pitch.title,
    Team.name.label("team_name"),
    Team.department,
)
# Longest in their stage first; the id breaks ties so pages never overlap.
_ORDER = (LabProject.stage_entered_at, LabProject.id)


@dataclass
class NextMilestone:
    title: str
    due_on: date
    overdue: bool


@dataclass
class BoardRow:
    id: int
    title: str
    team_name: str
    department: str
    stage: str
    status: str
    status_reason: str
    days: int
    next_milestone: NextMilestone | None = None

    @property
    def days_text(self) -> str:
        return board_rules.days_text(self.days)


def _row(values: Any, today: date) -> BoardRow:
    entered: datetime = values.stage_entered_at
    return BoardRow(
        id=values.id,
        title=values.title or "Untitled pitch",
        team_name=values.team_name,
        department=values.department,
        stage=values.stage,
        status=values.status,
        status_reason=values.status_reason,
        days=board_rules.days_in_stage(to_london(entered).date(), today),
    )


def _add_next_milestones(rows: list[BoardRow], today: date) -> None:
    """Each going-on project's earliest open milestone by due date, in one query."""
    going_on = {row.id: row for row in rows if row.status != "stopped"}
    if not going_on:
        return
    rank = func.row_number().over(
        partition_by=Milestone.project_id, order_by=(Milestone.due_on, Milestone.id)
    )
    ranked = (
        select(Milestone.project_id, Milestone.title, Milestone.due_on, rank.label("rank"))
        .where(Milestone.project_id.in_(going_on), Milestone.done_on.is_(None))
        .subquery()
    )
    for found in db.session.execute(select(ranked).where(ranked.c.rank == 1)):
        going_on[found.project_id].next_milestone = NextMilestone(
            found.title, found.due_on, board_rules.is_overdue(found.due_on, None, today)
        )


@dataclass
class Group:
    key: str
    name: str
    description: str
    count: int = 0
    paused: int = 0
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return self.key == STOPPED_GROUP

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)


STOPPED_NAME = "Stopped"
STOPPED_DESCRIPTION = "Projects that ended before being scaled, whatever stage they reached."


@dataclass
class Board:
    groups: list[Group]
    stage_names: dict[str, str]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def paused(self) -> int:
        return sum(group.paused for group in self.groups)


def _groups(all_stages: list[Stage], status: str | None) -> list[Group]:
    by_key = {stage.key: stage for stage in all_stages}
    made = []
    for key in board_rules.groups_shown(list(by_key), status):
        if key == STOPPED_GROUP:
            made.append(Group(key, STOPPED_NAME, STOPPED_DESCRIPTION))
        else:
            made.append(Group(key, by_key[key].name, by_key[key].description))
    return made


def board(filters: Filters, all_stages: list[Stage], today: date | None = None) -> Board:
    """Counts per group (and paused per group), and up to ``PER_GROUP`` projects in each."""
    today = today or london_today()
    groups = {group.key: group for group in _groups(all_stages, filters.status)}
    conditions = _conditions(filters, today)
    group_column = _group_column().label("board_group")
    counts = db.session.execute(
        _joined(select(group_column, LabProject.status, func.count()).select_from(LabProject))
        .where(*conditions)
        .group_by(group_column, LabProject.status)
    )
    for key, status, number in counts:
        if key in groups:
            groups[key].count += number
            groups[key].paused += number if status == "paused" else 0
    rank = func.row_number().over(partition_by=_group_column(), order_by=_ORDER)
    ranked = (
        _joined(select(*_ROW_COLUMNS, group_column, rank.label("rank")).select_from(LabProject))
        .where(*conditions)
        .subquery()
    )
    rows = db.session.execute(
        select(ranked)
        .where(ranked.c.rank <= PER_GROUP)
        .order_by(ranked.c.board_group, ranked.c.rank)
    ).all()
    listed = []
    for values in rows:
        if values.board_group in groups:
            listed.append(_row(values, today))
            groups[values.board_group].rows.append(listed[-1])
    _add_next_milestones(listed, today)
    return Board(list(groups.values()), {stage.key: stage.name for stage in all_stages})


class _GroupPages(Pagination):
    """One board group's projects, a page at a time (GOV.UK pagination reads this)."""

    def _query_items(self) -> list[Any]:
        args = self._query_args
        statement = (
            _joined(select(*_ROW_COLUMNS).select_from(LabProject))
            .where(*args["conditions"])
            .order_by(*_ORDER)
            .limit(self.per_page)
            .offset((self.page - 1) * self.per_page)
        )
        rows = [_row(values, args["today"]) for values in db.session.execute(statement)]
        _add_next_milestones(rows, args["today"])
        return rows

    def _query_count(self) -> int:
        statement = _joined(select(func.count()).select_from(LabProject)).where(
            *self._query_args["conditions"]
        )
        return db.session.scalar(statement) or 0


def group_named(key: str, all_stages: list[Stage]) -> Group | None:
    """The board group ``key`` names (a stage's key, or "stopped"), or None for no such group."""
    return next((group for group in _groups(all_stages, None) if group.key == key), None)


def group_pages(group: Group, filters: Filters, page: int, today: date | None = None):
    """The page ``page`` of ``group``'s projects under ``filters`` (none when the status filter
    rules the group out, as on the board)."""
    today = today or london_today()
    conditions = _conditions(filters, today)
    if group.stopped:
        conditions.append(LabProject.status == "stopped")
    else:
        conditions += [LabProject.stage == group.key, LabProject.status != "stopped"]
    return _GroupPages(
        page=page, per_page=PER_PAGE, error_out=False, conditions=conditions, today=today
    )
