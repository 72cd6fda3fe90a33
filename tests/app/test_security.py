"""Security headers on every page, and the session cookie's flags."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie


def _nonce(response) -> str:
    match = re.search(
        r"script-src 'self' 'nonce-([^']+)'", response.headers["Content-Security-Policy"]
    )
    assert match, response.headers["Content-Security-Policy"]
    return match.group(1)


def _session_cookie(response) -> SimpleCookie:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert headers, "no session cookie was set"
    return SimpleCookie(headers[0])


def test_pages_carry_the_security_headers(client):
    response = client.get("/sign-in")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def test_csp_nonce_is_fresh_for_each_response_and_used_by_the_scripts(new_app):
    # No outer app context, as in production: each request gets its own (the nonce lives
    # in flask.g, so requests made inside one shared app context would share it).
    client = new_app().test_client()
    first, second = client.get("/sign-in"), client.get("/sign-in")
    nonce = _nonce(first)
    assert len(nonce) >= 16
    assert nonce != _nonce(second)
    body = first.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    secure = client.get("/sign-in", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_behind_a_trusted_proxy(new_app):
    app = new_app(SPARK_TRUSTED_PROXIES=1)
    response = app.test_client().get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


def test_forwarded_proto_is_ignored_without_trusted_proxies(client):
    response = client.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_session_cookie_is_httponly_and_samesite_lax_but_not_secure_locally(new_app):
    # CSRF on: the sign-in form's token puts something in the session.
    app = new_app(WTF_CSRF_ENABLED=True)
    cookie = _session_cookie(app.test_client().get("/sign-in"))["session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]


def test_session_cookie_is_secure_in_production(new_app, monkeypatch):
    monkeypatch.setenv("SPARK_ENV", "production")
    monkeypatch.setenv("SPARK_SECRET_KEY", "a-production-secret-for-this-test-only")
    app = new_app(WTF_CSRF_ENABLED=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    cookie = _session_cookie(app.test_client().get("/sign-in", base_url="https://localhost"))
    assert cookie["session"]["secure"] is True
    assert cookie["session"]["httponly"] is True


def test_secure_cookies_can_be_asked_for_outside_production(new_app, monkeypatch):
    monkeypatch.setenv("SPARK_SECURE_COOKIES", "true")
    app = new_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
