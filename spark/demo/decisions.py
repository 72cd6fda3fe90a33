"""Demo decisions: a panel in the open round that met last week, made through the services
the pages use. The organiser sets the round's pot; the panel hears four pitches, every
dragon submits a sheet, the chair closes scoring and records and signs a decision on each -
unanimous and funded, split and funded, split and not funded, and refine and resubmit (a tied
vote, so it departs from the panel's vote, with the chair's justification). The funded two
open lab projects, as signing does.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from spark.accounts.models import Team, User
from spark.decisions import service as decision_service
from spark.decisions.snapshot import prefilled_dissent, snapshot
from spark.demo.decision_texts import (
    DECISION_PANEL,
    DECISION_PITCHES,
    DECISIONS,
    POT_PENCE,
    DemoDecision,
)
from spark.demo.panel_texts import DemoPanel
from spark.demo.people import ORGANISER
from spark.demo.pitches import seed_pitch
from spark.demo.texts import DemoPitch
from spark.extensions import db
from spark.panels import (
    panel_service,
    routing_service,
    session_service,
    setup_service,
    sheet_service,
)
from spark.panels.models import Criterion, Panel, PanelSlot
from spark.pitches.models import Pitch, Round
from spark.pitches.rules import london_to_utc, to_london


def _set_pot(organiser: User, round_: Round, pot_pence: int) -> None:
    settings = setup_service.settings_for(round_)
    if settings.pot_pence:
        return
    setup_service.update_settings(
        organiser,
        round_,
        setup_service.JudgingDetails(
            pot_pence=pot_pence,
            decision_rule=settings.decision_rule,
            quorum=settings.quorum,
            feedback_shows_names=settings.feedback_shows_names,
        ),
    )


def _panel(
    organiser: User, users: dict[str, User], round_: Round, now: datetime, spec: DemoPanel
) -> Panel:
    day = to_london(now + spec.starts_in).date()
    panel = panel_service.create_panel(
        organiser,
        round_,
        panel_service.PanelDetails(
            name=spec.name,
            starts_at=london_to_utc(day, time(14, 0)),
            place=spec.place,
            chair_email=spec.chair,
        ),
    )
    for email in spec.dragons:
        panel_service.add_dragon(organiser, panel, users[email].email)
    return panel


def _hear(panel: Panel, slot: PanelSlot, spec: DemoDecision, users: dict[str, User]) -> None:
    """The pitch is heard, every dragon submits a sheet, and the chair closes scoring."""
    chair = panel.chair
    session_service.set_now_pitching(chair, panel, slot)
    session_service.open_scoring(chair, panel, slot)
    criteria = list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.round_id == panel.round_id)
            .order_by(Criterion.position)
        )
    )
    for sheet in spec.sheets:
        typed = {
            "scores": {c.id: s for c, s in zip(criteria, sheet.scores, strict=True)},
            "comments": {criteria[0].id: sheet.reason},
            "verdict": sheet.verdict,
            "reason": sheet.reason,
        }
        sheet_service.save_sheet(
            panel, slot.pitch_id, users[sheet.email], typed, submitting=True, expected_version=None
        )
    session_service.close_scoring(chair, panel, slot)


def _decide(panel: Panel, slot: PanelSlot, spec: DemoDecision) -> None:
    chair = panel.chair
    snap = snapshot(panel, slot)
    decision = decision_service.record(
        chair,
        panel,
        slot,
        decision_service.DecisionDetails(
            outcome=spec.outcome,
            amount_pence=spec.amount_pence,
            conditions=spec.conditions,
            rationale=spec.rationale,
            dissent=prefilled_dissent(snap),
            justification=spec.justification,
        ),
        seen_version=None,
    )
    decision_service.sign(chair, panel, slot, seen_version=decision.version)


def seed_decisions(
    users: dict[str, User], teams: dict[str, Team], round_: Round, now: datetime
) -> Panel | None:
    """The decided panel in the open round; skipped when it is there already."""
    return seed_decided_panel(
        users,
        teams,
        round_,
        now,
        panel=DECISION_PANEL,
        pitches=DECISION_PITCHES,
        decisions=DECISIONS,
        pot_pence=POT_PENCE,
    )


def seed_decided_panel(
    users: dict[str, User],
    teams: dict[str, Team],
    round_: Round,
    now: datetime,
    *,
    panel: DemoPanel,
    pitches: list[DemoPitch],
    decisions: list[DemoDecision],
    pot_pence: int,
) -> Panel | None:
    """A panel in ``round_`` that heard ``pitches`` and signed ``decisions`` (the round's pot
    set first); skipped when the panel is there already."""
    exists = db.session.scalar(
        select(Panel.id).where(Panel.round_id == round_.id, Panel.name == panel.name)
    )
    if exists is not None:
        return None
    organiser = users[ORGANISER]
    _set_pot(organiser, round_, pot_pence)
    for spec in pitches:
        if db.session.scalar(select(Pitch.id).where(Pitch.title == spec.title)) is None:
            seed_pitch(spec, users, teams[spec.team], round_, now)
    made = _panel(organiser, users, round_, now, panel)
    for title in panel.pitches:
        pitch_id = db.session.scalar(
            select(Pitch.id).where(Pitch.round_id == round_.id, Pitch.title == title)
        )
        routing_service.assign(organiser, round_, pitch_id, made.id)
    db.session.refresh(made)
    by_title = {slot.pitch.title: slot for slot in made.slots}
    for spec in decisions:
        _hear(made, by_title[spec.title], spec, users)
        _decide(made, by_title[spec.title], spec)
    return made
