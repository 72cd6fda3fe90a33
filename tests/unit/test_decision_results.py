"""Round results rules (spark/decisions/results.py), with numbers worked out by hand."""

from __future__ import annotations

import ast
import sys
from math import isclose, sqrt
from pathlib import Path

import pytest

from spark.decisions import results
from spark.decisions.results import (
    Leaning,
    award_refusal,
    calibration,
    leaning,
    pounds,
    remaining_pot,
)

# Calibration --------------------------------------------------------------------------------
#
# Panel 10: Amara, Ben and Chloe score pitches 100, 101 and 102.
# Panel 20: Chloe and Dev score pitch 200.
#
#   pitch   Amara  Ben   Chloe  Dev   pitch mean
#   100     4.5    3.0   3.0          10.5 / 3 = 3.5
#   101     5.0    2.0   3.5          10.5 / 3 = 3.5
#   102     4.0    2.0   3.0           9.0 / 3 = 3.0
#   200                  2.0    4.0    6.0 / 2 = 3.0
#
# Ids run against the alphabet, and Ben's name is in lower case, to show the order is by name.
CHLOE, BEN, AMARA, DEV = 1, 2, 3, 4
NAMES = {AMARA: "Amara Okafor", BEN: "ben Hughes", CHLOE: "Chloe Price", DEV: "Dev Patel"}
SHEETS = {
    (AMARA, 10, 100): 4.5,
    (BEN, 10, 100): 3.0,
    (CHLOE, 10, 100): 3.0,
    (AMARA, 10, 101): 5.0,
    (BEN, 10, 101): 2.0,
    (CHLOE, 10, 101): 3.5,
    (AMARA, 10, 102): 4.0,
    (BEN, 10, 102): 2.0,
    (CHLOE, 10, 102): 3.0,
    (CHLOE, 20, 200): 2.0,
    (DEV, 20, 200): 4.0,
}


def by_id() -> dict[int, results.DragonCalibration]:
    return {row.dragon_id: row for row in calibration(SHEETS, NAMES)}


def test_dragons_come_in_name_order_ignoring_case():
    assert [row.name for row in calibration(SHEETS, NAMES)] == [
        "Amara Okafor",
        "ben Hughes",
        "Chloe Price",
        "Dev Patel",
    ]


def test_a_lenient_dragon():
    amara = by_id()[AMARA]
    # mean (4.5 + 5.0 + 4.0) / 3 = 4.5; deviations 0, +0.5, -0.5: variance 0.5 / 3 = 1/6
    assert amara.sheets == 3
    assert amara.mean == 4.5
    assert isclose(amara.spread.stdev, sqrt(1 / 6))
    assert (amara.spread.low, amara.spread.high, amara.spread.range) == (4.0, 5.0, 1.0)
    # panels' mean over pitches 100, 101, 102: (3.5 + 3.5 + 3.0) / 3 = 10 / 3
    assert isclose(amara.panel_mean, 10 / 3)
    assert isclose(amara.difference, 4.5 - 10 / 3)  # 7/6, about +1.17
    assert amara.leaning == Leaning.LENIENT
    assert amara.label == "More lenient than their panels"


def test_a_harsh_dragon():
    ben = by_id()[BEN]
    # mean (3 + 2 + 2) / 3 = 7/3; deviations +2/3, -1/3, -1/3: variance (6/9) / 3 = 2/9
    assert isclose(ben.mean, 7 / 3)
    assert isclose(ben.spread.stdev, sqrt(2) / 3)
    assert isclose(ben.panel_mean, 10 / 3)
    assert isclose(ben.difference, -1.0)
    assert ben.label == "Harsher than their panels"


def test_a_dragon_on_two_panels_is_compared_with_both():
    chloe = by_id()[CHLOE]
    # mean (3.0 + 3.5 + 3.0 + 2.0) / 4 = 2.875; panels' mean (3.5 + 3.5 + 3.0 + 3.0) / 4 = 3.25
    assert chloe.sheets == 4
    assert chloe.mean == 2.875
    assert chloe.panel_mean == 3.25
    assert chloe.difference == -0.375
    assert chloe.label == "In line with their panels"


def test_with_fewer_than_three_sheets_there_is_too_little_to_say():
    dev = by_id()[DEV]
    # one sheet, 1 point above pitch 200's mean of 3.0: the figures are there, the label is not
    assert (dev.sheets, dev.mean, dev.panel_mean, dev.difference) == (1, 4.0, 3.0, 1.0)
    assert dev.spread.stdev == 0
    assert dev.label == "Too few sheets to say"


def test_each_pitch_counts_once_in_the_panels_mean_however_many_sheets_it_has():
    # X marks each pitch exactly at its mean. Pitch 1 has 3 sheets (mean 3), pitch 2 has 2
    # (mean 4): the panels' mean is (3 + 4) / 2 = 3.5, X's own mean 3.5, so no difference.
    # Counting sheets instead, (3 + 2 + 4 + 4 + 4) / 5 = 3.4, X would look 0.1 lenient.
    x, y, z, w = 1, 2, 3, 4
    sheets = {
        (x, 1, 1): 3.0,
        (y, 1, 1): 2.0,
        (z, 1, 1): 4.0,
        (x, 1, 2): 4.0,
        (w, 1, 2): 4.0,
    }
    rows = {row.dragon_id: row for row in calibration(sheets, {x: "X", y: "Y", z: "Z", w: "W"})}
    assert rows[x].panel_mean == 3.5
    assert rows[x].difference == 0


def test_the_panels_mean_covers_only_the_pitches_the_dragon_scored():
    # Pitch 2 (mean 1.0) is on the same panel, but A did not score it (recused, say)
    sheets = {(1, 1, 1): 4.0, (2, 1, 1): 2.0, (2, 1, 2): 1.0}
    rows = {row.dragon_id: row for row in calibration(sheets, {1: "A", 2: "B"})}
    assert rows[1].panel_mean == 3.0  # pitch 1 only
    assert rows[2].panel_mean == 2.0  # (3.0 + 1.0) / 2


def test_the_same_name_is_ordered_by_id():
    sheets = {(7, 1, 1): 3.0, (5, 1, 1): 3.0}
    assert [row.dragon_id for row in calibration(sheets, {5: "Sam", 7: "Sam"})] == [5, 7]


def test_no_sheets_no_dragons():
    assert calibration({}, {}) == []


def test_a_dragon_without_a_name_is_an_error():
    with pytest.raises(ValueError, match="No name for dragon 4"):
        calibration(SHEETS, {k: v for k, v in NAMES.items() if k != DEV})


@pytest.mark.parametrize("mean", [0.99, 5.01])
def test_a_mean_outside_the_scale_is_an_error(mean):
    with pytest.raises(ValueError, match="outside 1 to 5"):
        calibration({(1, 1, 1): mean}, {1: "A"})


@pytest.mark.parametrize(
    ("difference", "sheets", "expected"),
    [
        (0.5, 3, Leaning.LENIENT),  # the threshold itself counts
        (0.49, 3, Leaning.IN_LINE),
        (0.0, 3, Leaning.IN_LINE),
        (-0.49, 3, Leaning.IN_LINE),
        (-0.5, 3, Leaning.HARSH),
        (2.01 - 1.51, 3, Leaning.LENIENT),  # 0.4999999999999998 is 0.5 with float noise
        (1.51 - 2.01, 3, Leaning.HARSH),
        (3.0, 2, Leaning.TOO_FEW),  # however far out, two sheets are too few
        (-3.0, 0, Leaning.TOO_FEW),
    ],
)
def test_the_label_threshold(difference, sheets, expected):
    assert leaning(difference, sheets) == expected


def test_every_label_reads_in_plain_words():
    assert [item.label for item in Leaning] == [
        "More lenient than their panels",
        "Harsher than their panels",
        "In line with their panels",
        "Too few sheets to say",
    ]


# Money against the ask and the pot ----------------------------------------------------------

POUND = 100
ASK = 12_500 * POUND
POT = 50_000 * POUND


@pytest.mark.parametrize(
    ("pence", "written"), [(0, "£0"), (1_250_000, "£12,500"), (1_250_050, "£12,500.50")]
)
def test_pounds_are_written_with_the_sign_and_commas(pence, written):
    assert pounds(pence) == written


def test_what_is_left_in_the_pot_never_goes_below_nothing():
    assert remaining_pot(POT, 42_000 * POUND) == 8_000 * POUND
    assert remaining_pot(POT, 0) == POT
    assert remaining_pot(POT, POT + 1) == 0


def test_an_amount_is_needed_and_must_be_more_than_nothing():
    assert award_refusal(None, ASK, POT, 0) == "Enter the amount awarded"
    assert award_refusal(0, ASK, POT, 0) == "The amount awarded must be more than £0"
    assert award_refusal(-100, ASK, POT, 0) == "The amount awarded must be more than £0"


def test_an_amount_within_the_ask_and_the_pot_is_fine():
    assert award_refusal(ASK, ASK, POT, 0) is None  # the whole ask
    assert award_refusal(1, ASK, POT, 0) is None  # a penny
    assert award_refusal(8_000 * POUND, ASK, POT, 42_000 * POUND) is None  # the last £8,000


def test_not_more_than_the_team_asked_for():
    # £10,000 of £50,000 awarded: £40,000 left, so the ask (£12,500) is the limit
    assert (
        award_refusal(ASK + 1, ASK, POT, 10_000 * POUND)
        == "The amount cannot be more than the team asked for (£12,500)"
    )
    assert (
        award_refusal(13_000 * POUND, 1_250_050, POT, 0)
        == "The amount cannot be more than the team asked for (£12,500.50)"
    )


def test_not_more_than_is_left_in_the_pot():
    # £42,000 of £50,000 awarded: £8,000 left; £9,000 is within the ask but not the pot
    assert award_refusal(9_000 * POUND, ASK, POT, 42_000 * POUND) == (
        "The amount cannot be more than what is left in the pot: only £8,000 is left in the "
        "round’s £50,000 pot"
    )
    assert award_refusal(8_000 * POUND + 1, ASK, POT, 42_000 * POUND) is not None


def test_over_both_limits_the_lower_one_is_named():
    # £40,000 left, ask £12,500: the ask is lower
    assert award_refusal(45_000 * POUND, ASK, POT, 10_000 * POUND) == (
        "The amount cannot be more than the team asked for (£12,500)"
    )
    # £8,000 left, ask £12,500: the pot is lower, so asking for less than £12,500 is not enough
    assert award_refusal(13_000 * POUND, ASK, POT, 42_000 * POUND) == (
        "The amount cannot be more than what is left in the pot: only £8,000 is left in the "
        "round’s £50,000 pot"
    )


def test_an_empty_pot():
    assert award_refusal(1, ASK, POT, POT) == (
        "The amount cannot be more than what is left in the pot: nothing is left in the "
        "round’s £50,000 pot"
    )
    assert award_refusal(1, ASK, POT, POT + 500 * POUND) == (
        "The amount cannot be more than what is left in the pot: nothing is left in the "
        "round’s £50,000 pot"
    )
    assert award_refusal(1, ASK, 0, 0) == (
        "The amount cannot be more than what is left in the pot: the round’s pot is £0"
    )


def test_the_module_is_pure():
    """The standard library only, plus spark.panels.scoring and spark.pitches.money (each
    itself standard library only)."""

    def imports(path: Path) -> set[str]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        return names | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }

    def ours(names: set[str]) -> set[str]:
        return {name for name in names if name.split(".")[0] not in sys.stdlib_module_names}

    here = Path(results.__file__)
    assert ours(imports(here)) == {"spark.panels.scoring", "spark.core.money"}
    assert ours(imports(here.parents[1] / "panels" / "scoring.py")) == set()
    assert ours(imports(here.parents[1] / "core" / "money.py")) == set()
