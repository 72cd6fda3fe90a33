"""Input nobody means to send gets a page, never a 500: digits that are not ASCII in the
address, NUL characters in forms and searches."""

from __future__ import annotations

import pytest

from tests.factories import sign_in
from tests.lab_factories import make_colleague, make_lab_user


@pytest.mark.parametrize(
    "url",
    [
        "/lab?round=²",
        "/lab?focus_area=٣",
        "/lab/board/discovery?page=²",
        "/lab/milestones?page=²",
        "/lab/milestones?page=" + "9" * 40,
    ],
)
def test_the_lab_s_lists_read_odd_numbers_as_none(app, client, url):
    sign_in(client, make_lab_user())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/showcase?page=²", "/showcase?q=a%00b", "/showcase?page=%00"])
def test_the_showcase_reads_odd_input_as_none(app, client, url):
    sign_in(client, make_colleague())
    assert client.get(url).status_code == 200


def test_nul_characters_never_reach_a_form(app, client):
    from sqlalchemy import select

    from spark.extensions import db
    from spark.lab.models import FocusArea

    sign_in(client, make_lab_user())
    response = client.post("/lab/focus-areas?x=%00", data={"name": "Deaf\x00 people"})
    assert response.status_code == 302
    assert db.session.scalars(select(FocusArea.name)).all() == ["Deaf people"]
