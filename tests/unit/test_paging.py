"""The page a list is asked for: plain ASCII digits from 1, the first page for anything else."""

from __future__ import annotations

import pytest

from spark.core.paging import page_number


@pytest.mark.parametrize(
    ("value", "page"),
    [
        (None, 1),
        ("", 1),
        ("1", 1),
        (" 3 ", 3),
        ("999999", 999_999),
        ("0", 1),
        ("-2", 1),
        ("x", 1),
        ("²", 1),
        ("١٢٣", 1),
        ("1e3", 1),
        ("9" * 7, 1),
        ("9" * 30, 1),
    ],
)
def test_page_numbers(value, page):
    assert page_number(value) == page
