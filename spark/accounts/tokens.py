"""Signed links sent by email: password reset and invitations.

Links are signed with the app's SECRET_KEY (and SECRET_KEY_FALLBACKS while a key is being
rotated) and a salt for each purpose, so a token made for one purpose is refused by another.
A token proves only what it carries; the service checks it against the database.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

PASSWORD_RESET_SALT = "password-reset"  # noqa: S105 - a salt name, not a secret
INVITATION_SALT = "invitation"
DEFAULT_PASSWORD_RESET_MAX_AGE = 60 * 60  # one hour


def _serializer(salt: str) -> URLSafeTimedSerializer:
    fallbacks = current_app.config.get("SECRET_KEY_FALLBACKS") or []
    keys = [*fallbacks, current_app.config["SECRET_KEY"]]
    # itsdangerous signs with the last key and accepts any of them.
    return URLSafeTimedSerializer(keys, salt=salt)


def password_reset_max_age() -> int:
    return int(
        current_app.config.get("SPARK_PASSWORD_RESET_MAX_AGE", DEFAULT_PASSWORD_RESET_MAX_AGE)
    )


def make_password_reset_token(user_id: int, session_version: int) -> str:
    """The version makes the link single use: a new password bumps it."""
    return _serializer(PASSWORD_RESET_SALT).dumps({"user": user_id, "version": session_version})


def read_password_reset_token(token: str) -> tuple[int, int] | None:
    """(user id, session version) from a genuine token younger than the maximum age, or None."""
    payload = _loads(PASSWORD_RESET_SALT, token, max_age=password_reset_max_age())
    if not isinstance(payload, dict):
        return None
    user_id, version = _an_id(payload.get("user")), payload.get("version")
    if user_id is None or _an_id(version, least=0) is None:
        return None
    return user_id, version


def make_invitation_token(invitation_id: int) -> str:
    return _serializer(INVITATION_SALT).dumps({"invitation": invitation_id})


def read_invitation_token(token: str) -> int | None:
    """The invitation id from a genuine token, or None. Expiry is the invitation's own."""
    payload = _loads(INVITATION_SALT, token)
    return _an_id(payload.get("invitation")) if isinstance(payload, dict) else None


def _loads(salt: str, token: str, max_age: int | None = None) -> Any:
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except BadData:  # a bad signature, an expired token or a malformed one
        return None


# The largest whole number PostgreSQL and SQLite take as a parameter: a bigger one is a 500.
LARGEST_ID = 2**63 - 1


def _an_id(value: Any, least: int = 1) -> int | None:
    """A whole number the database can hold, or None. Only this app can sign a token, so a
    genuine one always carries a real id; this keeps a payload signed with other values (a
    leaked key, a future bug) from becoming a 500 or ``True`` from reading as id 1."""
    if type(value) is not int or not least <= value <= LARGEST_ID:
        return None
    return value


def absolute_url(endpoint: str, **values: Any) -> str:
    """A link for an email: the configured public address (SPARK_BASE_URL, which includes any
    path prefix), never the request's Host header. Works outside a request too (CLI)."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return current_app.config["SPARK_BASE_URL"] + adapter.build(endpoint, values)


# Team invitations (spark.accounts.team_service) ------------------------------------------------

TEAM_INVITATION_SALT = "team-invitation"


def make_team_invitation_token(invitation_id: int) -> str:
    return _serializer(TEAM_INVITATION_SALT).dumps({"team_invitation": invitation_id})


def read_team_invitation_token(token: str) -> int | None:
    """The team invitation id from a genuine token, or None. Expiry is the invitation's own."""
    payload = _loads(TEAM_INVITATION_SALT, token)
    return _an_id(payload.get("team_invitation")) if isinstance(payload, dict) else None
