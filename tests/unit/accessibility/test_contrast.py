"""WCAG 2.2 contrast maths: relative luminance, ratios never rounded, large text."""

from __future__ import annotations

import pytest

from spark.accessibility.contrast import (
    BLACK,
    WHITE,
    contrast_ratio,
    format_ratio,
    is_large_text,
    meets,
    parse_hex,
    relative_luminance,
    required_ratio,
    to_hex,
)

# Found by search over sRGB colours on white: just above and just below the thresholds.
JUST_ABOVE_4_5 = (214, 64, 64)  # 4.50005:1
JUST_BELOW_4_5 = (140, 112, 112)  # 4.49994:1, which rounds to 4.50 but fails
JUST_ABOVE_3 = (66, 163, 163)  # 3.00026:1
JUST_BELOW_3 = (242, 105, 105)  # 2.99997:1


def test_luminance_of_black_and_white():
    assert relative_luminance(BLACK) == 0
    assert relative_luminance(WHITE) == pytest.approx(1.0)


def test_luminance_uses_the_0_04045_knee():
    # 10/255 = 0.0392 is on the linear part; 11/255 = 0.0431 on the curve.
    assert relative_luminance((10, 10, 10)) == pytest.approx(10 / 255 / 12.92)
    expected = ((11 / 255 + 0.055) / 1.055) ** 2.4
    assert relative_luminance((11, 11, 11)) == pytest.approx(expected)


def test_luminance_weights_green_most():
    red, green, blue = (relative_luminance(c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255)))
    assert (red, green, blue) == pytest.approx((0.2126, 0.7152, 0.0722))


def test_ratio_is_21_for_black_on_white_and_symmetric():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, BLACK) == contrast_ratio(BLACK, WHITE)
    assert contrast_ratio((118, 118, 118), (118, 118, 118)) == 1.0


def test_known_greys_on_white():
    assert contrast_ratio(parse_hex("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(parse_hex("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)


def test_exactly_at_the_threshold_passes_and_a_hair_under_fails():
    assert meets(4.5, 4.5)
    assert not meets(4.499, 4.5)
    assert meets(3.0, 3.0)
    assert not meets(2.9999, 3.0)


def test_no_rounding_on_real_colour_pairs():
    above = contrast_ratio(JUST_ABOVE_4_5, WHITE)
    below = contrast_ratio(JUST_BELOW_4_5, WHITE)
    assert 4.5 <= above < 4.5001
    assert 4.4999 < below < 4.5
    assert round(below, 2) == 4.5  # rounding would wrongly pass it
    assert meets(above, 4.5)
    assert not meets(below, 4.5)
    assert meets(contrast_ratio(JUST_ABOVE_3, WHITE), 3.0)
    assert not meets(contrast_ratio(JUST_BELOW_3, WHITE), 3.0)


def test_ratio_shown_to_people_is_cut_not_rounded():
    assert format_ratio(contrast_ratio(JUST_BELOW_4_5, WHITE)) == "4.49:1"
    assert format_ratio(21.0) == "21.00:1"


@pytest.mark.parametrize(
    ("size", "bold", "large"),
    [
        (18, False, True),
        (17.9, False, False),
        (24, False, True),
        (14, True, True),
        (13.9, True, False),
        (14, False, False),
        (None, True, False),
    ],
)
def test_large_text(size, bold, large):
    assert is_large_text(size, bold) is large


def test_required_ratio():
    assert required_ratio(12) == 4.5
    assert required_ratio(18) == 3.0
    assert required_ratio(14, True) == 3.0
    assert required_ratio(14, False) == 4.5
    assert required_ratio(None) == 4.5
    assert required_ratio(non_text=True) == 3.0


@pytest.mark.parametrize(
    ("value", "rgb"),
    [
        ("#767676", (118, 118, 118)),
        ("767676", (118, 118, 118)),
        ("#fff", (255, 255, 255)),
        (" 0A0b0C ", (10, 11, 12)),
        ("auto", None),
        ("#12345", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_hex(value, rgb):
    assert parse_hex(value) == rgb


def test_to_hex():
    assert to_hex((118, 118, 118)) == "#767676"
