"""Browser fixtures: the app on a free local port, one Chromium per run, a fresh context per test.

The live app is built once per run against the migrated test database (SPARK_TEST_DATABASE_URL,
a temporary SQLite file by default) with CSRF on: a real browser fills in real forms. Each test
gets fresh data: ``live_data`` seeds nothing itself, lets the test create users through
``tests.factories`` and empties every table afterwards, as the ``app`` fixture does.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from spark.extensions import db, limiter
from tests.browser.support import AXE_JS, AXE_URL_PATH
from tests.conftest import _empty_tables, make_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SPARK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_app(migrated_database: str) -> Iterator[Flask]:
    app = make_app(WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


def _buffered(app: Flask):
    """Read each response fully and close it before the server writes it.

    Werkzeug's development server skips the response's close() when the browser drops the
    connection mid-file, which leaves a static file open (a ResourceWarning, so a failure).
    """

    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The app on 127.0.0.1 and a free port, in a daemon thread; its base URL."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, _buffered(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="spark-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def live_data(live_app: Flask) -> Iterator[Flask]:
    """An app context for seeding through tests.factories; tables emptied afterwards."""
    with live_app.app_context():
        limiter.reset()
        yield live_app
        db.session.remove()
        _empty_tables()


@pytest.fixture(scope="session")
def playwright_instance():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}: run 'make test' (it installs "
            "it) or 'sudo apt-get install -y chromium'. Do not run 'playwright install'.",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run 'make setup'", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class PageProblems:
    """JavaScript errors and CSP violations a page reported while a test ran."""

    errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    expect_csp_violation: bool = False


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


def _serve_axe(route) -> None:
    route.fulfill(path=str(AXE_JS), content_type="text/javascript; charset=utf-8")


@pytest.fixture
def context(browser, live_server: str, live_data: Flask, page_problems: PageProblems):
    """A fresh browser context (no cookies) per test, 1024px wide unless the test resizes."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1024, "height": 768})
    context.set_default_timeout(5000)
    context.route(f"{live_server}{AXE_URL_PATH}", _serve_axe)
    yield context
    context.close()


@pytest.fixture
def page(context, page_problems: PageProblems):
    """A page that fails the test if any script throws or the CSP blocks anything."""
    page = context.new_page()
    page.on("pageerror", lambda error: page_problems.errors.append(str(error)))

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            page_problems.csp.append(message.text)
        elif message.type == "error" and "Failed to load resource" not in message.text:
            # Failed loads are the 4xx pages the tests ask for; scripts that fail are errors.
            page_problems.errors.append(message.text)

    page.on("console", on_console)
    yield page
    assert not page_problems.errors, "JavaScript errors:\n" + "\n".join(page_problems.errors)
    if not page_problems.expect_csp_violation:
        assert not page_problems.csp, "CSP violations:\n" + "\n".join(page_problems.csp)
