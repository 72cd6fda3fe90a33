"""The outbox worker against real servers on 127.0.0.1: an SMTP server (aiosmtpd) and a small
HTTP server speaking GOV.UK Notify's email endpoint. Nothing of ours is mocked."""

from __future__ import annotations

import json
import logging
import signal
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from sqlalchemy import func, select

from spark.cli import main as spark_cli
from spark.config import ConfigError
from spark.core.audit import utcnow
from spark.core.notify import DeliveryResult, claim, deliver_due, new_worker_id, run_worker
from spark.core.outbox import FAILED, PENDING, SENDING, SENT, OutboxMessage, queue_email
from spark.extensions import db

# ---------------------------------------------------------------------------------------------
# A real SMTP server


class Inbox:
    """aiosmtpd handler: keeps what it accepts; can refuse recipients or the first N messages."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.data_replies: list[str] = []  # replies to DATA, used up one per message
        self.refuse: dict[str, str] = {}  # recipient -> reply to RCPT

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for message in self.received]


class LocalController(Controller):
    """aiosmtpd on a port the OS picks (port=0), so parallel runs never collide."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def inbox(app) -> Iterator[Inbox]:
    handler = Inbox()
    controller = LocalController(handler, hostname="127.0.0.1", port=0, server_hostname="smtp.test")
    controller.start()
    app.config.update(
        SPARK_NOTIFY_BACKEND="smtp",
        SPARK_SMTP_HOST="127.0.0.1",
        SPARK_SMTP_PORT=controller.port,
        SPARK_SMTP_STARTTLS=False,
        SPARK_SMTP_USERNAME="",
        SPARK_SMTP_PASSWORD="",
        SPARK_MAIL_FROM="Project Spark! <noreply@spark.test.gov.uk>",
        SPARK_NOTIFY_TIMEOUT_SECONDS=5,
    )
    try:
        yield handler
    finally:
        controller.stop()


# ---------------------------------------------------------------------------------------------
# A stand-in for GOV.UK Notify's API: POST /v2/notifications/email with a signed JWT

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"spark_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())


class NotifyStub(HTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), NotifyHandler)
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict]] = []  # used up one per request, then 201


class NotifyHandler(BaseHTTPRequestHandler):
    server: NotifyStub

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        try:
            signed = (
                scheme == "Bearer"
                and get_token_issuer(token) == SERVICE_ID
                and decode_jwt_token(token, SECRET)
            )
        except Exception:
            signed = False
        self.server.requests.append({"path": self.path, "json": body, "signed": signed})
        if not signed:
            error = {"error": "AuthError", "message": "Invalid token"}
            self._reply(403, {"errors": [error], "status_code": 403})
        elif self.path != "/v2/notifications/email":
            self._reply(404, {"errors": [{"error": "NotFound"}], "status_code": 404})
        elif self.server.replies:
            self._reply(*self.server.replies.pop(0))
        else:
            notification_id = str(uuid.uuid4())
            self._reply(
                201,
                {
                    "id": notification_id,
                    "reference": body.get("reference"),
                    "content": {"subject": body["personalisation"]["subject"], "body": "..."},
                    "uri": f"http://127.0.0.1/v2/notifications/{notification_id}",
                    "template": {"id": body["template_id"], "version": 1, "uri": "..."},
                },
            )

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def notify(app) -> Iterator[NotifyStub]:
    server = NotifyStub()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    app.config.update(
        SPARK_NOTIFY_BACKEND="notify",
        SPARK_NOTIFY_API_KEY=API_KEY,
        SPARK_NOTIFY_TEMPLATE_ID=TEMPLATE_ID,
        SPARK_NOTIFY_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}",
        SPARK_NOTIFY_TIMEOUT_SECONDS=5,
    )
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---------------------------------------------------------------------------------------------
# Helpers


def queue(n: int = 1, *, to: str = "person@example.gov.uk", **extra) -> list[int]:
    messages = [
        queue_email(
            "password_reset",
            to,
            f"Reset your password ({i})",
            f"Use this link to reset your password:\nhttps://spark.test/reset/token-{i}\n",
            **extra,
        )
        for i in range(n)
    ]
    db.session.commit()
    return [message.id for message in messages]


def load(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert message is not None
    return message


def aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# The outbox is part of the caller's transaction


def test_a_rolled_back_change_sends_nothing(app):
    queue_email("invitation", "person@example.gov.uk", "You are invited", "Join us")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    [message_id] = queue()
    message = load(message_id)
    assert (message.status, message.attempts) == (PENDING, 0)


# ---------------------------------------------------------------------------------------------
# SMTP


def test_smtp_delivers_the_queued_email_once(app, inbox):
    [message_id] = queue(to="ada@example.gov.uk")

    assert deliver_due() == DeliveryResult(sent=1, retried=0, failed=0)

    [received] = inbox.received
    assert received["X-Envelope-To"] == "ada@example.gov.uk"
    assert received["To"] == "ada@example.gov.uk"
    assert received["From"] == "Project Spark! <noreply@spark.test.gov.uk>"
    assert received["Subject"] == "Reset your password (0)"
    assert received.get_content_type() == "text/plain"
    assert received.get_content().replace("\r\n", "\n") == (
        "Use this link to reset your password:\nhttps://spark.test/reset/token-0\n"
    )
    message = load(message_id)
    assert message.status == SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.provider_reference == received["Message-ID"]
    assert message.provider_reference.endswith("@spark.test.gov.uk>")
    assert message.last_error is None

    # Sent is final: later passes, even long after, never send it again.
    assert deliver_due() == DeliveryResult(0, 0, 0)
    assert deliver_due(now=utcnow() + timedelta(days=1)) == DeliveryResult(0, 0, 0)
    assert len(inbox.received) == 1


def test_smtp_temporary_failure_is_retried_after_a_backoff(app, inbox):
    inbox.data_replies = ["451 4.3.0 Try again later"]
    [message_id] = queue()

    before = utcnow()
    assert deliver_due() == DeliveryResult(sent=0, retried=1, failed=0)
    after = utcnow()

    message = load(message_id)
    assert message.status == PENDING
    assert message.attempts == 1
    assert message.claimed_by is None
    assert message.last_error == "SMTP 451: 4.3.0 Try again later"
    retry_at = aware(message.next_attempt_at)
    # 30 seconds, plus up to 10% jitter.
    assert before + timedelta(seconds=30) <= retry_at <= after + timedelta(seconds=33)
    assert inbox.received == []

    # Not before it is due...
    assert deliver_due(now=retry_at - timedelta(seconds=1)) == DeliveryResult(0, 0, 0)
    # ...then delivered.
    assert deliver_due(now=retry_at) == DeliveryResult(sent=1, retried=0, failed=0)
    assert inbox.subjects() == ["Reset your password (0)"]
    message = load(message_id)
    assert (message.status, message.attempts) == (SENT, 2)


def test_smtp_refused_recipient_fails_permanently(app, inbox):
    inbox.refuse["nobody@example.gov.uk"] = "550 5.1.1 No such user here"
    [refused] = queue(to="nobody@example.gov.uk")
    [accepted] = queue(to="somebody@example.gov.uk")

    assert deliver_due() == DeliveryResult(sent=1, retried=0, failed=1)

    message = load(refused)
    assert message.status == FAILED
    assert message.attempts == 1
    assert message.last_error.startswith("SMTP 550 recipient refused")
    assert load(accepted).status == SENT
    assert deliver_due(now=utcnow() + timedelta(days=1)) == DeliveryResult(0, 0, 0)
    assert [m["To"] for m in inbox.received] == ["somebody@example.gov.uk"]


def test_smtp_rejected_content_fails_permanently(app, inbox):
    inbox.data_replies = ["554 5.6.0 Message content rejected"]
    [message_id] = queue()

    assert deliver_due() == DeliveryResult(sent=0, retried=0, failed=1)
    assert load(message_id).last_error == "SMTP 554: 5.6.0 Message content rejected"


def test_smtp_connection_refused_is_retried(app):
    app.config.update(
        SPARK_NOTIFY_BACKEND="smtp", SPARK_SMTP_HOST="127.0.0.1", SPARK_SMTP_PORT=free_port()
    )
    [message_id] = queue()

    assert deliver_due() == DeliveryResult(sent=0, retried=1, failed=0)
    message = load(message_id)
    assert message.status == PENDING
    assert "ConnectionRefusedError" in message.last_error


def test_gives_up_after_the_last_attempt_with_growing_waits(app, inbox):
    app.config["SPARK_NOTIFY_MAX_ATTEMPTS"] = 3
    inbox.data_replies = ["421 4.7.0 Busy"] * 3
    [message_id] = queue()

    waits = []
    now = utcnow()
    for expected in (DeliveryResult(0, 1, 0), DeliveryResult(0, 1, 0), DeliveryResult(0, 0, 1)):
        assert deliver_due(now=now) == expected
        message = load(message_id)
        waits.append((aware(message.next_attempt_at) - now).total_seconds())
        now = aware(message.next_attempt_at)

    assert (message.status, message.attempts) == (FAILED, 3)
    assert message.last_error == "SMTP 421: 4.7.0 Busy"
    assert 30 <= waits[0] <= 33
    assert 60 <= waits[1] <= 66
    assert deliver_due(now=now + timedelta(days=1)) == DeliveryResult(0, 0, 0)
    assert inbox.received == []


# ---------------------------------------------------------------------------------------------
# Sent once, whatever the number of workers


def test_a_claim_is_taken_by_one_worker_only(app):
    [message_id] = queue()
    now = utcnow()
    lease = timedelta(minutes=10)

    with app.app_context():  # a second worker: its own session and connection
        first = claim(message_id, "worker-a", now, lease)
    second = claim(message_id, "worker-b", now, lease)

    assert first is not None and first.attempts == 1
    assert second is None
    message = load(message_id)
    assert (message.status, message.claimed_by) == (SENDING, "worker-a")


def test_two_workers_racing_deliver_each_email_once(app, inbox):
    """The acceptance test: every message reaches the SMTP server exactly once."""
    ids = queue(40)
    workers = 3
    barrier = threading.Barrier(workers)
    results: list[DeliveryResult] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                results.append(deliver_due(worker_id=new_worker_id()))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sum(result.sent for result in results) == 40
    assert sum(result.retried + result.failed for result in results) == 0
    subjects = inbox.subjects()
    assert len(subjects) == 40
    assert sorted(subjects) == sorted(f"Reset your password ({i})" for i in range(40))
    assert {load(i).status for i in ids} == {SENT}
    assert {load(i).attempts for i in ids} == {1}


def test_a_claim_left_by_a_crashed_worker_is_taken_over_after_the_lease(app, inbox):
    stale, fresh = queue(2)
    now = utcnow()
    for message_id, claimed_at in ((stale, now - timedelta(minutes=11)), (fresh, now)):
        message = load(message_id)
        message.status, message.claimed_by, message.claimed_at = SENDING, "gone", claimed_at
        message.attempts = 1
        db.session.commit()

    assert deliver_due(now=now) == DeliveryResult(sent=1, retried=0, failed=0)

    assert inbox.subjects() == ["Reset your password (0)"]
    assert (load(stale).status, load(stale).attempts) == (SENT, 2)
    assert (load(fresh).status, load(fresh).claimed_by) == (SENDING, "gone")


def test_a_crashed_last_attempt_is_not_tried_again(app, inbox):
    app.config["SPARK_NOTIFY_MAX_ATTEMPTS"] = 2
    [message_id] = queue()
    message = load(message_id)
    message.status, message.claimed_by, message.attempts = SENDING, "gone", 2
    message.claimed_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    assert deliver_due() == DeliveryResult(sent=0, retried=0, failed=1)
    assert load(message_id).status == FAILED
    assert "worker stopped" in load(message_id).last_error
    assert inbox.received == []


# ---------------------------------------------------------------------------------------------
# GOV.UK Notify


def test_notify_sends_through_the_generic_template(app, notify):
    [message_id] = queue(to="grace@example.gov.uk", first_name="Grace")

    assert deliver_due() == DeliveryResult(sent=1, retried=0, failed=0)

    [request] = notify.requests
    assert request["signed"]  # a JWT signed with the key's secret, issued by the service ID
    assert request["path"] == "/v2/notifications/email"
    assert request["json"] == {
        "email_address": "grace@example.gov.uk",
        "template_id": TEMPLATE_ID,
        "personalisation": {
            "subject": "Reset your password (0)",
            "body": "Use this link to reset your password:\nhttps://spark.test/reset/token-0\n",
            "first_name": "Grace",
        },
        "reference": f"outbox-{message_id}",
    }
    message = load(message_id)
    assert message.status == SENT
    assert uuid.UUID(message.provider_reference)
    assert deliver_due(now=utcnow() + timedelta(days=1)) == DeliveryResult(0, 0, 0)
    assert len(notify.requests) == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, "Exception"), (429, "RateLimitError"), (503, "Exception")],
)
def test_notify_server_errors_and_rate_limits_are_retried(app, notify, status, error):
    notify.replies = [(status, {"errors": [{"error": error, "message": "Try later"}]})]
    [message_id] = queue()

    assert deliver_due() == DeliveryResult(sent=0, retried=1, failed=0)
    message = load(message_id)
    assert message.status == PENDING
    assert message.last_error == f"Notify {status}: {error}: Try later"

    assert deliver_due(now=aware(message.next_attempt_at)) == DeliveryResult(1, 0, 0)
    assert len(notify.requests) == 2
    assert load(message_id).status == SENT


def test_notify_validation_error_fails_permanently(app, notify):
    problem = {"error": "BadRequestError", "message": "email_address Not a valid email address"}
    notify.replies = [(400, {"errors": [problem], "status_code": 400})]
    [message_id] = queue()

    assert deliver_due() == DeliveryResult(sent=0, retried=0, failed=1)
    message = load(message_id)
    assert message.status == FAILED
    assert message.last_error == (
        "Notify 400: BadRequestError: email_address Not a valid email address"
    )
    assert deliver_due(now=utcnow() + timedelta(days=1)) == DeliveryResult(0, 0, 0)


def test_notify_unreachable_is_retried(app, notify):
    app.config["SPARK_NOTIFY_BASE_URL"] = f"http://127.0.0.1:{free_port()}"
    [message_id] = queue()

    assert deliver_due() == DeliveryResult(sent=0, retried=1, failed=0)
    assert load(message_id).last_error.startswith("Notify 503")
    assert notify.requests == []


# ---------------------------------------------------------------------------------------------
# Settings


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"SPARK_NOTIFY_BACKEND": "pigeon"}, "SPARK_NOTIFY_BACKEND must be one of log, smtp"),
        ({"SPARK_NOTIFY_BACKEND": "notify", "SPARK_NOTIFY_API_KEY": ""}, "SPARK_NOTIFY_API_KEY"),
        (
            {
                "SPARK_NOTIFY_BACKEND": "notify",
                "SPARK_NOTIFY_API_KEY": "not-a-key",
                "SPARK_NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
            },
            "does not look like a GOV.UK Notify API key",
        ),
        (
            {"SPARK_NOTIFY_BACKEND": "smtp", "SPARK_SMTP_USERNAME": "spark"},
            "SPARK_SMTP_PASSWORD",
        ),
    ],
)
def test_a_backend_that_cannot_work_stops_the_worker_at_start(app, settings, complaint):
    app.config.update(settings)
    [message_id] = queue()

    with pytest.raises(ConfigError, match=complaint):
        run_worker(once=True, echo=lambda line: None)
    assert load(message_id).status == PENDING


# ---------------------------------------------------------------------------------------------
# The log backend and the `spark deliver` command


def test_log_backend_logs_the_subject_but_never_the_body(app, caplog):
    caplog.set_level(logging.INFO, logger="spark.core.notify")
    [message_id] = queue(to="ada@example.gov.uk")

    assert deliver_due() == DeliveryResult(sent=1, retried=0, failed=0)

    assert "Reset your password (0)" in caplog.text
    assert "password_reset" in caplog.text
    assert "a**@example.gov.uk" in caplog.text
    assert "ada@example.gov.uk" not in caplog.text
    assert "token-0" not in caplog.text
    assert "Use this link" not in caplog.text
    assert load(message_id).provider_reference == f"log-{message_id}"


def test_spark_deliver_once(app, inbox):
    queue(3)

    result = app.test_cli_runner().invoke(spark_cli, ["deliver", "--once"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Delivered 3, will retry 0, failed 0"
    assert len(inbox.received) == 3
    again = app.test_cli_runner().invoke(spark_cli, ["deliver", "--once"])
    assert again.output.strip() == "Delivered 0, will retry 0, failed 0"


def test_spark_deliver_refuses_an_unknown_backend(app):
    app.config["SPARK_NOTIFY_BACKEND"] = "carrier-pigeon"

    result = app.test_cli_runner().invoke(spark_cli, ["deliver", "--once"])

    # A clear message and exit code 1, not a traceback.
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert "'carrier-pigeon'" in result.output
    assert "Traceback" not in result.output


def test_the_worker_polls_until_ctrl_c(app, inbox):
    queue(2)
    lines: list[str] = []

    def echo(line: str) -> None:
        lines.append(line)
        if "Delivered" in line:
            # While the worker runs, Ctrl-C asks it to stop rather than interrupting a send.
            assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
            signal.raise_signal(signal.SIGINT)

    previous = signal.getsignal(signal.SIGINT)
    run_worker(interval=0.05, echo=echo)

    assert signal.getsignal(signal.SIGINT) is previous
    assert lines[0].startswith("Delivering notifications through the smtp backend every 0.05s")
    assert lines[1].endswith("Delivered 2, will retry 0, failed 0")
    assert lines[-1] == "Stopped."
    assert len(inbox.received) == 2


def test_the_worker_stops_between_passes_when_asked(app, inbox):
    stop = threading.Event()
    lines: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                run_worker(interval=0.02, echo=lines.append, stop=stop)
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        queue(1)
        for _ in range(250):
            if inbox.received:
                break
            threading.Event().wait(0.02)
    finally:
        stop.set()
        worker.join(timeout=10)

    assert not worker.is_alive()
    assert not errors, errors
    assert len(inbox.received) == 1
    assert lines[-1] == "Stopped."


def test_a_subject_too_long_for_its_column_is_cut_at_a_word(app):
    from spark.core.outbox import short_subject

    long = "Your project ‘" + "Plain English letters for everyone " * 8 + "’ moved to Alpha"
    message = queue_email("lab_stage_changed", "person@example.gov.uk", long, "Body")
    db.session.commit()
    assert len(message.subject) <= 200 and message.subject.endswith("…")
    assert message.subject[:-1] in long and not message.subject[:-1].endswith(" ")
    assert short_subject("Short and sweet") == "Short and sweet"
