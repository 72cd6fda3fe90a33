"""Delivering the outbox: ``spark deliver`` sends queued emails through one backend.

A change that causes an email writes an ``OutboxMessage`` in its own transaction
(``spark.core.outbox.queue_email``); this module sends it later, so a slow or broken mail
provider never fails or slows a page, and a rolled-back change never sends an email.

Rules:

- **Sent once.** A worker claims a message with one conditional UPDATE (``pending`` and due, or
  ``sending`` with a lease that has run out) and goes on only if that UPDATE changed exactly one
  row. The claim is committed before anything is sent, so two workers - on SQLite or
  PostgreSQL - never send the same message. A message marked ``sent`` is never sent again.
- **Leases.** A worker that dies mid-send leaves its message ``sending``; after
  ``SPARK_NOTIFY_LEASE_SECONDS`` another worker may take it over. Only then can an email go out
  twice (the provider took it, but the worker died before recording that).
- **Retries.** A transient failure (connection refused, timeout, SMTP 4xx, Notify 429/5xx, bad
  credentials) puts the message back to ``pending`` with an exponential backoff; a permanent one
  (SMTP 5xx for the recipient or the content, Notify 400) or the last allowed attempt marks it
  ``failed``. Every claim counts as an attempt, so a message that kills the worker gives up too.
- **Privacy.** Bodies carry one-time links: they go to the provider and nowhere else - not to the
  log, not into ``last_error``.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from spark.core.audit import utcnow
from spark.core.mail_backends import (
    Backend,
    DeliveryError,
    Outgoing,
    backoff_delay,
    get_backend,
    short_error,
)
from spark.core.outbox import FAILED, PENDING, SENDING, SENT, OutboxMessage
from spark.extensions import db

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Delivery


@dataclass
class DeliveryResult:
    """What one pass did: messages sent, put back for a retry, and given up on."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed

    def summary(self) -> str:
        return f"Delivered {self.sent}, will retry {self.retried}, failed {self.failed}"


@dataclass(frozen=True)
class _Policy:
    max_attempts: int
    retry_seconds: float
    retry_max_seconds: float
    lease: timedelta

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> _Policy:
        return cls(
            max_attempts=max(int(config.get("SPARK_NOTIFY_MAX_ATTEMPTS", 8)), 1),
            retry_seconds=float(config.get("SPARK_NOTIFY_RETRY_SECONDS", 30)),
            retry_max_seconds=float(config.get("SPARK_NOTIFY_RETRY_MAX_SECONDS", 3600)),
            lease=timedelta(seconds=float(config.get("SPARK_NOTIFY_LEASE_SECONDS", 600))),
        )


def new_worker_id() -> str:
    """Who holds a claim: host, process and a random tag, unique per worker run."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{secrets.token_hex(4)}"


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _due_ids(now: datetime, limit: int, lease: timedelta) -> list[int]:
    """Messages that may be claimed now, oldest due first. Reading them claims nothing."""
    query = (
        select(OutboxMessage.id)
        .where(_claimable(now, lease))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    ids = list(db.session.scalars(query))
    db.session.commit()  # end the read, holding no snapshot or lock while sending
    return ids


def _claimable(now: datetime, lease: timedelta):
    return or_(
        and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - lease),
    )


def claim(message_id: int, worker: str, now: datetime, lease: timedelta) -> Outgoing | None:
    """Take one message for ``worker``, or None when another worker has it (or it is done).

    One conditional UPDATE decides: on SQLite writers queue for the database lock; on
    PostgreSQL the second UPDATE waits for the first, re-reads the row, finds it no longer
    claimable and changes nothing. The claim is committed before anything is sent.
    """
    now = _as_utc(now)
    changed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _claimable(now, lease))
        .values(
            status=SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        return None
    row = db.session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.to,
            OutboxMessage.subject,
            OutboxMessage.body,
            OutboxMessage.personalisation,
            OutboxMessage.attempts,
        ).where(OutboxMessage.id == message_id)
    ).one()
    db.session.commit()
    return Outgoing(
        id=row.id,
        kind=row.kind,
        to=row.to,
        subject=row.subject,
        body=row.body,
        personalisation=dict(row.personalisation or {}),
        attempts=row.attempts,
    )


def _finish(message: Outgoing, worker: str, **values: Any) -> None:
    """Record the outcome - only if this worker still holds the claim."""
    changed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.status == SENDING,
            OutboxMessage.claimed_by == worker,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if changed != 1:
        logger.warning(
            "Outbox message %s was taken over by another worker while this one sent it; "
            "raise SPARK_NOTIFY_LEASE_SECONDS if sends take that long",
            message.id,
        )


def _deliver_one(
    backend: Backend,
    message: Outgoing,
    worker: str,
    clock: Callable[[], datetime],
    policy: _Policy,
) -> str:
    if message.attempts > policy.max_attempts:  # taken over from a worker that died mid-send
        reason = f"Gave up after {message.attempts - 1} attempts (a worker stopped mid-send)"
        _finish(message, worker, status=FAILED, last_error=reason)
        logger.warning("Outbox message %s failed: %s", message.id, reason)
        return FAILED
    try:
        reference = backend.send(message)
    except DeliveryError as error:
        reason, permanent = error.reason, error.permanent
    except Exception as error:  # a bug or an unforeseen library error must not stop the worker
        logger.exception("Unexpected error sending outbox message %s", message.id)
        reason, permanent = short_error(f"{type(error).__name__}: {error}"), False
    else:
        _finish(
            message,
            worker,
            status=SENT,
            sent_at=clock(),
            provider_reference=reference[:200],
            last_error=None,
        )
        return SENT

    if permanent or message.attempts >= policy.max_attempts:
        _finish(message, worker, status=FAILED, last_error=reason)
        logger.warning(
            "Outbox message %s (%s) failed after %s attempt(s): %s",
            message.id,
            message.kind,
            message.attempts,
            reason,
        )
        return FAILED
    delay = backoff_delay(message.attempts, base=policy.retry_seconds, cap=policy.retry_max_seconds)
    _finish(
        message,
        worker,
        status=PENDING,
        next_attempt_at=clock() + timedelta(seconds=delay),
        claimed_by=None,
        claimed_at=None,
        last_error=reason,
    )
    logger.info(
        "Outbox message %s (%s) will be retried in %.0fs: %s",
        message.id,
        message.kind,
        delay,
        reason,
    )
    return PENDING


def deliver_due(
    now: datetime | None = None,
    limit: int = 100,
    *,
    backend: Backend | None = None,
    worker_id: str | None = None,
    stop: threading.Event | None = None,
) -> DeliveryResult:
    """One pass: claim and send up to ``limit`` due messages; say how each one ended.

    ``now`` pins the clock (tests, replays); by default each claim uses the time it is made.
    Without ``backend`` the configured one is made for this pass and closed after it. Commits
    as it goes: call it from the worker, not inside a request's unit of work.
    """
    config = current_app.config
    policy = _Policy.from_config(config)
    fixed = _as_utc(now) if now is not None else None

    def clock() -> datetime:
        return fixed or utcnow()

    own_backend = backend is None
    active = get_backend(config) if backend is None else backend
    worker = worker_id or new_worker_id()
    result = DeliveryResult()
    try:
        for message_id in _due_ids(clock(), limit, policy.lease):
            if stop is not None and stop.is_set():
                break
            message = claim(message_id, worker, clock(), policy.lease)
            if message is None:
                continue  # another worker has it
            outcome = _deliver_one(active, message, worker, clock, policy)
            if outcome == SENT:
                result.sent += 1
            elif outcome == FAILED:
                result.failed += 1
            else:
                result.retried += 1
    finally:
        if own_backend:
            active.close()
    return result


def run_worker(
    *,
    once: bool = False,
    interval: float = 5.0,
    echo: Callable[[str], Any] = print,
    limit: int = 100,
    stop: threading.Event | None = None,
) -> DeliveryResult | None:
    """``spark deliver``: poll the outbox every ``interval`` seconds until stopped.

    Checks the backend settings first (``ConfigError`` before anything is claimed). Ctrl-C or
    SIGTERM lets the message being sent finish, then stops; a second Ctrl-C interrupts.
    ``once`` runs a single pass and echoes its summary.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    backend = get_backend(app.config)
    worker = new_worker_id()
    level = logger.level
    quiet = logger.getEffectiveLevel() > logging.INFO
    app.logger  # noqa: B018 - attaches Flask's default handler to the "spark" logger if none
    if quiet:  # the log backend and retry notes are INFO: show them while the worker runs
        logger.setLevel(logging.INFO)
    try:
        if once:
            result = deliver_due(backend=backend, worker_id=worker, limit=limit)
            echo(result.summary())
            return result
        return _loop(backend, worker, interval, echo, limit, stop or threading.Event())
    finally:
        backend.close()
        logger.setLevel(level)


def _loop(
    backend: Backend,
    worker: str,
    interval: float,
    echo: Callable[[str], Any],
    limit: int,
    stop: threading.Event,
) -> None:
    restore = _stop_on_signals(stop)
    echo(
        f"Delivering notifications through the {backend.name} backend every {interval:g}s "
        f"(worker {worker}). Press Ctrl-C to stop."
    )
    try:
        while not stop.is_set():
            try:
                result = deliver_due(backend=backend, worker_id=worker, limit=limit, stop=stop)
            except SQLAlchemyError:
                logger.exception("Outbox pass failed; trying again in %gs", interval)
                db.session.rollback()
                db.session.remove()
                result = DeliveryResult()
            if result.total:
                echo(f"{utcnow():%Y-%m-%d %H:%M:%S} UTC  {result.summary()}")
            if result.total < limit:  # a full batch means more may be waiting
                stop.wait(interval)
    except KeyboardInterrupt:
        pass
    finally:
        restore()
    echo("Stopped.")


def _stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """SIGINT/SIGTERM set ``stop`` (main thread only); returns a function that undoes this."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handle(signum: int, frame: Any) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C interrupts

    for sig in previous:
        signal.signal(sig, handle)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore
