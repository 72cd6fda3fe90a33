"""Builders for the decisions stage: a panel whose scoring on a pitch has closed with given
verdicts, and decisions recorded and signed through the real service.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from spark.extensions import db
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)

_seq = count(1)

FIRST_NAMES = ("Ben", "Cy", "Dee", "Eli", "Flo", "Gus", "Hal", "Ivy")
ASK_PENCE = 2_000_000  # £20,000
POT_PENCE = 5_000_000  # £50,000


@dataclass
class Decided:
    """A round with one panel (a chair and dragons) and pitches whose scoring has closed."""

    round: object
    panel: object
    chair: object
    dragons: list
    pitches: list
    slots: list

    @property
    def members(self) -> list:
        return [self.chair, *self.dragons]

    @property
    def pitch(self):
        return self.pitches[0]

    @property
    def slot(self):
        return self.slots[0]

    @property
    def lead(self):
        return self.pitch.team.members[0].user


def closed_panel(
    *verdicts: str | None,
    pitches: int = 1,
    pot_pence: int = POT_PENCE,
    ask_pence: int = ASK_PENCE,
    rule: str = "majority",
    quorum: int = 3,
    scores: tuple[int, ...] = (4, 3, 5, 4, 3, 4),
    round_=None,
) -> Decided:
    """A panel of ``len(verdicts)`` members (the first is the chair) with ``pitches`` pitches
    whose scoring has closed; member ``i`` submitted a sheet with ``verdicts[i]`` on every
    pitch (None: no sheet). Every sheet scores ``scores`` against the default criteria."""
    from spark.panels.models import JudgingSettings

    n = next(_seq)
    round_ = round_ or make_judged_round(name=f"Decisions round {n}")
    settings = db.session.get(JudgingSettings, round_.id)
    settings.pot_pence, settings.decision_rule, settings.quorum = pot_pence, rule, quorum
    db.session.commit()
    verdicts = verdicts or ("in", "in", "in")
    # Real-looking names: never "Dragon 1", the label anonymous feedback uses.
    chair = make_dragon(name=f"Ada Chair{n}", email=f"chair{n}@example.gov.uk")
    dragons = [
        make_dragon(
            name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} Judge{n}",
            email=f"dragon{n}-{i}@example.gov.uk",
        )
        for i in range(1, len(verdicts))
    ]
    panel = make_panel(round_, chair, *dragons, name=f"Panel {n}")
    made = [
        make_team_pitch(round_, ask_pence=ask_pence, title=f"Idea {n}-{i}", status="eligible")
        for i in range(1, pitches + 1)
    ]
    slots = route(panel, *made, state="closed")
    criteria = criteria_of(round_)
    for pitch in made:
        pitch.status = "pitched"
        for member, verdict in zip([chair, *dragons], verdicts, strict=True):
            if verdict is None:
                continue
            make_sheet(
                pitch,
                member,
                scores={
                    c.id: (s, f"{member.name} on {c.name}")
                    for c, s in zip(criteria, scores, strict=False)
                },
                verdict=verdict,
                reason=f"{member.name} voted {verdict}",
                status="submitted",
            )
    db.session.commit()
    return Decided(round_, panel, chair, dragons, made, slots)


def details(outcome: str = "funded", amount_pence: int | None = 1_500_000, **fields):
    from spark.decisions.service import DecisionDetails

    return DecisionDetails(
        outcome=outcome,
        amount_pence=amount_pence if outcome == "funded" else None,
        rationale=fields.pop("rationale", "A clear problem and a cheap test."),
        **fields,
    )


def record_decision(decided: Decided, index: int = 0, **fields):
    """Record (not sign) a decision on pitch ``index`` through the service."""
    from spark.decisions import service

    return service.record(
        decided.chair,
        decided.panel,
        decided.slots[index],
        details(**fields),
        seen_version=None,
    )


def sign_decision(decided: Decided, index: int = 0, **fields):
    """Record and sign a decision on pitch ``index`` through the service."""
    from spark.decisions import service

    decision = record_decision(decided, index, **fields)
    return service.sign(
        decided.chair, decided.panel, decided.slots[index], seen_version=decision.version
    )
