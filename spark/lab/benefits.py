"""Benefits a lab project measures: progress towards the target, status in words, values in
their units, and totals across the portfolio where units agree.

Pure: the standard library only. Values are ``Decimal`` (the database keeps 2 decimal places).

The rules:

- A metric has a unit (pounds, hours, people, percent, or another the team names, such as
  "forms"), which way is better (higher or lower), a baseline (before the project) and a
  target. The target must differ from the baseline and lie on the better side of it: a
  target that is worse than where the project started is not a target.
- The latest reading is the one taken last (by date taken, then the order recorded): readings
  may be recorded in any order, an old figure found later included.
- Progress is how far the latest reading has come from the baseline towards the target, in
  percent: 0% at the baseline, 100% at the target, whichever way is better. Past the target
  it is over 100%; worse than the baseline, below 0%.
- The status, in words: "Target met" (100% or more), "On the way" (between), "No change" (at
  the baseline), "Worse than baseline" (below 0%), "No readings yet".
- Portfolio totals add up, per unit, each metric's improvement since its baseline in its
  better direction (money saved on a lower-is-better cost counts as much as money gained on a
  higher-is-better income). Pounds, hours and people add up; another unit only with metrics
  whose unit has the same name (ignoring capitals); percentages never (12% of one service
  and 30% of another do not make 42% of anything). Metrics without readings add nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

UNITS = ("gbp", "hours", "people", "percent", "other")
BETTER = ("higher", "lower")
#: Units whose improvements add up across projects ("other" only where the names match).
ADDABLE = ("gbp", "hours", "people")

UNIT_NAMES = {
    "gbp": "Pounds (£)",
    "hours": "Hours",
    "people": "People",
    "percent": "Percentage (%)",
    "other": "Other",
}
BETTER_NAMES = {"higher": "Higher is better", "lower": "Lower is better"}

NAME_MAX = 120
UNIT_LABEL_MAX = 40
SOURCE_MAX = 200
#: The largest size of figure we take (the database holds more; this stops slips of zeros).
LIMIT = Decimal("1000000000000")
WHOLE_DIGITS = len(str(LIMIT)) - 1  # figures below the limit have at most 12 whole digits
HUNDRED = Decimal(100)
MINUS = "\u2212"  # a minus sign: screen readers say "minus", not "dash"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Messages (GOV.UK wording) -----------------------------------------------------------------

ENTER_NAME = "Enter the name of the benefit"
NAME_TOO_LONG = f"The name must be {NAME_MAX} characters or fewer"
SELECT_UNIT = "Select the unit the benefit is measured in"
ENTER_UNIT_LABEL = "Enter the unit, for example forms"
UNIT_LABEL_TOO_LONG = f"The unit must be {UNIT_LABEL_MAX} characters or fewer"
SELECT_BETTER = "Select whether higher or lower is better"
TARGET_SAME = "The target must be different from the baseline"
TARGET_NOT_HIGHER = "The target must be higher than the baseline, as higher is better"
TARGET_NOT_LOWER = "The target must be lower than the baseline, as lower is better"
ENTER_SOURCE = "Enter where the figure comes from"
SOURCE_TOO_LONG = f"Where the figure comes from must be {SOURCE_MAX} characters or fewer"
DATE_IN_FUTURE = "The date taken must be today or in the past"

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")


class NumberProblem(ValueError):
    """The text is not a number we take; the message is a GOV.UK error message."""


def parse_number(text: str, subject: str) -> Decimal:
    """The number in ``text`` ("£12,500", "12.5%", "1,200", "-3"), exact to 2 decimal places.

    ``subject`` names the figure in messages ("the baseline"). A pound sign before it, a
    percent sign after it, commas between thousands and a minus sign are taken; words ("12k"),
    more than 2 decimal places and figures of a trillion or more are refused.
    """
    cleaned = text.strip().replace(MINUS, "-").replace(" ", "")
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-")
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
        negative = negative or cleaned.startswith("-")
        cleaned = cleaned.lstrip("-")
    cleaned = cleaned.removesuffix("%")
    if not _NUMBER.match(cleaned):
        raise NumberProblem(f"Enter {subject} as a number, like 12,500 or 12.5")
    # Sizes are judged on the digits, before any Decimal arithmetic: rounding a figure of 27
    # digits or more overflows Decimal's precision.
    whole, _, fraction = cleaned.replace(",", "").partition(".")
    if len(fraction.rstrip("0")) > 2:
        raise NumberProblem(f"Enter {subject} with no more than 2 numbers after the decimal point")
    if len(whole.lstrip("0")) > WHOLE_DIGITS:
        sign = f"{MINUS}1" if negative else "1"
        side = "more" if negative else "less"
        raise NumberProblem(f"{_capital(subject)} must be {side} than {sign},000,000,000,000")
    number = Decimal(f"{whole or 0}.{fraction[:2]}").quantize(Decimal("0.01"))
    return -number if negative and number else number


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# A metric and its readings -------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """What a metric measures and aims for."""

    unit: str
    unit_label: str
    better: str
    baseline: Decimal
    target: Decimal


@dataclass(frozen=True)
class Reading:
    value: Decimal
    taken_on: date
    id: int


def latest(readings: Iterable[Reading]) -> Reading | None:
    """The reading taken last: by date taken, then the one recorded later."""
    return max(readings, key=lambda reading: (reading.taken_on, reading.id), default=None)


def check_metric(
    *,
    name: str,
    unit: str,
    unit_label: str,
    better: str,
    baseline: Decimal | None,
    target: Decimal | None,
) -> dict[str, str]:
    """Problems with a metric as typed, by field; empty when it can be saved. (The form
    says when the baseline or target is missing or not a number.)"""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = ENTER_NAME
    elif len(name) > NAME_MAX:
        problems["name"] = NAME_TOO_LONG
    if unit not in UNITS:
        problems["unit"] = SELECT_UNIT
    elif unit == "other" and not unit_label.strip():
        problems["unit_label"] = ENTER_UNIT_LABEL
    if len(unit_label) > UNIT_LABEL_MAX:
        problems["unit_label"] = UNIT_LABEL_TOO_LONG
    if better not in BETTER:
        problems["better"] = SELECT_BETTER
    if baseline is not None and target is not None:
        if target == baseline:
            problems["target"] = TARGET_SAME
        elif better == "higher" and target < baseline:
            problems["target"] = TARGET_NOT_HIGHER
        elif better == "lower" and target > baseline:
            problems["target"] = TARGET_NOT_LOWER
    return problems


def check_reading(*, taken_on: date, source: str, today: date) -> dict[str, str]:
    """Problems with a reading as typed, by field: a date in the future, no source."""
    problems: dict[str, str] = {}
    if taken_on > today:
        problems["taken_on"] = DATE_IN_FUTURE
    if not source.strip():
        problems["source"] = ENTER_SOURCE
    elif len(source) > SOURCE_MAX:
        problems["source"] = SOURCE_TOO_LONG
    return problems


def change(measure: Measure, value: Decimal) -> Decimal:
    """The change since the baseline, as measured (up is positive, whichever is better)."""
    return value - measure.baseline


def improvement(measure: Measure, value: Decimal) -> Decimal:
    """The change since the baseline in the better direction: positive is better."""
    moved = change(measure, value)
    return moved if measure.better == "higher" else -moved


def progress(measure: Measure, value: Decimal) -> Decimal:
    """Percent of the way from the baseline to the target: 0 at the baseline, 100 at the
    target, over 100 past it, below 0 when worse than the baseline."""
    return (value - measure.baseline) * HUNDRED / (measure.target - measure.baseline)


# The status, in words, with the colour of its tag (the words carry the meaning).
TARGET_MET = "Target met"
ON_THE_WAY = "On the way"
NO_CHANGE = "No change"
WORSE = "Worse than baseline"
NO_READINGS = "No readings yet"
STATUS_TAGS = {
    TARGET_MET: "govuk-tag--green",
    ON_THE_WAY: "govuk-tag--blue",
    NO_CHANGE: "govuk-tag--grey",
    WORSE: "govuk-tag--red",
    NO_READINGS: "govuk-tag--grey",
}


def status(measure: Measure, value: Decimal | None) -> str:
    """Where the metric stands, in words."""
    if value is None:
        return NO_READINGS
    done = progress(measure, value)
    if done >= HUNDRED:
        return TARGET_MET
    if done > 0:
        return ON_THE_WAY
    if done == 0:
        return NO_CHANGE
    return WORSE


# Showing figures ---------------------------------------------------------------------------


def number_text(value: Decimal, *, places: int | None = None) -> str:
    """'12,500', '12.5', '12,500.50' (``places=2``), with a minus sign when negative."""
    magnitude = abs(value)
    if places is None:
        text = f"{magnitude.quantize(Decimal('0.01')).normalize():,f}"
    else:
        text = f"{magnitude:,.{places}f}"
    return (MINUS if value < 0 and text.strip("0.,") else "") + text


def value_text(value: Decimal, unit: str, unit_label: str = "") -> str:
    """A figure in its unit: '£12,500', '£12,500.50', '120 hours', '1 hour', '40 people',
    '1 person', '12.5%', '30 forms'."""
    if unit == "gbp":
        whole = value == value.to_integral_value()
        text = number_text(value, places=0 if whole else 2)
        return text.replace(MINUS, MINUS + "£") if text.startswith(MINUS) else "£" + text
    text = number_text(value)
    if unit == "percent":
        return f"{text}%"
    if unit == "hours":
        return f"{text} {'hour' if abs(value) == 1 else 'hours'}"
    if unit == "people":
        return f"{text} {'person' if abs(value) == 1 else 'people'}"
    return f"{text} {unit_label}".strip()


def change_text(value: Decimal, unit: str, unit_label: str = "") -> str:
    """A change with its sign: '+£2,500', '−10 hours', '+2.5 percentage points', 'No change'.
    (A change between percentages is in percentage points, not percent.)"""
    if value == 0:
        return "No change"
    sign = "+" if value > 0 else MINUS
    if unit == "percent":
        points = "percentage point" if abs(value) == 1 else "percentage points"
        return f"{sign}{number_text(abs(value))} {points}"
    return sign + value_text(abs(value), unit, unit_label)


def percent_text(value: Decimal) -> str:
    """Progress as a whole percent, cut towards 0 so that '100%' always means the target is
    met: '45%', '150%', '−20%'; a little either side of 0 is 'under 1%' or 'just under 0%'."""
    whole = int(value)  # towards zero
    if whole == 0 and value > 0:
        return "under 1%"
    if whole == 0 and value < 0:
        return "just under 0%"
    return f"{MINUS if whole < 0 else ''}{abs(whole):,}%"


def date_text(day: date) -> str:
    """'3 January 2027', as GOV.UK writes dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# Portfolio totals --------------------------------------------------------------------------


class PortfolioMetric(NamedTuple):
    """One metric in the portfolio: its project, unit, which way is better, baseline, and its
    latest reading's value (None before the first). A tuple: there are thousands."""

    project_id: int
    unit: str
    unit_label: str
    better: str
    baseline: Decimal
    latest: Decimal | None


@dataclass(frozen=True)
class UnitTotal:
    """The improvement since baseline across every metric in one unit."""

    unit: str
    unit_label: str
    improvement: Decimal
    metrics: int
    projects: int

    @property
    def name(self) -> str:
        if self.unit == "other":
            return _capital(self.unit_label)
        return UNIT_NAMES[self.unit]

    @property
    def text(self) -> str:
        return value_text(self.improvement, self.unit, self.unit_label)


@dataclass(frozen=True)
class Portfolio:
    totals: list[UnitTotal]
    #: Percentage metrics with readings: shown, never added up.
    percent_metrics: int
    #: Metrics with no reading yet, in any unit: nothing to add.
    without_readings: int
    metrics: int
    projects: int


def portfolio_totals(metrics: Iterable[PortfolioMetric]) -> Portfolio:
    """Totals per unit, in the order pounds, hours, people, then other units by name. A unit
    named by several spellings ("Forms", "forms") shows the first one given."""
    sums: dict[tuple[str, str], Decimal] = {}
    counts: dict[tuple[str, str], int] = {}
    projects: dict[tuple[str, str], set[int]] = {}
    labels: dict[tuple[str, str], str] = {}
    every_project: set[int] = set()
    count = percent = without = 0
    for project_id, unit, unit_label, better, baseline, value in metrics:
        count += 1
        every_project.add(project_id)
        if value is None:
            without += 1
            continue
        if unit == "percent":
            percent += 1
            continue
        key = (unit, "")
        if unit == "other":
            label = " ".join(unit_label.split())
            key = (unit, label.casefold())
            labels.setdefault(key, label)
        moved = value - baseline if better == "higher" else baseline - value
        sums[key] = sums.get(key, 0) + moved
        counts[key] = counts.get(key, 0) + 1
        projects.setdefault(key, set()).add(project_id)

    def order(key: tuple[str, str]) -> tuple[int, str]:
        return (UNITS.index(key[0]), key[1])

    totals = [
        UnitTotal(key[0], labels.get(key, ""), sums[key], counts[key], len(projects[key]))
        for key in sorted(sums, key=order)
    ]
    return Portfolio(
        totals=totals,
        percent_metrics=percent,
        without_readings=without,
        metrics=count,
        projects=len(every_project),
    )
