"""The service's clock: real time, unless demo seeding sets it for a block."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from spark.core.audit import clock_at, utcnow


def test_utcnow_is_now_in_utc():
    before = datetime.now(UTC)
    assert before <= utcnow() <= datetime.now(UTC)
    assert utcnow().tzinfo is UTC


def test_clock_at_sets_the_time_for_the_block_only():
    moment = datetime(2026, 3, 2, 14, 30, tzinfo=timezone(timedelta(hours=1)))
    with clock_at(moment):
        assert utcnow() == moment and utcnow().tzinfo is UTC
    assert utcnow() - datetime.now(UTC) < timedelta(seconds=5)


def test_clock_at_refuses_a_naive_moment():
    with pytest.raises(ValueError), clock_at(datetime(2026, 3, 2)):
        pass
