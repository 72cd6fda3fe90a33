"""Forgotten passwords: the same answer for every address, a signed link that expires, works
once and signs out every other session."""

from __future__ import annotations

import logging
import re
import time

import itsdangerous.timed
import pytest

from spark.accounts import tokens
from spark.extensions import db
from tests.factories import (
    PASSWORD,
    audit_events,
    make_user,
    outbox_messages,
    sign_in,
    stored_text,
)

NEW_PASSWORD = "granite-meadow-lantern-8"
EXPIRED = "This link has expired or has already been used"


def reset_path(message) -> str:
    link = re.search(r"http://127\.0\.0\.1:5000(/reset-password/\S+)", message.body)
    assert link, message.body
    return link.group(1)


def ask_for_link(client, email: str):
    return client.post("/forgot-password", data={"email": email})


def new_password(password: str = NEW_PASSWORD, confirm: str | None = None) -> dict:
    return {"password": password, "confirm_password": password if confirm is None else confirm}


def test_forgot_password_page(client):
    response = client.get("/forgot-password")
    assert response.status_code == 200
    assert "Reset your password" in response.get_data(as_text=True)


def test_sign_in_page_links_here(client):
    assert 'href="/forgot-password"' in client.get("/sign-in").get_data(as_text=True)


def test_known_address_gets_an_email_with_an_absolute_link(client):
    user = make_user(email="ada@example.gov.uk", name="Ada Lovelace")
    response = ask_for_link(client, " ADA@example.gov.uk ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/forgot-password/check-your-email"

    [message] = outbox_messages("password_reset")
    assert message.to == "ada@example.gov.uk"
    assert message.subject == "Reset your Project Spark! password"
    assert "Ada Lovelace" in message.body
    assert "expires in 1 hour" in message.body
    assert message.personalisation["link"].startswith("http://127.0.0.1:5000/reset-password/")
    assert tokens.read_password_reset_token(reset_path(message).rsplit("/", 1)[1]) == (
        user.id,
        user.session_version,
    )


def test_unknown_and_known_addresses_get_the_same_page(client):
    make_user(email="ada@example.gov.uk")
    pages = []
    for email in ["ada@example.gov.uk", "nobody@example.gov.uk"]:
        response = ask_for_link(client, email)
        assert response.headers["Location"] == "/forgot-password/check-your-email"
        page = client.get(response.headers["Location"])
        assert page.status_code == 200
        # Only the address typed and the per-response CSP nonce differ.
        html = page.get_data(as_text=True).replace(email, "EMAIL")
        pages.append(re.sub(r'nonce="[^"]+"', "", html))
    assert pages[0] == pages[1]
    assert "Check your email" in pages[0]
    assert len(outbox_messages()) == 1


def test_no_email_for_a_deactivated_account(client):
    make_user(email="gone@example.gov.uk", active=False)
    assert ask_for_link(client, "gone@example.gov.uk").status_code == 302
    assert outbox_messages() == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not-an-email", "Enter an email address in the correct format"),
    ],
)
def test_email_errors(client, email, message):
    response = ask_for_link(client, email)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in body
    assert body.count("Error:") >= 1


def test_requests_for_one_address_are_rate_limited(client):
    make_user(email="ada@example.gov.uk")
    statuses = [ask_for_link(client, "ada@example.gov.uk").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(outbox_messages()) == 5
    # Another address is not held up.
    assert ask_for_link(client, "grace@example.gov.uk").status_code == 302


def test_reset_password_end_to_end(client, app, caplog):
    caplog.set_level(logging.DEBUG)
    user = make_user(email="ada@example.gov.uk")
    ask_for_link(client, user.email)
    path = reset_path(outbox_messages("password_reset")[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Choose a new password" in page.get_data(as_text=True)

    response = client.post(path, data=new_password())
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    assert "Your password has been changed" in client.get("/sign-in").get_data(as_text=True)

    fresh = app.test_client()
    assert (
        fresh.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 400
    )
    sign_in(fresh, user, NEW_PASSWORD)

    [event] = audit_events("account.password_reset")
    assert event.target_id == str(user.id)
    assert event.after == {"session_version": 2}
    for secret in (NEW_PASSWORD, PASSWORD):
        assert secret not in stored_text()
        assert secret not in caplog.text


def test_a_link_works_once(client):
    user = make_user()
    ask_for_link(client, user.email)
    path = reset_path(outbox_messages()[0])
    assert client.post(path, data=new_password()).status_code == 302

    again = client.get(path)
    body = again.get_data(as_text=True)
    assert again.status_code == 400
    assert EXPIRED in body
    assert 'href="/forgot-password"' in body
    assert client.post(path, data=new_password("another-good-password-9")).status_code == 400


def test_every_link_stops_working_once_the_password_changes(client):
    user = make_user()
    ask_for_link(client, user.email)
    ask_for_link(client, user.email)
    first, second = (reset_path(m) for m in outbox_messages())
    assert client.post(second, data=new_password()).status_code == 302
    assert client.get(first).status_code == 400


def test_other_sessions_are_signed_out(app, client):
    user = make_user(name="Ada Lovelace")
    elsewhere = app.test_client()
    sign_in(elsewhere, user)
    assert "Your Project Spark!" in elsewhere.get("/").get_data(as_text=True)

    ask_for_link(client, user.email)
    client.post(reset_path(outbox_messages()[0]), data=new_password())

    home = elsewhere.get("/").get_data(as_text=True)
    assert "Your Project Spark!" not in home
    assert elsewhere.get("/admin/users").headers["Location"].startswith("/sign-in")


def test_resetting_while_signed_in_signs_you_out(client):
    user = make_user()
    sign_in(client, user)
    ask_for_link(client, user.email)
    client.post(reset_path(outbox_messages()[0]), data=new_password())
    assert "Your Project Spark!" not in client.get("/").get_data(as_text=True)


def test_an_expired_link_is_refused(client, monkeypatch):
    user = make_user()
    ask_for_link(client, user.email)
    path = reset_path(outbox_messages()[0])

    class OneHourLater:
        @staticmethod
        def time() -> float:
            return time.time() + 3601

    monkeypatch.setattr(itsdangerous.timed, "time", OneHourLater)
    response = client.get(path)
    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)


def test_lifetime_comes_from_config(client, app):
    user = make_user()
    app.config["SPARK_PASSWORD_RESET_MAX_AGE"] = 30 * 60
    ask_for_link(client, user.email)
    message = outbox_messages()[0]
    assert "expires in 30 minutes" in message.body
    assert client.get(reset_path(message)).status_code == 200
    app.config["SPARK_PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(reset_path(message)).status_code == 400


@pytest.mark.parametrize(
    "token",
    ["no-such-thing", "eyJ1c2VyIjoxfQ.abc.def", ""],
)
def test_made_up_links_are_refused(client, token):
    response = client.get(f"/reset-password/{token}")
    assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "payload",
    [
        {"user": 2**63, "version": 0},
        {"user": 10**30, "version": 1},
        {"user": True, "version": True},
    ],
)
def test_a_signed_link_with_an_impossible_account_is_refused(client, payload):
    # Only the app can sign one, but a number past the database's BIGINT was a 500 and True
    # read as account 1.
    make_user()
    token = tokens._serializer(tokens.PASSWORD_RESET_SALT).dumps(payload)
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)


def test_a_link_for_another_purpose_is_refused(client):
    user = make_user()
    invitation_token = tokens.make_invitation_token(user.id)
    assert client.get(f"/reset-password/{invitation_token}").status_code == 400


def test_a_deactivated_account_cannot_use_its_link(client):
    user = make_user()
    ask_for_link(client, user.email)
    user.active = False
    db.session.commit()
    assert client.get(reset_path(outbox_messages()[0])).status_code == 400


def test_new_password_errors(client):
    user = make_user(name="Ada Lovelace")
    ask_for_link(client, user.email)
    path = reset_path(outbox_messages()[0])
    for data, message in [
        ({}, "Enter a password"),
        (new_password("short"), "Password must be 12 characters or more"),
        (new_password("password1234"), "Password is too easy to guess"),
        (new_password("lovelace-forever"), "Password must not contain your name"),
        (new_password(NEW_PASSWORD, "something-else-1"), "Passwords do not match"),
    ]:
        response = client.post(path, data=data)
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert message in body
        assert "Error: Choose a new password" in body
    assert audit_events("account.password_reset") == []
    # The link still works after mistakes.
    assert client.post(path, data=new_password()).status_code == 302
