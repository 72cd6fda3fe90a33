"""The benefits rules, worked by hand: reading numbers as people type them, the checks on a
metric and a reading, the latest reading, progress and status either way round, figures in
their units, and the portfolio's totals where units agree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from spark.lab import benefits as b
from spark.lab.benefits import Measure, PortfolioMetric, Reading

SAVINGS = Measure("gbp", "", "higher", D(0), D(20000))  # money saved: higher is better
WAITING = Measure("hours", "", "lower", D(120), D(60))  # hours people wait: lower is better


# Numbers as typed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("£12,500", D("12500")),
        ("12.5%", D("12.5")),
        ("1,200", D("1200")),
        (" 40 ", D("40")),
        ("12,500.50", D("12500.50")),
        ("-3", D("-3")),
        ("\u22123.5", D("-3.5")),  # the minus sign the pages show
        ("-£500", D("-500")),
        ("£-500", D("-500")),
        (".5", D("0.5")),
        ("0", D("0")),
        ("-0", D("0")),
        ("1.50", D("1.5")),
        ("999,999,999,999.99", D("999999999999.99")),
    ],
)
def test_numbers_read_as_people_type_them(typed, number):
    read = b.parse_number(typed, "the baseline")
    assert read == number and read.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("twelve", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("12k", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("1e5", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("1,20", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("12 hours", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("NaN", "Enter the baseline as a number, like 12,500 or 12.5"),
        ("1.234", "Enter the baseline with no more than 2 numbers after the decimal point"),
        ("1000000000000", "The baseline must be less than 1,000,000,000,000"),
        ("-1,000,000,000,000", "The baseline must be more than \u22121,000,000,000,000"),
    ],
)
def test_numbers_we_do_not_take_say_how_to_write_them(typed, message):
    with pytest.raises(b.NumberProblem) as problem:
        b.parse_number(typed, "the baseline")
    assert str(problem.value) == message


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1" * 27, "The value must be less than 1,000,000,000,000"),
        ("9" * 40, "The value must be less than 1,000,000,000,000"),
        ("1" * 400, "The value must be less than 1,000,000,000,000"),
        ("-" + "1" * 400, "The value must be more than \u22121,000,000,000,000"),
        ("£" + "9" * 30 + ".99", "The value must be less than 1,000,000,000,000"),
        ("1," + "000," * 20 + "000", "The value must be less than 1,000,000,000,000"),
        ("1" * 400 + ".123", "Enter the value with no more than 2 numbers after the decimal point"),
        ("1e999", "Enter the value as a number, like 12,500 or 12.5"),
        ("-1e999", "Enter the value as a number, like 12,500 or 12.5"),
        ("NaN", "Enter the value as a number, like 12,500 or 12.5"),
        ("sNaN", "Enter the value as a number, like 12,500 or 12.5"),
        ("Infinity", "Enter the value as a number, like 12,500 or 12.5"),
        ("-Infinity", "Enter the value as a number, like 12,500 or 12.5"),
        ("inf", "Enter the value as a number, like 12,500 or 12.5"),
    ],
)
def test_over_long_and_special_numbers_are_refused_not_rounded(typed, message):
    # 27 digits and more once overflowed Decimal's rounding (a 500 on the form).
    with pytest.raises(b.NumberProblem) as problem:
        b.parse_number(typed, "the value")
    assert str(problem.value) == message


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("-0", D("0")),
        ("0" * 400 + "5", D("5")),  # leading zeros add no size
        ("1." + "0" * 400, D("1")),  # nor do trailing zeros after the point
        ("0" * 30 + "999999999999.99", D("999999999999.99")),
    ],
)
def test_zeros_that_add_no_size_are_taken(typed, number):
    read = b.parse_number(typed, "the value")
    assert read == number and read.as_tuple().exponent == -2 and not read.is_signed()


def test_trailing_zeros_after_2_places_are_not_more_places():
    assert b.parse_number("1.500", "the value") == D("1.5")


# Checks ----------------------------------------------------------------------------------


def _check(**fields):
    metric = {
        "name": "Money saved",
        "unit": "gbp",
        "unit_label": "",
        "better": "higher",
        "baseline": D(0),
        "target": D(100),
    }
    return b.check_metric(**{**metric, **fields})


def test_a_good_metric_has_no_problems():
    assert _check() == {}
    assert _check(unit="other", unit_label="forms", better="lower", target=D(-5)) == {}


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({"name": "  "}, {"name": b.ENTER_NAME}),
        ({"name": "x" * 121}, {"name": b.NAME_TOO_LONG}),
        ({"unit": "miles"}, {"unit": b.SELECT_UNIT}),
        ({"unit": "other"}, {"unit_label": b.ENTER_UNIT_LABEL}),
        ({"unit": "other", "unit_label": "x" * 41}, {"unit_label": b.UNIT_LABEL_TOO_LONG}),
        ({"better": ""}, {"better": b.SELECT_BETTER}),
        ({"target": D(0)}, {"target": b.TARGET_SAME}),
        ({"target": D(-1)}, {"target": b.TARGET_NOT_HIGHER}),
        ({"better": "lower"}, {"target": b.TARGET_NOT_LOWER}),
        # Without a way that is better, only a target equal to the baseline is wrong.
        ({"better": "", "target": D(-1)}, {"better": b.SELECT_BETTER}),
    ],
)
def test_metric_problems(fields, problems):
    assert _check(**fields) == problems


def test_the_messages_read_as_gov_uk_errors():
    assert b.TARGET_SAME == "The target must be different from the baseline"
    assert b.ENTER_SOURCE == "Enter where the figure comes from"


@pytest.mark.parametrize(
    ("taken_on", "source", "problems"),
    [
        (date(2027, 3, 1), "Finance report", {}),
        (date(2027, 3, 2), "Finance report", {}),  # today
        (date(1999, 1, 1), "An old ledger", {}),  # any past date
        (date(2027, 3, 3), "Finance report", {"taken_on": b.DATE_IN_FUTURE}),
        (date(2027, 3, 1), " ", {"source": b.ENTER_SOURCE}),
        (date(2027, 3, 1), "x" * 201, {"source": b.SOURCE_TOO_LONG}),
    ],
)
def test_reading_problems(taken_on, source, problems):
    assert b.check_reading(taken_on=taken_on, source=source, today=date(2027, 3, 2)) == problems


# The latest reading, progress and status ---------------------------------------------------


def test_the_latest_reading_is_by_date_taken_then_order_recorded():
    readings = [
        Reading(D(5), date(2027, 3, 1), 3),
        Reading(D(9), date(2027, 5, 1), 1),  # recorded first, taken last
        Reading(D(7), date(2027, 5, 1), 2),  # same day, recorded later: the latest
        Reading(D(1), date(2027, 1, 1), 4),  # found and recorded last, taken first
    ]
    assert b.latest(readings) == readings[2]
    assert b.latest([]) is None


@pytest.mark.parametrize(
    ("measure", "value", "progress", "status"),
    [
        # Higher is better, 0 -> 20,000.
        (SAVINGS, D(0), D(0), b.NO_CHANGE),
        (SAVINGS, D(5000), D(25), b.ON_THE_WAY),
        (SAVINGS, D(20000), D(100), b.TARGET_MET),
        (SAVINGS, D(30000), D(150), b.TARGET_MET),
        (SAVINGS, D(-2000), D(-10), b.WORSE),
        # Lower is better, 120 -> 60: going down is progress.
        (WAITING, D(120), D(0), b.NO_CHANGE),
        (WAITING, D(90), D(50), b.ON_THE_WAY),
        (WAITING, D(60), D(100), b.TARGET_MET),
        (WAITING, D(30), D(150), b.TARGET_MET),
        (WAITING, D(150), D(-50), b.WORSE),
    ],
)
def test_progress_and_status_whichever_way_is_better(measure, value, progress, status):
    assert b.progress(measure, value) == progress
    assert b.status(measure, value) == status


def test_no_readings_yet():
    assert b.status(SAVINGS, None) == b.NO_READINGS
    assert b.STATUS_TAGS[b.NO_READINGS] == "govuk-tag--grey"


def test_just_short_of_the_target_is_on_the_way_and_never_shows_as_100_percent():
    value = D("19999.99")
    assert b.status(SAVINGS, value) == b.ON_THE_WAY
    assert b.percent_text(b.progress(SAVINGS, value)) == "99%"


def test_change_and_improvement_since_the_baseline():
    assert b.change(WAITING, D(90)) == D(-30)
    assert b.improvement(WAITING, D(90)) == D(30)  # 30 hours less waiting is better
    assert b.change(SAVINGS, D(500)) == b.improvement(SAVINGS, D(500)) == D(500)
    assert b.improvement(SAVINGS, D(-500)) == D(-500)


# Figures in their units -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "label", "text"),
    [
        (D("12500"), "gbp", "", "£12,500"),
        (D("12500.50"), "gbp", "", "£12,500.50"),
        (D("12500.00"), "gbp", "", "£12,500"),
        (D("-500"), "gbp", "", "\u2212£500"),
        (D("0"), "gbp", "", "£0"),
        (D("120"), "hours", "", "120 hours"),
        (D("1"), "hours", "", "1 hour"),
        (D("1.5"), "hours", "", "1.5 hours"),
        (D("40"), "people", "", "40 people"),
        (D("1"), "people", "", "1 person"),
        (D("12.5"), "percent", "", "12.5%"),
        (D("12.50"), "percent", "", "12.5%"),
        (D("100"), "percent", "", "100%"),
        (D("30"), "other", "forms", "30 forms"),
        (D("1234567.25"), "other", "calls", "1,234,567.25 calls"),
        (D("-2.5"), "other", "degrees", "\u22122.5 degrees"),
    ],
)
def test_values_in_their_units(value, unit, label, text):
    assert b.value_text(value, unit, label) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D(2500), "gbp", "+£2,500"),
        (D(-10), "hours", "\u221210 hours"),
        (D("2.5"), "percent", "+2.5 percentage points"),
        (D(-1), "percent", "\u22121 percentage point"),
        (D(0), "people", "No change"),
    ],
)
def test_changes_have_their_sign(value, unit, text):
    assert b.change_text(value, unit) == text


@pytest.mark.parametrize(
    ("progress", "text"),
    [
        (D(0), "0%"),
        (D("45.9"), "45%"),
        (D("99.99"), "99%"),
        (D(100), "100%"),
        (D("1234.5"), "1,234%"),
        (D("-20.5"), "\u221220%"),
        (D("0.3"), "under 1%"),
        (D("-0.3"), "just under 0%"),
    ],
)
def test_progress_in_whole_percent_cut_towards_zero(progress, text):
    assert b.percent_text(progress) == text


def test_dates_as_gov_uk_writes_them():
    assert b.date_text(date(2027, 1, 3)) == "3 January 2027"


# Portfolio totals -------------------------------------------------------------------------


def _metric(project, unit, better, baseline, target, latest, label=""):
    assert (D(target) > D(baseline)) == (better == "higher")  # a metric as it is saved
    return PortfolioMetric(
        project, unit, label, better, D(baseline), None if latest is None else D(latest)
    )


def test_totals_add_improvements_where_units_agree():
    portfolio = b.portfolio_totals(
        [
            _metric(1, "gbp", "higher", 0, 20000, 5000),  # +5,000 gained
            _metric(2, "gbp", "lower", 9000, 4000, 6000),  # 3,000 less spent
            _metric(2, "gbp", "higher", 100, 200, 50),  # 50 worse
            _metric(1, "hours", "lower", 120, 60, 90),  # 30 hours saved
            _metric(3, "people", "higher", 10, 50, 40),  # 30 more people
            _metric(1, "other", "higher", 0, 10, 4, "Forms"),
            _metric(3, "other", "higher", 0, 10, 3, " forms "),  # same unit, other spelling
            _metric(3, "other", "lower", 10, 0, 8, "calls"),  # 2 fewer calls
            _metric(1, "percent", "higher", 10, 50, 30),  # never added
            _metric(2, "percent", "lower", 40, 10, 20),
            _metric(4, "gbp", "higher", 0, 100, None),  # no readings: adds nothing
        ]
    )
    by_name = {total.name: total for total in portfolio.totals}
    assert [total.name for total in portfolio.totals] == [
        "Pounds (£)",
        "Hours",
        "People",
        "Calls",
        "Forms",
    ]
    assert (by_name["Pounds (£)"].improvement, by_name["Pounds (£)"].text) == (D(7950), "£7,950")
    assert (by_name["Pounds (£)"].metrics, by_name["Pounds (£)"].projects) == (3, 2)
    assert by_name["Hours"].text == "30 hours"
    assert by_name["People"].text == "30 people"
    assert (by_name["Forms"].text, by_name["Forms"].metrics, by_name["Forms"].projects) == (
        "7 Forms",  # the first spelling given
        2,
        2,
    )
    assert by_name["Calls"].text == "2 calls"
    assert (portfolio.percent_metrics, portfolio.without_readings) == (2, 1)
    assert (portfolio.metrics, portfolio.projects) == (11, 4)


def test_a_net_loss_shows_below_zero():
    portfolio = b.portfolio_totals([_metric(1, "gbp", "lower", 100, 50, 400)])
    assert portfolio.totals[0].text == "\u2212£300"


def test_nothing_to_add_up():
    portfolio = b.portfolio_totals([_metric(1, "percent", "higher", 1, 2, 3)])
    assert portfolio.totals == [] and portfolio.percent_metrics == 1
    assert b.portfolio_totals([]) == b.Portfolio([], 0, 0, 0, 0)
