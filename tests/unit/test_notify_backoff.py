"""The outbox worker's pure helpers: backoff, masking, error text."""

from __future__ import annotations

import pytest

from spark.core.mail_backends import backoff_delay, mask_email, short_error


def no_jitter() -> float:
    return 0.0


def most_jitter() -> float:
    return 1.0


@pytest.mark.parametrize(
    ("attempt", "seconds"),
    [(0, 30), (1, 30), (2, 60), (3, 120), (4, 240), (7, 1920), (8, 3600), (500, 3600)],
)
def test_backoff_doubles_from_the_base_up_to_the_cap(attempt, seconds):
    assert backoff_delay(attempt, base=30, cap=3600, rand=no_jitter) == seconds


def test_jitter_adds_at_most_a_tenth_and_never_passes_the_cap():
    assert backoff_delay(1, base=30, cap=3600, rand=most_jitter) == pytest.approx(33)
    assert backoff_delay(7, base=30, cap=2000, rand=most_jitter) == 2000
    assert 30 <= backoff_delay(1) <= 33


def test_the_whole_default_schedule_lasts_about_an_hour():
    # Seven waits between eight attempts.
    total = sum(backoff_delay(n, rand=no_jitter) for n in range(1, 8))
    assert total == 30 * (2**7 - 1)


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("ada@example.gov.uk", "a**@example.gov.uk"),
        ("a@example.gov.uk", "a*@example.gov.uk"),
        ("not-an-address", "***"),
    ],
)
def test_addresses_are_masked_in_the_log(address, masked):
    assert mask_email(address) == masked


def test_errors_are_kept_short_and_on_one_line():
    assert short_error("SMTP 451:\n  try   again") == "SMTP 451: try again"
    long = short_error("x" * 1000)
    assert len(long) == 300
    assert long.endswith("…")
