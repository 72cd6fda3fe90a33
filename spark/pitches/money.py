"""Amounts of money typed by people, read into integer pence.

Pure: the standard library only.

Rules:

- People may type a pound sign, spaces around it, and commas between thousands:
  "£12,500", "12500", "12,500.50", "£ 12500.5" all read.
- Pence are exact: up to two numbers after the decimal point. "12500.505" is refused rather
  than rounded, because rounding someone's money without telling them is wrong.
- Negative amounts, nothing but a pound sign, words ("12k", "twelve") and misplaced commas
  ("1,25,000") are refused with a GOV.UK error message saying how to write the amount.
- An ask must be at least £1 and at most ``MAX_ASK_PENCE`` (Spark! funds small ideas; the
  ceiling also stops typing slips of a few extra zeros).
"""

from __future__ import annotations

import re
from decimal import Decimal

MIN_ASK_PENCE = 100
MAX_ASK_PENCE = 10_000_000 * 100  # £10 million

_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")

FORMAT = "Enter the amount in pounds, like 12,500 or 12,500.50"
PENCE = "Enter the amount with no more than 2 numbers after the decimal point, like 12,500.50"
NEGATIVE = "Amount must be £1 or more"
TOO_MUCH = "Amount must be £10,000,000 or less"


class AmountProblem(ValueError):
    """The text is not an amount we accept; the message is a GOV.UK error message."""


def parse_pounds(text: str) -> int:
    """The amount in ``text`` as integer pence; AmountProblem when it is not a valid ask.

    An empty string is the caller's concern (a draft may leave it empty): it raises FORMAT.
    """
    cleaned = text.strip()
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-").strip()
    if cleaned.startswith("£"):
        cleaned = cleaned[1:].strip()
    negative = negative or cleaned.startswith("-")
    cleaned = cleaned.lstrip("-").strip()
    if not _AMOUNT.match(cleaned):
        raise AmountProblem(FORMAT)
    whole, _, fraction = cleaned.replace(",", "").partition(".")
    if len(fraction) > 2 and fraction.rstrip("0")[2:]:
        raise AmountProblem(PENCE)
    pence = int(Decimal(f"{whole}.{fraction or '0'}") * 100)
    if negative and pence:
        raise AmountProblem(NEGATIVE)
    if pence < MIN_ASK_PENCE:
        raise AmountProblem(NEGATIVE)
    if pence > MAX_ASK_PENCE:
        raise AmountProblem(TOO_MUCH)
    return pence
