"""The rules for a project's milestones: where each one stands, the order to show them, and
which dates may be typed. Pure: the standard library only.

A milestone is, on a given day (``today``, the date in London):

- **done** when its ``done_on`` is set, whatever its due date;
- **overdue** when it is open and its due date is before today (the board counts the same in
  SQL: ``due_on < today AND done_on IS NULL``);
- **due soon** when it is open and due today or within the next ``DUE_SOON_DAYS`` (14) days,
  so a milestone due exactly 14 days from today is due soon and one due in 15 days is not;
- **upcoming** otherwise (open, due more than 14 days from today).

Due dates may be in the past (teams record what they planned), but not more than
``YEARS_AROUND`` years either side of today: a date that far off is a mistyped year. A done
date is never in the future.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

DUE_SOON_DAYS = 14
YEARS_AROUND = 5
TITLE_MAX = 200

ENTER_TITLE = "Enter a title"
TITLE_TOO_LONG = f"The title must be {TITLE_MAX} characters or fewer"
ENTER_DUE = "Enter the date the milestone is due"
ENTER_DONE = "Enter the date the milestone was done"
DONE_IN_FUTURE = "The date it was done must be today or in the past"


class State(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def colour(self) -> str:
        """The govuk-tag modifier: never the only sign, the tag's text says the state."""
        return _COLOURS[self]


_LABELS = {
    State.DONE: "Done",
    State.OVERDUE: "Overdue",
    State.DUE_SOON: "Due soon",
    State.UPCOMING: "Upcoming",
}
_COLOURS = {
    State.DONE: "green",
    State.OVERDUE: "red",
    State.DUE_SOON: "yellow",
    State.UPCOMING: "grey",
}


class Dated(Protocol):
    """Anything shaped like a milestone (the model, or a row)."""

    @property
    def id(self) -> int | None: ...

    @property
    def due_on(self) -> date: ...

    @property
    def done_on(self) -> date | None: ...


T = TypeVar("T", bound=Dated)


def due_soon_until(today: date) -> date:
    """The last due date that still counts as due soon (today + 14 days)."""
    return today + timedelta(days=DUE_SOON_DAYS)


def state(due_on: date, done_on: date | None, today: date) -> State:
    if done_on is not None:
        return State.DONE
    if due_on < today:
        return State.OVERDUE
    if due_on <= due_soon_until(today):
        return State.DUE_SOON
    return State.UPCOMING


def is_overdue(due_on: date, done_on: date | None, today: date) -> bool:
    return state(due_on, done_on, today) is State.OVERDUE


def days_overdue(due_on: date, done_on: date | None, today: date) -> int:
    """Whole days past the due date for an open milestone; 0 when not overdue."""
    if not is_overdue(due_on, done_on, today):
        return 0
    return (today - due_on).days


def days_until_due(due_on: date, today: date) -> int:
    """Days from today to the due date: 0 when due today, negative when past."""
    return (due_on - today).days


def days_text(count: int) -> str:
    """ "1 day", "12 days"."""
    return f"{count:,} day" if count == 1 else f"{count:,} days"


def due_in(due_on: date, today: date) -> str:
    """For an open milestone not yet overdue: "Today", "Tomorrow", "5 days"."""
    days = days_until_due(due_on, today)
    return "Today" if days == 0 else "Tomorrow" if days == 1 else days_text(days)


def when(due_on: date, done_on: date | None, today: date) -> str:
    """How the due date stands, in words for the table ("3 days overdue", "Due today",
    "Due in 5 days"); empty once done (the done date says it)."""
    if done_on is not None:
        return ""
    days = days_until_due(due_on, today)
    if days < 0:
        return f"{days_text(-days)} overdue"
    if days == 0:
        return "Due today"
    if days == 1:
        return "Due tomorrow"
    return f"Due in {days_text(days)}"


def display_order(milestones: Iterable[T]) -> list[T]:
    """Open milestones first, soonest due first; then done ones, most recently done first.
    Ties keep the order they were added (by id; unsaved ones last)."""

    def key(milestone: T) -> tuple:
        added = milestone.id if milestone.id is not None else float("inf")
        if milestone.done_on is None:
            return (0, milestone.due_on.toordinal(), added)
        return (1, -milestone.done_on.toordinal(), -milestone.due_on.toordinal(), added)

    return sorted(milestones, key=key)


@dataclass(frozen=True)
class Counts:
    overdue: int = 0
    due_soon: int = 0
    upcoming: int = 0
    done: int = 0


def counts(milestones: Iterable[Dated], today: date) -> Counts:
    tally = dict.fromkeys(State, 0)
    for milestone in milestones:
        tally[state(milestone.due_on, milestone.done_on, today)] += 1
    return Counts(
        overdue=tally[State.OVERDUE],
        due_soon=tally[State.DUE_SOON],
        upcoming=tally[State.UPCOMING],
        done=tally[State.DONE],
    )


# Typed values ---------------------------------------------------------------------------


def clean_title(title: str | None) -> str:
    """The title as stored: trimmed, with runs of spaces and line breaks made one space."""
    return " ".join((title or "").split())


def title_problem(title: str) -> str | None:
    if not title:
        return ENTER_TITLE
    if len(title) > TITLE_MAX:
        return TITLE_TOO_LONG
    return None


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def latest_due(today: date) -> date:
    return _years_from(today, YEARS_AROUND)


def earliest_date(today: date) -> date:
    """The earliest due date or done date taken: a date further back is a mistyped year."""
    return _years_from(today, -YEARS_AROUND)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def due_problem(due_on: date | None, today: date) -> str | None:
    """GOV.UK wording for a due date that cannot be taken, or None."""
    if due_on is None:
        return ENTER_DUE
    if due_on > latest_due(today):
        return f"The due date must be the same as or before {_long(latest_due(today))}"
    if due_on < earliest_date(today):
        return f"The due date must be the same as or after {_long(earliest_date(today))}"
    return None


def done_problem(done_on: date | None, today: date) -> str | None:
    """GOV.UK wording for a done date that cannot be taken, or None."""
    if done_on is None:
        return ENTER_DONE
    if done_on > today:
        return DONE_IN_FUTURE
    if done_on < earliest_date(today):
        return f"The date it was done must be the same as or after {_long(earliest_date(today))}"
    return None
