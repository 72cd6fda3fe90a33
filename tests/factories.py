"""Test data: people and teams, made through the same service code the app uses."""

from __future__ import annotations

import itertools

from spark.accounts.models import LEAD, MEMBER, Team, TeamMember, User
from spark.accounts.service import create_user
from spark.extensions import db

PASSWORD = "violet-harbour-kettle-77"
_seq = itertools.count(1)


def make_user(
    *,
    email: str | None = None,
    name: str | None = None,
    roles: tuple[str, ...] = (),
    department: str = "Cabinet Office",
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    n = next(_seq)
    user = create_user(
        email=email or f"person{n}@example.gov.uk",
        name=name or f"Person {n}",
        department=department,
        password=password,
        roles=roles,
    )
    if not active:
        user.active = False
        db.session.commit()
    return user


def make_team(lead: User, *members: User, name: str = "Test team") -> Team:
    team = Team(name=name, department=lead.department)
    team.members = [TeamMember(user=lead, role=LEAD)] + [
        TeamMember(user=member, role=MEMBER) for member in members
    ]
    db.session.add(team)
    db.session.commit()
    return team


def sign_in(client, user: User, password: str = PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
