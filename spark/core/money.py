"""Money as the service shows it, from integer pence (the one copy; the ``pounds`` template
filter, the letters, the emails and the lab use it).

Pure: the standard library only.
"""

from __future__ import annotations


def format_pounds(pence: int | None) -> str:
    """The amount as people would type it back: "12,500" or "12,500.50"; "" for None."""
    if pence is None:
        return ""
    whole, pennies = divmod(pence, 100)
    return f"{whole:,}" if pennies == 0 else f"{whole:,}.{pennies:02d}"


def pounds(pence: int) -> str:
    """The amount with its pound sign: "£12,500", "£12,500.50", "-£50"."""
    sign = "-" if pence < 0 else ""
    return f"{sign}£{format_pounds(abs(pence))}"
