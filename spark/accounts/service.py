"""Account use cases. The only place in accounts that commits; one transaction each."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from spark.accounts.models import RoleGrant, User
from spark.core import audit
from spark.extensions import db

# Checked when no account matches, so that a missing account takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    return generate_password_hash(password)


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


def create_user(
    *,
    email: str,
    name: str,
    department: str,
    password: str,
    roles: tuple[str, ...] = (),
    actor: User | None = None,
) -> User:
    """Create an account (demo data and the create-account journey). Audited; commits."""
    user = User(
        email=email, name=name, department=department, password_hash=hash_password(password)
    )
    user.roles = [RoleGrant(role=role, granted_by_id=getattr(actor, "id", None)) for role in roles]
    db.session.add(user)
    db.session.flush()
    audit.record(
        "account.created",
        user,
        actor=actor or user,
        after={"email": user.email, "department": department, "roles": list(roles)},
    )
    db.session.commit()
    return user
