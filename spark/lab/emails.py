"""Emails from the lab to a project's team: the one way the lab's services tell every member
of the team something (a stage change, a budget release).

Each member gets their own message, greeted by name and signed by the service, queued in the
outbox in the caller's transaction (``spark.core.outbox.queue_email``): it is sent only if the
change it tells of is committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spark.core.outbox import queue_email
from spark.lab.models import LabProject

SIGN_OFF = "Project Spark!"


def tell_the_team(
    project: LabProject,
    kind: str,
    subject: str,
    paragraphs: Sequence[str],
    **personalisation: Any,
) -> int:
    """Queue ``subject`` and ``paragraphs`` (after "Hello <name>," and before the sign-off)
    to each member of the project's team; ``personalisation`` (with each ``name``) goes with
    every message. How many were queued."""
    members = project.pitch.team.members
    for membership in members:
        person = membership.user
        queue_email(
            kind=kind,
            to=person.email,
            subject=subject,
            body="\n\n".join([f"Hello {person.name},", *paragraphs, SIGN_OFF]),
            name=person.name,
            **personalisation,
        )
    return len(members)
