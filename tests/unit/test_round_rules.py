"""Round rules: status moves, when a round takes pitches, dates and times as people type them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from spark.pitches.rules import (
    RoundMoveRefused,
    RoundStatus,
    check_round_move,
    date_problem,
    dates_problem,
    is_editable,
    london_text,
    london_to_utc,
    parse_time,
    round_moves,
    submission_refusal,
    takes_pitches,
    time_text,
)

NAME = "Spark! spring 2027"
# 1 March 2027 at 9am and 31 March 2027 at 5pm in London (GMT until 28 March, then BST).
OPENS = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2027, 3, 31, 16, 0, tzinfo=UTC)


# Status moves ----------------------------------------------------------------------------------


def test_a_round_moves_forward_one_step_at_a_time():
    assert round_moves("draft", has_pitches=False) == [RoundStatus.OPEN]
    assert round_moves("open", has_pitches=True) == [RoundStatus.JUDGING]
    assert round_moves("judging", has_pitches=True) == [RoundStatus.CLOSED]
    assert round_moves("closed", has_pitches=True) == []


def test_an_open_round_goes_back_to_draft_only_without_pitches():
    assert round_moves("open", has_pitches=False) == [RoundStatus.DRAFT, RoundStatus.JUDGING]
    check_round_move("open", "draft", has_pitches=False)
    with pytest.raises(RoundMoveRefused, match="teams have started pitches"):
        check_round_move("open", "draft", has_pitches=True)


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        ("draft", "judging", "draft cannot become judging"),
        ("draft", "closed", "draft cannot become closed"),
        ("judging", "open", "judging cannot become open"),
        ("closed", "draft", "closed cannot become draft"),
        ("open", "open", "already open"),
    ],
)
def test_other_moves_are_refused_with_a_reason(current, target, message):
    with pytest.raises(RoundMoveRefused, match=message):
        check_round_move(current, target, has_pitches=False)


def test_unknown_statuses_are_errors():
    with pytest.raises(ValueError):
        round_moves("archived", has_pitches=False)


def test_details_change_only_while_draft_or_open():
    assert is_editable("draft") and is_editable("open")
    assert not is_editable("judging") and not is_editable("closed")


# Submission window ----------------------------------------------------------------------------


def refusal(status: str, now: datetime) -> str | None:
    return submission_refusal(status, OPENS, CLOSES, now, name=NAME)


def test_open_round_takes_pitches_from_the_opening_minute():
    assert refusal("open", OPENS) is None
    assert refusal("open", OPENS + timedelta(days=10)) is None
    assert takes_pitches("open", OPENS, CLOSES, OPENS)


def test_one_second_before_opening_is_too_early():
    assert refusal("open", OPENS - timedelta(seconds=1)) == (
        "Spark! spring 2027 is not open for pitches yet. It opens on 1 March 2027 at 9am."
    )


def test_closing_time_exactly_is_too_late():
    assert refusal("open", CLOSES - timedelta(seconds=1)) is None
    assert refusal("open", CLOSES) == (
        "Spark! spring 2027 closed for pitches on 31 March 2027 at 5pm."
    )
    assert not takes_pitches("open", OPENS, CLOSES, CLOSES)


def test_a_draft_round_is_not_open_even_within_its_dates():
    assert refusal("draft", OPENS - timedelta(days=1)) == (
        "Spark! spring 2027 is not open for pitches yet. It opens on 1 March 2027 at 9am."
    )
    assert refusal("draft", OPENS + timedelta(days=1)) == (
        "Spark! spring 2027 is not open for pitches yet."
    )
    assert refusal("draft", CLOSES + timedelta(days=1)) is not None


@pytest.mark.parametrize("status", ["judging", "closed"])
def test_judging_and_closed_rounds_refuse(status):
    assert refusal(status, CLOSES + timedelta(days=1)) == (
        "Spark! spring 2027 closed for pitches on 31 March 2027 at 5pm."
    )
    assert refusal(status, OPENS + timedelta(days=1)) == "Spark! spring 2027 is closed for pitches."


def test_naive_times_are_utc():
    naive = OPENS.replace(tzinfo=None)
    assert submission_refusal("open", naive, CLOSES.replace(tzinfo=None), naive) is None


def test_the_default_name():
    assert submission_refusal("closed", OPENS, CLOSES, CLOSES).startswith("This round closed")


def test_a_round_closes_after_it_opens():
    assert dates_problem(OPENS, CLOSES) is None
    assert dates_problem(OPENS, OPENS) == "The round must close after it opens"
    assert dates_problem(CLOSES, OPENS) == "The round must close after it opens"


# Dates and times ---------------------------------------------------------------------------------


def test_london_times_are_stored_in_utc_across_the_clock_change():
    assert london_to_utc(date(2027, 3, 1), time(9, 0)) == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    # British Summer Time begins on 28 March 2027.
    assert london_to_utc(date(2027, 3, 31), time(17, 0)) == CLOSES
    assert london_text(CLOSES) == "31 March 2027 at 5pm"
    assert london_text(datetime(2027, 3, 1, 12, 0, tzinfo=UTC)) == "1 March 2027 at midday"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("9:30am", time(9, 30)),
        ("9.30pm", time(21, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15pm", time(12, 15)),
        ("17:00", time(17, 0)),
        ("0900", time(9, 0)),
        ("midday", time(12, 0)),
        ("Noon", time(12, 0)),
        ("midnight", time(0, 0)),
        (" 5 p.m. ", time(17, 0)),
    ],
)
def test_times_as_people_type_them(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "9", "13pm", "0am", "9:60am", "25:00", "teatime", "9:5"])
def test_not_times(typed):
    assert parse_time(typed) is None


@pytest.mark.parametrize(
    ("at", "text"),
    [(time(9), "9am"), (time(14, 30), "2:30pm"), (time(12), "midday"), (time(0), "midnight")],
)
def test_time_text(at, text):
    assert time_text(at) == text
    assert parse_time(text) == at


WHAT = "the date the round opens"


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date the round opens"),
        (("1", "", "2027"), "The date the round opens must include a month"),
        (("", "3", ""), "The date the round opens must include a day and year"),
        (("1", "March", "2027"), "The date the round opens must be a real date"),
        (("30", "2", "2027"), "The date the round opens must be a real date"),
        (("1", "13", "2027"), "The date the round opens must be a real date"),
        (("1", "3", "27"), "Year must include 4 numbers"),
        (("-1", "3", "2027"), "The date the round opens must be a real date"),
    ],
)
def test_date_problems(parts, message):
    assert date_problem(*parts, WHAT) == (None, message)


def test_a_real_date():
    assert date_problem(" 1 ", "03", "2027", WHAT) == (date(2027, 3, 1), None)
    assert date_problem("29", "2", "2028", WHAT) == (date(2028, 2, 29), None)
