"""Small pieces every stage's forms share."""

from __future__ import annotations


def strip_whitespace(value: str | None) -> str | None:
    """A WTForms filter: answers lose the spaces people type around them by accident."""
    return value.strip() if isinstance(value, str) else value
