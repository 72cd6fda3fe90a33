"""Permission rules. Every view carries exactly one of these decorators.

The decorator marks the view with ``permission`` so that a conventions test can walk
``app.url_map`` and fail for any view without a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from spark.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])

ROLES = ("organiser", "lab")


def _mark(view: Callable[..., Any], rule: str) -> None:
    view.permission = rule  # type: ignore[attr-defined]


def public(view: F) -> F:
    """Anyone, signed in or not."""
    _mark(view, "public")
    return view


def signed_in(view: F) -> F:
    """Any active, signed-in user. Others go to sign-in with a ``next`` back here."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    _mark(wrapped, "signed_in")
    return wrapped  # type: ignore[return-value]


def role_required(role: str) -> Callable[[F], F]:
    """A signed-in user holding the global ``role``; anyone else signed in gets 403."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        _mark(wrapped, f"role:{role}")
        return wrapped  # type: ignore[return-value]

    return decorator


def permission_of(view: Callable[..., Any]) -> str | None:
    return getattr(view, "permission", None)
