"""The lab board's pure rules: filters read from an address, the groups shown, days in stage
and overdue milestones."""

from __future__ import annotations

from datetime import date

import pytest

from spark.lab.board_rules import (
    STATUS_TAG,
    STOPPED_GROUP,
    Filters,
    days_in_stage,
    days_text,
    group_of,
    groups_shown,
    is_overdue,
    parse_filters,
    status_tag,
)

STAGES = ["discovery", "alpha", "beta", "live", "scaled"]


def _parse(**args):
    return parse_filters(
        args, rounds={1, 2}, departments={"Cabinet Office", "Home Office"}, focus_areas={7}
    )


def test_filters_among_the_choices_are_kept():
    assert _parse(round="2", department="Home Office", focus_area="7", status="overdue") == (
        Filters(round_id=2, department="Home Office", focus_area_id=7, status="overdue")
    )


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"round": "3"},
        {"round": "abc"},
        {"round": "-1"},
        {"round": "1.5"},
        {"round": "99999999999999999999999"},
        {"department": "Nowhere"},
        {"department": "home office"},
        {"focus_area": "8"},
        {"status": "everything"},
        {"status": ""},
    ],
)
def test_anything_else_means_all(args):
    assert _parse(**args) == Filters()
    assert not _parse(**args).any


def test_values_are_trimmed():
    assert _parse(round=" 1 ", department=" Cabinet Office ", status=" paused ") == Filters(
        round_id=1, department="Cabinet Office", status="paused"
    )


def test_filters_as_the_address_keeps_only_those_set():
    assert Filters().as_args() == {}
    assert Filters(round_id=1, status="stopped").as_args() == {"round": "1", "status": "stopped"}
    assert Filters(department="Home Office", focus_area_id=7).as_args() == {
        "department": "Home Office",
        "focus_area": "7",
    }
    assert Filters(focus_area_id=7).any


def test_groups_shown_for_each_status():
    assert groups_shown(STAGES, None) == [*STAGES, STOPPED_GROUP]
    for status in ("active", "paused", "overdue"):
        assert groups_shown(STAGES, status) == STAGES
    assert groups_shown(STAGES, "stopped") == [STOPPED_GROUP]


def test_a_stopped_project_leaves_its_stage_s_group():
    assert group_of("alpha", "active") == "alpha"
    assert group_of("alpha", "paused") == "alpha"
    assert group_of("alpha", "stopped") == STOPPED_GROUP


def test_days_in_stage_count_calendar_days():
    assert days_in_stage(date(2027, 3, 1), date(2027, 3, 1)) == 0
    assert days_in_stage(date(2027, 2, 28), date(2027, 3, 1)) == 1
    assert days_in_stage(date(2026, 3, 1), date(2027, 3, 1)) == 365
    assert days_in_stage(date(2027, 3, 2), date(2027, 3, 1)) == 0  # a clock ahead: never negative
    assert [days_text(n) for n in (0, 1, 2, 1234)] == ["0 days", "1 day", "2 days", "1,234 days"]


def test_overdue_means_not_done_and_due_before_today():
    today = date(2027, 3, 10)
    assert is_overdue(date(2027, 3, 9), None, today)
    assert not is_overdue(date(2027, 3, 10), None, today)  # due today: not yet
    assert not is_overdue(date(2027, 3, 9), date(2027, 3, 11), today)  # done, late


def test_one_tag_colour_for_each_project_status():
    # The same status has the same colour on every page; the words carry the meaning.
    assert STATUS_TAG == {
        "active": "govuk-tag--green",
        "paused": "govuk-tag--yellow",
        "stopped": "govuk-tag--grey",
    }
    assert status_tag("paused") == ("Paused", "govuk-tag--yellow")
    assert status_tag("stopped") == ("Stopped", "govuk-tag--grey")
    assert status_tag("active") == ("Active", "govuk-tag--green")
    assert status_tag("archived") == ("Archived", "govuk-tag--grey")  # never a failure
