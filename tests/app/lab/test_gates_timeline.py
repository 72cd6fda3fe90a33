"""The project's stage timeline, on the project page and its own page: every entry in order
with what happened, who, when, the evidence, the assessment (as words) and the reason; the
lab's links only for the lab; a constant number of queries however long the timeline."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, update

from spark.extensions import db
from spark.lab.gate_views import timeline_part
from spark.lab.models import LabProject, StageTransition
from tests.app.lab.gate_helpers import EVIDENCE, post_move, post_status
from tests.app.test_panel_query_counts import statements_of
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_lab_user, make_organiser
from tests.panel_factories import fresh


@pytest.fixture
def funded(app):
    return funded_project()


@pytest.fixture
def lab(funded):
    return make_lab_user(name="Lena Lab")


def _history(client, funded):
    """Opened, not met, forward, skip, back, pause, resume: every kind but stop."""
    project = funded.project
    post_move(client, project, to_stage="alpha", evidence="Only 3 users", assessment="not_met")
    post_move(client, project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    post_move(
        client,
        project,
        to_stage="live",
        evidence="Beta done elsewhere",
        assessment="met",
        reason="DWP ran the beta",
    )
    post_move(client, project, to_stage="beta", reason="Support costs unknown")
    post_status(client, project, "pause", reason="Waiting for the supplier")
    post_status(client, project, "resume")


def test_every_entry_in_order_with_who_when_evidence_assessment_and_reason(client, lab, funded):
    sign_in(client, lab)
    _history(client, funded)
    page = client.get(f"/lab/projects/{funded.project.id}").get_data(as_text=True)
    part = page[page.index('id="timeline-heading"') :]
    headings = re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]+)</h3>', part)
    assert headings == [
        "Opened in Discovery",
        "Gate assessment not met for Alpha: stayed in Discovery",
        "Moved from Discovery to Alpha",
        "Skipped Beta: moved from Alpha to Live",
        "Moved back from Live to Beta",
        "Paused",
        "Resumed",
    ]
    assert part.count("By Lena Lab, <time datetime=") == 6
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d{1,2} \w+ \d{4} at '
        r"\d{1,2}(:\d\d)?(am|pm)</time>",
        part,
    )
    assert fresh(LabProject, funded.project.id).stage == "beta"
    for text in (
        "Only 3 users",
        EVIDENCE,
        "DWP ran the beta",
        "Support costs unknown",
        "Waiting for the supplier",
    ):
        assert text in part
    assert ">\n        Not met\n      </strong>" in part  # the outcome in words, not colour alone
    assert part.count(">\n        Met\n      </strong>") == 2


def test_the_lab_gets_links_for_what_it_may_do_now(client, lab, funded):
    sign_in(client, lab)
    url = f"/lab/projects/{funded.project.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'href="{url}/stage"' in page and f'href="{url}/pause"' in page
    assert f'href="{url}/stop"' in page and f'href="{url}/resume"' not in page
    post_status(client, funded.project, "pause", reason="Waiting")
    page = client.get(url).get_data(as_text=True)
    assert f'href="{url}/stage"' not in page and f'href="{url}/resume"' in page
    post_status(client, funded.project, "stop", reason="Ended", confirm="y")
    page = client.get(url).get_data(as_text=True)
    assert not re.search(rf'href="{url}/(stage|pause|resume|stop)"', page)


@pytest.mark.parametrize("who", ["team", "organiser"])
def test_the_team_and_organisers_see_the_timeline_without_the_labs_links(client, lab, funded, who):
    sign_in(client, lab)
    post_move(client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    client.get("/sign-out")
    sign_in(client, funded.lead if who == "team" else make_organiser())
    url = f"/lab/projects/{funded.project.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Moved from Discovery to Alpha" in page and EVIDENCE in page
    assert f'href="{url}/stage"' not in page and "Move to another stage" not in page


def test_someone_no_longer_here(client, lab, funded):
    db.session.execute(update(StageTransition).values(decided_by_id=None))
    db.session.commit()
    sign_in(client, lab)
    page = client.get(f"/lab/projects/{funded.project.id}/timeline").get_data(as_text=True)
    assert "By Someone no longer here" in page


def _part_statements(project, user) -> int:
    found = []

    def record(*_args):
        found.append(1)

    db.session.expire_all()
    project, user = db.session.get(LabProject, project.id), db.session.get(type(user), user.id)
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        timeline_part(project, user)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(found)


def test_the_timeline_takes_the_same_queries_however_long(client, lab, app):
    short, long = funded_project(), funded_project()
    sign_in(client, lab)
    post_move(client, short.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    people = [lab, make_lab_user(), make_lab_user()]
    for n in range(20):  # entries by several people
        db.session.add(
            StageTransition(
                project_id=long.project.id,
                kind="assessed",
                from_stage="discovery",
                to_stage="alpha",
                assessment="not_met",
                evidence=f"Try {n}",
                decided_by_id=people[n % 3].id,
            )
        )
    db.session.commit()
    with app.test_request_context():
        assert _part_statements(short.project, lab) == _part_statements(long.project, lab)
    small = statements_of(client, f"/lab/projects/{short.project.id}/timeline")
    big = statements_of(client, f"/lab/projects/{long.project.id}/timeline")
    assert len(small) == len(big)
    assert "Try 19" in client.get(f"/lab/projects/{long.project.id}/timeline").get_data(
        as_text=True
    )
