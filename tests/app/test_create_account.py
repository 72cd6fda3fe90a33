"""Create an account: open to allowed email domains, GOV.UK errors, signed in on success."""

from __future__ import annotations

import logging

import pytest

from spark.accounts.models import User
from spark.extensions import db
from tests.factories import (
    audit_events,
    make_user,
    outbox_messages,
    sign_in,
    stored_text,
)
from tests.htmlcheck import page_title

NEW_PASSWORD = "amber-lantern-orchard-42"


def details(**overrides) -> dict:
    data = {
        "email": "Mary.Seacole@DHSC.gov.uk",
        "name": "Mary Seacole",
        "department": "Department of Health and Social Care",
        "password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def users() -> list[User]:
    return list(db.session.scalars(db.select(User)))


def test_create_account_page(client):
    response = client.get("/create-account")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Create an account – Project Spark!"
    # The "choose" option comes first and is not a department.
    assert body.index("Choose your department") < body.index("Cabinet Office")
    assert 'type="password"' in body
    assert 'autocomplete="new-password"' in body


def test_create_account_signs_in_and_audits(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post("/create-account", data=details())
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    [user] = users()
    assert user.email == "mary.seacole@dhsc.gov.uk"
    assert user.name == "Mary Seacole"
    assert user.department == "Department of Health and Social Care"
    assert user.role_names == []
    assert NEW_PASSWORD not in user.password_hash

    home = client.get("/").get_data(as_text=True)
    assert "Your account has been created" in home
    assert "Your Project Spark!" in home  # signed in: the dashboard

    [event] = audit_events("account.created")
    assert event.target_id == str(user.id)
    assert event.actor_id == user.id
    assert event.after["via"] == "email domain"
    assert NEW_PASSWORD not in stored_text()
    assert NEW_PASSWORD not in caplog.text


def test_the_new_account_can_sign_in_again(client, app):
    client.post("/create-account", data=details())
    client.get("/sign-out")
    other = app.test_client()
    sign_in(other, users()[0], NEW_PASSWORD)


def test_empty_form_shows_every_error(client):
    response = client.post("/create-account", data={})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Create an account – Project Spark!"
    assert "There is a problem" in body
    for message, anchor in [
        ("Enter your email address", "#email"),
        ("Enter your full name", "#name"),
        ("Select your department", "#department"),
        ("Enter a password", "#password"),
        ("Confirm your password", "#confirm_password"),
    ]:
        assert message in body
        assert f'href="{anchor}"' in body
    assert users() == []


@pytest.mark.parametrize("email", ["mary", "mary@", "mary seacole@dhsc.gov.uk", "@gov.uk"])
def test_email_in_the_wrong_format(client, email):
    response = client.post("/create-account", data=details(email=email))
    assert response.status_code == 400
    assert (
        "Enter an email address in the correct format, like name@example.gov.uk"
        in response.get_data(as_text=True)
    )


@pytest.mark.parametrize("email", ["mary@gmail.com", "mary@notgov.uk", "mary@gov.uk.evil.com"])
def test_domain_not_allowed(client, email):
    response = client.post("/create-account", data=details(email=email))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "You can only create an account with a government email address. "
        "Ask an organiser to invite you" in body
    )
    assert users() == []


def test_allowed_domains_come_from_config(client, app):
    app.config["SPARK_ALLOWED_EMAIL_DOMAINS"] = ["nhs.net"]
    assert client.post("/create-account", data=details()).status_code == 400
    response = client.post("/create-account", data=details(email="mary@trust.nhs.net"))
    assert response.status_code == 302


def test_duplicate_email_whatever_its_case(client):
    make_user(email="mary.seacole@dhsc.gov.uk")
    response = client.post("/create-account", data=details(email="MARY.SEACOLE@dhsc.gov.uk"))
    assert response.status_code == 400
    assert "An account already exists with this email address" in response.get_data(as_text=True)
    assert len(users()) == 1


def test_department_must_be_chosen_from_the_list(client):
    for department in ["", "Ministry of Magic"]:
        response = client.post("/create-account", data=details(department=department))
        assert response.status_code == 400
        assert "Select your department" in response.get_data(as_text=True)
    assert users() == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "Password must be 12 characters or more"),
        ("password1234", "Password is too easy to guess"),
        ("seacole-is-brilliant", "Password must not contain your name"),
    ],
)
def test_password_policy(client, password, message):
    response = client.post(
        "/create-account", data=details(password=password, confirm_password=password)
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert users() == []


def test_passwords_do_not_match(client):
    response = client.post("/create-account", data=details(confirm_password=NEW_PASSWORD + "x"))
    assert response.status_code == 400
    assert "Passwords do not match" in response.get_data(as_text=True)


def test_what_was_typed_is_kept_except_passwords(client):
    response = client.post("/create-account", data=details(confirm_password="something-else-1"))
    body = response.get_data(as_text=True)
    assert 'value="Mary.Seacole@DHSC.gov.uk"' in body
    assert 'value="Mary Seacole"' in body
    assert '<option value="Department of Health and Social Care" selected>' in body
    assert NEW_PASSWORD not in body
    assert "something-else-1" not in body


def test_signed_in_people_go_home(client):
    sign_in(client, make_user())
    response = client.get("/create-account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_no_email_is_sent(client):
    client.post("/create-account", data=details())
    assert outbox_messages() == []


def test_failed_attempts_are_rate_limited(client):
    statuses = [
        client.post("/create-account", data=details(email=f"p{n}@gmail.com")).status_code
        for n in range(21)
    ]
    assert statuses == [400] * 20 + [429]
