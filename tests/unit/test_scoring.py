"""The scoring rules (spark/panels/scoring.py), with numbers worked out by hand."""

from __future__ import annotations

from math import isclose, sqrt

import pytest

from spark.panels.scoring import (
    Spread,
    normalised,
    normalised_pitch_means,
    pitch_mean,
    spread,
    weighted_mean,
)


def test_weighted_mean_weights_each_score():
    # (4×2 + 2×1 + 5×3) / (2 + 1 + 3) = 25 / 6
    assert weighted_mean({1: 4, 2: 2, 3: 5}, {1: 2, 2: 1, 3: 3}) == 25 / 6


def test_weighted_mean_with_equal_weights_is_the_plain_mean():
    assert weighted_mean({1: 1, 2: 2, 3: 4}, {1: 1, 2: 1, 3: 1}) == 7 / 3


def test_a_blank_criterion_is_left_out_of_both_sums():
    # (4×2 + 2×1) / (2 + 1) = 10 / 3, criterion 3 (weight 3) not counted at all
    assert weighted_mean({1: 4, 2: 2, 3: None}, {1: 2, 2: 1, 3: 3}) == 10 / 3


def test_a_criterion_missing_from_the_scores_is_left_out_too():
    assert weighted_mean({1: 5}, {1: 2, 2: 7}) == 5.0


def test_nothing_scored_has_no_mean():
    assert weighted_mean({1: None, 2: None}, {1: 1, 2: 1}) is None
    assert weighted_mean({}, {1: 1}) is None


@pytest.mark.parametrize(
    ("scores", "weights"),
    [({1: 0}, {1: 1}), ({1: 6}, {1: 1}), ({1: 3}, {1: 0}), ({1: 3}, {})],
)
def test_weighted_mean_refuses_impossible_input(scores, weights):
    with pytest.raises(ValueError):
        weighted_mean(scores, weights)


def test_pitch_mean_is_the_mean_of_the_sheets():
    # (3 + 4 + 3.5) / 3 = 3.5
    assert pitch_mean([3.0, 4.0, 3.5]) == 3.5
    assert pitch_mean([25 / 6]) == 25 / 6


def test_no_sheets_no_pitch_mean():
    assert pitch_mean([]) is None


def test_spread_uses_the_population_standard_deviation():
    # mean 5; squared deviations 9,1,1,1,0,0,4,16 sum 32; 32 / 8 = 4; sqrt 4 = 2
    assert spread([2, 4, 4, 4, 5, 5, 7, 9]) == Spread(stdev=2.0, low=2, high=9, range=7)


def test_spread_of_two_sheets():
    # mean 3.5, deviations ±0.5, population variance 0.25 -> 0.5 (sample would give 0.707)
    result = spread([3.0, 4.0])
    assert result == Spread(stdev=0.5, low=3.0, high=4.0, range=1.0)


def test_one_sheet_has_no_spread_and_none_has_none():
    assert spread([3.25]) == Spread(stdev=0.0, low=3.25, high=3.25, range=0.0)
    assert spread([]) is None


def test_spread_is_frozen():
    with pytest.raises(AttributeError):
        spread([1.0]).stdev = 2.0  # type: ignore[misc]


def test_normalised_is_a_z_score_over_the_dragons_sheets():
    # mean 5, population standard deviation 2 (as above): (x - 5) / 2
    means = dict(zip(range(10, 18), [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], strict=True))
    result = normalised({1: means})
    assert result == {
        1: {10: -1.5, 11: -0.5, 12: -0.5, 13: -0.5, 14: 0.0, 15: 0.0, 16: 1.0, 17: 2.0}
    }


def test_three_sheets_are_enough_to_divide():
    # 1, 3, 5: mean 3, variance (4 + 0 + 4) / 3 = 8/3, stdev sqrt(8/3)
    result = normalised({7: {1: 1.0, 2: 3.0, 3: 5.0}})[7]
    assert isclose(result[1], -2 / sqrt(8 / 3))
    assert result[2] == 0.0
    assert isclose(result[3], 2 / sqrt(8 / 3))
    assert isclose(result[3], 1.224744871391589)


def test_fewer_than_three_sheets_are_only_centred():
    # mean 4.5: 4 - 4.5 and 5 - 4.5, not divided by the stdev 0.5 (which would give ±1)
    assert normalised({2: {10: 4.0, 11: 5.0}}) == {2: {10: -0.5, 11: 0.5}}


def test_a_single_sheet_is_the_dragons_usual_mark():
    assert normalised({3: {10: 4.2}}) == {3: {10: 0.0}}


def test_all_sheets_equal_are_centred_not_divided_by_zero():
    assert normalised({4: {1: 3.0, 2: 3.0, 3: 3.0}}) == {4: {1: 0.0, 2: 0.0, 3: 0.0}}


def test_each_dragon_is_normalised_on_their_own_sheets():
    # A harsh and a generous dragon who rank the same three pitches the same way agree
    harsh = {1: 1.0, 2: 2.0, 3: 3.0}
    generous = {1: 3.0, 2: 4.0, 3: 5.0}
    result = normalised({1: harsh, 2: generous, 3: {}})
    assert result[1] == result[2]
    assert result[3] == {}


def test_normalised_pitch_means_average_the_dragons():
    scores = {1: {10: -1.0, 11: 1.0}, 2: {10: 0.5}, 3: {}}
    # pitch 10: (-1 + 0.5) / 2 = -0.25; pitch 11: only dragon 1
    assert normalised_pitch_means(scores) == {10: -0.25, 11: 1.0}
