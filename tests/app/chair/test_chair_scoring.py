"""Scoring on the chair's side, checked against the dragons' side: the same count of submitted
sheets everywhere, opening scoring calls the pitch, and reopening scoring keeps scoring
independent."""

from __future__ import annotations

import os

import pytest

from spark.extensions import db
from spark.panels import sheet_results
from spark.panels.models import Conflict, Panel, PanelSlot
from tests.factories import audit_events, make_user, sign_in
from tests.panel_factories import criteria_of, fresh, make_sheet


def row_of(body: str, slot: PanelSlot) -> str:
    return body.split(f'id="slot-{slot.id}"')[1].split("</tr>")[0]


# One count of submitted sheets ----------------------------------------------------------------


def test_submitted_counts_only_members_free_of_conflict_everywhere(client, s, chair):
    """Bo submitted, then declared a conflict: their sheet no longer counts. A sheet from
    someone no longer on the panel does not count either. The chair's row, the close message,
    its audit and the dragons' tally all say one submitted sheet."""
    pitch, slot = s.pitches[0], s.slots[0]
    s.set_state(0, "scoring")
    make_sheet(pitch, s.ada, verdict="in", status="submitted")
    make_sheet(pitch, s.bo, verdict="out", reason="No", status="submitted")
    make_sheet(pitch, make_user(name="Gone Dragon"), verdict="in", status="submitted")
    db.session.add(Conflict(pitch_id=pitch.id, user_id=s.bo.id, reason="My sister's team"))
    db.session.commit()

    assert "1 of 2 submitted" in row_of(client.get(f"{s.base}/").get_data(as_text=True), slot)
    response = client.post(s.slot_url(0, "close-scoring"), data={"expected": "scoring"})
    assert response.status_code == 302
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Scoring for Idea 1 has closed with 1 sheet submitted, fewer than the quorum" in body
    [event] = audit_events("slot.scoring_closed")
    assert event.after["submitted"] == 1

    results = sheet_results.results_for(
        s.panel, fresh(PanelSlot, slot.id), s.ada, criteria_of(s.round)
    )
    assert results.tally.submitted == 1
    assert results.tally.text == "1 in, 0 out, 1 recused, 1 still to submit"
    assert [view.dragon_name for view in results.sheets] == ["Ada Dragon"]


# Opening scoring calls the pitch ------------------------------------------------------------


def test_opening_scoring_on_a_waiting_pitch_makes_it_now_pitching(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    response = client.post(s.slot_url(2, "open-scoring"), data={"expected": "waiting"})
    assert response.status_code == 302
    # Idea 1 never opened for scoring: it goes back to waiting, as "now pitching" does.
    assert s.states() == [("Idea 1", "waiting"), ("Idea 2", "waiting"), ("Idea 3", "scoring")]
    assert fresh(Panel, s.panel.id).current_position == 3
    [event] = audit_events("slot.scoring_opened")
    assert event.before["current_position"] == 1 and event.after["current_position"] == 3
    assert event.before["states"] == {str(s.slots[0].id): "pitching"}
    assert event.after["states"] == {str(s.slots[0].id): "waiting"}
    current = client.get(f"{s.base}/").get_data(as_text=True).split('id="current-pitch"')[1]
    assert "Idea 3" in current.split('id="next-pitch"')[0]

    # The dragons' page and its live.json follow.
    client.get("/sign-out")
    sign_in(client, s.ada)
    now = client.get(f"/panels/{s.panel.id}/live.json").get_json()["now"]
    assert (now["title"], now["state"], now["label"]) == ("Idea 3", "scoring", "Scoring open")


def test_opening_scoring_on_the_pitch_now_pitching_keeps_it_current(client, s, chair):
    client.post(s.slot_url(1, "now-pitching"), data={"expected": "waiting"})
    client.post(s.slot_url(1, "open-scoring"), data={"expected": "pitching"})
    assert s.states()[1] == ("Idea 2", "scoring")
    assert fresh(Panel, s.panel.id).current_position == 2
    # A pitch still being scored stays open when the chair opens scoring on the next one.
    client.post(s.slot_url(2, "open-scoring"), data={"expected": "waiting"})
    assert s.states() == [("Idea 1", "waiting"), ("Idea 2", "scoring"), ("Idea 3", "scoring")]
    assert fresh(Panel, s.panel.id).current_position == 3


# One vocabulary for a dragon's status on a pitch -------------------------------------------


def test_the_chair_and_the_dragon_see_the_same_status_with_the_same_colour(client, s, chair):
    """Ada left a draft when scoring closed: it reads Closed (grey) to her and to the chair;
    Bo is recused (orange) and Cara submitted (green) on both pages."""
    pitch, slot = s.pitches[0], s.slots[0]
    make_sheet(pitch, s.ada, status="draft")
    make_sheet(pitch, s.chair, verdict="in", status="submitted")
    db.session.add(Conflict(pitch_id=pitch.id, user_id=s.bo.id, reason="Knows the lead"))
    db.session.commit()
    s.set_state(0, "closed")

    chair_row = row_of(client.get(f"{s.base}/").get_data(as_text=True), slot)
    expected = {
        "Cara Chair": ("Submitted", "govuk-tag--green"),
        "Ada Dragon": ("Closed", "govuk-tag--grey"),
        "Bo Dragon": ("Recused", "govuk-tag--orange"),
    }
    for name, (label, tag) in expected.items():
        item = chair_row.split(name)[1].split("</li>")[0]
        assert f'class="govuk-tag {tag}"' in item and label in item
        client.get("/sign-out")
        dragon = {"Cara Chair": s.chair, "Ada Dragon": s.ada, "Bo Dragon": s.bo}[name]
        sign_in(client, dragon)
        live = client.get(f"/panels/{s.panel.id}/live.json").get_json()
        [mine] = [p for p in live["pitches"] if p["pitch_id"] == pitch.id]
        assert (mine["label"], mine["tag"]) == (label, tag)
        page = client.get(f"/panels/{s.panel.id}").get_data(as_text=True)
        assert f'class="govuk-tag {tag}" data-status-for="{pitch.id}">{label}<' in page
        client.get("/sign-out")
        sign_in(client, s.chair)
    # No draft can be reopened by the chair once scoring closed: only the reopen scoring link.
    assert "Draft saved" not in chair_row


# A save in flight when the chair closes scoring -------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get("SPARK_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="row locks: run with SPARK_TEST_DATABASE_URL set to a PostgreSQL database",
)
def test_closing_waits_for_a_save_in_flight_and_counts_its_sheet(app, s):
    """A dragon's submit holds the slot row (sheet_service._hold_slot) until it commits: the
    chair's close waits for it, then counts the sheet - never a sheet stored after the close."""
    import threading

    from sqlalchemy import insert, update

    from spark.panels import session_service
    from spark.panels.models import ScoreSheet

    s.set_state(0, "scoring")
    slot_id, panel_id, chair_id = s.slots[0].id, s.panel.id, s.chair.id
    closed: dict = {}

    def chair_closes():
        with app.app_context():
            panel, slot = db.session.get(Panel, panel_id), db.session.get(PanelSlot, slot_id)
            chair = db.session.get(type(s.chair), chair_id)
            closed["submitted"] = session_service.close_scoring(chair, panel, slot)
            db.session.remove()

    with db.engine.connect() as dragon_request:
        held = dragon_request.execute(
            update(PanelSlot)
            .where(PanelSlot.id == slot_id, PanelSlot.state == "scoring")
            .values(state=PanelSlot.state)
        )
        assert held.rowcount == 1
        dragon_request.execute(
            insert(ScoreSheet).values(
                pitch_id=s.pitches[0].id, dragon_id=s.ada.id, status="submitted", verdict="in"
            )
        )
        chair = threading.Thread(target=chair_closes)
        chair.start()
        chair.join(timeout=1)
        assert chair.is_alive()  # waiting for the dragon's save
        dragon_request.commit()
    chair.join(timeout=10)
    assert closed == {"submitted": 1}
    assert fresh(PanelSlot, slot_id).state == "closed"
