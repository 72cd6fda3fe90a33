"""Round results rules: how each dragon marks against their panels (calibration), and how much
may be awarded against the team's ask and the round's pot.

Pure: the standard library only (and ``spark.panels.scoring`` and ``spark.pitches.money``,
themselves standard library only). Figures keep full floating-point precision; rounding for
display is the page's job.

The rules:

- **A dragon's calibration** (``calibration``), from the weighted mean of every submitted sheet
  in the round, keyed by (dragon id, panel id, pitch id):

  - *their mean*: the plain mean of their sheets' weighted means, each sheet counting once;
  - *their spread*: the population spread of those means (``scoring.spread``: standard
    deviation, lowest, highest, range);
  - *their panels' mean*: for each pitch the dragon scored, the pitch's mean (the mean of every
    submitted sheet on it, by every dragon on that panel, the dragon's own included - the same
    figure the panel decides on), then the plain mean of those pitch means. Each pitch counts
    once, as in the dragon's own mean, so a dragon who marks every pitch exactly at its mean
    is exactly in line, however many sheets each pitch has;
  - *the difference*: their mean − their panels' mean, in score points: above 0 they mark
    higher than their panels, below 0 lower;
  - *the label*: with fewer than ``MIN_SHEETS_TO_CALIBRATE`` (3) sheets, "Too few sheets to
    say" - one or two pitches say more about the pitches than about the dragon. Otherwise
    "More lenient than their panels" when the difference is at least ``LENIENCY_THRESHOLD``
    (0.5 score points, half a mark on the 1-5 scale), "Harsher than their panels" when it is
    at most −0.5, and "In line with their panels" in between. The difference is compared after
    rounding to 9 decimal places, so floating-point noise (2.01 − 1.51 gives
    0.4999999999999998) never decides a label.

  Dragons come back in a fixed order: by name (ignoring case, then as given), then by id.

- **What may be awarded** (``award_refusal``), for a *funded* decision: an amount is needed
  and must be more than £0; it cannot be more than the team asked for; and it cannot be more
  than what is left in the round's pot (the pot less what has already been awarded from it;
  never less than £0). When the amount is over both limits the message names the lower one,
  so the chair learns the most they can award. Messages are GOV.UK error messages, with
  amounts written "£12,500" or "£12,500.50".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from spark.core.money import pounds
from spark.panels.scoring import HIGHEST_SCORE, LOWEST_SCORE, Spread, spread

#: Fewer submitted sheets than this and a dragon's calibration is "Too few sheets to say".
MIN_SHEETS_TO_CALIBRATE = 3
#: A difference from the panels' mean of at least this many score points (either way) counts.
LENIENCY_THRESHOLD = 0.5
_PLACES = 9

#: (dragon id, panel id, pitch id)
SheetKey = tuple[int, int, int]


class Leaning(StrEnum):
    """How a dragon marks compared with their panels."""

    LENIENT = "lenient"
    HARSH = "harsh"
    IN_LINE = "in_line"
    TOO_FEW = "too_few"

    @property
    def label(self) -> str:
        return {
            Leaning.LENIENT: "More lenient than their panels",
            Leaning.HARSH: "Harsher than their panels",
            Leaning.IN_LINE: "In line with their panels",
            Leaning.TOO_FEW: "Too few sheets to say",
        }[self]


@dataclass(frozen=True)
class DragonCalibration:
    """One dragon's marks against their panels' (see the module docstring for each figure)."""

    dragon_id: int
    name: str
    sheets: int
    mean: float
    spread: Spread
    panel_mean: float
    difference: float
    leaning: Leaning

    @property
    def label(self) -> str:
        return self.leaning.label


def leaning(difference: float, sheets: int) -> Leaning:
    """The label for a dragon with ``sheets`` submitted sheets whose mean is ``difference``
    score points above (or, negative, below) their panels' mean."""
    if sheets < MIN_SHEETS_TO_CALIBRATE:
        return Leaning.TOO_FEW
    rounded = round(difference, _PLACES)
    if rounded >= LENIENCY_THRESHOLD:
        return Leaning.LENIENT
    if rounded <= -LENIENCY_THRESHOLD:
        return Leaning.HARSH
    return Leaning.IN_LINE


def calibration(
    sheet_means: Mapping[SheetKey, float], names: Mapping[int, str]
) -> list[DragonCalibration]:
    """Each dragon's calibration from every submitted sheet's weighted mean in the round.

    ``sheet_means`` maps (dragon id, panel id, pitch id) to the sheet's weighted mean (sheets
    with nothing scored have no mean and are left out by the caller); ``names`` maps each
    dragon id to the name to show. Only dragons with at least one sheet appear. A dragon
    without a name, or a mean outside 1-5, is a programming error (ValueError).
    """
    by_pitch: dict[tuple[int, int], list[float]] = {}
    by_dragon: dict[int, dict[tuple[int, int], float]] = {}
    for (dragon_id, panel_id, pitch_id), mean in sheet_means.items():
        if not LOWEST_SCORE <= mean <= HIGHEST_SCORE:
            raise ValueError(f"Mean {mean} is outside {LOWEST_SCORE} to {HIGHEST_SCORE}")
        by_pitch.setdefault((panel_id, pitch_id), []).append(mean)
        by_dragon.setdefault(dragon_id, {})[(panel_id, pitch_id)] = mean
    missing = sorted(set(by_dragon) - set(names))
    if missing:
        raise ValueError(f"No name for dragon {', '.join(map(str, missing))}")
    pitch_means = {pitch: fmean(values) for pitch, values in by_pitch.items()}

    results = []
    for dragon_id, sheets in by_dragon.items():
        own = list(sheets.values())
        mean = fmean(own)
        panel_mean = fmean(pitch_means[pitch] for pitch in sheets)
        difference = mean - panel_mean
        dragon_spread = spread(own)
        assert dragon_spread is not None  # a dragon here has at least one sheet
        results.append(
            DragonCalibration(
                dragon_id=dragon_id,
                name=names[dragon_id],
                sheets=len(own),
                mean=mean,
                spread=dragon_spread,
                panel_mean=panel_mean,
                difference=difference,
                leaning=leaning(difference, len(own)),
            )
        )
    results.sort(key=lambda row: (row.name.casefold(), row.name, row.dragon_id))
    return results


# Money against the ask and the pot ----------------------------------------------------------

ENTER_AMOUNT = "Enter the amount awarded"
MORE_THAN_NOTHING = "The amount awarded must be more than £0"


def remaining_pot(pot_pence: int, awarded_pence: int) -> int:
    """What is left in the pot: the pot less what has been awarded, never below 0."""
    return max(pot_pence - awarded_pence, 0)


def award_refusal(
    amount_pence: int | None, ask_pence: int, pot_pence: int, awarded_pence: int
) -> str | None:
    """Why ``amount_pence`` cannot be awarded to a funded pitch, as a GOV.UK error message, or
    None when it can.

    ``ask_pence`` is what the team asked for; ``pot_pence`` the round's whole pot;
    ``awarded_pence`` what other decisions already take from it (the caller leaves out the
    decision being recorded and any decision it supersedes). See the module docstring for
    the rules; over both limits, the message names the lower one.
    """
    if amount_pence is None:
        return ENTER_AMOUNT
    if amount_pence <= 0:
        return MORE_THAN_NOTHING
    left = remaining_pot(pot_pence, awarded_pence)
    if amount_pence > ask_pence and ask_pence <= left:
        return f"The amount cannot be more than the team asked for ({pounds(ask_pence)})"
    if amount_pence > left:
        if pot_pence <= 0:
            return "The amount cannot be more than what is left in the pot: the round’s pot is £0"
        if left == 0:
            return (
                "The amount cannot be more than what is left in the pot: nothing is left in "
                f"the round’s {pounds(pot_pence)} pot"
            )
        return (
            f"The amount cannot be more than what is left in the pot: only {pounds(left)} is "
            f"left in the round’s {pounds(pot_pence)} pot"
        )
    return None
