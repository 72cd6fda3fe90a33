"""What this stage tells earlier stages through the hooks they offer, so they never import
it: the least a round's pot may be is what its signed decisions award."""

from __future__ import annotations

from spark.decisions.reads import awarded_pence
from spark.panels.setup_service import add_pot_floor

add_pot_floor(lambda round_id: awarded_pence(round_id))
