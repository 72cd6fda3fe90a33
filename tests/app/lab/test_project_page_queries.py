"""A project's page runs as many SQL statements for a team of 10 with 10 partners, focus areas
and files as for 2 of each (with the sections registered by the lab's features so far)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from spark.extensions import db
from spark.lab.models import Partner
from tests.app.lab.board_factories import make_focus_area
from tests.app.test_panel_query_counts import FILES, add_team_and_files, repeated, statements_of
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_lab_user, make_organiser


def build(size: int):
    funded = funded_project()
    add_team_and_files(funded.pitch, members=size - 1, files=(FILES * 3)[:size])
    for n in range(size):
        db.session.add(Partner(project_id=funded.project.id, name=f"Partner {n}", role="Help"))
        make_focus_area(f"Area {size}-{n}", funded.project)
    db.session.commit()
    return funded


@pytest.mark.parametrize("who", ["lab", "organiser", "team"])
def test_the_project_page_runs_as_many_queries_for_10_as_for_2(app, who):
    counts = []
    for size in (2, 10):
        funded = build(size)
        person = {"lab": make_lab_user, "organiser": make_organiser}.get(who)
        email = person().email if person else funded.lead.email
        client = app.test_client()
        sign_in(client, SimpleNamespace(email=email))
        counts.append(statements_of(client, f"/lab/projects/{funded.project.id}"))
    small, big = counts
    assert len(big) == len(small), (
        f"{who}: {len(small)} statements for 2, {len(big)} for 10. Run more often:\n"
        f"{repeated(small, big)}"
    )


def test_the_pitch_page_part_is_one_query_more(app):
    funded = build(2)
    client = app.test_client()
    sign_in(client, SimpleNamespace(email=funded.lead.email))
    found = statements_of(client, f"/pitches/{funded.pitch.id}")
    mine = [s for s in found if "FROM lab_projects JOIN lab_stages" in s]
    assert len(mine) == 1, found
