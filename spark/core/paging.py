"""The page a list is asked for in its address (``?page=``)."""

from __future__ import annotations

# More pages than any list here will have; a longer number would overflow the database's
# OFFSET (a 500 on PostgreSQL past 2**63).
LONGEST = 6


def page_number(value: str | None) -> int:
    """A whole number from 1 in ASCII digits, or the first page for anything else ("²" and
    "١٢٣" are digits to ``str.isdigit``; the first is not one to ``int``)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > LONGEST:
        return 1
    return int(text) or 1
