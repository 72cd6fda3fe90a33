"""What this stage does when an earlier stage signals, in the sender's own transaction:

- a new round gets judging settings and the default criteria;
- a withdrawn pitch comes off its panel's running order (``routing_service.unroute_withdrawn``).
"""

from __future__ import annotations

from typing import Any

from spark.accounts.models import User
from spark.extensions import db
from spark.panels.models import JudgingSettings
from spark.panels.routing_service import unroute_withdrawn
from spark.panels.setup_service import default_criteria
from spark.pitches.models import Pitch, Round
from spark.pitches.signals import pitch_withdrawn, round_created


def add_judging_defaults(round_: Round, **_: Any) -> None:
    db.session.add(JudgingSettings(round_id=round_.id))
    db.session.add_all(default_criteria(round_.id))


round_created.connect(add_judging_defaults)


def take_withdrawn_pitch_off_its_panel(pitch: Pitch, *, actor: User, **_: Any) -> None:
    unroute_withdrawn(actor, pitch)


pitch_withdrawn.connect(take_withdrawn_pitch_off_its_panel)
