"""Organisers' use cases: users, roles, account status and invitations.

One transaction each, with its audit events (and emails) in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from spark.accounts import rules, tokens
from spark.accounts.models import Invitation, RoleGrant, User
from spark.accounts.service import ACCOUNT_EXISTS, AccountProblems, aware, find_user_by_email
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.filters import govuk_datetime
from spark.core.outbox import queue_email
from spark.core.permissions import ROLES
from spark.extensions import db

PER_PAGE = 50
INVITATION_LIFETIME = timedelta(days=7)
OWN_ORGANISER_ROLE = "You cannot remove your own organiser role. Ask another organiser to remove it"
OWN_ACCOUNT = "You cannot deactivate your own account"


def list_users(page: int = 1, query: str = "") -> Pagination:
    """Users A to Z by name, optionally those whose name or email contains ``query``."""
    statement = select(User).order_by(func.lower(User.name), User.id)
    query = query.strip().lower()
    if query:
        statement = statement.where(
            or_(
                func.lower(User.name).contains(query, autoescape=True),
                User.email.contains(query, autoescape=True),
            )
        )
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def set_roles(actor: User, user: User, roles: set[str]) -> tuple[list[str], list[str]]:
    """Give ``user`` exactly these global roles; returns (granted, removed).

    An organiser cannot remove their own organiser role, so the service always keeps at least
    one organiser. Each change is audited with the roles before and after it.
    """
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountProblems({"roles": "Select a role from the list"})
    current = set(user.role_names)
    granted = sorted(roles - current)
    removed = sorted(current - roles)
    if user.id == actor.id and "organiser" in removed:
        raise AccountProblems({"roles": OWN_ORGANISER_ROLE})
    for role in granted:
        before = user.role_names
        user.roles.append(RoleGrant(role=role, granted_by_id=actor.id))
        audit.record(
            "role.granted",
            user,
            actor=actor,
            before={"roles": before},
            after={"roles": sorted([*before, role])},
        )
    for role in removed:
        before = user.role_names
        user.roles = [grant for grant in user.roles if grant.role != role]
        audit.record(
            "role.removed",
            user,
            actor=actor,
            before={"roles": before},
            after={"roles": user.role_names},
        )
    db.session.commit()
    return granted, removed


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (signs them out at once and stops them signing in) or reactivate an account.
    Nobody can deactivate their own account."""
    if not active and user.id == actor.id:
        raise AccountProblems({"status": OWN_ACCOUNT})
    if user.active == active:
        return
    user.active = active
    audit.record(
        "account.reactivated" if active else "account.deactivated",
        user,
        actor=actor,
        before={"active": not active},
        after={"active": active},
    )
    db.session.commit()


# Invitations ---------------------------------------------------------------------------------


def invitation_status(invitation: Invitation) -> str:
    return rules.invitation_status(
        aware(invitation.expires_at),
        invitation.accepted_at and aware(invitation.accepted_at),
        utcnow(),
    )


def list_invitations(page: int = 1) -> Pagination:
    """Newest first."""
    statement = (
        select(Invitation)
        .options(selectinload(Invitation.invited_by))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def invite(actor: User, email: str) -> Invitation:
    """Invite anyone, whatever their email domain, to create an account within 7 days.

    Refused when the address already has an account. Inviting an address again sends a new
    link; earlier links keep working until they expire or one of them is used.
    """
    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise AccountProblems({"email": ACCOUNT_EXISTS})
    invitation = Invitation(
        email=email, invited_by_id=actor.id, expires_at=utcnow() + INVITATION_LIFETIME
    )
    db.session.add(invitation)
    db.session.flush()
    link = tokens.absolute_url(
        "accounts.accept_invitation", token=tokens.make_invitation_token(invitation.id)
    )
    expires = govuk_datetime(invitation.expires_at)
    body = (
        "Hello,\n\n"
        f"{actor.name} has invited you to create an account on Project Spark!, where civil "
        "servants pitch small innovations to a panel of senior leaders for funding and "
        "support.\n\n"
        f"Use this link to create your account:\n{link}\n\n"
        f"The link expires on {expires}.\n\n"
        "If you were not expecting this invitation, you can ignore this email.\n\n"
        "Project Spark!"
    )
    queue_email(
        kind="invitation",
        to=email,
        subject="You have been invited to Project Spark!",
        body=body,
        inviter=actor.name,
        link=link,
        expires=expires,
    )
    audit.record(
        "invitation.created",
        invitation,
        actor=actor,
        after={"email": email, "expires_at": invitation.expires_at.isoformat()},
    )
    db.session.commit()
    return invitation
