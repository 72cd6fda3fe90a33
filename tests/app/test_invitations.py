"""Organisers invite people with any email address; an invitation link works once, for 7 days."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from spark.accounts import tokens
from spark.accounts.models import Invitation, User
from spark.core.audit import utcnow
from spark.extensions import db
from tests.factories import (
    audit_events,
    invitation_path,
    make_invitation,
    make_user,
    outbox_messages,
    sign_in,
    stored_text,
)
from tests.htmlcheck import page_title

NEW_PASSWORD = "amber-lantern-orchard-42"
EXPIRED = "This link has expired or has already been used"


def account_details(**overrides) -> dict:
    data = {
        "name": "Pat Partner",
        "department": "Other public sector organisation",
        "password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


# Sending invitations -------------------------------------------------------------------------


def test_invitations_page(client, organiser):
    response = client.get("/admin/invitations")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Invite someone – Project Spark!"
    assert "No invitations have been sent yet" in body


def test_invite_anyone_queues_an_email_and_audits(client, organiser):
    response = client.post("/admin/invitations", data={"email": " Pat@Partner.example.org "})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/invitations"

    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.email == "pat@partner.example.org"
    assert invitation.invited_by_id == organiser.id
    assert invitation.accepted_at is None
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=7) - timedelta(seconds=5) < lifetime <= timedelta(days=7)

    [message] = outbox_messages("invitation")
    assert message.to == "pat@partner.example.org"
    assert "Olive Organiser has invited you" in message.body
    link = message.personalisation["link"]
    assert link.startswith("http://127.0.0.1:5000/create-account/invitation/")
    assert link in message.body
    assert tokens.read_invitation_token(link.rsplit("/", 1)[1]) == invitation.id

    [event] = audit_events("invitation.created")
    assert event.actor_id == organiser.id
    assert event.target_id == str(invitation.id)
    assert event.after["email"] == "pat@partner.example.org"

    page = client.get("/admin/invitations").get_data(as_text=True)
    assert "Invitation sent to pat@partner.example.org" in page
    assert "Waiting" in page


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter an email address"),
        ("pat-at-partner", "Enter an email address in the correct format"),
    ],
)
def test_invitation_errors(client, organiser, email, message):
    response = client.post("/admin/invitations", data={"email": email})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in body
    assert page_title(body) == "Error: Invite someone – Project Spark!"
    assert outbox_messages() == []


def test_cannot_invite_someone_who_has_an_account(client, organiser):
    make_user(email="grace@example.gov.uk")
    response = client.post("/admin/invitations", data={"email": "GRACE@example.gov.uk"})
    assert response.status_code == 400
    assert "An account already exists with this email address" in response.get_data(as_text=True)
    assert outbox_messages() == []
    assert audit_events("invitation.created") == []


def test_list_shows_each_status(client, organiser):
    make_invitation(organiser, "waiting@example.org")
    expired = make_invitation(organiser, "expired@example.org")
    expired.expires_at = utcnow() - timedelta(minutes=1)
    accepted = make_invitation(organiser, "accepted@example.org")
    accepted.accepted_at = utcnow()
    db.session.commit()
    body = client.get("/admin/invitations").get_data(as_text=True)
    for text in ("Waiting", "Expired", "Accepted", "Olive Organiser", "expired@example.org"):
        assert text in body


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_only_organisers_invite(client, roles):
    sign_in(client, make_user(roles=roles))
    assert client.get("/admin/invitations").status_code == 403
    assert client.post("/admin/invitations", data={"email": "x@example.org"}).status_code == 403
    assert outbox_messages() == []


def test_signed_out_goes_to_sign_in(client):
    response = client.post("/admin/invitations", data={"email": "x@example.org"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


# Accepting invitations -----------------------------------------------------------------------


def test_invitation_link_shows_the_fixed_address(app, organiser):
    invitation = make_invitation(organiser, "pat@partner.example.org")
    visitor = app.test_client()
    response = visitor.get(invitation_path(invitation))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "pat@partner.example.org" in body
    assert 'name="email"' not in body


def test_accepting_creates_the_account_outside_the_allowed_domains(app, organiser, caplog):
    caplog.set_level(logging.DEBUG)
    invitation = make_invitation(organiser, "pat@partner.example.org")
    visitor = app.test_client()
    # An email field sent anyway is ignored: the invitation decides the address.
    data = account_details(email="someone-else@example.gov.uk")
    response = visitor.post(invitation_path(invitation), data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    user = db.session.scalar(db.select(User).where(User.email == "pat@partner.example.org"))
    assert user is not None
    assert user.name == "Pat Partner"
    assert db.session.scalar(db.select(User).where(User.email.startswith("someone-else"))) is None
    db.session.refresh(invitation)
    assert invitation.accepted_at is not None

    [created] = audit_events("account.created")[-1:]
    assert created.target_id == str(user.id)
    assert created.after["via"] == "invitation"
    [accepted] = audit_events("invitation.accepted")
    assert accepted.actor_id == user.id
    assert accepted.target_id == str(invitation.id)

    assert "Your account has been created" in visitor.get("/").get_data(as_text=True)
    assert NEW_PASSWORD not in stored_text()
    assert NEW_PASSWORD not in caplog.text


def test_an_invitation_works_once(app, organiser):
    invitation = make_invitation(organiser)
    path = invitation_path(invitation)
    first = app.test_client()
    assert first.post(path, data=account_details()).status_code == 302
    second = app.test_client()
    for response in (second.get(path), second.post(path, data=account_details())):
        assert response.status_code == 400
        assert EXPIRED in response.get_data(as_text=True)


def test_an_expired_invitation_is_refused(app, organiser):
    invitation = make_invitation(organiser)
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = app.test_client().get(invitation_path(invitation))
    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)


def test_an_invitation_for_an_address_that_now_has_an_account_is_refused(app, organiser):
    invitation = make_invitation(organiser, "late@example.gov.uk")
    make_user(email="late@example.gov.uk")
    assert app.test_client().get(invitation_path(invitation)).status_code == 400


@pytest.mark.parametrize("token", ["no-such-thing", "eyJpbnZpdGF0aW9uIjoxfQ.x.y"])
def test_made_up_links_are_refused(client, token):
    assert client.get(f"/create-account/invitation/{token}").status_code == 400


@pytest.mark.parametrize("invitation_id", [2**63, 10**30, True, 0, -1])
def test_a_signed_link_with_an_impossible_invitation_is_refused(app, organiser, invitation_id):
    # Only the app can sign one, but a number past the database's BIGINT was a 500 and True
    # read as invitation 1.
    make_invitation(organiser)
    token = tokens._serializer(tokens.INVITATION_SALT).dumps({"invitation": invitation_id})
    response = app.test_client().get(f"/create-account/invitation/{token}")
    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)


def test_a_password_reset_token_is_not_an_invitation(app, organiser):
    invitation = make_invitation(organiser)
    token = tokens.make_password_reset_token(invitation.id, 1)
    assert app.test_client().get(f"/create-account/invitation/{token}").status_code == 400


def test_errors_keep_the_invitation(app, organiser):
    invitation = make_invitation(organiser, "patricia@partner.example.org")
    visitor = app.test_client()
    response = visitor.post(
        invitation_path(invitation),
        data=account_details(name="", password="patricia-rocks-123", confirm_password="x"),
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "patricia@partner.example.org" in body
    assert "Enter your full name" in body
    # The invited address counts as personal information for the password policy.
    assert "Password must not contain your name" in body
    assert "Passwords do not match" in body
    assert db.session.scalar(db.select(Invitation)).accepted_at is None
