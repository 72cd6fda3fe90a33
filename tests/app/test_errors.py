"""Error pages: GOV.UK pages with the right status, never a stack trace, never a bare 500."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from sqlalchemy import text

from spark.core.permissions import public
from spark.extensions import db
from tests.htmlcheck import page_problems, page_title

# Nothing listens on port 1: connecting fails at once, like a database that is down.
DATABASE_DOWN = "postgresql+psycopg://postgres@127.0.0.1:1/spark_down?connect_timeout=2"


@pytest.fixture
def failing_app(new_app):
    """An app with a view that raises; build it with overrides, before any request."""

    def factory(**overrides) -> Flask:
        return _with_failing_view(new_app(TESTING=False, PROPAGATE_EXCEPTIONS=False, **overrides))

    return factory


def _with_failing_view(app: Flask) -> Flask:
    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("secret internals: do not show")

    return app


def test_unknown_url_gets_the_404_page(client):
    response = client.get("/no-such-page")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert page_title(body) == "Page not found – Project Spark!"
    assert "govuk-template" in body


def test_wrong_method_gets_400_page_and_keeps_the_allow_header(client):
    response = client.delete("/sign-in")
    assert response.status_code == 405
    assert "There is a problem with your request" in response.get_data(as_text=True)
    assert "POST" in response.headers["Allow"]


def test_post_without_csrf_token_says_the_form_has_expired(new_app):
    app = new_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post(
        "/sign-in", data={"email": "someone@example.gov.uk", "password": "x" * 12}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "This form has expired – Project Spark!"
    assert "Nothing was saved" in body


def test_a_failing_view_gets_the_500_page_and_is_logged(failing_app, caplog):
    app = failing_app()
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert page_title(body) == "Sorry, there is a problem with the service – Project Spark!"
    assert "govuk-template" in body
    assert "secret internals" not in body
    assert "secret internals" in caplog.text
    # Security headers go out on error pages too.
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_500_page_falls_back_to_static_html_when_rendering_fails(failing_app, caplog):
    """The database is down and the layout needs it: a minimal page still goes out."""
    app = failing_app(SQLALCHEMY_DATABASE_URI=DATABASE_DOWN)

    @app.context_processor
    def needs_the_database():
        db.session.execute(text("SELECT 1"))
        return {}

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert page_problems(body) == []  # lang="en-GB", a title, one h1
    assert page_title(body) == "Sorry, there is a problem with the service – Project Spark!"
    assert "<h1>Sorry, there is a problem with the service</h1>" in body
    assert "secret internals" not in body
    assert "govuk-template" not in body
    assert "Could not render the 500 error page" in caplog.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "code", "title"),
    [("/no-such-page", 404, "Page not found"), ("/boom", 500, None)],
)
def test_every_error_page_falls_back_when_its_template_breaks(failing_app, path, code, title):
    app = failing_app()

    @app.context_processor
    def broken():
        raise RuntimeError("template context is broken")

    response = app.test_client().get(path)
    body = response.get_data(as_text=True)
    assert response.status_code == code
    assert page_problems(body) == []
    if title:
        assert page_title(body) == f"{title} – Project Spark!"


def test_a_huge_id_in_any_url_is_a_404_not_a_database_overflow(app, client):
    from werkzeug.routing import IntegerConverter

    from tests.factories import make_user, sign_in

    sign_in(client, make_user(roles=("organiser", "lab")))
    huge = 10**25
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or "int" not in str(rule.rule):
            continue
        values = {
            argument: huge if isinstance(rule._converters[argument], IntegerConverter) else "x"
            for argument in rule.arguments
        }
        url = rule.build(values, append_unknown=False)[1]
        assert client.get(url).status_code == 404, url
        checked += 1
    assert checked >= 20


def test_a_control_character_in_any_word_of_a_url_is_a_404(app, client):
    """No key, section or emailed link has one, and PostgreSQL refuses a NUL in a query:
    /lab/stages/%00 was a 500 there."""
    import re

    from werkzeug.routing import PathConverter, UnicodeConverter

    from tests.factories import make_user, sign_in

    sign_in(client, make_user(roles=("organiser", "lab")))
    checked = 0
    for rule in app.url_map.iter_rules():
        words = {
            argument
            for argument, converter in rule._converters.items()
            if isinstance(converter, UnicodeConverter) and not isinstance(converter, PathConverter)
        }
        if "GET" not in (rule.methods or ()) or not words:
            continue
        for odd in ("%00", "a%00b", "%1B", "%7F"):
            url = re.sub(
                r"<(?:\w+:)?(\w+)>",
                lambda m, odd=odd, words=words: odd if m[1] in words else "1",
                rule.rule,
            )
            assert client.get(url).status_code == 404, url
            checked += 1
    assert checked >= 20
