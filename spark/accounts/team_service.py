"""Teams: people create a team, invite colleagues by email, and the lead runs membership.

Rules:
- Whoever creates a team is its lead. A team has one lead; the lead may hand the role to
  another member (and becomes a member) and may remove members, but not themselves.
- Any member may invite a colleague. An invitation is for one email address, lasts 14 days
  and is accepted by the person signed in with that address. Nobody is invited twice while
  an invitation is pending, and nobody already in the team is invited.
- An address needs an account to join. Anyone may be invited who has an account, could
  create one (an allowed email domain) or has a pending invitation from an organiser.
- Only members see a team; organisers see every team, read only.

One transaction each, with its audit events and emails.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from spark.accounts import rules, tokens
from spark.accounts.models import LEAD, MEMBER, Invitation, Team, TeamInvitation, TeamMember, User
from spark.accounts.service import aware, find_user_by_email
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.filters import govuk_datetime
from spark.core.outbox import queue_email
from spark.extensions import db

INVITATION_LIFETIME = timedelta(days=14)
DEPARTMENT_MISSING = "Select the team’s department"
NOT_A_MEMBER = "This person is not in the team"
LEAD_ONLY = "Only the team lead can do this"


class TeamProblems(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


# Reading ------------------------------------------------------------------------------------


def teams_for(user: User) -> list[TeamMember]:
    """The user's memberships, teams A to Z."""
    statement = (
        select(TeamMember)
        .join(Team)
        .where(TeamMember.user_id == user.id)
        .options(selectinload(TeamMember.team).selectinload(Team.members))
        .order_by(func.lower(Team.name), Team.id)
    )
    return list(db.session.scalars(statement))


def membership(team: Team, user: User) -> TeamMember | None:
    return next((member for member in team.members if member.user_id == user.id), None)


def is_lead(team: Team, user: User) -> bool:
    member = membership(team, user)
    return member is not None and member.role == LEAD


def team_for_viewer(team_id: int, user: User) -> Team | None:
    """The team if the user is in it or is an organiser; None for anyone else, so a team's
    existence is not revealed."""
    team = db.session.get(Team, team_id)
    if team is None:
        return None
    if membership(team, user) is None and not user.has_role("organiser"):
        return None
    return team


def pending_invitations(team: Team) -> list[TeamInvitation]:
    """Invitations not yet accepted and not expired, newest first."""
    statement = (
        select(TeamInvitation)
        .where(
            TeamInvitation.team_id == team.id,
            TeamInvitation.accepted_at.is_(None),
            TeamInvitation.expires_at > utcnow(),
        )
        .options(selectinload(TeamInvitation.invited_by))
        .order_by(TeamInvitation.created_at.desc(), TeamInvitation.id.desc())
    )
    return list(db.session.scalars(statement))


# Creating a team ------------------------------------------------------------------------------


def create_team(actor: User, name: str, department: str) -> Team:
    """Create a team with ``actor`` as its lead. Audited as 'team.created'."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Enter a name for your team"
    if department not in rules.departments():
        problems["department"] = DEPARTMENT_MISSING
    if problems:
        raise TeamProblems(problems)
    team = Team(name=name.strip(), department=department)
    team.members = [TeamMember(user=actor, role=LEAD)]
    db.session.add(team)
    db.session.flush()
    audit.record(
        "team.created",
        team,
        actor=actor,
        after={"name": team.name, "department": department, "lead_id": actor.id},
    )
    db.session.commit()
    return team


# Invitations --------------------------------------------------------------------------------


def _pending_invitation(team: Team, email: str) -> TeamInvitation | None:
    return db.session.scalar(
        select(TeamInvitation).where(
            TeamInvitation.team_id == team.id,
            TeamInvitation.email == email,
            TeamInvitation.accepted_at.is_(None),
            TeamInvitation.expires_at > utcnow(),
        )
    )


def _can_have_an_account(email: str) -> bool:
    if rules.email_domain_allowed(email, current_app.config["SPARK_ALLOWED_EMAIL_DOMAINS"]):
        return True
    invited = db.session.scalar(
        select(Invitation.id).where(
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    return invited is not None


def invitation_problem(team: Team, email: str) -> str | None:
    """Why this address cannot be invited to the team now, or None."""
    email = email.strip().lower()
    user = find_user_by_email(email)
    if user is not None and membership(team, user) is not None:
        return f"{email} is already in this team"
    pending = _pending_invitation(team, email)
    if pending is not None:
        return (
            f"You have already invited {email}. "
            f"Their invitation expires on {govuk_datetime(pending.expires_at)}"
        )
    if user is None and not _can_have_an_account(email):
        return (
            f"{email} does not have a Project Spark! account and cannot create one. "
            "Ask an organiser to invite them to Project Spark! first"
        )
    return None


def invitation_link(invitation: TeamInvitation) -> str:
    token = tokens.make_team_invitation_token(invitation.id)
    return tokens.absolute_url("teams.join", token=token)


def invite(actor: User, team: Team, email: str) -> TeamInvitation:
    """Invite a colleague to the team by email for 14 days. Any member may invite.

    Refused for someone already in the team, for an address with a pending invitation to
    this team, and for an address that cannot have an account. Audited as
    'team_invitation.created'; the email goes through the outbox in the same transaction.
    """
    if membership(team, actor) is None:
        raise TeamProblems({"email": "Only members of the team can invite people to it"})
    email = email.strip().lower()
    problem = invitation_problem(team, email)
    if problem:
        raise TeamProblems({"email": problem})
    invitation = TeamInvitation(
        team=team, email=email, invited_by_id=actor.id, expires_at=utcnow() + INVITATION_LIFETIME
    )
    db.session.add(invitation)
    db.session.flush()
    link = invitation_link(invitation)
    expires = govuk_datetime(invitation.expires_at)
    has_account = find_user_by_email(email) is not None
    account_line = (
        ""
        if has_account
        else (
            "You need a Project Spark! account to join. Create one with this email address "
            f"first:\n{tokens.absolute_url('accounts.create_account')}\n\n"
        )
    )
    body = (
        "Hello,\n\n"
        f"{actor.name} has invited you to join the team “{team.name}” on Project Spark!, "
        "where civil servants pitch small innovations to a panel of senior leaders for "
        "funding and support.\n\n"
        f"{account_line}"
        f"Use this link to join the team:\n{link}\n\n"
        f"Sign in with {email} to join. The link expires on {expires}.\n\n"
        "If you were not expecting this invitation, you can ignore this email.\n\n"
        "Project Spark!"
    )
    queue_email(
        kind="team_invitation",
        to=email,
        subject=f"Join {team.name} on Project Spark!",
        body=body,
        inviter=actor.name,
        team=team.name,
        link=link,
        expires=expires,
    )
    audit.record(
        "team_invitation.created",
        invitation,
        actor=actor,
        after={
            "team_id": team.id,
            "email": email,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> TeamInvitation | None:
    """The pending team invitation this link is for, or None when the link is not genuine,
    has expired or has been used."""
    invitation_id = tokens.read_team_invitation_token(token)
    if invitation_id is None:
        return None
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None:
        return None
    status = rules.invitation_status(
        aware(invitation.expires_at),
        invitation.accepted_at and aware(invitation.accepted_at),
        utcnow(),
    )
    return invitation if status == rules.PENDING else None


def invitation_team_for_token(token: str) -> Team | None:
    """The team of any genuine invitation link, used or not (to send someone who has
    already joined to their team's page)."""
    invitation_id = tokens.read_team_invitation_token(token)
    invitation = db.session.get(TeamInvitation, invitation_id) if invitation_id else None
    return invitation.team if invitation is not None else None


def accept(user: User, invitation: TeamInvitation) -> TeamMember:
    """Join the team as a member. Only the person signed in with the invited address may;
    the invitation then counts as used. Audited as 'team_invitation.accepted'."""
    if user.email != invitation.email:
        raise TeamProblems({"email": f"This invitation is for {invitation.email}"})
    team = invitation.team
    member = membership(team, user)
    invitation.accepted_at = utcnow()
    if member is None:
        member = TeamMember(team=team, user=user, role=MEMBER)
        db.session.add(member)
    audit.record(
        "team_invitation.accepted",
        invitation,
        actor=user,
        after={"team_id": team.id, "user_id": user.id, "email": user.email},
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same person accepting twice at once: they are in
        db.session.rollback()
        member = membership(team, user) or member
    return member


# Membership: the lead -----------------------------------------------------------------------


def member_or_none(team: Team, member_id: int) -> TeamMember | None:
    return next((m for m in team.members if m.id == member_id), None)


def _member_of(team: Team, member_id: int) -> TeamMember:
    member = member_or_none(team, member_id)
    if member is None:
        raise TeamProblems({"member": NOT_A_MEMBER})
    return member


def remove_member(actor: User, team: Team, member_id: int) -> User:
    """The lead removes a member; the lead cannot remove themselves (hand the lead role to
    someone else first). Audited as 'team.member_removed'. Returns the person removed."""
    if not is_lead(team, actor):
        raise TeamProblems({"member": LEAD_ONLY})
    member = _member_of(team, member_id)
    if member.user_id == actor.id:
        raise TeamProblems(
            {
                "member": "You cannot remove yourself while you are the team lead. "
                "Make someone else the lead first"
            }
        )
    person = member.user
    team.members.remove(member)
    audit.record(
        "team.member_removed",
        team,
        actor=actor,
        before={"user_id": person.id, "email": person.email, "role": member.role},
    )
    db.session.commit()
    return person


def make_lead(actor: User, team: Team, member_id: int) -> User:
    """The lead hands the lead role to another member and becomes a member. Audited as
    'team.lead_changed'. Returns the new lead."""
    if not is_lead(team, actor):
        raise TeamProblems({"member": LEAD_ONLY})
    member = _member_of(team, member_id)
    if member.user_id == actor.id:
        raise TeamProblems({"member": "You are already the team lead"})
    current = membership(team, actor)
    assert current is not None  # is_lead checked it
    current.role = MEMBER
    member.role = LEAD
    audit.record(
        "team.lead_changed",
        team,
        actor=actor,
        before={"lead_id": actor.id},
        after={"lead_id": member.user_id},
    )
    db.session.commit()
    return member.user
