"""Demo lab: a round a year ago ("Spark! winter 2025") whose panel funded five ideas, each
followed through the lab since — one scaled across government, one live, one in beta, one in
alpha and one stopped with its lessons learnt — and the two ideas funded last week, in
discovery. Made through the services the pages use, each step at the time it happened
(``spark.core.audit.clock_at``), so timelines, days in stage, audit events and emails read as
they would have. Skipped when the round is there already.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from spark.accounts.models import Team, User
from spark.core.audit import clock_at
from spark.demo import lab_round_texts as round_texts
from spark.demo.decisions import seed_decided_panel
from spark.demo.people import ORGANISER
from spark.demo.pitches import seed_pitch, seed_round
from spark.extensions import db
from spark.lab.models import LabProject
from spark.pitches import round_service
from spark.pitches.models import Pitch, Round

WEEK = timedelta(weeks=1)


def _seed_funding_round(users: dict[str, User], teams: dict[str, Team], started: datetime):
    """The round, its pitches and its panel's signed decisions, each at its time."""
    organiser = users[ORGANISER]
    with clock_at(started):
        round_ = seed_round(organiser, round_texts.LAB_ROUND, started)
        for spec in round_texts.LAB_PITCHES:
            seed_pitch(spec, users, teams[spec.team], round_, started)
    with clock_at(started + round_texts.PANEL_MET):
        seed_decided_panel(
            users,
            teams,
            round_,
            started,
            panel=round_texts.LAB_PANEL,
            pitches=[],
            decisions=round_texts.LAB_DECISIONS,
            pot_pence=round_texts.POT_PENCE,
        )
    with clock_at(started + round_texts.PANEL_MET + WEEK):
        for status in ("judging", "closed"):
            round_service.change_status(organiser, round_, status)
    return round_


def project_for(title: str) -> LabProject:
    return db.session.scalars(
        select(LabProject).join(Pitch, Pitch.id == LabProject.pitch_id).where(Pitch.title == title)
    ).one()


def seed_lab(users: dict[str, User], teams: dict[str, Team], now: datetime) -> Round | None:
    """The funding round a year ago and what the lab did with its ideas since."""
    name = round_texts.LAB_ROUND.name
    if db.session.scalar(select(Round.id).where(Round.name == name)) is not None:
        return None
    started = now + round_texts.ROUND_STARTED
    return _seed_funding_round(users, teams, started)
