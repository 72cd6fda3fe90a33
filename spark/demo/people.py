"""Demo people and teams: an organiser, a lab user, eight dragons and seven teams.

Teams are made as people make them: the lead creates the team and invites a colleague, who
accepts (so the audit log and the outbox hold what a real team's would).
"""

from __future__ import annotations

from sqlalchemy import select

from spark.accounts import team_service
from spark.accounts.models import Team, User
from spark.accounts.service import create_user
from spark.demo.panel_texts import PANEL_PEOPLE, PANEL_TEAMS
from spark.extensions import db

# For local demos only: `spark demo` refuses to run in production.
DEMO_PASSWORD = "amber-otter-lantern-42"  # noqa: S105 (printed for local demos)

ORGANISER = "olu.adeyemi@cabinetoffice.gov.uk"
PEOPLE = [
    ("organiser", "Olu Adeyemi", ORGANISER, "Cabinet Office", ("organiser",)),
    (
        "lab",
        "Lena Fischer",
        "lena.fischer@digital.cabinet-office.gov.uk",
        "Government Digital Service",
        ("lab",),
    ),
    # Priya chairs the 'Letters and forms' panel; Mei chairs 'Warnings and alerts'.
    ("dragon (chair)", "Priya Shah", "priya.shah@hmrc.gov.uk", "HM Revenue and Customs", ()),
    ("dragon", "Tom Okafor", "tom.okafor@dwp.gov.uk", "Department for Work and Pensions", ()),
    ("dragon", "Siobhan Kelly", "siobhan.kelly@metoffice.gov.uk", "Met Office", ()),
    ("dragon", "Gareth Price", "gareth.price@justice.gov.uk", "Ministry of Justice", ()),
    (
        "dragon",
        "Mei Chen",
        "mei.chen@defra.gov.uk",
        "Department for Environment, Food and Rural Affairs",
        (),
    ),
    (
        "team lead",
        "Aisha Rahman",
        "aisha.rahman@dwp.gov.uk",
        "Department for Work and Pensions",
        (),
    ),
    ("team member", "Ben Carter", "ben.carter@dwp.gov.uk", "Department for Work and Pensions", ()),
    ("team lead", "Chloe Evans", "chloe.evans@metoffice.gov.uk", "Met Office", ()),
    ("team member", "Daniel Wright", "daniel.wright@metoffice.gov.uk", "Met Office", ()),
    ("team lead", "Ewa Nowak", "ewa.nowak@dvla.gov.uk", "Driver and Vehicle Licensing Agency", ()),
    (
        "team member",
        "Farah Ali",
        "farah.ali@dvla.gov.uk",
        "Driver and Vehicle Licensing Agency",
        (),
    ),
    *PANEL_PEOPLE,
]

# (name, department, [lead, members...])
TEAMS = [
    (
        "Benefits letters in plain English",
        "Department for Work and Pensions",
        ["aisha.rahman@dwp.gov.uk", "ben.carter@dwp.gov.uk"],
    ),
    (
        "Weather warnings for everyone",
        "Met Office",
        ["chloe.evans@metoffice.gov.uk", "daniel.wright@metoffice.gov.uk"],
    ),
    (
        "Accessible driving licence forms",
        "Driver and Vehicle Licensing Agency",
        ["ewa.nowak@dvla.gov.uk", "farah.ali@dvla.gov.uk"],
    ),
    *PANEL_TEAMS,
]


def demo_people() -> list[tuple[str, str]]:
    """(what they are, email) for each demo person, as the sign-ins list shows them."""
    return [(label, email) for label, _name, email, _dept, _roles in PEOPLE]


def seed_people() -> dict[str, User]:
    """Every demo person, by email: the ones already there are kept as they are."""
    users = {}
    for _label, name, email, department, roles in PEOPLE:
        existing = db.session.scalar(select(User).where(User.email == email))
        users[email] = existing or create_user(
            email=email, name=name, department=department, password=DEMO_PASSWORD, roles=roles
        )
    return users


def seed_teams(users: dict[str, User]) -> dict[str, Team]:
    """Every demo team, by name. A missing team is created by its lead, who invites the
    others; they accept. Teams already there are left alone."""
    teams = {}
    for name, department, emails in TEAMS:
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            lead, *members = (users[email] for email in emails)
            team = team_service.create_team(lead, name, department)
            for member in members:
                invitation = team_service.invite(lead, team, member.email)
                team_service.accept(member, invitation)
        teams[name] = team
    return teams
