"""The calibration chart's geometry and wording (spark.decisions.chart), hand-worked."""

from __future__ import annotations

import pytest

from spark.decisions import chart
from spark.decisions.results import DragonCalibration, Leaning
from spark.panels.scoring import Spread


def dragon(name: str, mean: float, panel_mean: float, leaning: Leaning, sheets: int = 3):
    return DragonCalibration(
        dragon_id=len(name),
        name=name,
        sheets=sheets,
        mean=mean,
        spread=Spread(stdev=0.5, low=mean - 0.5, high=mean + 0.5, range=1.0),
        panel_mean=panel_mean,
        difference=mean - panel_mean,
        leaning=leaning,
    )


@pytest.mark.parametrize(
    ("score", "x"),
    [(1, 20.0), (2, 90.0), (3, 160.0), (4.5, 265.0), (5, 300.0), (0.2, 20.0), (6, 300.0)],
)
def test_a_score_sits_across_the_scale_from_1_to_5(score, x):
    assert chart.x_of(score) == x


def test_each_dragon_gets_a_row_below_the_last():
    rows = [
        dragon("Ada", 4.5, 3.5, Leaning.LENIENT),
        dragon("Bo", 2.0, 2.5, Leaning.HARSH),
    ]
    drawn = chart.calibration_chart(rows)
    assert drawn.width == 320
    assert [tick.score for tick in drawn.ticks] == [1, 2, 3, 4, 5]
    assert [tick.x for tick in drawn.ticks] == [20.0, 90.0, 160.0, 230.0, 300.0]
    ada, bo = drawn.rows
    assert (ada.name_y, ada.marks_y, ada.text_y) == (80, 100, 122)
    assert (bo.name_y, bo.marks_y, bo.text_y) == (158, 178, 200)
    assert (ada.mean_x, ada.panel_x) == (265.0, 195.0)
    assert (ada.bar_from, ada.bar_to) == (195.0, 265.0)
    assert (bo.bar_from, bo.bar_to) == (90.0, 125.0)  # their mean is below the panels'
    assert drawn.grid_bottom == 62 + 2 * 78
    assert drawn.height == drawn.grid_bottom + 8
    assert ada.diamond_points == "195.0,92.0 203.0,100.0 195.0,108.0 187.0,100.0"


def test_a_row_says_both_figures_and_the_label_in_words():
    rows = [
        dragon("Ada", 4.5, 3.5, Leaning.LENIENT),
        dragon("Bo", 2.0, 2.833333, Leaning.HARSH),
        dragon("Cy", 3.0, 3.1, Leaning.IN_LINE),
        dragon("Di", 3.0, 3.0, Leaning.TOO_FEW, sheets=1),
    ]
    assert [row.text for row in chart.calibration_chart(rows).rows] == [
        "Mean 4.50, panels 3.50: more lenient",
        "Mean 2.00, panels 2.83: harsher",
        "Mean 3.00, panels 3.10: in line",
        "Mean 3.00, panels 3.00: too few sheets",
    ]


def test_an_empty_chart_has_no_rows():
    drawn = chart.calibration_chart([])
    assert drawn.rows == []
    assert drawn.grid_bottom == 62


def test_a_long_name_is_cut_to_fit_with_an_ellipsis():
    assert chart.fit_name("Ada Dragon") == "Ada Dragon"
    long = "Alexandra Bartholomew-Featherstonehaugh"
    fitted = chart.fit_name(long)
    assert len(fitted) == chart.NAME_CHARACTERS
    assert fitted.endswith("…") and long.startswith(fitted[:-1])
    assert chart.fit_name("  Ada   Dragon ") == "Ada Dragon"


@pytest.mark.parametrize(
    ("value", "plain", "signed"),
    [
        (3.5, "3.50", "+3.50"),
        (-0.8333, "-0.83", "\u22120.83"),
        (0.166666, "0.17", "+0.17"),
        (-0.001, "0.00", "0.00"),
        (0.0, "0.00", "0.00"),
        (None, "", ""),
    ],
)
def test_figures_are_shown_to_2_decimal_places(value, plain, signed):
    assert chart.two_places(value) == plain
    assert chart.signed_two_places(value) == signed


def test_the_summary_counts_the_dragons_under_each_label():
    rows = [
        dragon("Ada", 4.5, 3.5, Leaning.LENIENT),
        dragon("Al", 4.5, 3.5, Leaning.LENIENT),
        dragon("Bo", 2.0, 2.5, Leaning.HARSH),
        dragon("Di", 3.0, 3.0, Leaning.TOO_FEW, sheets=1),
    ]
    assert chart.chart_summary(rows) == (
        "2 dragons more lenient than their panels, 1 dragon harsher than their panels, "
        "1 dragon with too few sheets to say."
    )
    assert chart.chart_summary([]) == "No dragon has submitted a score sheet yet."


def test_the_module_is_pure():
    """The standard library only, plus the pure results and scoring modules."""
    import ast
    import sys
    from pathlib import Path

    tree = ast.parse(Path(chart.__file__).read_text(encoding="utf-8"))
    names = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    names |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    ours = {name for name in names if name.split(".")[0] not in sys.stdlib_module_names}
    assert ours == {"spark.decisions.results", "spark.panels.scoring"}
