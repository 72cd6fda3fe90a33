"""The `spark` command: demo data for local running."""

from __future__ import annotations

from sqlalchemy import func, select

from spark.accounts.models import RoleGrant, Team, TeamMember, User
from spark.cli import main
from spark.demo import DEMO_PASSWORD, PEOPLE
from spark.extensions import db
from tests.conftest import make_app


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _role_count(role: str) -> int:
    return _count(select(RoleGrant).where(RoleGrant.role == role).subquery())


def test_demo_seeds_people_and_teams_and_prints_the_sign_ins(app, client):
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert _role_count("organiser") == 1
    assert _role_count("lab") == 1
    dragons = [email for label, _n, email, _d, _r in PEOPLE if label.startswith("dragon")]
    assert len(dragons) == 5
    assert _count(select(User).where(User.email.in_(dragons)).subquery()) == 5
    assert _count(User) == len(PEOPLE)
    assert _count(Team) == 3
    assert _count(TeamMember) == 6
    assert "Demo sign-ins" in result.output
    assert DEMO_PASSWORD in result.output
    for _label, _name, email, _dept, _roles in PEOPLE:
        assert email in result.output
    organiser = PEOPLE[0][2]
    response = client.post("/sign-in", data={"email": organiser, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_demo_if_empty_does_not_duplicate(app):
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["demo", "--if-empty"]).exit_code == 0
    before = (_count(User), _count(Team), _count(TeamMember), _count(RoleGrant))
    again = runner.invoke(main, ["demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "Demo data already present." in again.output
    assert "Demo sign-ins" in again.output
    assert (_count(User), _count(Team), _count(TeamMember), _count(RoleGrant)) == before
    # Without --if-empty it tops up what is missing, and still duplicates nothing.
    assert runner.invoke(main, ["demo"]).exit_code == 0
    assert (_count(User), _count(Team), _count(TeamMember), _count(RoleGrant)) == before


def test_demo_refuses_in_production(migrated_database):
    app = make_app(SPARK_ENV="production")
    with app.app_context():
        result = app.test_cli_runner().invoke(main, ["demo"])
        assert result.exit_code != 0
        assert "never seeded in production" in result.output
        assert "Traceback" not in result.output
        assert _count(User) == 0
        db.session.remove()
        db.engine.dispose()
