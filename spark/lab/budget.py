"""A lab project's budget: what the panel awarded, what the lab has released in tranches, and
what the team has spent.

Pure: the standard library only.

The rules:

- **Remaining to release** is the budget awarded less what the lab has released (never below
  £0). **Unspent** is what has been released less what the team has spent: below £0 when the
  team has spent more than it was given.
- **A tranche** must be more than £0 and no more than what is left to release. When nothing
  is left the lab is told so, rather than told to release "£0 or less". (The database keeps
  the same rule, whatever writes: the released total has a CHECK against the award.)
- **Spend** is a record of fact, so spend beyond what has been released is recorded, never
  refused; the budget then shows by how much ("£1,200 more than released"). A spend entry
  needs an amount more than £0, the day it was spent (today or earlier: tomorrow's spend has
  not happened yet) and what it was on (up to ``DESCRIPTION_MAX`` characters).
- **Amounts typed** (``parse_amount``) are pounds and pence: 1p or more, at most 2 places
  after the point, up to £10,000,000. (A pitch's ask has its own parser, with a £1 floor.)

Messages are GOV.UK error messages; amounts are written "£12,500" or "£12,500.50".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spark.core.money import pounds

DESCRIPTION_MAX = 200
NOTE_MAX = 1000

ENTER_TRANCHE = "Enter the amount to release"
ENTER_SPEND = "Enter the amount spent"
MORE_THAN_NOTHING = "Enter an amount more than £0"
ENTER_SPENT_ON = "Enter the date the money was spent"
SPENT_ON_FUTURE = "The date the money was spent must be today or in the past"
ENTER_DESCRIPTION = "Enter what the money was spent on"
DESCRIPTION_TOO_LONG = f"What the money was spent on must be {DESCRIPTION_MAX} characters or fewer"
NOTE_TOO_LONG = f"The note must be {NOTE_MAX:,} characters or fewer"
# Far beyond any Spark! award: catches slips of a few extra zeros (and fits the column).
AMOUNT_MAX_PENCE = 10_000_000 * 100
AMOUNT_FORMAT = "Enter the amount in pounds and pence, like 1,250.50 or 0.50"
AMOUNT_PENCE = "Enter the amount with no more than 2 numbers after the decimal point, like 1,250.50"
AMOUNT_TOO_MUCH = "The amount must be £10,000,000 or less"

# Pounds (ASCII digits, commas between thousands or none), then up to any number of places
# (more than 2 are refused with their own message). "0.50" and ".50" are 50p.
_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.([0-9]+))?")


class AmountRefused(ValueError):
    """The text is not an amount of money we accept; the message is a GOV.UK error."""


def parse_amount(text: str) -> int | None:
    """The amount of money in ``text`` in pence (1p or more); None when nothing was typed.

    People may type a pound sign and commas between thousands: "£0.50", "0.5", "1,234.56".
    A minus sign or nothing but noughts: "Enter an amount more than £0". More than 2
    places after the point are refused, not rounded ("1.500" may be £1,500 written the
    European way)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    negative = cleaned.startswith("-")
    cleaned = cleaned.removeprefix("-").strip().removeprefix("£").strip()
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:].strip()
    found = _AMOUNT.fullmatch(cleaned)
    if found is None or not any(c.isdigit() for c in cleaned):
        raise AmountRefused(AMOUNT_FORMAT)
    fraction = found.group(1) or ""
    if len(fraction) > 2:
        raise AmountRefused(AMOUNT_PENCE)
    whole = cleaned.partition(".")[0].replace(",", "")
    if len(whole) > len(str(AMOUNT_MAX_PENCE)):  # no giant numbers to convert
        raise AmountRefused(AMOUNT_TOO_MUCH)
    pence = int(whole or "0") * 100 + int(fraction.ljust(2, "0"))
    if negative or pence == 0:
        raise AmountRefused(MORE_THAN_NOTHING)
    if pence > AMOUNT_MAX_PENCE:
        raise AmountRefused(AMOUNT_TOO_MUCH)
    return pence


@dataclass(frozen=True)
class Budget:
    """A project's money in pence: awarded (the decision), released (the tranches' total)
    and spent (the spend entries' total)."""

    awarded: int
    released: int
    spent: int

    @property
    def remaining_to_release(self) -> int:
        return max(self.awarded - self.released, 0)

    @property
    def unspent(self) -> int:
        """Released less spent: negative when the team has spent more than released."""
        return self.released - self.spent

    @property
    def over_released(self) -> int:
        """How much more the team has spent than the lab has released (0 if not)."""
        return max(self.spent - self.released, 0)

    @property
    def overspend_flag(self) -> str | None:
        """ "£1,200 more than released" when the team has spent more than released."""
        if self.over_released == 0:
            return None
        return f"{pounds(self.over_released)} more than released"


def tranche_refusal(
    amount_pence: int | None, awarded_pence: int, released_pence: int
) -> str | None:
    """Why the lab cannot release ``amount_pence`` (None: no amount given) now, as a GOV.UK
    error message, or None when it can."""
    if amount_pence is None:
        return ENTER_TRANCHE
    if amount_pence <= 0:
        return MORE_THAN_NOTHING
    left = max(awarded_pence - released_pence, 0)
    if left == 0:
        return (
            "There is nothing left to release: the lab has already released all of the "
            f"{pounds(awarded_pence)} awarded"
        )
    if amount_pence > left:
        return f"The tranche must be {pounds(left)} or less: that is what is left to release"
    return None


def note_refusal(note: str) -> str | None:
    return NOTE_TOO_LONG if len(note) > NOTE_MAX else None


def spend_problems(
    amount_pence: int | None, spent_on: date | None, description: str, today: date
) -> dict[str, str]:
    """What is wrong with a spend entry: field name (amount, spent_on, description) ->
    GOV.UK error message; empty when it can be recorded. None for the amount or the date
    means none was given; ``today`` is today's date in London."""
    problems: dict[str, str] = {}
    if amount_pence is None:
        problems["amount"] = ENTER_SPEND
    elif amount_pence <= 0:
        problems["amount"] = MORE_THAN_NOTHING
    if spent_on is None:
        problems["spent_on"] = ENTER_SPENT_ON
    elif spent_on > today:
        problems["spent_on"] = SPENT_ON_FUTURE
    if not description:
        problems["description"] = ENTER_DESCRIPTION
    elif len(description) > DESCRIPTION_MAX:
        problems["description"] = DESCRIPTION_TOO_LONG
    return problems
