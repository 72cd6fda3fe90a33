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


# Accounts journeys: invitations, emails and audit events ------------------------------------


def make_invitation(inviter: User, email: str = "partner@example.org"):
    """An invitation sent through the same service the organisers' page uses."""
    from spark.accounts.admin_service import invite

    return invite(inviter, email)


def invitation_path(invitation) -> str:
    from spark.accounts.tokens import make_invitation_token

    return f"/create-account/invitation/{make_invitation_token(invitation.id)}"


def outbox_messages(kind: str | None = None) -> list:
    from sqlalchemy import select

    from spark.core.outbox import OutboxMessage

    statement = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        statement = statement.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(statement))


def audit_events(action: str | None = None) -> list:
    from sqlalchemy import select

    from spark.core.audit import AuditEvent

    statement = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return list(db.session.scalars(statement))


def stored_text() -> str:
    """Everything written to the audit log and the outbox, to prove a secret is in neither."""
    parts = [repr((e.action, e.before, e.after)) for e in audit_events()]
    parts += [repr((m.to, m.subject, m.body, m.personalisation)) for m in outbox_messages()]
    return "\n".join(parts)


# Pitches: rounds and pitches, with the fields a test names ------------------------------------


def make_round(*, name: str | None = None, status: str = "open", **fields):
    """A round open from yesterday for a month unless the test says otherwise."""
    from datetime import UTC, datetime, timedelta

    from spark.pitches.models import Round

    now = datetime.now(UTC)
    round_ = Round(
        name=name or f"Spark! round {next(_seq)}",
        opens_at=fields.pop("opens_at", now - timedelta(days=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        status=status,
        **fields,
    )
    db.session.add(round_)
    db.session.commit()
    return round_


def make_pitch(team: Team, *, round=None, status: str = "draft", **fields):  # noqa: A002
    """A pitch for ``team`` in ``round`` (a new open round by default); text fields as given."""
    from spark.pitches.models import Pitch

    lead = next((m.user for m in team.members if m.role == LEAD), None)
    pitch = Pitch(
        team=team,
        round=round or make_round(),
        status=status,
        title=fields.pop("title", "Plain English letters"),
        created_by=lead,
        **fields,
    )
    db.session.add(pitch)
    db.session.commit()
    return pitch


# Teams: invitations to join a team ------------------------------------------------------------


def make_team_invitation(inviter: User, team: Team, email: str = "colleague@example.gov.uk"):
    """An invitation to join ``team``, sent through the same service the team page uses."""
    from spark.accounts.team_service import invite

    return invite(inviter, team, email)


def team_invitation_path(invitation) -> str:
    from spark.accounts.tokens import make_team_invitation_token

    return f"/teams/join/{make_team_invitation_token(invitation.id)}"


# Pitches: a pitch ready to submit, submitted or returned ---------------------------------------

READY_ANSWERS = {
    "title": "Bookable desks in every office",
    "summary": "A page where staff book a desk before they travel to the office.",
    "problem": "Staff travel to the office and find no free desk. They lose an hour looking.",
    "idea": "A simple booking page. Staff pick a desk the day before they come in.",
    "benefits": "Staff save time. Office managers plan space and close floors nobody uses.",
    "ask_pence": 1_250_000,
    "ask_details": "Two developers for three months, and the cost of hosting.",
    "team_details": "Sam builds web pages. Priya runs the Leeds office and knows what staff need.",
}
ALL_MARKED = ["about", "problem", "idea", "benefits", "ask", "team", "materials"]


def make_ready_pitch(team: Team, **fields):
    """A draft with every section answered and marked completed, checked by the accessibility
    checker (nothing blocks, warnings acknowledged): it can be submitted."""
    from spark.core.audit import utcnow
    from spark.pitches import checks

    values = {**READY_ANSWERS, "completed_sections": list(ALL_MARKED), **fields}
    pitch = make_pitch(team, **values)
    report = checks.refresh(pitch)
    report.warnings_acknowledged_at = utcnow() if report.warnings else None
    db.session.commit()
    return pitch


def make_submitted_pitch(team: Team, **fields):
    """A pitch submitted through the same service the submit button uses."""
    from spark.core.audit import utcnow
    from spark.pitches import submission

    pitch = make_ready_pitch(team, **fields)
    lead = team.lead or team.members[0].user
    return submission.submit(pitch, lead, utcnow(), pitch.version)
