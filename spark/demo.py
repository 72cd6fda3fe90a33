"""Demo data for local running: an organiser, a lab user, five dragons and three teams."""

from __future__ import annotations

from sqlalchemy import func, select

from spark.accounts.models import LEAD, MEMBER, Team, TeamMember, User
from spark.accounts.service import create_user
from spark.extensions import db

# For local demos only: `spark demo` refuses to run in production.
DEMO_PASSWORD = "amber-otter-lantern-42"  # noqa: S105 (printed for local demos)

PEOPLE = [
    (
        "organiser",
        "Olu Adeyemi",
        "olu.adeyemi@cabinetoffice.gov.uk",
        "Cabinet Office",
        ("organiser",),
    ),
    (
        "lab",
        "Lena Fischer",
        "lena.fischer@digital.cabinet-office.gov.uk",
        "Government Digital Service",
        ("lab",),
    ),
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
]

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
]


def demo_people() -> list[tuple[str, str]]:
    return [(label, email) for label, _name, email, _dept, _roles in PEOPLE]


def seed_demo(only_if_empty: bool = False) -> list[tuple[str, str]] | None:
    """Create the demo people and teams. Returns None when skipped (data already there)."""
    from flask import current_app

    if current_app.config["SPARK_ENV"] == "production":
        raise RuntimeError("Demo data is never seeded in production")
    has_users = db.session.scalar(select(func.count()).select_from(User))
    if has_users and only_if_empty:
        return None
    users = {}
    for _label, name, email, department, roles in PEOPLE:
        existing = db.session.scalar(select(User).where(User.email == email))
        users[email] = existing or create_user(
            email=email, name=name, department=department, password=DEMO_PASSWORD, roles=roles
        )
    for team_name, department, emails in TEAMS:
        if db.session.scalar(select(Team).where(Team.name == team_name)):
            continue
        team = Team(name=team_name, department=department)
        team.members = [
            TeamMember(user=users[email], role=LEAD if i == 0 else MEMBER)
            for i, email in enumerate(emails)
        ]
        db.session.add(team)
    db.session.commit()
    return demo_people()
