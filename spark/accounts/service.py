"""Account use cases. The only place in accounts that commits; one transaction each.

Audit events and outbox emails are added in the same transaction as the change that causes
them. Passwords are only ever hashed: never audited, queued or logged.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from spark.accounts import rules, tokens
from spark.accounts.models import Invitation, RoleGrant, User
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.outbox import queue_email
from spark.extensions import db

ACCOUNT_EXISTS = "An account already exists with this email address"
DOMAIN_NOT_ALLOWED = (
    "You can only create an account with a government email address. Ask an organiser to invite you"
)
DEPARTMENT_MISSING = "Select your department"
PASSWORD_MISSING = "Enter a password"  # noqa: S105 - an error message, not a password

# Checked when no account matches, so that a missing account takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing")


class AccountProblems(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


def hash_password(password: str) -> str:
    # scrypt in service; the test suite may choose a cheaper method to stay fast.
    method = current_app.config.get("SPARK_PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def load_user(session_id: str) -> User | None:
    """Flask-Login loader: the session holds 'id:version'; a changed password ends it."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None - never saying which was wrong."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def _add_user(
    *,
    email: str,
    name: str,
    department: str,
    password: str,
    roles: tuple[str, ...] = (),
    actor: User | None = None,
    via: str | None = None,
) -> User:
    """Add a user and its 'account.created' audit event to the session; no commit."""
    user = User(
        email=email,
        name=name.strip(),
        department=department,
        password_hash=hash_password(password),
    )
    user.roles = [RoleGrant(role=role, granted_by_id=getattr(actor, "id", None)) for role in roles]
    db.session.add(user)
    db.session.flush()
    after = {"email": user.email, "department": department, "roles": list(roles)}
    if via:
        after["via"] = via
    audit.record("account.created", user, actor=actor or user, after=after)
    return user


def create_user(
    *,
    email: str,
    name: str,
    department: str,
    password: str,
    roles: tuple[str, ...] = (),
    actor: User | None = None,
) -> User:
    """Create an account (demo data, the CLI and tests). Audited; commits."""
    user = _add_user(
        email=email, name=name, department=department, password=password, roles=roles, actor=actor
    )
    db.session.commit()
    return user


# Create an account ---------------------------------------------------------------------------


def new_account_problems(
    *, email: str, name: str, password: str, invitation: Invitation | None = None
) -> dict[str, str]:
    """What stops this account being created, by field.

    Anyone may create an account with an address in an allowed domain (or a subdomain of
    one); anyone else needs an organiser's invitation, which fixes the address. Email
    addresses are unique whatever their case.

    We do say when an account already exists: the account is used straight away, with no
    confirmation email, so the page has to say why it was refused. Telling only reveals that
    a colleague with a government address uses the service; failed attempts are rate-limited
    per network address, and sign-in and password reset never reveal whether an account exists.
    """
    problems: dict[str, str] = {}
    if invitation is not None:
        email = invitation.email
    elif email and not rules.email_domain_allowed(
        email, current_app.config["SPARK_ALLOWED_EMAIL_DOMAINS"]
    ):
        problems["email"] = DOMAIN_NOT_ALLOWED
    if email and "email" not in problems and find_user_by_email(email) is not None:
        problems["email"] = ACCOUNT_EXISTS
    if password:
        problem = rules.password_problem(password, email=email, name=name)
        if problem:
            problems["password"] = problem
    return problems


def create_account(
    *,
    email: str,
    name: str,
    department: str,
    password: str,
    invitation: Invitation | None = None,
) -> User:
    """Create an account from the create-account journey, accepting the invitation if any.

    Raises AccountProblems when the rules refuse it (including two people racing to create
    the same address). One transaction: the user, its audit event and the invitation.
    """
    if invitation is not None:
        email = invitation.email
    problems = new_account_problems(
        email=email, name=name, password=password, invitation=invitation
    )
    if not password:
        problems["password"] = PASSWORD_MISSING
    if department not in rules.departments():
        problems["department"] = DEPARTMENT_MISSING
    if not name.strip():
        problems["name"] = "Enter your full name"
    if problems:
        raise AccountProblems(problems)
    try:
        user = _add_user(
            email=email,
            name=name,
            department=department,
            password=password,
            via="invitation" if invitation else "email domain",
        )
        if invitation is not None:
            invitation.accepted_at = utcnow()
            audit.record(
                "invitation.accepted",
                invitation,
                actor=user,
                after={"email": invitation.email, "user_id": user.id},
            )
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AccountProblems({"email": ACCOUNT_EXISTS}) from error
    return user


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation this link is for, or None when the link is not genuine, has
    expired or has been used (also when its address has an account by now)."""
    invitation_id = tokens.read_invitation_token(token)
    if invitation_id is None:
        return None
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        return None
    status = rules.invitation_status(
        aware(invitation.expires_at),
        invitation.accepted_at and aware(invitation.accepted_at),
        utcnow(),
    )
    if status != rules.PENDING or find_user_by_email(invitation.email) is not None:
        return None
    return invitation


# Reset a password ----------------------------------------------------------------------------


def reset_link_lifetime() -> str:
    """How long a password reset link works, in words: "1 hour"."""
    seconds = tokens.password_reset_max_age()
    number, unit = (seconds // 3600, "hour") if seconds % 3600 == 0 else (seconds // 60, "minute")
    number = max(1, number)
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def request_password_reset(email: str) -> None:
    """Email a password reset link if an active account has this address.

    Says nothing either way: the page that follows is the same, so nobody can find out
    whether an address has an account.
    """
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = tokens.make_password_reset_token(user.id, user.session_version)
    link = tokens.absolute_url("accounts.reset_password", token=token)
    lifetime = reset_link_lifetime()
    body = (
        f"Hello {user.name},\n\n"
        "We received a request to reset the password for your Project Spark! account.\n\n"
        f"Use this link to choose a new password:\n{link}\n\n"
        f"The link expires in {lifetime} and can only be used once.\n\n"
        "If you did not ask to reset your password, you can ignore this email. "
        "Your password will not change.\n\n"
        "Project Spark!"
    )
    queue_email(
        kind="password_reset",
        to=user.email,
        subject="Reset your Project Spark! password",
        body=body,
        name=user.name,
        link=link,
        expires_in=lifetime,
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User | None:
    """The active user a reset link is for, or None when it is not genuine, has expired or
    has been used (any password change moves the session version on)."""
    read = tokens.read_password_reset_token(token)
    if read is None:
        return None
    user_id, version = read
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def new_password_problems(user: User, password: str) -> dict[str, str]:
    """The password policy's objection to this user's new password, if any."""
    problem = password and rules.password_problem(password, email=user.email, name=user.name)
    return {"password": problem} if problem else {}


def reset_password(user: User, password: str) -> None:
    """Set a new password that meets the policy. Moving the session version on signs out
    every other session and makes the reset link unusable. Audited without the password."""
    problems = new_password_problems(user, password) if password else {"password": PASSWORD_MISSING}
    if problems:
        raise AccountProblems(problems)
    before = user.session_version
    user.password_hash = hash_password(password)
    user.session_version = before + 1
    audit.record(
        "account.password_reset",
        user,
        actor=user,
        before={"session_version": before},
        after={"session_version": user.session_version},
    )
    db.session.commit()
