"""The lab board and a stage's pages run as many SQL statements for 10 projects as for 2
(counted as tests/app/test_panel_query_counts.py does), so they stay fast at 5,000."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from spark.lab.board import london_today
from tests.app.lab.board_factories import (
    add_milestone,
    make_focus_area,
    make_team_in,
    more_projects,
)
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_lab_user

PAGES = [
    "/lab",
    "/lab?status=overdue",
    "/lab?round={round}&department=Home+Office&focus_area={area}&status=paused",
    "/lab/board/discovery",
    "/lab/board/stopped",
    "/lab/board/alpha?status=paused",
]


def build(projects: int) -> dict:
    """``projects`` projects across stages, statuses, teams and focus areas, each with
    milestones (one overdue)."""
    funded = funded_project()
    others = more_projects(funded, projects - 1, team=make_team_in("Home Office"))
    made = [funded.project, *others]
    stages = ["discovery", "alpha", "beta", "alpha", "live"]
    statuses = ["active", "paused", "active", "stopped"]
    today = london_today()
    for n, project in enumerate(made):
        project.stage = stages[n % len(stages)]
        project.status = statuses[n % len(statuses)]
        add_milestone(project, "Late", today - timedelta(days=n + 1))
        add_milestone(project, "Soon", today + timedelta(days=n))
    area = make_focus_area(f"Area {projects}", *made)
    return {"round": funded.pitch.round_id, "area": area.id}


@pytest.mark.parametrize("page", PAGES)
def test_the_board_runs_as_many_queries_for_10_projects_as_for_2(app, page):
    lab = make_lab_user()
    client = app.test_client()
    sign_in(client, SimpleNamespace(email=lab.email))
    small = statements_of(client, page.format(**build(2)))
    big = statements_of(client, page.format(**build(10)))
    assert len(big) == len(small), (
        f"{page}: {len(small)} statements for 2 projects, {len(big)} for 10. Run more "
        f"often:\n{repeated(small, big)}"
    )
    assert len(small) <= 12, small
