"""Demo panels: the open round's judging, made through the services the pages use.

Two panels with a chair and three dragons each; the eligible pitches routed by hand (the
organiser's other way, beside automatic routing) so each panel hears pitches on its theme;
on each panel the first pitch is now pitching with scoring open, one dragon has submitted
and another has a draft, so a newcomer signing in as a dragon finds something to score. One
dragon has declared a conflict, and the records find others (same department as the lead).
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from spark.accounts.models import Team, User
from spark.core.audit import utcnow
from spark.demo.panel_texts import DECLARED_CONFLICT, PANEL_PITCHES, PANELS, DemoPanel
from spark.demo.people import ORGANISER
from spark.demo.pitches import seed_pitch
from spark.extensions import db
from spark.panels import panel_service, routing_service, session_service, sheet_service
from spark.panels.models import Criterion, Panel
from spark.pitches.models import Pitch, Round
from spark.pitches.rules import london_to_utc, to_london

# (email, scores 1-5 in criteria order, verdict, reason, submitted?)
SHEETS = [
    ("tom.okafor@dwp.gov.uk", (4, 3, 4, 4, 5, 4), "in", "", True),
    ("gareth.price@justice.gov.uk", (3, 2, 4, 3, None, None), "", "", False),
    ("kwame.mensah@homeoffice.gov.uk", (5, 4, 3, 4, 4, 5), "in", "", True),
]
COMMENT = "Clear evidence from users; the plan and the team look right for the size of the ask."


def _panel(organiser: User, users: dict[str, User], round_: Round, spec: DemoPanel) -> Panel:
    existing = db.session.scalar(
        select(Panel).where(Panel.round_id == round_.id, Panel.name == spec.name)
    )
    if existing is not None:
        return existing
    day = to_london(utcnow() + spec.starts_in).date()
    details = panel_service.PanelDetails(
        name=spec.name,
        starts_at=london_to_utc(day, time(10, 0)),
        place=spec.place,
        chair_email=spec.chair,
    )
    panel = panel_service.create_panel(organiser, round_, details)
    for email in spec.dragons:
        panel_service.add_dragon(organiser, panel, users[email].email)
    return panel


def _start_scoring(chair: User, panel: Panel) -> None:
    """The chair calls the first pitch and opens scoring on it."""
    first = panel.slots[0]
    session_service.set_now_pitching(chair, panel, first)
    session_service.open_scoring(chair, panel, first)


def _score(panel: Panel, user: User, pitch_id: int, spec: tuple) -> None:
    _email, scores, verdict, reason, submitting = spec
    criteria = list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.round_id == panel.round_id)
            .order_by(Criterion.position)
        )
    )
    typed = {
        "scores": {c.id: s for c, s in zip(criteria, scores, strict=True) if s is not None},
        "comments": {criteria[0].id: COMMENT},
        "verdict": verdict,
        "reason": reason,
    }
    sheet_service.save_sheet(
        panel, pitch_id, user, typed, submitting=submitting, expected_version=None
    )


def seed_panels(
    users: dict[str, User], teams: dict[str, Team], round_: Round, now: datetime
) -> list[Panel]:
    """The open round's panels, routed pitches and first sheets. Skipped for a round that has
    its panels already."""
    for spec in PANEL_PITCHES:
        if db.session.scalar(select(Pitch.id).where(Pitch.title == spec.title)) is None:
            seed_pitch(spec, users, teams[spec.team], round_, now)
    if db.session.scalar(select(Panel.id).where(Panel.round_id == round_.id).limit(1)):
        return []
    organiser = users[ORGANISER]
    panels = [_panel(organiser, users, round_, spec) for spec in PANELS]
    for panel, spec in zip(panels, PANELS, strict=True):
        for title in spec.pitches:
            pitch_id = db.session.scalar(
                select(Pitch.id).where(Pitch.round_id == round_.id, Pitch.title == title)
            )
            routing_service.assign(organiser, round_, pitch_id, panel.id)
    for panel in panels:
        db.session.refresh(panel)
        _start_scoring(panel.chair, panel)
    members = {m.user.email: panel for panel in panels for m in panel.members}
    for spec in SHEETS:
        panel = members[spec[0]]
        _score(panel, users[spec[0]], panel.slots[0].pitch_id, spec)
    dragon, reason = DECLARED_CONFLICT
    panel = members[dragon]
    if len(panel.slots) > 1:
        sheet_service.declare_conflict(panel, users[dragon], panel.slots[1].pitch_id, reason)
    return panels
