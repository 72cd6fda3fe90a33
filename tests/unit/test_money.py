"""Amounts typed by people, read into pence exactly: no floats, no silent rounding."""

from __future__ import annotations

import pytest

from spark.core.money import format_pounds, pounds
from spark.pitches.money import (
    FORMAT,
    NEGATIVE,
    PENCE,
    TOO_MUCH,
    AmountProblem,
    parse_pounds,
)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("12500", 1_250_000),
        ("£12,500", 1_250_000),
        ("  £ 12,500  ", 1_250_000),
        ("12500.50", 1_250_050),
        ("12,500.5", 1_250_050),
        ("12500.500", 1_250_050),
        ("1", 100),
        ("1.00", 100),
        ("1,000,000", 100_000_000),
        ("0.29", None),  # under £1: refused below
        ("10,000,000", 1_000_000_000),
        ("4.35", 435),  # a float would give 434
        ("1.10", 110),
    ],
)
def test_amounts_people_type(typed, pence):
    if pence is None:
        with pytest.raises(AmountProblem):
            parse_pounds(typed)
    else:
        assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", FORMAT),
        ("£", FORMAT),
        ("twelve", FORMAT),
        ("12k", FORMAT),
        ("1,25,000", FORMAT),
        ("12,50", FORMAT),
        ("12.", FORMAT),
        (".5", FORMAT),
        ("1e5", FORMAT),
        ("12 500", FORMAT),
        ("12500.505", PENCE),
        ("0.001", PENCE),
        ("-500", NEGATIVE),
        ("£-500", NEGATIVE),
        ("-£500", NEGATIVE),
        ("0", NEGATIVE),
        ("0.99", NEGATIVE),
        ("10,000,000.01", TOO_MUCH),
        ("99999999999999999999", TOO_MUCH),
    ],
)
def test_amounts_refused_with_a_reason(typed, message):
    with pytest.raises(AmountProblem) as refused:
        parse_pounds(typed)
    assert str(refused.value) == message


def test_refusals_are_plain_gov_uk_messages():
    for message in (FORMAT, PENCE, NEGATIVE, TOO_MUCH):
        assert not message.endswith(".")
        assert message[0].isupper()


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(None, ""), (100, "1"), (1_250_000, "12,500"), (1_250_050, "12,500.50"), (5, "0.05")],
)
def test_format_pounds_reads_back(pence, shown):
    assert format_pounds(pence) == shown
    if pence and pence >= 100:
        assert parse_pounds(shown) == pence


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (0, "£0"),
        (150_000, "£1,500"),
        (150_050, "£1,500.50"),
        (5, "£0.05"),
        (-120_000, "-£1,200"),
        (-5_050, "-£50.50"),
    ],
)
def test_pounds(pence, text):
    assert pounds(pence) == text
