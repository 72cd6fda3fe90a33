"""The benefit chart's geometry, worked by hand: round steps on the value scale, time in
proportion across it, the baseline and target lines and where their labels go, and the
chart said in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from spark.lab import benefit_chart as c
from spark.lab.benefits import Measure, Reading

# Hours people wait: lower is better, from 120 to 60.
WAITING = Measure("hours", "", "lower", D(120), D(60))
READINGS = [
    Reading(D(80), date(2027, 6, 5), 3),
    Reading(D(110), date(2027, 1, 3), 1),  # given out of order: drawn by date
    Reading(D(95), date(2027, 3, 1), 2),
]


@pytest.mark.parametrize(
    ("span", "step"),
    [
        (D(60), D(20)),  # 15 a step -> 20
        (D(7), D(2)),  # 1.75 -> 2
        (D(4), D(1)),  # 1 -> 1
        (D(1000), D(500)),  # 250 -> 500
        (D(3000), D(1000)),  # 750 -> 1,000
        (D("0.4"), D("0.1")),
        (D("0.02"), D("0.01")),  # never below a penny
        (D(0), D(1)),
    ],
)
def test_round_steps(span, step):
    assert c.nice_step(span) == step


def test_the_scale_holds_every_value_in_round_steps():
    assert c.scale([D(60), D(120), D(95)]) == (D(60), D(120), D(20))
    assert c.scale([D(-30), D(50)]) == (D(-40), D(60), D(20))
    assert c.scale([D(3), D(3)]) == (D(2), D(4), D(1))  # a step either side


def test_the_chart_of_three_readings():
    chart = c.benefit_chart(WAITING, READINGS)
    assert (chart.width, chart.height) == (320, 236)
    # 60 to 120 in steps of 20; 140 units from the top line (44) to the bottom (184).
    assert [(tick.y, tick.label) for tick in chart.ticks] == [
        (184.0, "60"),  # the unit is in the axis title
        (137.3, "80"),
        (90.7, "100"),
        (44.0, "120"),
    ]
    # 3 January to 5 June is 153 days; 1 March is day 57: 12 + 57 / 153 * 296 = 122.3.
    assert [(point.x, point.y) for point in chart.points] == [
        (12.0, 67.3),  # 110 hours
        (122.3, 102.3),  # 95
        (308.0, 137.3),  # 80
    ]
    assert chart.polyline == "12.0,67.3 122.3,102.3 308.0,137.3"
    assert [(d.x, d.label, d.anchor) for d in chart.dates] == [
        (12, "3 January 2027", "start"),
        (308, "5 June 2027", "end"),
    ]
    assert (chart.baseline.y, chart.baseline.label, chart.baseline.label_y) == (
        44.0,
        "Baseline: 120 hours",
        38.0,
    )
    assert (chart.target.y, chart.target.label, chart.target.label_y) == (
        184.0,
        "Target: 60 hours",
        178.0,
    )
    assert chart.baseline.dashes != chart.target.dashes  # told apart by more than colour
    assert (chart.axis_title, chart.x_title) == ("Hours", "Date taken")


def test_one_day_is_drawn_in_the_middle_without_a_line():
    chart = c.benefit_chart(WAITING, [Reading(D(90), date(2027, 2, 1), 1)])
    assert [(point.x, point.y) for point in chart.points] == [(160.0, 114.0)]
    assert chart.polyline == ""
    assert [(d.x, d.label, d.anchor) for d in chart.dates] == [(160, "1 February 2027", "middle")]


def test_labels_of_close_lines_do_not_overlap():
    # 500 and 510 on a scale of 0 to 1,000: 1.4 units apart, mid-chart. The lower line
    # (the baseline) takes its label under it.
    measure = Measure("gbp", "", "higher", D(500), D(510))
    chart = c.benefit_chart(
        measure, [Reading(D(0), date(2027, 1, 1), 1), Reading(D(1000), date(2027, 2, 1), 2)]
    )
    assert (chart.baseline.y, chart.target.y) == (114.0, 112.6)
    assert (chart.baseline.label_y, chart.target.label_y) == (130.0, 106.6)


def test_labels_of_close_lines_at_the_foot_go_one_over_the_other():
    # 0 and 1 on a scale of 0 to 1,000: no room under the lower line (the foot of the chart).
    measure = Measure("people", "", "higher", D(0), D(1))
    chart = c.benefit_chart(measure, [Reading(D(1000), date(2027, 1, 1), 1)])
    assert (chart.baseline.y, chart.target.y) == (184.0, 183.9)
    assert (chart.baseline.label_y, chart.target.label_y) == (177.9, 159.9)


def test_long_labels_are_cut_to_fit():
    measure = Measure("other", "applications processed", "higher", D(0), D(1000000))
    chart = c.benefit_chart(measure, [Reading(D(10), date(2027, 1, 1), 1)])
    assert chart.target.label == "Target: 1,000,000 applica…"
    assert len(chart.target.label) == c.LABEL_CHARACTERS
    assert chart.axis_title == "Applications processed"
    assert [tick.label for tick in chart.ticks] == ["0", "500,000", "1,000,000"]


def test_money_on_the_scale_and_the_axis():
    measure = Measure("gbp", "", "higher", D(0), D(20000))
    chart = c.benefit_chart(measure, [Reading(D(5000), date(2027, 1, 1), 1)])
    assert chart.axis_title == "Pounds (£)"
    assert [tick.label for tick in chart.ticks] == [
        "£0",
        "£5,000",
        "£10,000",
        "£15,000",
        "£20,000",
    ]


def test_the_chart_in_words():
    assert c.chart_description("Hours waiting", WAITING, READINGS) == (
        "Hours waiting: 3 readings from 3 January 2027 to 5 June 2027, between 80 hours "
        "and 110 hours. Baseline 120 hours, target 60 hours. Latest 80 hours, 66% of the "
        "way to the target: On the way."
    )
    assert c.chart_description("Hours waiting", WAITING, READINGS[1:2]) == (
        "Hours waiting: 1 reading, 110 hours on 3 January 2027. Baseline 120 hours, target "
        "60 hours. That is 16% of the way to the target: On the way."
    )
    same_day = [Reading(D(60), date(2027, 1, 3), 1), Reading(D(60), date(2027, 1, 3), 2)]
    assert c.chart_description("Hours waiting", WAITING, same_day) == (
        "Hours waiting: 2 readings all on 3 January 2027, each 60 hours. Baseline 120 hours, "
        "target 60 hours. Latest 60 hours, 100% of the way to the target: Target met."
    )
    assert c.chart_description("Hours waiting", WAITING, []) == (
        "Hours waiting: no readings yet. Baseline 120 hours, target 60 hours."
    )


def test_the_chart_of_the_latest_readings_says_how_many_there_are_in_all():
    assert c.chart_description("Hours waiting", WAITING, READINGS, total=30) == (
        "Hours waiting: the latest 3 of 30 readings, from 3 January 2027 to 5 June 2027, "
        "between 80 hours and 110 hours. Baseline 120 hours, target 60 hours. Latest 80 "
        "hours, 66% of the way to the target: On the way."
    )
    # All of them shown: said as before.
    assert c.chart_description("Hours waiting", WAITING, READINGS, total=3) == (
        c.chart_description("Hours waiting", WAITING, READINGS)
    )
