"""Hooks between this stage and its neighbours, so that neither imports the later one.

- What this stage tells earlier stages through the hooks they offer: the least a round's
  pot may be is what its signed decisions award.
- The hook this stage offers later ones: the least a funded pitch's award may be
  (``add_amount_floor``; the lab: what it has already released to the pitch's project, which
  an amendment cannot take back).
"""

from __future__ import annotations

from collections.abc import Callable

from spark.core.money import pounds
from spark.decisions.reads import awarded_pence
from spark.panels.setup_service import add_pot_floor

add_pot_floor(lambda round_id: awarded_pence(round_id))

# Later stages tell this one the least a pitch's award may be: pitch id -> pence. Asked on
# every recording and at signing (after the round's pot is held), so a floor that holds its
# own row until commit (the lab's) cannot move between the check and the signing.
_amount_floors: list[Callable[[int], int]] = []


def add_amount_floor(floor: Callable[[int], int]) -> None:
    if floor not in _amount_floors:
        _amount_floors.append(floor)


def amount_floor_refusal(pitch_id: int, amount_pence: int) -> str | None:
    """Why ``amount_pence`` is too little to award the pitch, or None."""
    floor = max((each(pitch_id) for each in _amount_floors), default=0)
    if amount_pence < floor:
        return (
            f"The amount must be at least {pounds(floor)}: the lab has already released that much"
        )
    return None
