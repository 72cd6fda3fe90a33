from __future__ import annotations

from sqlalchemy import select

from spark.core.audit import AuditEvent
from spark.extensions import db
from tests.factories import PASSWORD, make_user, sign_in
from tests.htmlcheck import page_title


def test_sign_in_page(client):
    response = client.get("/sign-in")
    assert response.status_code == 200
    assert page_title(response.get_data(as_text=True)) == "Sign in – Project Spark!"


def test_sign_in_with_correct_password_goes_home(client, app):
    user = make_user(email="Ada.Lovelace@Example.gov.uk")
    response = client.post(
        "/sign-in", data={"email": "ada.lovelace@example.GOV.UK", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert user.name in home.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_message(client):
    make_user(email="grace@example.gov.uk")
    wrong = client.post("/sign-in", data={"email": "grace@example.gov.uk", "password": "x" * 12})
    unknown = client.post("/sign-in", data={"email": "nobody@example.gov.uk", "password": "x" * 12})
    for response in (wrong, unknown):
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Enter a correct email address and password" in body
        assert page_title(body) == "Error: Sign in – Project Spark!"


def test_empty_sign_in_shows_each_error(client):
    response = client.post("/sign-in", data={})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter your email address" in body
    assert "Enter your password" in body
    assert 'href="#email"' in body


def test_inactive_user_cannot_sign_in(client):
    user = make_user(active=False)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_safe_next_redirect_only(client):
    user = make_user()
    response = client.post(
        "/sign-in?next=/admin/users", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/admin/users"
    client.get("/sign-out")
    response = client.post(
        "/sign-in?next=https://evil.example.com/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_signed_out_access_goes_to_sign_in_with_next(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    assert "admin" in response.headers["Location"]


def test_wrong_role_gets_403(client):
    user = make_user()
    sign_in(client, user)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)


def test_sixth_wrong_password_is_rate_limited(client):
    make_user(email="target@example.gov.uk")
    statuses = [
        client.post(
            "/sign-in", data={"email": "target@example.gov.uk", "password": "wrong" * 3}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [400] * 5 + [429]
    page = client.post("/sign-in", data={"email": "target@example.gov.uk", "password": PASSWORD})
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)


def test_account_creation_is_audited(app):
    user = make_user()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.created"))
    assert event.target_id == str(user.id)
    assert "password" not in str(event.after)


def test_passwords_are_hashed_with_scrypt_by_default():
    from spark.accounts.service import hash_password
    from tests.conftest import make_app

    app = make_app()
    del app.config["SPARK_PASSWORD_HASH_METHOD"]
    with app.app_context():
        hashed = hash_password("violet-harbour-kettle-77")
    assert hashed.startswith("scrypt:")
    assert "violet" not in hashed


def test_two_messages_on_one_page_have_their_own_banner_ids(app, client):
    # The client fixture fails the page on duplicate ids.
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "First thing done"), ("success", "Second thing done")]
    body = client.get("/sign-in").get_data(as_text=True)
    assert 'id="flash-title-1"' in body
    assert 'id="flash-title-2"' in body
    # The message is text inside the banner's heading, not escaped markup.
    assert '<p class="govuk-notification-banner__heading">First thing done</p>' in body
    assert "&lt;p" not in body


def test_a_message_with_markup_in_it_is_shown_as_text(app, client):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Team <b>Owls</b> created")]
    body = client.get("/sign-in").get_data(as_text=True)
    assert "Team &lt;b&gt;Owls&lt;/b&gt; created" in body


def test_every_signed_in_page_links_to_sign_out(client):
    sign_in(client, make_user())
    body = client.get("/").get_data(as_text=True)
    assert 'href="/sign-out"' in body
    assert client.get("/sign-out").status_code == 302
    assert client.get("/admin/users").status_code == 302  # signed out again
