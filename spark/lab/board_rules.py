"""The lab board's rules, as plain functions: which filters a request asks for, which groups
the board shows, how long a project has been in its stage and when a milestone is overdue.

- Projects are grouped by stage; a stopped project leaves its stage's group for the
  "Stopped" group at the end of the board, whatever stage it stopped in, so the stages show
  only the work still going on (a paused project stays in its stage, tagged "Paused").
- Filters: round, department (the team's), focus area and status. A value that is not one of
  the choices on offer means "all", so an out-of-date or edited address never fails.
- Status "overdue": projects still going on (active or paused) with at least one milestone
  overdue. A milestone is overdue when it is not done and was due before today (London).
- Days in stage count London calendar days from the day the project entered its stage.
- A project's status has one tag colour everywhere (``STATUS_TAG``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

STOPPED_GROUP = "stopped"
# Status filter values and their labels, in the order the filter offers them.
STATUS_FILTERS = {
    "active": "Active",
    "paused": "Paused",
    "overdue": "Has overdue milestones",
    "stopped": "Stopped",
}
# Going-on statuses: a stopped project keeps its milestones but none can be overdue.
GOING_ON = ("active", "paused")
STATUS_NAMES = {"active": "Active", "paused": "Paused", "stopped": "Stopped"}
#: A project's status as a GOV.UK tag colour, the same on every page (the words carry the
#: meaning): going on green; paused yellow, as it waits on someone; stopped grey, as GOV.UK
#: tags something no longer active (red is kept for problems: overdue, a gate not met).
STATUS_TAG = {
    "active": "govuk-tag--green",
    "paused": "govuk-tag--yellow",
    "stopped": "govuk-tag--grey",
}


def status_tag(status: str) -> tuple[str, str]:
    """A project's status as a tag: its words and its colour class."""
    return STATUS_NAMES.get(status, status.capitalize()), STATUS_TAG.get(status, "govuk-tag--grey")


@dataclass(frozen=True)
class Filters:
    """What the board shows: None for "all" in each."""

    round_id: int | None = None
    department: str | None = None
    focus_area_id: int | None = None
    status: str | None = None

    @property
    def any(self) -> bool:
        return any(value is not None for value in self.as_args().values())

    def as_args(self) -> dict[str, str]:
        """The filters as the board's query string (only those set), for links that keep them."""
        args = {
            "round": str(self.round_id) if self.round_id is not None else None,
            "department": self.department,
            "focus_area": str(self.focus_area_id) if self.focus_area_id is not None else None,
            "status": self.status,
        }
        return {name: value for name, value in args.items() if value is not None}


def _chosen_id(value: str | None, known: Collection[int]) -> int | None:
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()):  # "²" is a digit to Python, not to int()
        return None
    number = int(text)
    return number if number in known else None


def parse_filters(
    args: Mapping[str, str],
    *,
    rounds: Collection[int],
    departments: Collection[str],
    focus_areas: Collection[int],
) -> Filters:
    """The filters a request asks for, keeping only values among the choices on offer."""
    department = (args.get("department") or "").strip()
    status = (args.get("status") or "").strip()
    return Filters(
        round_id=_chosen_id(args.get("round"), rounds),
        department=department if department in departments else None,
        focus_area_id=_chosen_id(args.get("focus_area"), focus_areas),
        status=status if status in STATUS_FILTERS else None,
    )


def groups_shown(stage_keys: list[str], status: str | None) -> list[str]:
    """The board's groups, in order: every stage, then "Stopped"; only "Stopped" when the
    filter asks for stopped projects, and no "Stopped" when it asks for projects going on."""
    if status == "stopped":
        return [STOPPED_GROUP]
    if status is not None:
        return list(stage_keys)
    return [*stage_keys, STOPPED_GROUP]


def group_of(stage_key: str, status: str) -> str:
    """The board group a project is listed in."""
    return STOPPED_GROUP if status == "stopped" else stage_key


def days_in_stage(entered_on: date, today: date) -> int:
    """Whole London days since the project entered its stage (0 on the day it did)."""
    return max(0, (today - entered_on).days)


def days_text(days: int) -> str:
    """ "1 day", "12 days"."""
    return f"{days:,} day" if days == 1 else f"{days:,} days"


def is_overdue(due_on: date, done_on: date | None, today: date) -> bool:
    """Not done, and due before today."""
    return done_on is None and due_on < today
