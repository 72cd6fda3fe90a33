"""The outbox: notifications written in the same transaction as the change that causes them.

``queue_email`` only adds a row; ``spark deliver`` (``spark.core.notify``) sends it later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from spark.core.audit import utcnow
from spark.extensions import db

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(80))
    to: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Extra values for a GOV.UK Notify template, if the kind has its own.
    personalisation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provider_reference: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"


SUBJECT_LIMIT = 200


def short_subject(subject: str, limit: int = SUBJECT_LIMIT) -> str:
    if len(subject) <= limit:
        return subject
    cut = subject[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,:;–-")
    return f"{cut}…"


def queue_email(
    kind: str, to: str, subject: str, body: str, **personalisation: Any
) -> OutboxMessage:
    """Add an email to the outbox in the caller's transaction; no commit, no network.
    A subject longer than the column (names and titles people typed can make one) is cut at
    a word with an ellipsis: the body says it all."""
    message = OutboxMessage(
        kind=kind, to=to, subject=short_subject(subject), body=body, personalisation=personalisation
    )
    db.session.add(message)
    return message
