"""The round results as a CSV file: one row per pitch the viewer may see, with the same
figures and decision as the results page (``results_service.round_results`` decides what
each viewer sees), every cell guarded by ``core.csv_export``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from spark.core.csv_export import csv_bytes
from spark.core.filters import to_london
from spark.decisions.results_service import PitchRow, RoundResults
from spark.pitches.models import Round

CSV_HEADERS = (
    "Reference",
    "Title",
    "Team",
    "Panel",
    "Position in running order",
    "Sheets counted",
    "Mean score",
    "Normalised score",
    "Spread",
    "In",
    "Out",
    "Recused",
    "Did not vote",
    "Decision",
    "Kind",
    "Outcome",
    "Amount (£)",
    "Departs from vote",
    "Amended",
    "Amendment not signed yet",
    "Signed on",
)


def _rounded(value: float | None) -> Decimal | None:
    """2 decimal places, as on the page (and never "-0.00"); a number a spreadsheet can sort
    and add up."""
    if value is None:
        return None
    return Decimal(f"{value:.2f}") + 0


def _pounds(pence: int | None) -> Decimal | None:
    if pence is None:
        return None
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


RECUSED = "You are recused from this pitch"


def csv_row(row: PitchRow) -> list[object]:
    """One pitch's cells, in ``CSV_HEADERS``' order; for a pitch the viewer is recused from,
    where it is and ``RECUSED``, every figure and the decision left empty."""
    where: list[object] = [row.reference, row.title, row.team, row.panel, row.position]
    if row.recused:
        cells = where + [None] * (len(CSV_HEADERS) - len(where))
        cells[CSV_HEADERS.index("Decision")] = RECUSED
        return cells
    decision, tally = row.decision, row.tally
    assert tally is not None  # only a withheld row has none
    return [
        *where,
        row.sheets,
        _rounded(row.mean),
        _rounded(row.normalised),
        _rounded(row.spread.stdev if row.spread else None),
        tally.ins,
        tally.outs,
        tally.recused,
        tally.absent,
        decision.status if decision else "No decision yet",
        decision.kind if decision else None,
        decision.outcome_label if decision else None,
        _pounds(decision.amount_pence) if decision else None,
        decision.departs_from_vote if decision else None,
        decision.amended if decision else None,
        decision.amendment_pending if decision else None,
        to_london(decision.signed_at).date().isoformat()
        if decision and decision.signed_at
        else None,
    ]


def results_csv(found: RoundResults) -> bytes:
    """The round's pitches as a CSV file (``core.csv_export``: every cell guarded against
    formula injection, UTF-8 with a byte order mark, CRLF), one row per pitch."""
    return csv_bytes(CSV_HEADERS, [csv_row(row) for row in found.rows])


def csv_filename(round_: Round) -> str:
    """'spark-spring-2027-results.csv' from the round's name: lower case, letters and digits,
    hyphens between words."""
    plain = unicodedata.normalize("NFKD", round_.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or f"round-{round_.id}"
    return f"{slug}-results.csv"
