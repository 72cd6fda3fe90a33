"""What this stage does when an earlier stage signals: a new round gets judging settings and
the default criteria, in the round's own transaction."""

from __future__ import annotations

from typing import Any

from spark.extensions import db
from spark.panels.defaults import DEFAULT_CRITERIA
from spark.panels.models import Criterion, JudgingSettings
from spark.pitches.models import Round
from spark.pitches.signals import round_created


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
