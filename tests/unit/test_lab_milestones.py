"""The milestone rules: done, overdue, due soon (today to 14 days ahead) or upcoming; days
overdue and until due; the order to show them; which titles and dates may be typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from spark.lab import milestones as rules
from spark.lab.milestones import State

TODAY = date(2027, 3, 10)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@dataclass
class M:
    id: int | None
    due_on: date
    done_on: date | None = None


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (days(-30), None, State.OVERDUE),
        (days(-1), None, State.OVERDUE),
        (days(0), None, State.DUE_SOON),
        (days(1), None, State.DUE_SOON),
        (days(14), None, State.DUE_SOON),
        (days(15), None, State.UPCOMING),
        (days(400), None, State.UPCOMING),
        (days(-30), days(-31), State.DONE),
        (days(-1), days(0), State.DONE),
        (days(20), days(-2), State.DONE),
    ],
)
def test_state_around_today_and_the_fourteen_day_edge(due, done, expected):
    assert rules.state(due, done, TODAY) is expected
    assert rules.is_overdue(due, done, TODAY) == (expected is State.OVERDUE)


def test_due_soon_runs_to_fourteen_days_from_today():
    assert rules.DUE_SOON_DAYS == 14
    assert rules.due_soon_until(TODAY) == date(2027, 3, 24)


def test_each_state_has_a_label_and_a_colour_for_its_tag():
    assert [(s.label, s.colour) for s in State] == [
        ("Done", "green"),
        ("Overdue", "red"),
        ("Due soon", "yellow"),
        ("Upcoming", "grey"),
    ]


def test_days_overdue_only_for_open_milestones_past_their_date():
    assert rules.days_overdue(days(-1), None, TODAY) == 1
    assert rules.days_overdue(days(-45), None, TODAY) == 45
    assert rules.days_overdue(days(0), None, TODAY) == 0
    assert rules.days_overdue(days(3), None, TODAY) == 0
    assert rules.days_overdue(days(-45), days(-1), TODAY) == 0


def test_days_until_due():
    assert rules.days_until_due(days(0), TODAY) == 0
    assert rules.days_until_due(days(14), TODAY) == 14
    assert rules.days_until_due(days(-2), TODAY) == -2


@pytest.mark.parametrize(
    ("due", "done", "words"),
    [
        (days(-1), None, "1 day overdue"),
        (days(-1200), None, "1,200 days overdue"),
        (days(0), None, "Due today"),
        (days(1), None, "Due tomorrow"),
        (days(14), None, "Due in 14 days"),
        (days(-3), days(-4), ""),
    ],
)
def test_when_in_words(due, done, words):
    assert rules.when(due, done, TODAY) == words


def test_due_in_for_the_portfolio():
    assert [rules.due_in(days(n), TODAY) for n in (0, 1, 2, 14)] == [
        "Today",
        "Tomorrow",
        "2 days",
        "14 days",
    ]


def test_over_a_month_end_and_a_leap_day():
    today = date(2028, 2, 28)
    assert rules.state(date(2028, 3, 13), None, today) is State.DUE_SOON  # 14 days, leap year
    assert rules.state(date(2028, 3, 14), None, today) is State.UPCOMING
    assert rules.days_overdue(date(2028, 1, 31), None, date(2028, 3, 1)) == 30


def test_display_order_open_by_due_date_then_done_most_recent_first():
    late = M(1, days(-5))
    soon = M(2, days(3))
    later = M(3, days(40))
    same_day_added_after = M(4, days(3))
    done_long_ago = M(5, days(-60), days(-61))
    done_yesterday = M(6, days(-10), days(-1))
    done_yesterday_due_later = M(7, days(2), days(-1))
    unsaved = M(None, days(3))
    shown = rules.display_order(
        [
            done_long_ago,
            later,
            done_yesterday,
            unsaved,
            soon,
            same_day_added_after,
            late,
            done_yesterday_due_later,
        ]
    )
    assert shown == [
        late,
        soon,
        same_day_added_after,
        unsaved,
        later,
        done_yesterday_due_later,
        done_yesterday,
        done_long_ago,
    ]


def test_counts_by_state():
    found = [M(1, days(-1)), M(2, days(-9)), M(3, days(0)), M(4, days(30)), M(5, days(0), days(0))]
    assert rules.counts(found, TODAY) == rules.Counts(overdue=2, due_soon=1, upcoming=1, done=1)
    assert rules.counts([], TODAY) == rules.Counts()


def test_titles_are_trimmed_and_checked():
    assert rules.clean_title("  Private beta\r\n with   50 users ") == "Private beta with 50 users"
    assert rules.clean_title(None) == ""
    assert rules.title_problem("") == "Enter a title"
    assert rules.title_problem("x" * 200) is None
    assert rules.title_problem("x" * 201) == "The title must be 200 characters or fewer"


def test_due_dates_in_the_past_are_fine_but_not_a_mistyped_year():
    assert rules.due_problem(None, TODAY) == "Enter the date the milestone is due"
    assert rules.due_problem(days(-400), TODAY) is None
    assert rules.due_problem(date(2032, 3, 10), TODAY) is None
    assert rules.due_problem(date(2032, 3, 11), TODAY) == (
        "The due date must be the same as or before 10 March 2032"
    )
    assert rules.due_problem(date(2202, 3, 1), TODAY) is not None
    assert rules.due_problem(date(2022, 3, 10), TODAY) is None
    assert rules.due_problem(date(2022, 3, 9), TODAY) == (
        "The due date must be the same as or after 10 March 2022"
    )


def test_five_years_from_a_leap_day():
    assert rules.latest_due(date(2028, 2, 29)) == date(2033, 2, 28)
    assert rules.earliest_date(date(2028, 2, 29)) == date(2023, 2, 28)


def test_done_dates_are_today_or_in_the_past():
    assert rules.done_problem(None, TODAY) == "Enter the date the milestone was done"
    assert rules.done_problem(TODAY, TODAY) is None
    assert rules.done_problem(days(-300), TODAY) is None
    assert rules.done_problem(days(1), TODAY) == "The date it was done must be today or in the past"
    assert rules.done_problem(date(2020, 1, 1), TODAY) == (
        "The date it was done must be the same as or after 10 March 2022"
    )
