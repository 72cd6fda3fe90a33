"""What this stage does when an earlier stage signals, in the sender's own transaction:

- a new round gets judging settings and the default criteria;
- a withdrawn pitch comes off its panel's running order (``routing_service.unroute_withdrawn``).
"""

from __future__ import annotations

from typing import Any

from spark.accounts.models import User
from spark.extensions import db
from spark.panels.defaults import DEFAULT_CRITERIA
from spark.panels.models import Criterion, JudgingSettings
from spark.panels.routing_service import unroute_withdrawn
from spark.pitches.models import Pitch, Round
from spark.pitches.signals import pitch_withdrawn, round_created


def add_judging_defaults(round_: Round, **_: Any) -> None:
    db.session.add(JudgingSettings(round_id=round_.id))
    for position, default in enumerate(DEFAULT_CRITERIA, start=1):
        db.session.add(
            Criterion(
                round_id=round_.id,
                position=position,
                name=default.name,
                guidance=default.guidance,
                weight=default.weight,
                descriptors=list(default.descriptors),
            )
        )


round_created.connect(add_judging_defaults)


def take_withdrawn_pitch_off_its_panel(pitch: Pitch, *, actor: User, **_: Any) -> None:
    unroute_withdrawn(actor, pitch)


pitch_withdrawn.connect(take_withdrawn_pitch_off_its_panel)
