"""Demo data for local running: people and teams (``people``), rounds and pitches in every
stage 1 status (``pitches``, with their words in ``texts`` and their files made by ``files``),
the open round's panels with routed pitches and the first score sheets (``panels``), a
panel that met last week with four signed decisions and their letters (``decisions``), and
the innovation lab's projects in every stage from a round a year ago (``lab``).

Everything goes through the services the pages use, so audit events, emails in the outbox,
pitch versions and accessibility reports are what they would be. Running it again adds only
what is missing (people by email, teams, rounds by name, pitches by title).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from spark.accounts.models import User
from spark.core.audit import utcnow
from spark.demo.decisions import seed_decisions
from spark.demo.lab import seed_lab
from spark.demo.panels import seed_panels
from spark.demo.people import (
    DEMO_PASSWORD,
    ORGANISER,
    PEOPLE,
    TEAMS,
    demo_people,
    seed_people,
    seed_teams,
)
from spark.demo.pitches import seed_pitches, seed_rounds
from spark.demo.texts import OPEN_ROUND
from spark.extensions import db

__all__ = ["DEMO_PASSWORD", "PEOPLE", "TEAMS", "WHAT_TO_TRY", "demo_people", "seed_demo"]

WHAT_TO_TRY = [
    (
        "aisha.rahman@dwp.gov.uk",
        "see ‘Plain English benefit letters’, a draft whose slide deck has accessibility "
        "problems to fix (a picture with no alt text, a slide with no title)",
    ),
    (
        "chloe.evans@metoffice.gov.uk",
        "see ‘Weather warnings in British Sign Language’, a pitch with a deck, an audio "
        "overview with a transcript and a video with captions that passed the check and is "
        "now before the ‘Warnings and alerts’ panel",
    ),
    (
        "farah.ali@dvla.gov.uk",
        "see a pitch the organisers returned with their reasons, to change and submit again",
    ),
    (
        "daniel.wright@metoffice.gov.uk",
        "carry on a pitch that is half written",
    ),
    (
        "priya.shah@hmrc.gov.uk",
        "chair the ‘Letters and forms’ panel: score the pitch now pitching, read the other "
        "sheets once yours is in, call the next pitch and close scoring",
    ),
    (
        "gareth.price@justice.gov.uk",
        "finish a score sheet saved as a draft on the ‘Letters and forms’ panel and submit it",
    ),
    (
        "hannah.davies@education.gov.uk",
        "see a pitch you declared a conflict with, shown as recused on your panel",
    ),
    (
        "kwame.mensah@homeoffice.gov.uk",
        "see the four signed decisions of the ‘Services for everyone’ panel (unanimous, split, "
        "not funded, refine and resubmit), amend one, and download the panel's minutes",
    ),
    (
        "ben.carter@dwp.gov.uk",
        "read the panel's decision on ‘Benefit calculators that work with a screen reader’: "
        "funded, with the dragons' feedback and the decision letter (PDF)",
    ),
    (
        "grace.adebayo@companieshouse.gov.uk",
        "see ‘Captions for filing webinars’, sent back to refine and resubmit, and copy it "
        "into a new draft",
    ),
    (
        "lena.fischer@digital.cabinet-office.gov.uk",
        "run the innovation lab: the board with projects in every stage, move ‘Benefit "
        "calculators that work with a screen reader’ from Discovery to Alpha with the gate's "
        "evidence, see the overdue milestones, benefits across all projects and the reports",
    ),
    (
        "aisha.rahman@dwp.gov.uk",
        "keep ‘A plain English checker for letters’ (scaled across government) up to date: its "
        "milestones, benefit readings, spend and lessons-learnt story",
    ),
    (
        "tom.okafor@dwp.gov.uk",
        "find what other teams learnt on the showcase: search for ‘flood’ or ‘stopped’",
    ),
    (
        ORGANISER,
        "see the rounds and screen pitches: mark ‘Accessible driving licence forms’ eligible "
        "or return it to the team; see the spring round's judging: criteria, panels, routing, "
        "the conflicts of interest and the round's results",
    ),
]


def seed_demo(only_if_empty: bool = False) -> list[tuple[str, str]] | None:
    """Create the demo people, teams, rounds and pitches that are not there yet.

    Returns the sign-ins, or None when skipped (``only_if_empty`` and people already exist).
    Never in production.
    """
    if current_app.config["SPARK_ENV"] == "production":
        raise RuntimeError("Demo data is never seeded in production")
    has_users = db.session.scalar(select(func.count()).select_from(User))
    if has_users and only_if_empty:
        return None
    now = utcnow()
    users = seed_people()
    teams = seed_teams(users)
    rounds = seed_rounds(users[ORGANISER], now)
    seed_pitches(users, teams, rounds, now)
    seed_panels(users, teams, rounds[OPEN_ROUND], now)
    seed_decisions(users, teams, rounds[OPEN_ROUND], now)
    seed_lab(users, teams, now)
    return demo_people()
