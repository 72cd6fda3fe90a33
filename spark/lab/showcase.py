"""The showcase's reads: what every signed-in civil servant may see of the lab, and search.

Shown: published stories (of any project, a stopped one's lessons learnt included) and the
projects in the Live or Scaled across government stages that are not stopped (paused ones
too: they are still live). Nothing else of a project: no budget, no team's email addresses.

One list of both, newest first (a story by when it was published, a project by when it
entered its stage), 20 a page, filtered by what it is (stories or projects), the project's
stage (live or scaled) and the team's department, and searched with one box: every word
typed must appear, in any case, in the story's title or text or its project's title (for a
story) or in the project's title or summary (for a project). ``%`` and ``_`` are searched
for as typed.

A constant number of queries whatever the number of projects and stories and whatever the
page holds: the counts, the page of (kind, id) pairs, then the page's stories and projects
(both asked for, even when the page has none of one kind), the stages and departments for
the filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    desc,
    exists,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from spark.accounts.models import Team
from spark.extensions import db
from spark.lab import markdown
from spark.lab.models import LabProject, Stage, Story
from spark.pitches.models import Pitch

PER_PAGE = 20
SHOWCASED_STAGES = ("live", "scaled")
KINDS = {"stories": "Stories", "projects": "Projects"}
QUERY_MAX = 200
WORDS_MAX = 10
EXCERPT_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The excerpt is cut from the start of the story: no need to load all of a long one.
_EXCERPT_SOURCE = 1500


@dataclass(frozen=True)
class Filters:
    """What the person asked for, as read from the address (anything unknown is ignored)."""

    query: str = ""
    kind: str = ""
    stage: str = ""
    department: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        def arg(name: str, limit: int = 200) -> str:
            return " ".join(_CONTROL.sub(" ", str(args.get(name, "") or "")).split())[:limit]

        kind, stage = arg("show"), arg("stage")
        return cls(
            query=arg("q", QUERY_MAX),
            kind=kind if kind in KINDS else "",
            stage=stage if stage in SHOWCASED_STAGES else "",
            department=arg("department"),
        )

    @property
    def words(self) -> list[str]:
        """The distinct words searched for, at most ``WORDS_MAX``."""
        return list(dict.fromkeys(self.query.lower().split()))[:WORDS_MAX]

    @property
    def active(self) -> bool:
        return bool(self.query or self.kind or self.stage or self.department)

    def args(self) -> dict[str, str]:
        """The filters as the address has them, for links to other pages."""
        pairs = {
            "q": self.query,
            "show": self.kind,
            "stage": self.stage,
            "department": self.department,
        }
        return {name: value for name, value in pairs.items() if value}


@dataclass(frozen=True)
class StoryResult:
    id: int
    title: str
    excerpt: str
    published_at: datetime
    project_id: int
    project_title: str
    department: str
    project_showcased: bool
    kind: str = "story"


@dataclass(frozen=True)
class ProjectResult:
    id: int
    title: str
    summary: str
    department: str
    stage: str
    stage_name: str
    kind: str = "project"


@dataclass
class Results:
    """One page of the showcase, with what the pagination component needs."""

    filters: Filters
    items: list[StoryResult | ProjectResult]
    stories: int
    projects: int
    page: int
    stages: list[tuple[str, str]]
    departments: list[str]
    per_page: int = PER_PAGE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, ceil(self.total / self.per_page))

    @property
    def total(self) -> int:
        return self.stories + self.projects

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(
        self, left_edge: int = 1, left_current: int = 1, right_current: int = 2, right_edge: int = 1
    ) -> Iterator[int | None]:
        """Page numbers to link to, None for a gap (as Flask-SQLAlchemy's Pagination)."""
        shown = set(range(1, min(left_edge, self.pages) + 1))
        shown |= set(range(max(1, self.page - left_current), self.page + right_current + 1))
        shown |= set(range(max(1, self.pages - right_edge + 1), self.pages + 1))
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if number != previous + 1:
                yield None
            yield number
            previous = number

    def found_text(self) -> str:
        """How many were found, in words: "3 stories and 1 project"."""
        parts = []
        if self.stories or self.filters.kind == "stories":
            parts.append(f"{self.stories:,} {'story' if self.stories == 1 else 'stories'}")
        if self.projects or self.filters.kind == "projects":
            parts.append(f"{self.projects:,} {'project' if self.projects == 1 else 'projects'}")
        return " and ".join(parts)


def _escaped(word: str) -> str:
    """``word`` for LIKE: its own ``%``, ``_`` and backslashes mean themselves."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matches(columns: list, words: list[str]) -> ColumnElement[bool]:
    """Every word is in at least one of the columns, whatever the case."""
    return and_(
        *(or_(*(column.ilike(_escaped(word), escape="\\") for column in columns)) for word in words)
    )


def showcased_project() -> ColumnElement[bool]:
    return and_(LabProject.stage.in_(SHOWCASED_STAGES), LabProject.status != "stopped")


def _stories(filters: Filters) -> Select:
    """(kind, id, at) of the published stories ``filters`` find; joined to the project, its
    pitch and team only when a filter needs them."""
    statement = select(
        literal_column("'story'", String).label("kind"),
        Story.id.label("id"),
        Story.published_at.label("at"),
    ).where(Story.status == "published")
    if filters.stage or filters.department or filters.words:
        statement = statement.join(LabProject, LabProject.id == Story.project_id)
    if filters.department or filters.words:
        statement = statement.join(Pitch, Pitch.id == LabProject.pitch_id)
    if filters.department:
        statement = statement.join(Team, Team.id == Pitch.team_id)
        statement = statement.where(Team.department == filters.department)
    if filters.stage:
        statement = statement.where(LabProject.stage == filters.stage)
    if filters.words:
        statement = statement.where(_matches([Story.title, Story.body, Pitch.title], filters.words))
    return statement


def _projects(filters: Filters) -> Select:
    """(kind, id, at) of the showcased projects ``filters`` find."""
    statement = select(
        literal_column("'project'", String).label("kind"),
        LabProject.id.label("id"),
        LabProject.stage_entered_at.label("at"),
    ).where(showcased_project())
    if filters.department or filters.words:
        statement = statement.join(Pitch, Pitch.id == LabProject.pitch_id)
    if filters.department:
        statement = statement.join(Team, Team.id == Pitch.team_id)
        statement = statement.where(Team.department == filters.department)
    if filters.stage:
        statement = statement.where(LabProject.stage == filters.stage)
    if filters.words:
        statement = statement.where(_matches([Pitch.title, Pitch.summary], filters.words))
    return statement


def _branches(filters: Filters) -> list[Select]:
    return [
        branch(filters)
        for kind, branch in (("stories", _stories), ("projects", _projects))
        if filters.kind in ("", kind)
    ]


def _found(branches: list[Select]):
    return (union_all(*branches) if len(branches) > 1 else branches[0]).subquery("found")


def _newest(branch: Select, rows: int) -> Select:
    """Only the branch's ``rows`` newest: the page cannot hold any others."""
    top = branch.order_by(desc("at"), desc("id")).limit(rows).subquery()
    return select(top.c.kind, top.c.id, top.c.at)


def search(filters: Filters, page: int = 1) -> Results:
    """The page ``page`` (kept within the pages there are) of what ``filters`` find."""
    found = _found(_branches(filters))
    counts: dict[str, int] = dict(
        db.session.execute(select(found.c.kind, func.count()).group_by(found.c.kind)).all()
    )
    results = Results(
        filters=filters,
        items=[],
        stories=counts.get("story", 0),
        projects=counts.get("project", 0),
        page=1,
        stages=stage_names(),
        departments=departments(),
    )
    results.page = min(max(page, 1), results.pages)
    offset = (results.page - 1) * PER_PAGE
    found = _found([_newest(branch, offset + PER_PAGE) for branch in _branches(filters)])
    rows = db.session.execute(
        select(found.c.kind, found.c.id)
        .order_by(found.c.at.desc(), found.c.kind, found.c.id.desc())
        .limit(PER_PAGE)
        .offset(offset)
    ).all()
    stories = story_results([id_ for kind, id_ in rows if kind == "story"])
    projects = _project_results([id_ for kind, id_ in rows if kind == "project"], results.stages)
    results.items = [
        (stories if kind == "story" else projects)[id_]
        for kind, id_ in rows
        if id_ in (stories if kind == "story" else projects)
    ]
    return results


def story_results(ids: list[int]) -> dict[int, StoryResult]:
    """The stories ``ids`` as the showcase lists them (one query)."""
    rows = db.session.execute(
        select(
            Story.id,
            Story.title,
            func.substr(Story.body, 1, _EXCERPT_SOURCE),
            Story.published_at,
            LabProject.id,
            Pitch.title,
            Team.department,
            showcased_project(),
        )
        .join(LabProject, LabProject.id == Story.project_id)
        .join(Pitch, Pitch.id == LabProject.pitch_id)
        .join(Team, Team.id == Pitch.team_id)
        .where(Story.id.in_(ids))
    ).all()
    return {
        row[0]: StoryResult(
            id=row[0],
            title=row[1],
            excerpt=markdown.excerpt(row[2] or "", EXCERPT_LENGTH),
            published_at=row[3],
            project_id=row[4],
            project_title=row[5],
            department=row[6],
            project_showcased=bool(row[7]),
        )
        for row in rows
    }


def _project_results(ids: list[int], stages: list[tuple[str, str]]) -> dict[int, ProjectResult]:
    names = dict(stages)
    rows = db.session.execute(
        select(LabProject.id, Pitch.title, Pitch.summary, Team.department, LabProject.stage)
        .join(Pitch, Pitch.id == LabProject.pitch_id)
        .join(Team, Team.id == Pitch.team_id)
        .where(LabProject.id.in_(ids))
    ).all()
    return {
        id_: ProjectResult(id_, title, summary, department, stage, names.get(stage, stage))
        for id_, title, summary, department, stage in rows
    }


def stage_names() -> list[tuple[str, str]]:
    """The showcased stages' keys and names (the lab may rename them), in order."""
    return [
        (key, name)
        for key, name in db.session.execute(
            select(Stage.key, Stage.name)
            .where(Stage.key.in_(SHOWCASED_STAGES))
            .order_by(Stage.position)
        )
    ]


def departments() -> list[str]:
    """The departments with something on the showcase, A to Z (for the filter)."""
    published = exists(
        select(Story.id).where(Story.project_id == LabProject.id, Story.status == "published")
    )
    return list(
        db.session.scalars(
            select(Team.department)
            .distinct()
            .join(Pitch, Pitch.team_id == Team.id)
            .join(LabProject, LabProject.pitch_id == Pitch.id)
            .where(or_(showcased_project(), published))
            .order_by(Team.department)
        )
    )
