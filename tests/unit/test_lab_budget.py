"""The budget's pure rules: what is left to release and unspent, whether a tranche may be
released, and what a spend entry needs (spend over what is released is flagged, not
refused)."""

from __future__ import annotations

from datetime import date

import pytest

from spark.lab import budget
from spark.lab.budget import Budget, spend_problems, tranche_refusal

TODAY = date(2026, 11, 26)


def test_remaining_and_unspent():
    money = Budget(awarded=1_500_000, released=500_000, spent=200_000)
    assert (money.remaining_to_release, money.unspent, money.over_released) == (
        1_000_000,
        300_000,
        0,
    )
    assert money.overspend_flag is None


def test_spend_over_what_is_released_is_flagged_with_by_how_much():
    money = Budget(awarded=1_500_000, released=500_000, spent=620_000)
    assert money.unspent == -120_000
    assert money.over_released == 120_000
    assert money.overspend_flag == "£1,200 more than released"


def test_spend_exactly_what_is_released_is_not_flagged():
    assert Budget(1_500_000, 500_000, 500_000).overspend_flag is None


def test_nothing_remains_once_everything_is_released():
    assert Budget(1_500_000, 1_500_000, 0).remaining_to_release == 0


@pytest.mark.parametrize(
    ("amount", "released", "message"),
    [
        (None, 0, "Enter the amount to release"),
        (0, 0, "Enter an amount more than £0"),
        (-100, 0, "Enter an amount more than £0"),
        (
            1_000_001,
            500_000,
            "The tranche must be £10,000 or less: that is what is left to release",
        ),
        (
            100,
            1_500_000,
            "There is nothing left to release: the lab has already released all of the "
            "£15,000 awarded",
        ),
    ],
)
def test_a_tranche_is_refused(amount, released, message):
    assert tranche_refusal(amount, 1_500_000, released) == message


@pytest.mark.parametrize(("amount", "released"), [(1, 0), (1_000_000, 500_000), (1_500_000, 0)])
def test_a_tranche_up_to_what_is_left_is_allowed(amount, released):
    assert tranche_refusal(amount, 1_500_000, released) is None


def test_the_left_over_in_pence_is_named_exactly():
    assert tranche_refusal(1_000_000, 1_500_000, 500_050) == (
        "The tranche must be £9,999.50 or less: that is what is left to release"
    )


def test_a_note_has_a_limit():
    assert budget.note_refusal("x" * budget.NOTE_MAX) is None
    assert budget.note_refusal("x" * (budget.NOTE_MAX + 1)) == (
        "The note must be 1,000 characters or fewer"
    )


def test_a_good_spend_entry_has_no_problems():
    assert spend_problems(12_500, TODAY, "Research incentives", TODAY) == {}


def test_spend_entry_problems_all_at_once():
    assert spend_problems(None, None, "", TODAY) == {
        "amount": "Enter the amount spent",
        "spent_on": "Enter the date the money was spent",
        "description": "Enter what the money was spent on",
    }


def test_spend_cannot_be_in_the_future_or_nothing_or_too_long():
    problems = spend_problems(0, date(2026, 11, 27), "x" * 201, TODAY)
    assert problems == {
        "amount": "Enter an amount more than £0",
        "spent_on": "The date the money was spent must be today or in the past",
        "description": "What the money was spent on must be 200 characters or fewer",
    }
    assert spend_problems(1, TODAY, "x" * 200, TODAY) == {}


# Amounts typed in pounds and pence ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£0.50", 50),
        ("0.5", 50),
        ("0.01", 1),
        (".5", 50),
        ("£ 12", 1_200),
        ("1,234.56", 123_456),
        ("£1,234,567", 123_456_700),
        ("  12500.5 ", 1_250_050),
        ("10,000,000", 1_000_000_000),
    ],
)
def test_an_amount_in_pounds_and_pence_reads_exactly(typed, pence):
    assert budget.parse_amount(typed) == pence


def test_nothing_typed_is_no_amount():
    assert budget.parse_amount("") is None
    assert budget.parse_amount("   ") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Enter an amount more than £0"),
        ("£0.00", "Enter an amount more than £0"),
        ("-5", "Enter an amount more than £0"),
        ("£-0.50", "Enter an amount more than £0"),
        # 3 places are refused, trailing zeros too: "1.500" may mean £1,500 written the
        # European way, and rounding someone's money without telling them is wrong.
        ("12.505", "Enter the amount with no more than 2 numbers after the decimal point"),
        ("1.500", "Enter the amount with no more than 2 numbers after the decimal point"),
        ("0.001", "Enter the amount with no more than 2 numbers after the decimal point"),
        ("five pounds", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("12k", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("£", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("1,25,000", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("1 250", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("12.", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("１２", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),  # full width
        ("٣", "Enter the amount in pounds and pence, like 1,250.50 or 0.50"),
        ("10,000,000.01", "The amount must be £10,000,000 or less"),
        ("9" * 400, "The amount must be £10,000,000 or less"),
    ],
)
def test_an_amount_that_cannot_be_taken_says_how_to_write_it(typed, message):
    with pytest.raises(budget.AmountRefused) as refused:
        budget.parse_amount(typed)
    assert str(refused.value).startswith(message)
