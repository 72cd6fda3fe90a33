"""The portfolio's overdue and due-soon milestones (/lab/milestones): for the lab and
organisers; open milestones due up to 14 days ahead on every project not stopped, grouped,
50 a page, in a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import event

from spark.accounts.models import User
from spark.extensions import db
from spark.lab.board import london_today
from spark.lab.milestone_views import milestones_part
from spark.lab.models import LabProject, Milestone
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser

URL = "/lab/milestones"


def _in(days: int) -> date:
    return london_today() + timedelta(days=days)


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _add(project, title: str, due_in: int, done_in: int | None = None) -> Milestone:
    milestone = Milestone(
        project_id=project.id,
        title=title,
        due_on=_in(due_in),
        done_on=None if done_in is None else _in(done_in),
    )
    db.session.add(milestone)
    db.session.commit()
    return milestone


def test_signed_out_visitors_are_sent_to_sign_in(client, app):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize(("who", "status"), [("lab", 200), ("organiser", 200), ("team", 403)])
def test_for_the_lab_and_organisers(client, app, who, status):
    funded = funded_project()
    person = {"lab": make_lab_user, "organiser": make_organiser}.get(who, lambda: funded.lead)()
    sign_in(client, person)
    assert client.get(URL).status_code == status


def test_other_signed_in_people_get_403(client, app):
    sign_in(client, make_colleague())
    assert client.get(URL).status_code == 403


def test_nothing_overdue_or_due_soon(client, app):
    funded = funded_project()
    _add(funded.project, "Far off", 15)
    _add(funded.project, "Done late", -3, done_in=-1)
    sign_in(client, make_lab_user())
    page = _text(client.get(URL))
    assert "No milestones are overdue or due in the next 14 days." in page
    assert "Far off" not in page and "Done late" not in page


def test_grouped_with_the_project_team_department_stage_and_days(client, app):
    first = funded_project()
    second = funded_project()
    paused = funded_project()
    stopped = funded_project()
    paused.project.status = "paused"
    stopped.project.status = "stopped"
    db.session.commit()
    _add(first.project, "Ten days late", -10)
    _add(second.project, "A day late", -1)
    _add(first.project, "Due today", 0)
    _add(second.project, "Due on the edge", 14)
    _add(first.project, "Just past the edge", 15)
    _add(first.project, "Done already", -5, done_in=-6)
    _add(paused.project, "Paused and late", -2)
    _add(stopped.project, "Stopped and late", -2)
    sign_in(client, make_organiser())
    page = _text(client.get(URL))
    assert "3 milestones overdue" in page and "2 milestones due in the next 14 days" in page
    overdue = page[page.index('id="overdue-heading"') : page.index('id="due-soon-heading"')]
    soon = page[page.index('id="due-soon-heading"') :]
    order = [overdue.index(t) for t in ("Ten days late", "Paused and late", "A day late")]
    assert order == sorted(order)
    assert soon.index("Due today") < soon.index("Due on the edge")
    for absent in ("Just past the edge", "Done already", "Stopped and late"):
        assert absent not in page
    team = first.pitch.team
    row = overdue[
        overdue.index("Ten days late") : overdue.index("</tr>", overdue.index("Ten days"))
    ]
    assert f'href="/lab/projects/{first.project.id}"' in row
    assert first.pitch.title in row and team.name in row and team.department in row
    assert "Discovery" in row and (_in(-10).strftime("%B %Y") in row)
    assert ">10<" in row.replace("\n", "").replace(" ", "")
    paused_row = overdue[overdue.index("Paused and late") :]
    assert "Paused" in paused_row[: paused_row.index("</tr>")]
    assert "Today" in soon and "14 days" in soon


def test_fifty_a_page_with_govuk_pagination(client, app):
    funded = funded_project()
    for n in range(120):
        db.session.add(
            Milestone(project_id=funded.project.id, title=f"Milestone {n:03d}", due_on=_in(-n))
        )
    db.session.commit()
    sign_in(client, make_lab_user())
    first = _text(client.get(URL))
    assert first.count('<th scope="row"') == 50
    assert "Milestone 119" in first and "Showing 1 to 50 of 120" in first
    assert "govuk-pagination" in first and 'href="/lab/milestones?page=2"' in first
    last = _text(client.get(f"{URL}?page=3"))
    assert last.count('<th scope="row"') == 20 and "Milestone 000" in last
    assert "(page 3 of 3)" in last
    # A page past the end shows the last; one that is not a number, the first.
    assert _text(client.get(f"{URL}?page=99")).count('<th scope="row"') == 20
    assert "Milestone 119" in _text(client.get(f"{URL}?page=abc"))


def _portfolio_of(projects: int) -> None:
    for n in range(projects):
        funded = funded_project()
        _add(funded.project, f"Late {n}", -n - 1)
        _add(funded.project, f"Soon {n}", n % 14)
        _add(funded.project, f"Later {n}", 30)
        _add(funded.project, f"Done {n}", -3, done_in=-2)


def test_the_same_queries_for_two_projects_and_for_ten(app):
    lab = make_lab_user()
    client = app.test_client()
    sign_in(client, lab)
    _portfolio_of(2)
    small = statements_of(client, URL)
    _portfolio_of(8)
    big = statements_of(client, URL)
    assert _text(client.get(URL)).count('<th scope="row"') == 20
    assert len(big) == len(small), repeated(small, big)
    # The counts, then one page of rows with their project, pitch, team and stage.
    assert sum("lab_milestones" in statement for statement in small) == 2


def _part_statements(app, project_id: int, user_id: int) -> list[str]:
    """The statements the milestones part runs on its own, from an empty session (the
    project page's other parts are other features')."""
    found: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        found.append(" ".join(statement.split()))

    db.session.remove()
    with app.test_request_context():
        project = db.session.get(LabProject, project_id)
        user = db.session.get(User, user_id)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            html = milestones_part(project, user)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    assert "Milestones" in html
    return found


def test_the_project_page_part_costs_the_same_for_two_milestones_and_twelve(app):
    funded = funded_project()
    project_id, lead_id = funded.project.id, funded.lead.id
    _add(funded.project, "Late", -1)
    _add(funded.project, "Done", -3, done_in=-2)
    small = _part_statements(app, project_id, lead_id)
    project = db.session.get(LabProject, project_id)
    for n in range(10):
        _add(project, f"More {n}", n - 5, done_in=-1 if n % 3 == 0 else None)
    big = _part_statements(app, project_id, lead_id)
    assert len(big) == len(small) <= 3, repeated(small, big)
