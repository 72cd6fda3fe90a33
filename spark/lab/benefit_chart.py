"""A benefit's line chart: where its readings, baseline and target go.

Pure: the standard library only (and ``spark.lab.benefits``, itself pure). The template draws
the SVG from these figures; nothing here knows about HTML.

The rules:

- Drawn in a ``viewBox`` ``WIDTH`` units wide and shown at the width of its column, so it
  shrinks to a 320 px screen (a unit is then about a pixel, so text stays readable) and grows
  with zoom.
- Time runs left to right in proportion to the days between readings: the first reading at
  the left edge, the last at the right (a single day's readings in the middle). The first and
  last dates are written under the axis.
- The values run bottom to top on a scale of round steps (1, 2 or 5 times a power of ten,
  never below a penny) that holds every reading, the baseline and the target; each step has a
  grid line with its value written above it at the left (with its £ or %; other units are
  named once, in the axis title above the scale).
- The baseline and the target are dashed lines across the chart (different dashes), each
  named in words with its value at the right ("Target: £15,000"); when they are too close
  for both labels above their lines, the lower one's label goes under it (or, at the foot
  of the chart, above the other label).
- The readings are joined by a line, each marked by a dot: shapes and words carry the
  meaning, colour adds nothing that is not also said. The table beside it has every figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from spark.lab.benefits import (
    UNIT_NAMES,
    Measure,
    Reading,
    date_text,
    number_text,
    percent_text,
    progress,
    status,
    value_text,
)

WIDTH = 320
PLOT_LEFT = 12
PLOT_RIGHT = 308
AXIS_TITLE_Y = 16
PLOT_TOP = 44
PLOT_BOTTOM = 184
DATE_Y = 204
X_TITLE_Y = 226
HEIGHT = 236
#: Grid steps wanted between the lowest and highest value (the round steps give 3 to 6).
STEPS = 4
#: Closer than this, the baseline's and target's labels would overlap.
LABEL_GAP = 18
#: The most characters of a line's label that fit beside the value labels at the left.
LABEL_CHARACTERS = 26
DOT = 4
PENNY = Decimal("0.01")
NICE = (Decimal(1), Decimal(2), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Line:
    """The baseline or the target across the chart, with its label above (or under) it."""

    y: float
    label: str
    label_y: float
    dashes: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class DateLabel:
    x: float
    label: str
    anchor: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    axis_title: str
    axis_title_y: float
    x_title: str
    x_title_y: float
    date_y: float
    ticks: list[Tick]
    baseline: Line
    target: Line
    points: list[Point]
    dates: list[DateLabel]
    dot: int = DOT

    @property
    def polyline(self) -> str:
        """The readings' line as an SVG ``points`` list (empty for fewer than 2)."""
        if len(self.points) < 2:
            return ""
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


def nice_step(span: Decimal, steps: int = STEPS) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten, at least a penny) that cuts ``span``
    into about ``steps`` parts."""
    if span <= 0:
        return Decimal(1)
    raw = span / steps
    exponent = raw.adjusted()
    fraction = raw.scaleb(-exponent)
    nice = next(choice for choice in NICE if fraction <= choice)
    return max(nice.scaleb(exponent), PENNY)


def scale(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """(lowest, highest, step): round steps that hold every value."""
    low, high = min(values), max(values)
    if low == high:
        # Only when there is one value to show: a step either side of it.
        step = nice_step(abs(low) or Decimal(1))
        return low - step, high + step, step
    step = nice_step(high - low)
    bottom = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    top = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    return bottom, top, step


def fit(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """``text`` cut to ``limit`` characters with "…" when longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tick_text(value: Decimal, unit: str) -> str:
    """A value on the scale: with its £ or %, otherwise the number alone (the axis title
    names the unit, and "1,000 applications processed" at every step would crowd it)."""
    return value_text(value, unit) if unit in ("gbp", "percent") else number_text(value)


def axis_title(measure: Measure) -> str:
    """What the values are in: 'Pounds (£)', 'Hours', 'Forms'."""
    if measure.unit == "other":
        label = measure.unit_label.strip()
        return fit(label[:1].upper() + label[1:])
    return UNIT_NAMES[measure.unit]


def benefit_chart(measure: Measure, readings: Sequence[Reading]) -> Chart:
    """The chart of these readings (in any order) against the baseline and the target."""
    shown = sorted(readings, key=lambda reading: (reading.taken_on, reading.id))
    values = [measure.baseline, measure.target, *(reading.value for reading in shown)]
    bottom, top, step = scale(values)

    def y_of(value: Decimal) -> float:
        share = float((value - bottom) / (top - bottom))
        return round(PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP), 1)

    ticks = []
    value = bottom
    while value <= top:
        ticks.append(Tick(y_of(value), tick_text(value, measure.unit)))
        value += step

    def text(value: Decimal) -> str:
        return value_text(value, measure.unit, measure.unit_label)

    baseline_y, target_y = y_of(measure.baseline), y_of(measure.target)
    baseline_label_y, target_label_y = label_places(baseline_y, target_y)
    baseline = Line(baseline_y, fit(f"Baseline: {text(measure.baseline)}"), baseline_label_y, "8 5")
    target = Line(target_y, fit(f"Target: {text(measure.target)}"), target_label_y, "2 4")
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=PLOT_TOP,
        plot_bottom=PLOT_BOTTOM,
        axis_title=axis_title(measure),
        axis_title_y=AXIS_TITLE_Y,
        x_title="Date taken",
        x_title_y=X_TITLE_Y,
        date_y=DATE_Y,
        ticks=ticks,
        baseline=baseline,
        target=target,
        points=[Point(x_of(reading.taken_on, shown), y_of(reading.value)) for reading in shown],
        dates=date_labels(shown),
    )


def label_places(baseline_y: float, target_y: float) -> tuple[float, float]:
    """Where the baseline's and target's labels go (text baselines): each just above its
    line; when the lines are too close for that, the lower line's label under its line, or,
    at the foot of the chart, both above the upper line, one over the other."""
    above = LABEL_GAP - 12
    if abs(baseline_y - target_y) >= LABEL_GAP:
        return baseline_y - above, target_y - above
    upper, lower = min(baseline_y, target_y), max(baseline_y, target_y)
    if lower + 16 <= PLOT_BOTTOM:
        upper_label, lower_label = upper - above, lower + 16
    else:
        upper_label, lower_label = upper - above - LABEL_GAP, upper - above
    # (baseline's, target's); at the same height, the target's label is the upper one.
    if target_y <= baseline_y:
        return lower_label, upper_label
    return upper_label, lower_label


def x_of(day: date, shown: Sequence[Reading]) -> float:
    """Where ``day`` sits between the first and last readings' dates."""
    first, last = shown[0].taken_on, shown[-1].taken_on
    if first == last:
        return (PLOT_LEFT + PLOT_RIGHT) / 2
    share = (day - first).days / (last - first).days
    return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)


def date_labels(shown: Sequence[Reading]) -> list[DateLabel]:
    """The first and last dates under the axis (one, in the middle, for a single day)."""
    if not shown:
        return []
    first, last = shown[0].taken_on, shown[-1].taken_on
    if first == last:
        return [DateLabel((PLOT_LEFT + PLOT_RIGHT) / 2, date_text(first), "middle")]
    return [
        DateLabel(PLOT_LEFT, date_text(first), "start"),
        DateLabel(PLOT_RIGHT, date_text(last), "end"),
    ]


def chart_description(
    name: str, measure: Measure, readings: Sequence[Reading], total: int | None = None
) -> str:
    """The chart in words, for its ``<desc>``: 'Hours saved: 3 readings from 3 January 2027
    to 5 June 2027, between 80 hours and 120 hours. Baseline 120 hours, target 60 hours.
    Latest 80 hours, 66% of the way to the target: On the way.' When the chart shows only
    the latest of more (``total`` in all): 'the latest 24 of 30 readings, from ...'."""

    def text(value: Decimal) -> str:
        return value_text(value, measure.unit, measure.unit_label)

    aims = f"Baseline {text(measure.baseline)}, target {text(measure.target)}."
    if not readings:
        return f"{name}: no readings yet. {aims}"
    shown = sorted(readings, key=lambda reading: (reading.taken_on, reading.id))
    newest = shown[-1]
    done = percent_text(progress(measure, newest.value))
    standing = f"{done} of the way to the target: {status(measure, newest.value)}."
    if len(shown) == 1:
        return (
            f"{name}: 1 reading, {text(newest.value)} on {date_text(newest.taken_on)}. "
            f"{aims} That is {standing}"
        )
    first, last = shown[0].taken_on, newest.taken_on
    when = (
        f"all on {date_text(first)}"
        if first == last
        else f"from {date_text(first)} to {date_text(last)}"
    )
    low = min(reading.value for reading in shown)
    high = max(reading.value for reading in shown)
    span = f"each {text(low)}" if low == high else f"between {text(low)} and {text(high)}"
    count = f"{len(shown)} readings"
    if total is not None and total > len(shown):
        count = f"the latest {len(shown)} of {total:,} readings,"
    return f"{name}: {count} {when}, {span}. {aims} Latest {text(newest.value)}, {standing}"
