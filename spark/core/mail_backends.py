"""Mail backends for the outbox worker: log, SMTP and GOV.UK Notify, and their error rules."""

from __future__ import annotations

import contextlib
import logging
import random
import secrets
import smtplib
import ssl
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any, Protocol

from spark.config import ConfigError

# The worker's logger: one name for everything `spark deliver` reports.
logger = logging.getLogger("spark.core.notify")

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
