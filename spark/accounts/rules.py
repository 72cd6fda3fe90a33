"""Account rules: password policy, who may create an account, safe redirects.

Pure functions over plain values - no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).resolve().parent / "data"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


@cache
def common_passwords() -> frozenset[str]:
    lines = (DATA / "common-passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


@cache
def departments() -> tuple[str, ...]:
    """UK government departments and agencies, in the order people scan them (A to Z)."""
    names = json.loads((DATA / "departments.json").read_text(encoding="utf-8"))
    return tuple(sorted(names, key=str.casefold))


def _is_common(password: str) -> bool:
    """In the deny-list as it is, or once trailing digits and symbols are taken off
    ('password12345!'), or a short run repeated ('abcabcabcabc')."""
    lowered = password.lower()
    listed = common_passwords()
    if lowered in listed:
        return True
    stem = re.sub(r"[\d\W_]+$", "", lowered)
    if stem and (stem in listed or len(set(stem)) <= 2):
        return True
    return bool(re.fullmatch(r"(.{1,4})\1+", lowered))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """The GOV.UK error message for a password that breaks the policy, or None.

    NCSC guidance: a minimum length and a deny-list of common passwords, no composition
    rules (no forced digits or symbols) and no expiry.
    """
    if not password:
        return "Enter a password"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    lowered = password.lower()
    local_part = email.split("@", 1)[0].lower()
    personal = [local_part, *name.lower().split()]
    if any(len(word) >= 4 and word in lowered for word in personal) or "spark" in lowered:
        return "Password must not contain your name, email address or the name of this service"
    if _is_common(password):
        return "Password is too easy to guess. Choose a password that is not commonly used"
    return None


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def email_domain_allowed(email: str, allowed_domains: list[str]) -> bool:
    """An address may sign up when its domain is an allowed domain or a subdomain of one
    ('dwp.gov.uk' is allowed by 'gov.uk'; 'notgov.uk' is not)."""
    domain = email_domain(email)
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in allowed_domains)


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no '//' or backslash tricks."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


PENDING = "pending"
ACCEPTED = "accepted"
EXPIRED = "expired"


def invitation_status(expires_at: datetime, accepted_at: datetime | None, now: datetime) -> str:
    """An invitation is accepted once used; otherwise it is pending until it expires."""
    if accepted_at is not None:
        return ACCEPTED
    return PENDING if now < expires_at else EXPIRED
