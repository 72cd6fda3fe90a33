"""The migrations build the schema the models describe, and take it away again.

Each backend gets an empty database of its own (never the shared test database): SQLite a
fresh file; PostgreSQL, when SPARK_TEST_DATABASE_URL points at it, a sibling database named
``<test database>_migrations``, created and dropped here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from spark.extensions import db
from tests.conftest import make_app


def _postgres_test_url() -> URL | None:
    url = os.environ.get("SPARK_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return None
    return make_url(url)


def _recreate(admin_url: URL, name: str, *, create: bool) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of the given backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = _postgres_test_url()
    if base is None:
        pytest.skip("PostgreSQL: set SPARK_TEST_DATABASE_URL=postgresql+psycopg://... to run")
    name = f"{base.database}_migrations"
    admin = base.set(database="postgres")
    _recreate(admin, name, create=True)
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        _recreate(admin, name, create=False)


def _schema_diff() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        try:
            assert _tables() == set()

            upgrade()
            assert _tables() == set(db.metadata.tables) | {"alembic_version"}
            # An empty diff: every model change has its migration, and no migration
            # leaves the schema different from the models (types compared too).
            assert _schema_diff() == []

            downgrade(revision="base")
            assert _tables() <= {"alembic_version"}

            # Downgrades leave nothing behind that would stop a second upgrade
            # (PostgreSQL enum types, sequences, indexes...).
            upgrade()
            assert _schema_diff() == []
        finally:
            db.session.remove()
            db.engine.dispose()
