"""Shared fixtures: one migrated test database per run, emptied after each test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

os.environ.setdefault("SPARK_SECRET_KEY", "test-secret-key-not-for-production")

from spark import create_app  # noqa: E402
from spark.extensions import db, limiter  # noqa: E402
from tests.htmlcheck import page_problems  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="spark-test-"))


def test_database_url() -> str:
    return os.environ.get("SPARK_TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"


def base_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SPARK_ENV": "test",
        "SQLALCHEMY_DATABASE_URI": test_database_url(),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,
        "SPARK_ALLOWED_EMAIL_DOMAINS": ["gov.uk"],
        "SPARK_UPLOAD_DIR": str(_TMP / "uploads"),
        "SPARK_NOTIFY_BACKEND": "log",
        "RATELIMIT_STORAGE_URI": "memory://",
        # scrypt costs ~80 ms a hash; production keeps it (tested in test_sign_in).
        "SPARK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    config.update(overrides)
    return config


def _empty_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}"'))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_database() -> str:
    """Build the schema once per run through the migrations, as production does."""
    url = test_database_url()
    _empty_schema(url)
    app = create_app(base_config())
    with app.app_context():
        upgrade()
        _remember_seeded_rows()
        db.engine.dispose()
    return url


class CheckedClient(FlaskClient):
    """A test client that checks every HTML page it receives."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            problems = page_problems(response.get_data(as_text=True))
            assert not problems, f"{response.request.path}: {'; '.join(problems)}"
        return response


def make_app(**overrides) -> Flask:
    app = create_app(base_config(**overrides))
    app.test_client_class = CheckedClient
    return app


# Rows the migrations seed (the lab's stages): put back as migrated after each test empties
# the tables, so a test that renames a stage leaves nothing behind.
SEEDED_TABLES = ("lab_stages",)
_seeded_rows: dict[str, list[dict]] = {}


def _remember_seeded_rows() -> None:
    with db.engine.connect() as connection:
        for name in SEEDED_TABLES:
            table = db.metadata.tables[name]
            _seeded_rows[name] = [dict(row._mapping) for row in connection.execute(table.select())]


def _empty_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        for name in SEEDED_TABLES:
            if _seeded_rows.get(name):
                connection.execute(db.metadata.tables[name].insert(), _seeded_rows[name])


def _clear_request_globals(_sender, **_extra) -> None:
    # The fixture's app context is reused by every test request, so without this flask.g
    # (and Flask-Login's cached user) would carry over from one request and client to the next.
    vars(g).clear()


@pytest.fixture
def app(migrated_database) -> Iterator[Flask]:
    app = make_app()
    with app.app_context(), request_started.connected_to(_clear_request_globals, app):
        limiter.reset()
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def new_app(migrated_database) -> Iterator[Callable[..., Flask]]:
    """make_app for this test; its database connections are closed afterwards."""
    apps = []

    def factory(**overrides) -> Flask:
        apps.append(make_app(**overrides))
        return apps[-1]

    yield factory
    for each in apps:
        with each.app_context():
            db.session.remove()
            db.engine.dispose()
