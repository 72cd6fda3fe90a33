"""The dragon's panels: the list, "Your panel" with the running order and each pitch's status
for this dragon, its live JSON for the page's script, and 404 for anyone not on the panel."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from spark.extensions import db
from spark.panels.models import Conflict
from tests.factories import make_user, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)


@pytest.fixture
def setting(app):
    """A panel of a chair and two dragons with four pitches in its running order."""
    round_ = make_judged_round(name="Spark! spring 2027")
    chair = make_dragon(name="Chidi Chair")
    dragon = make_dragon(name="Dana Dragon")
    other = make_dragon(name="Oscar Other")
    panel = make_panel(round_, chair, dragon, other, name="Panel A", place="Room 4")
    pitches = [make_team_pitch(round_, title=f"Idea {n}") for n in range(1, 5)]
    route(panel, *pitches)
    return round_, panel, chair, dragon, other, pitches


def row_of(body: str, title: str) -> str:
    match = re.search(r"<tr[^>]*data-pitch-id[^>]*>(?:(?!</tr>).)*" + re.escape(title), body, re.S)
    assert match, title
    end = body.index("</tr>", match.end())
    return body[match.start() : end]


def test_your_panels_lists_each_panel_with_when_where_and_round(client, setting):
    _round, panel, _chair, dragon, _other, _pitches = setting
    sign_in(client, dragon)
    body = client.get("/panels/").get_data(as_text=True)
    assert page_title(body) == "Your panels – Project Spark!"
    assert f'href="/panels/{panel.id}"' in body
    assert "Room 4" in body and "Spark! spring 2027" in body
    assert 'href="/panels/" aria-current' in body


def test_someone_on_no_panel_is_told_so(client, app):
    sign_in(client, make_user())
    body = client.get("/panels/").get_data(as_text=True)
    assert "You do not sit on any panels" in body


def test_panel_page_shows_details_running_order_and_statuses(client, setting):
    round_, panel, _chair, dragon, other, (one, two, three, four) = setting
    from spark.panels.models import PanelSlot

    slots = {slot.pitch_id: slot for slot in db.session.scalars(db.select(PanelSlot))}
    slots[two.id].state = "scoring"
    slots[three.id].state = "closed"
    panel.current_position = 2
    db.session.add(Conflict(pitch_id=four.id, user_id=dragon.id, reason="My brother"))
    db.session.commit()
    criteria = criteria_of(round_)
    make_sheet(one, dragon, status="submitted", verdict="in", scores={c.id: 3 for c in criteria})
    make_sheet(two, dragon, scores={criteria[0].id: 4})
    make_sheet(two, other, status="submitted", verdict="out", reason="Too costly")

    sign_in(client, dragon)
    response = client.get(f"/panels/{panel.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Panel A – Project Spark!"
    assert "Room 4" in body and "Chidi Chair" in body
    # The pitch now pitching, in a polite live region.
    region = re.search(r'<div[^>]*id="now-pitching"[^>]*>(.*?)</div>', body, re.S)
    assert 'aria-live="polite"' in region.group(0)
    assert "2. Idea 2" in region.group(1) and "Scoring open" in region.group(1)
    assert "Submitted" in row_of(body, "Idea 1")
    assert "Draft saved" in row_of(body, "Idea 2")
    assert "Closed" in row_of(body, "Idea 3")
    assert "Recused" in row_of(body, "Idea 4")
    # Recused pitches are left out of the progress, and have no link.
    assert "1 of 3 scored" in body
    assert f'href="/panels/{panel.id}/pitches/{four.id}"' not in body
    assert f'href="/panels/{panel.id}/pitches/{one.id}"' in body
    # Nothing about other dragons' sheets.
    assert "Too costly" not in body and "Oscar Other" not in body
    # Without JavaScript, a refresh shows the change; with it, the script polls.
    assert f'href="/panels/{panel.id}">Refresh the page' in body
    assert re.search(r'<script type="module" src="/static/js/panel-live.js" nonce="[^"]+">', body)


def test_to_score_before_anything_and_nothing_pitching_yet(client, setting):
    _round, panel, _chair, dragon, *_ = setting
    sign_in(client, dragon)
    body = client.get(f"/panels/{panel.id}").get_data(as_text=True)
    assert body.count(">To score<") == 4
    assert "0 of 4 scored" in body
    assert "No pitch has started yet" in body


def test_the_chair_gets_a_link_to_run_the_session_when_it_exists(client, app, setting):
    _round, panel, chair, dragon, *_ = setting
    sign_in(client, chair)
    body = client.get(f"/panels/{panel.id}").get_data(as_text=True)
    if "chair.control" in app.view_functions:
        assert f'href="/panels/{panel.id}/chair' in body
    client.get("/sign-out")
    sign_in(client, dragon)
    assert "Run the panel session" not in client.get(f"/panels/{panel.id}").get_data(as_text=True)


def test_the_live_script_is_only_on_the_panel_page(client, setting):
    _round, panel, _chair, dragon, *_ = setting
    sign_in(client, dragon)
    assert "panel-live.js" not in client.get("/panels/").get_data(as_text=True)


def test_live_json_gives_now_pitching_and_this_dragons_statuses_only(client, setting):
    round_, panel, _chair, dragon, other, (one, two, three, four) = setting
    from spark.panels.models import PanelSlot

    slot = db.session.scalar(db.select(PanelSlot).where(PanelSlot.pitch_id == three.id))
    slot.state = "pitching"
    panel.current_position = 3
    db.session.commit()
    make_sheet(one, other, status="submitted", verdict="in", reason="Secret words")
    make_sheet(two, dragon)

    sign_in(client, dragon)
    response = client.get(f"/panels/{panel.id}/live.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["now"] == {
        "pitch_id": three.id,
        "position": 3,
        "title": "Idea 3",
        "state": "pitching",
        "label": "Now pitching",
        "url": f"/panels/{panel.id}/pitches/{three.id}",
    }
    statuses = {p["pitch_id"]: (p["status"], p["label"], p["tag"]) for p in data["pitches"]}
    assert statuses[one.id] == ("to_score", "To score", "govuk-tag--blue")
    assert statuses[two.id] == ("draft", "Draft saved", "govuk-tag--yellow")
    assert data["progress"] == "0 of 4 scored"
    text = response.get_data(as_text=True)
    assert "Secret words" not in text and "Oscar" not in text
    assert set(data) == {"now", "pitches", "progress"}
    assert all(
        set(p) == {"pitch_id", "position", "state", "state_label", "status", "label", "tag"}
        for p in data["pitches"]
    )


def test_live_json_without_a_pitch_now_pitching(client, setting):
    _round, panel, _chair, dragon, *_ = setting
    sign_in(client, dragon)
    assert client.get(f"/panels/{panel.id}/live.json").get_json()["now"] is None


def test_someone_not_on_the_panel_gets_404_everywhere(client, setting):
    _round, panel, _chair, _dragon, _other, (one, *_rest) = setting
    sign_in(client, make_dragon())
    for path in (
        f"/panels/{panel.id}",
        f"/panels/{panel.id}/live.json",
        f"/panels/{panel.id}/pitches/{one.id}",
        f"/panels/{panel.id}/conflicts/new",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/panels/{panel.id}/pitches/{one.id}", data={}).status_code == 404
    assert (
        client.post(
            f"/panels/{panel.id}/conflicts/new", data={"pitch": str(one.id), "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get("/panels/999999").status_code == 404


def test_signed_out_people_are_asked_to_sign_in(client, setting):
    _round, panel, *_ = setting
    response = client.get(f"/panels/{panel.id}/live.json")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


@contextmanager
def counting_queries():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_panel_page_makes_the_same_number_of_queries_for_2_or_12_pitches(client, app):
    round_ = make_judged_round()
    dragon = make_dragon()
    small = make_panel(round_, make_dragon(), dragon)
    large = make_panel(round_, make_dragon(), dragon)
    route(small, *(make_team_pitch(round_) for _ in range(2)))
    pitches = [make_team_pitch(round_) for _ in range(12)]
    route(large, *pitches)
    for pitch in pitches[:5]:
        make_sheet(pitch, dragon)
    db.session.add(Conflict(pitch_id=pitches[6].id, user_id=dragon.id, reason="Friend"))
    db.session.commit()
    sign_in(client, dragon)
    counts = {}
    for name, panel in (("small", small), ("large", large)):
        for path in (f"/panels/{panel.id}", f"/panels/{panel.id}/live.json"):
            client.get(path)  # warm up
            with counting_queries() as statements:
                assert client.get(path).status_code == 200
            counts[(name, path.endswith(".json"))] = len(statements)
    assert counts[("small", False)] == counts[("large", False)]
    assert counts[("small", True)] == counts[("large", True)]
