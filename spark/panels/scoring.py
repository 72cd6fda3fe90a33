"""Scoring rules: from the dragons' score sheets to the figures a panel decides on.

Pure: the standard library only. Every function keeps full floating-point precision;
rounding for display is the page's job.

The rules:

- **Weighted mean of one sheet** (``weighted_mean``): each criterion's score 1-5 times the
  criterion's weight, summed, divided by the sum of the weights of the criteria that were
  scored. A criterion left blank on the sheet is left out of both sums, so a blank neither
  counts as 0 nor drags the mean down. A sheet with nothing scored has no mean (None).
- **Pitch mean** (``pitch_mean``): the plain mean of the weighted means of the pitch's
  *submitted* sheets (the caller passes only those): each dragon counts once, whatever their
  number of scored criteria. No sheets, no mean (None).
- **Spread** (``spread``): how far the dragons agree: the population standard deviation of
  the sheets' weighted means, and the lowest, the highest and the range (highest − lowest).
- **Normalised scores** (``normalised``): some dragons mark high and some low. Each dragon's
  weighted means across all their sheets in the round become z-scores: (sheet mean − that
  dragon's mean) ÷ that dragon's population standard deviation. 0 means "this dragon's usual
  mark", +1 "one standard deviation above it". They are left as z-scores, not re-expressed on
  the 1-5 scale, so that no one mistakes them for marks. With fewer than three sheets, or when
  every sheet of the dragon has the same mean (standard deviation 0), dividing would be
  meaningless or impossible, so the score is only centred: sheet mean − the dragon's mean, in
  score points (a single sheet gives 0).

Population, not sample, standard deviation: the sheets are not a sample drawn from a larger
set of marks - they are every mark there is for that pitch (or from that dragon), and we
describe them as they are. It is also defined for a single sheet (0), where the sample
standard deviation is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
#: Fewer sheets than this and a dragon's scores are centred, not divided by their spread.
MIN_SHEETS_TO_NORMALISE = 3


@dataclass(frozen=True)
class Spread:
    """How far a set of weighted means lies apart: population standard deviation, the
    lowest, the highest and the range (highest − lowest)."""

    stdev: float
    low: float
    high: float
    range: float


def weighted_mean(scores: Mapping[int, int | None], weights: Mapping[int, int]) -> float | None:
    """The weighted mean of one sheet.

    ``scores`` maps criterion id to the score 1-5 given (None when left blank); ``weights``
    maps criterion id to the criterion's weight (at least 1). Blank criteria are left out of
    both sums. None when nothing is scored. A score outside 1-5, a weight below 1 or a score
    for a criterion without a weight is a programming error (ValueError).
    """
    total = 0
    weight_sum = 0
    for criterion_id, score in scores.items():
        if score is None:
            continue
        if criterion_id not in weights:
            raise ValueError(f"No weight for criterion {criterion_id}")
        weight = weights[criterion_id]
        if weight < 1:
            raise ValueError(f"Criterion {criterion_id} has weight {weight}; weights are 1 or more")
        if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            raise ValueError(f"Score {score} is outside {LOWEST_SCORE} to {HIGHEST_SCORE}")
        total += score * weight
        weight_sum += weight
    if weight_sum == 0:
        return None
    return total / weight_sum


def pitch_mean(sheet_means: Sequence[float]) -> float | None:
    """The mean of the submitted sheets' weighted means (each dragon counts once); None when
    there are none."""
    if not sheet_means:
        return None
    return fmean(sheet_means)


def spread(values: Sequence[float]) -> Spread | None:
    """The spread of the sheets' weighted means: population standard deviation (see the
    module docstring for why), lowest, highest and range. None when there are no values; a
    single value has a spread of 0."""
    if not values:
        return None
    low, high = min(values), max(values)
    return Spread(stdev=pstdev(values), low=low, high=high, range=high - low)


def normalised(
    sheet_means_by_dragon: Mapping[int, Mapping[int, float]],
) -> dict[int, dict[int, float]]:
    """Each dragon's sheets as z-scores over that dragon's sheets in the round.

    In: dragon id -> {pitch id -> weighted mean of the dragon's sheet}. Out: dragon id ->
    {pitch id -> normalised score}.

    With three sheets or more and a standard deviation above 0:
    (sheet mean − dragon's mean) ÷ dragon's population standard deviation. Otherwise
    (fewer than three sheets, or all the dragon's sheets equal): sheet mean − dragon's mean,
    not divided. A dragon with no sheets maps to an empty dict.
    """
    result: dict[int, dict[int, float]] = {}
    for dragon_id, by_pitch in sheet_means_by_dragon.items():
        if not by_pitch:
            result[dragon_id] = {}
            continue
        values = list(by_pitch.values())
        centre = fmean(values)
        deviation = pstdev(values)
        divide = len(values) >= MIN_SHEETS_TO_NORMALISE and deviation > 0
        result[dragon_id] = {
            pitch_id: (mean - centre) / deviation if divide else mean - centre
            for pitch_id, mean in by_pitch.items()
        }
    return result


def normalised_pitch_means(
    normalised_scores: Mapping[int, Mapping[int, float]],
) -> dict[int, float]:
    """Pitch id -> the mean of the dragons' normalised scores for it (each dragon who has a
    sheet for the pitch counts once). Pitches nobody scored are absent."""
    by_pitch: dict[int, list[float]] = {}
    for scores in normalised_scores.values():
        for pitch_id, value in scores.items():
            by_pitch.setdefault(pitch_id, []).append(value)
    return {pitch_id: fmean(values) for pitch_id, values in sorted(by_pitch.items())}
