"""Organisers list users, grant and remove roles, and deactivate accounts - all audited."""

from __future__ import annotations

import pytest

from spark.accounts import admin_service
from spark.extensions import db
from tests.factories import (
    PASSWORD,
    audit_events,
    make_user,
    sign_in,
)
from tests.htmlcheck import page_title


@pytest.fixture
def organiser(client):
    person = make_user(name="Olive Organiser", email="olive@example.gov.uk", roles=("organiser",))
    sign_in(client, person)
    return person


def roles_of(user) -> list[str]:
    db.session.refresh(user)
    return user.role_names


# The list ------------------------------------------------------------------------------------


def test_users_table(client, organiser):
    make_user(
        name="Grace Hopper",
        email="grace@example.gov.uk",
        department="Ministry of Defence",
        roles=("lab",),
    )
    make_user(name="Ada Lovelace", active=False)
    response = client.get("/admin/users")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Users – Project Spark!"
    assert "govuk-table" in body
    for text in (
        "Grace Hopper",
        "grace@example.gov.uk",
        "Ministry of Defence",
        "Innovation lab",
        "Organiser",
        "Active",
        "Deactivated",
        "3 people",
    ):
        assert text in body
    # A to Z by name.
    assert body.index("Ada Lovelace") < body.index("Grace Hopper") < body.index("Olive Organiser")
    assert "govuk-tag" in body


def test_search_by_name_or_email(client, organiser):
    make_user(name="Grace Hopper", email="grace@example.gov.uk")
    make_user(name="Ada Lovelace", email="ada@example.gov.uk")
    body = client.get("/admin/users?q=HOPPER").get_data(as_text=True)
    assert "Grace Hopper" in body
    assert "Ada Lovelace" not in body
    assert "Ada Lovelace" in client.get("/admin/users?q=ada@").get_data(as_text=True)
    nobody = client.get("/admin/users?q=%25").get_data(as_text=True)  # % is not a wildcard
    assert "No one matches" in nobody


def test_pages_of_users(client, organiser, monkeypatch):
    monkeypatch.setattr(admin_service, "PER_PAGE", 2)
    for name in ("Bea", "Cat", "Dee", "Eve"):
        make_user(name=name)
    first = client.get("/admin/users").get_data(as_text=True)
    assert "govuk-pagination" in first
    assert "Bea" in first and "Dee" not in first
    third = client.get("/admin/users?page=3").get_data(as_text=True)
    assert "Olive Organiser" in third
    assert client.get("/admin/users?page=nonsense").status_code == 200
    assert client.get("/admin/users?page=99").status_code == 200


@pytest.mark.parametrize("page", ["²", "١٢٣", str(2**63), "9" * 40, "-1", "0", " 2 "])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/invitations"])
def test_an_odd_page_number_shows_the_first_page(client, organiser, path, page):
    # "²" is a digit to str.isdigit but not to int() (a 500); 2**63 overflowed PostgreSQL's
    # OFFSET (a 500 there).
    response = client.get(path, query_string={"page": page})
    assert response.status_code == 200


def test_organisers_see_the_users_section(client, organiser):
    body = client.get("/").get_data(as_text=True)
    assert 'href="/admin/users"' in body


# One user: roles -----------------------------------------------------------------------------


def test_user_page(client, organiser):
    grace = make_user(name="Grace Hopper", email="grace@example.gov.uk", roles=("lab",))
    response = client.get(f"/admin/users/{grace.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Grace Hopper – Project Spark!"
    assert "govuk-summary-list" in body
    assert "grace@example.gov.uk" in body
    assert 'value="lab" checked' in body
    assert 'value="organiser" checked' not in body
    assert "Deactivate account" in body


def test_missing_user_is_404(client, organiser):
    assert client.get("/admin/users/999999").status_code == 404


def test_grant_roles(client, organiser):
    grace = make_user(name="Grace Hopper")
    response = client.post(f"/admin/users/{grace.id}", data={"roles": ["organiser", "lab"]})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{grace.id}"
    assert "Roles updated for Grace Hopper" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert roles_of(grace) == ["lab", "organiser"]

    events = audit_events("role.granted")
    assert [(e.before, e.after) for e in events] == [
        ({"roles": []}, {"roles": ["lab"]}),
        ({"roles": ["lab"]}, {"roles": ["lab", "organiser"]}),
    ]
    assert {e.actor_id for e in events} == {organiser.id}
    assert {e.target_id for e in events} == {str(grace.id)}


def test_remove_roles(client, organiser):
    grace = make_user(roles=("organiser", "lab"))
    assert client.post(f"/admin/users/{grace.id}", data={"roles": ["lab"]}).status_code == 302
    assert roles_of(grace) == ["lab"]
    [event] = audit_events("role.removed")
    assert event.before == {"roles": ["lab", "organiser"]}
    assert event.after == {"roles": ["lab"]}

    assert client.post(f"/admin/users/{grace.id}", data={}).status_code == 302
    assert roles_of(grace) == []
    assert len(audit_events("role.removed")) == 2


def test_removed_role_takes_effect_at_once(app, client, organiser):
    grace = make_user(roles=("organiser",))
    theirs = app.test_client()
    sign_in(theirs, grace)
    assert theirs.get("/admin/users").status_code == 200
    client.post(f"/admin/users/{grace.id}", data={})
    assert theirs.get("/admin/users").status_code == 403


def test_no_change_records_nothing(client, organiser):
    grace = make_user(roles=("lab",))
    client.post(f"/admin/users/{grace.id}", data={"roles": ["lab"]})
    assert audit_events("role.granted") == audit_events("role.removed") == []


def test_organiser_cannot_remove_their_own_organiser_role(client, organiser):
    response = client.post(f"/admin/users/{organiser.id}", data={"roles": ["lab"]})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You cannot remove your own organiser role" in body
    assert page_title(body) == "Error: Olive Organiser – Project Spark!"
    assert 'href="#roles"' in body
    assert roles_of(organiser) == ["organiser"]
    assert audit_events("role.granted") == audit_events("role.removed") == []


def test_organiser_can_give_themselves_another_role(client, organiser):
    response = client.post(f"/admin/users/{organiser.id}", data={"roles": ["organiser", "lab"]})
    assert response.status_code == 302
    assert roles_of(organiser) == ["lab", "organiser"]


def test_unknown_role_is_refused(client, organiser):
    grace = make_user()
    response = client.post(f"/admin/users/{grace.id}", data={"roles": ["dragon"]})
    assert response.status_code == 400
    assert "Select a role from the list" in response.get_data(as_text=True)
    assert roles_of(grace) == []


# One user: deactivate and reactivate ---------------------------------------------------------


def test_deactivate_and_reactivate(app, client, organiser):
    grace = make_user(name="Grace Hopper")
    theirs = app.test_client()
    sign_in(theirs, grace)

    response = client.post(f"/admin/users/{grace.id}/deactivate")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Grace Hopper’s account has been deactivated" in page
    assert "Reactivate account" in page
    db.session.refresh(grace)
    assert grace.active is False
    # Signed out straight away, and cannot sign in.
    assert "Your Project Spark!" not in theirs.get("/").get_data(as_text=True)
    refused = theirs.post("/sign-in", data={"email": grace.email, "password": PASSWORD})
    assert refused.status_code == 400

    client.post(f"/admin/users/{grace.id}/reactivate")
    db.session.refresh(grace)
    assert grace.active is True
    sign_in(theirs, grace)

    events = audit_events("account.deactivated") + audit_events("account.reactivated")
    assert [(e.action, e.before, e.after) for e in events] == [
        ("account.deactivated", {"active": True}, {"active": False}),
        ("account.reactivated", {"active": False}, {"active": True}),
    ]


def test_organiser_cannot_deactivate_themselves(client, organiser):
    assert "Deactivate account" not in client.get(f"/admin/users/{organiser.id}").get_data(
        as_text=True
    )
    response = client.post(f"/admin/users/{organiser.id}/deactivate")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot deactivate your own account" in page
    db.session.refresh(organiser)
    assert organiser.active is True
    assert audit_events("account.deactivated") == []


# Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_non_organisers_get_403(client, roles):
    person = make_user(roles=roles)
    sign_in(client, person)
    target = make_user()
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{target.id}").status_code == 403
    assert (
        client.post(f"/admin/users/{person.id}", data={"roles": ["organiser"]}).status_code == 403
    )
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 403
    assert roles_of(person) == list(roles)
    assert audit_events("role.granted") == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/users"),
        ("get", "/admin/users/1"),
        ("post", "/admin/users/1"),
        ("post", "/admin/users/1/deactivate"),
        ("post", "/admin/users/1/reactivate"),
    ],
)
def test_signed_out_goes_to_sign_in(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
