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

import contextlib
import logging
import os
import random
import secrets
import signal
import smtplib
import socket
import ssl
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from spark.config import ConfigError
from spark.core.audit import utcnow
from spark.core.outbox import FAILED, PENDING, SENDING, SENT, OutboxMessage
from spark.extensions import db

logger = logging.getLogger(__name__)

BACKENDS = ("log", "smtp", "notify")
JITTER = 0.1  # up to 10% added to each backoff, so that a burst of failures spreads out
ERROR_LIMIT = 300  # characters of last_error kept


# ---------------------------------------------------------------------------------------------
# Pure helpers


def backoff_delay(
    attempt: int,
    *,
    base: float = 30.0,
    cap: float = 3600.0,
    jitter: float = JITTER,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, 3...).

    ``base * 2 ** (attempt - 1)``: 30s, 1m, 2m, 4m... plus up to ``jitter`` of that at random,
    never more than ``cap``.
    """
    exponent = min(max(attempt, 1) - 1, 32)
    delay = min(cap, base * 2**exponent)
    return min(cap, delay * (1 + jitter * rand()))


def mask_email(address: str) -> str:
    """``person@example.gov.uk`` -> ``p*****@example.gov.uk``: enough to trace, not to harvest."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{domain}"


def short_error(text: str, limit: int = ERROR_LIMIT) -> str:
    """One line, at most ``limit`` characters: fit for ``last_error`` and the log."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Backends


@dataclass(frozen=True)
class Outgoing:
    """A claimed message, detached from the session while it is sent."""

    id: int
    kind: str
    to: str
    subject: str
    body: str
    personalisation: dict[str, Any]
    attempts: int


class DeliveryError(Exception):
    """A send failed. ``permanent``: retrying cannot help (the recipient or content is refused)."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = short_error(reason)
        self.permanent = permanent


class Backend(Protocol):
    name: str

    def send(self, message: Outgoing) -> str:
        """Send one email; return the provider's reference, or raise ``DeliveryError``."""
        ...

    def close(self) -> None: ...


class LogBackend:
    """Development: write each email to the app log - kind, masked address, subject; no body."""

    name = "log"

    def send(self, message: Outgoing) -> str:
        reference = f"log-{message.id}"
        logger.info(
            "Email %s (%s) to %s: %r",
            reference,
            message.kind,
            mask_email(message.to),
            message.subject,
        )
        return reference

    def close(self) -> None:
        pass


class SmtpBackend:
    """Plain-text email through an SMTP relay (smtplib), one connection per message."""

    name = "smtp"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        if not host:
            raise ConfigError("SPARK_SMTP_HOST must be set for the smtp backend")
        if bool(username) != bool(password):
            raise ConfigError("Set both SPARK_SMTP_USERNAME and SPARK_SMTP_PASSWORD, or neither")
        _, address = parseaddr(sender)
        if "@" not in address:
            raise ConfigError("SPARK_MAIL_FROM must be an email address, like 'Name <a@b.gov.uk>'")
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout
        self.domain = address.rpartition("@")[2]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpBackend:
        return cls(
            host=config.get("SPARK_SMTP_HOST", ""),
            port=int(config.get("SPARK_SMTP_PORT", 25)),
            sender=config.get("SPARK_MAIL_FROM", ""),
            username=config.get("SPARK_SMTP_USERNAME", ""),
            password=config.get("SPARK_SMTP_PASSWORD", ""),
            starttls=bool(config.get("SPARK_SMTP_STARTTLS", False)),
            timeout=float(config.get("SPARK_NOTIFY_TIMEOUT_SECONDS", 10)),
        )

    def build(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(usegmt=True)
        # Short enough not to be folded: "outbox-<id>.<random>@<our domain>".
        email["Message-ID"] = f"<outbox-{message.id}.{secrets.token_hex(6)}@{self.domain}>"
        email["Auto-Submitted"] = "auto-generated"
        email.set_content(message.body)
        return email

    def send(self, message: Outgoing) -> str:
        email = self.build(message)
        try:
            with self._connection() as smtp:
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise DeliveryError(
                f"SMTP {code} recipient refused: {_text(text)}", permanent=code >= 500
            ) from error
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused) as error:
            # Our settings are wrong, not this message: keep it until someone fixes them.
            raise DeliveryError(f"SMTP {error.smtp_code}: {_text(error.smtp_error)}") from error
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(
                f"SMTP {error.smtp_code}: {_text(error.smtp_error)}",
                permanent=500 <= error.smtp_code < 600,
            ) from error
        except (smtplib.SMTPException, OSError) as error:  # refused, timed out, TLS, dropped
            raise DeliveryError(f"SMTP {type(error).__name__}: {error}") from error
        return str(email["Message-ID"])

    @contextlib.contextmanager
    def _connection(self) -> Iterator[smtplib.SMTP]:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            yield smtp
        finally:
            # The message is already accepted (or not): a failed QUIT changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            smtp.close()

    def close(self) -> None:
        pass


class NotifyBackend:
    """GOV.UK Notify through one generic template: ``((subject))`` and ``((body))``."""

    name = "notify"

    def __init__(
        self, *, api_key: str, template_id: str, base_url: str, timeout: float = 10.0
    ) -> None:
        if not api_key or not template_id:
            raise ConfigError(
                "SPARK_NOTIFY_API_KEY and SPARK_NOTIFY_TEMPLATE_ID must be set for the notify "
                "backend"
            )
        try:
            uuid.UUID(api_key[-73:-37])
            uuid.UUID(api_key[-36:])
        except ValueError:
            raise ConfigError(
                "SPARK_NOTIFY_API_KEY does not look like a GOV.UK Notify API key "
                "(key name, service ID and secret, joined by '-')"
            ) from None
        try:
            uuid.UUID(template_id)
        except ValueError:
            raise ConfigError("SPARK_NOTIFY_TEMPLATE_ID must be a Notify template ID") from None
        from notifications_python_client.notifications import NotificationsAPIClient

        self.template_id = template_id
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> NotifyBackend:
        return cls(
            api_key=config.get("SPARK_NOTIFY_API_KEY", ""),
            template_id=config.get("SPARK_NOTIFY_TEMPLATE_ID", ""),
            base_url=config.get(
                "SPARK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
            ),
            timeout=float(config.get("SPARK_NOTIFY_TIMEOUT_SECONDS", 10)),
        )

    def send(self, message: Outgoing) -> str:
        from notifications_python_client.errors import APIError

        try:
            response = self.client.send_email_notification(
                email_address=message.to,
                template_id=self.template_id,
                personalisation={
                    "subject": message.subject,
                    "body": message.body,
                    **message.personalisation,
                },
                reference=f"outbox-{message.id}",
            )
        except APIError as error:
            # The client reports a refused connection or a timeout as 503.
            status = error.status_code
            permanent = 400 <= status < 500 and status not in (403, 408, 429)
            raise DeliveryError(
                f"Notify {status}: {_notify_reason(error.message)}", permanent=permanent
            ) from error
        reference = response.get("id") if isinstance(response, dict) else None
        if not reference:
            raise DeliveryError("Notify: the response had no notification id")
        return str(reference)

    def close(self) -> None:
        self.client.request_session.close()


def get_backend(config: Mapping[str, Any]) -> Backend:
    """The backend named by SPARK_NOTIFY_BACKEND; ``ConfigError`` if it cannot work."""
    name = str(config.get("SPARK_NOTIFY_BACKEND") or "log").strip().lower()
    if name == "log":
        return LogBackend()
    if name == "smtp":
        return SmtpBackend.from_config(config)
    if name == "notify":
        return NotifyBackend.from_config(config)
    raise ConfigError(
        f"SPARK_NOTIFY_BACKEND must be one of {', '.join(BACKENDS)} "
        f"(it is {config.get('SPARK_NOTIFY_BACKEND')!r})"
    )


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _notify_reason(message: Any) -> str:
    if isinstance(message, list):  # [{"error": "BadRequestError", "message": "..."}]
        return "; ".join(
            f"{item.get('error', '')}: {item.get('message', '')}"
            if isinstance(item, dict)
            else str(item)
            for item in message
        )
    return str(message)


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
