"""The calibration chart's geometry: where each dragon's marks go on the 1-5 scale.

Pure: the standard library only (and ``spark.decisions.results``, itself pure). The template
draws the SVG from these figures; nothing here knows about HTML.

The rules:

- The chart is drawn in a ``viewBox`` ``WIDTH`` units wide and shown at the width of its
  column (``width="100%"``), so it shrinks to fit a 320 px screen and grows with zoom. It is
  narrow on purpose: at 320 px a unit is about a pixel, so the text stays readable.
- The scale runs from 1 (left) to 5 (right), with a tick and a label at every whole score.
- One row per dragon, in the order given (``results.calibration``'s: by name): the dragon's
  name; a line at their marks, with a filled circle at their mean and a hollow diamond at
  their panels' mean, joined by a bar so the gap is seen, not only the colours; and a line
  of text with both figures and the label ("Mean 3.50, panels 3.00: more lenient").
  Shapes and words carry the meaning; colour adds nothing that is not also said.
- A name too long for the row is cut to fit with "…" (the table gives it whole).
- Figures are rounded to 2 decimal places for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spark.decisions.results import DragonCalibration, Leaning
from spark.panels.scoring import HIGHEST_SCORE, LOWEST_SCORE

WIDTH = 320
#: Left and right edges of the scale (room for half a tick label either side).
PLOT_LEFT = 20
PLOT_RIGHT = 300
LEGEND_Y = 18
AXIS_Y = 52
FIRST_ROW_Y = 62
ROW_HEIGHT = 78
BOTTOM_MARGIN = 8
#: The most characters of a name that fit the row at the name's font size.
NAME_CHARACTERS = 30
#: Half the diamond's width (and height), and the circle's radius, in units.
DIAMOND = 8
CIRCLE = 6

SHORT_LABELS = {
    Leaning.LENIENT: "more lenient",
    Leaning.HARSH: "harsher",
    Leaning.IN_LINE: "in line",
    Leaning.TOO_FEW: "too few sheets",
}


@dataclass(frozen=True)
class Tick:
    score: int
    x: float


@dataclass(frozen=True)
class ChartRow:
    """One dragon's row: ``name_y`` and ``text_y`` are text baselines, ``marks_y`` the line
    the marks sit on."""

    name: str
    name_y: float
    marks_y: float
    text_y: float
    mean_x: float
    panel_x: float
    text: str

    @property
    def bar_from(self) -> float:
        return min(self.mean_x, self.panel_x)

    @property
    def bar_to(self) -> float:
        return max(self.mean_x, self.panel_x)

    @property
    def diamond_points(self) -> str:
        """The hollow diamond at the panels' mean, as an SVG ``points`` list."""
        x, y = self.panel_x, self.marks_y
        return (
            f"{x:.1f},{y - DIAMOND:.1f} {x + DIAMOND:.1f},{y:.1f} "
            f"{x:.1f},{y + DIAMOND:.1f} {x - DIAMOND:.1f},{y:.1f}"
        )


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    plot_left: float
    plot_right: float
    legend_y: float
    axis_y: float
    grid_top: float
    grid_bottom: float
    ticks: list[Tick]
    rows: list[ChartRow]
    diamond: int = DIAMOND
    circle: int = CIRCLE


def x_of(score: float) -> float:
    """Where ``score`` (1-5, clamped) sits across the chart."""
    clamped = min(max(score, LOWEST_SCORE), HIGHEST_SCORE)
    share = (clamped - LOWEST_SCORE) / (HIGHEST_SCORE - LOWEST_SCORE)
    return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)


def fit_name(name: str, limit: int = NAME_CHARACTERS) -> str:
    """``name`` cut to ``limit`` characters with "…" when longer."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    return name[: limit - 1].rstrip() + "…"


def two_places(value: float | None) -> str:
    """'3.50'; never '-0.00'; '' for no figure."""
    if value is None:
        return ""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def signed_two_places(value: float | None) -> str:
    """A difference with its sign: '+0.50', '−0.50' (a minus sign, which screen readers
    read as "minus"), '0.00'; '' for no figure."""
    text = two_places(value)
    if not text or text == "0.00":
        return text
    return "\u2212" + text[1:] if text.startswith("-") else "+" + text


def row_text(row: DragonCalibration) -> str:
    """'Mean 3.50, panels 3.00: more lenient'."""
    return (
        f"Mean {two_places(row.mean)}, panels {two_places(row.panel_mean)}: "
        f"{SHORT_LABELS[row.leaning]}"
    )


def calibration_chart(rows: Sequence[DragonCalibration]) -> Chart:
    """The chart for these dragons' calibration, one row each in the order given."""
    drawn = []
    for index, row in enumerate(rows):
        top = FIRST_ROW_Y + index * ROW_HEIGHT
        drawn.append(
            ChartRow(
                name=fit_name(row.name),
                name_y=top + 18,
                marks_y=top + 38,
                text_y=top + 60,
                mean_x=x_of(row.mean),
                panel_x=x_of(row.panel_mean),
                text=row_text(row),
            )
        )
    grid_bottom = FIRST_ROW_Y + len(rows) * ROW_HEIGHT
    return Chart(
        width=WIDTH,
        height=grid_bottom + BOTTOM_MARGIN,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        legend_y=LEGEND_Y,
        axis_y=AXIS_Y,
        grid_top=AXIS_Y + 4,
        grid_bottom=grid_bottom,
        ticks=[Tick(score, x_of(score)) for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)],
        rows=drawn,
    )


def chart_summary(rows: Sequence[DragonCalibration]) -> str:
    """A sentence counting the dragons under each label, for the chart's description:
    '2 dragons more lenient than their panels, 1 dragon in line with their panels.'"""
    counts = dict.fromkeys(Leaning, 0)
    for row in rows:
        counts[row.leaning] += 1
    parts = []
    for leaning in (Leaning.LENIENT, Leaning.IN_LINE, Leaning.HARSH, Leaning.TOO_FEW):
        count = counts[leaning]
        if not count:
            continue
        words = leaning.label[0].lower() + leaning.label[1:]
        if leaning == Leaning.TOO_FEW:
            words = "with " + words
        parts.append(f"{count} {'dragon' if count == 1 else 'dragons'} {words}")
    if not parts:
        return "No dragon has submitted a score sheet yet."
    return ", ".join(parts) + "."
