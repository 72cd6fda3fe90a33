"""The chair's control page: who has submitted, and the chair's moves through the live session."""

from __future__ import annotations

import pytest

from spark.extensions import db
from spark.panels import session_service
from spark.panels.models import Panel, PanelSlot, ScoreSheet
from spark.pitches.models import Pitch
from tests.factories import audit_events, outbox_messages
from tests.htmlcheck import page_title
from tests.panel_factories import (
    chair_events,
    fresh,
    make_sheet,
)

# Now pitching and the next pitch -------------------------------------------------------------


def test_set_now_pitching(client, s, chair):
    response = client.post(s.slot_url(1, "now-pitching"), data={"expected": "waiting"})
    assert response.status_code == 302 and response.headers["Location"] == f"{s.base}/"
    assert s.states() == [("Idea 1", "waiting"), ("Idea 2", "pitching"), ("Idea 3", "waiting")]
    assert fresh(Panel, s.panel.id).current_position == 2
    [event] = audit_events("slot.now_pitching")
    assert event.actor_id == s.chair.id
    assert event.before == {"current_position": None, "states": {str(s.slots[1].id): "waiting"}}
    assert event.after == {"current_position": 2, "states": {str(s.slots[1].id): "pitching"}}
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Idea 2 is now pitching" in body and "govuk-notification-banner--success" in body

    # Calling another pitch sends one that never opened for scoring back to waiting.
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    assert s.states() == [("Idea 1", "pitching"), ("Idea 2", "waiting"), ("Idea 3", "waiting")]
    assert fresh(Panel, s.panel.id).current_position == 1


def test_a_double_click_on_now_pitching_is_refused_kindly(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    response = client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert page_title(body) == "Error: Run Panel A – Project Spark!"
    assert "Someone changed this a moment ago" in body and "govuk-error-summary" in body
    assert f'href="#slot-{s.slots[0].id}-action"' in body
    assert len(audit_events("slot.now_pitching")) == 1


def test_now_pitching_refused_for_a_pitch_already_scored(client, s, chair):
    s.set_state(0, "closed")
    response = client.post(s.slot_url(0, "now-pitching"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Idea 1: Scoring for this pitch has closed. Only a waiting pitch" in body
    assert chair_events() == []


def test_next_pitch_calls_each_waiting_pitch_in_turn(client, s, chair):
    assert client.post(f"{s.base}/next", data={"current": ""}).status_code == 302
    assert fresh(Panel, s.panel.id).current_position == 1
    # A second click from the same page is refused rather than skipping Idea 2.
    response = client.post(f"{s.base}/next", data={"current": ""})
    assert response.status_code == 409
    assert 'href="#next-pitch-button"' in response.get_data(as_text=True)
    assert fresh(Panel, s.panel.id).current_position == 1

    client.post(s.slot_url(0, "open-scoring"), data={"expected": "pitching"})
    client.post(f"{s.base}/next", data={"current": "1"})
    assert s.states() == [("Idea 1", "scoring"), ("Idea 2", "pitching"), ("Idea 3", "waiting")]
    client.post(f"{s.base}/next", data={"current": "2"})
    assert s.states() == [("Idea 1", "scoring"), ("Idea 2", "waiting"), ("Idea 3", "pitching")]
    # Idea 2 was skipped: next goes back to it.
    client.post(s.slot_url(2, "open-scoring"))
    client.post(f"{s.base}/next", data={"current": "3"})
    assert fresh(Panel, s.panel.id).current_position == 2
    assert "No more pitches are waiting" in client.get(f"{s.base}/").get_data(as_text=True)
    response = client.post(f"{s.base}/next", data={"current": "2"})
    assert response.status_code == 400
    assert "There are no more pitches waiting" in response.get_data(as_text=True)


# Opening, closing and reopening scoring ------------------------------------------------------


def test_open_scoring_makes_the_pitch_pitched(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    response = client.post(s.slot_url(0, "open-scoring"), data={"expected": "pitching"})
    assert response.status_code == 302
    slot = fresh(PanelSlot, s.slots[0].id)
    assert slot.state == "scoring" and slot.scoring_opened_at is not None
    assert fresh(Pitch, s.pitches[0].id).status == "pitched"
    [opened] = audit_events("slot.scoring_opened")
    assert opened.before == {
        "state": "pitching",
        "pitch_status": "assigned",
        "current_position": 1,
    }
    assert opened.after["state"] == "scoring" and opened.after["pitch_status"] == "pitched"
    [pitched] = audit_events("pitch.pitched")
    assert (pitched.before, pitched.after) == ({"status": "assigned"}, {"status": "pitched"})
    assert "Scoring for Idea 1 is open" in client.get(f"{s.base}/").get_data(as_text=True)


def test_open_scoring_straight_from_waiting_and_refusals(client, s, chair):
    assert client.post(s.slot_url(2, "open-scoring")).status_code == 302
    assert s.states()[2] == ("Idea 3", "scoring")
    again = client.post(s.slot_url(2, "open-scoring"), data={"expected": "waiting"})
    assert again.status_code == 409
    refused = client.post(s.slot_url(2, "open-scoring"))
    assert refused.status_code == 400
    assert "Scoring for this pitch is already open" in refused.get_data(as_text=True)

    s.pitches[1].status = "withdrawn"
    db.session.commit()
    response = client.post(s.slot_url(1, "open-scoring"))
    assert response.status_code == 400
    assert "Idea 2 is withdrawn, so it cannot be scored" in response.get_data(as_text=True)
    assert s.states()[1] == ("Idea 2", "waiting")


def test_close_scoring_leaves_drafts_as_drafts(client, s, chair):
    s.set_state(0, "scoring")
    make_sheet(s.pitches[0], s.ada, verdict="in", status="submitted")
    draft = make_sheet(s.pitches[0], s.bo, verdict="out", status="draft")
    response = client.post(s.slot_url(0, "close-scoring"), data={"expected": "scoring"})
    assert response.status_code == 302
    slot = fresh(PanelSlot, s.slots[0].id)
    assert slot.state == "closed" and slot.scoring_closed_at is not None
    assert fresh(ScoreSheet, draft.id).status == "draft"
    [event] = audit_events("slot.scoring_closed")
    assert event.before == {"state": "scoring"}
    assert event.after["state"] == "closed" and event.after["submitted"] == 1
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Scoring for Idea 1 has closed with 1 sheet submitted" in body
    assert "Reopen scoring" in body

    refused = client.post(s.slot_url(1, "close-scoring"))
    assert refused.status_code == 400
    assert "Scoring for this pitch has not opened yet" in refused.get_data(as_text=True)


def test_reopen_scoring_needs_a_reason(client, s, chair):
    s.set_state(0, "scoring")
    client.post(s.slot_url(0, "close-scoring"))
    closed_at = fresh(PanelSlot, s.slots[0].id).scoring_closed_at
    url = s.slot_url(0, "reopen-scoring")
    page = client.get(url).get_data(as_text=True)
    assert page_title(page) == "Reopen scoring for Idea 1 – Project Spark!"
    assert "A dragon who had not started a score sheet cannot start one now" in page

    response = client.post(url, data={"reason": "  ", "expected": "closed"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Reopen scoring for Idea 1 – Project Spark!"
    assert "Enter why you are reopening scoring" in body and 'href="#reason"' in body
    assert s.states()[0] == ("Idea 1", "closed")

    response = client.post(url, data={"reason": "Bo lost connection", "expected": "closed"})
    assert response.status_code == 302
    slot = fresh(PanelSlot, s.slots[0].id)
    # The time scoring closed is kept: no sheet may start after it (test_score_sheets_shared).
    assert slot.state == "scoring" and slot.scoring_closed_at == closed_at
    [event] = audit_events("slot.scoring_reopened")
    assert event.before["state"] == "closed"
    assert event.after == {
        "state": "scoring",
        "scoring_closed_at": event.before["scoring_closed_at"],
        "reason": "Bo lost connection",
    }
    assert "Scoring for Idea 1 is open again" in client.get(f"{s.base}/").get_data(as_text=True)

    # The same form sent again (another tab): refused, and what was typed stays.
    stale = client.post(url, data={"reason": "Second tab", "expected": "closed"})
    assert stale.status_code == 409
    assert "Someone changed this" in stale.get_data(as_text=True)
    assert "Second tab" in stale.get_data(as_text=True)
    # A stale link to the reason page goes back to the control page with the reason why.
    redirected = client.get(url)
    assert redirected.status_code == 302
    assert "already open" in client.get(f"{s.base}/").get_data(as_text=True)


def test_scoring_does_not_reopen_once_decided(client, s, chair):
    s.set_state(0, "closed")
    s.pitches[0].status = "decided"
    db.session.commit()
    response = client.post(s.slot_url(0, "reopen-scoring"), data={"reason": "Late sheet"})
    assert response.status_code == 400
    assert "Idea 1 is decided, so it cannot be scored" in response.get_data(as_text=True)
    assert "Late sheet" in response.get_data(as_text=True)
    assert s.states()[0] == ("Idea 1", "closed")


# Reopening one dragon's sheet ----------------------------------------------------------------


def test_reopen_a_submitted_sheet(client, s, chair):
    s.set_state(0, "scoring")
    sheet = make_sheet(s.pitches[0], s.ada, verdict="in", reason="Good", status="submitted")
    url = f"{s.base}/sheets/{sheet.id}/reopen"
    page = client.get(url).get_data(as_text=True)
    assert page_title(page) == "Reopen Ada Dragon’s score sheet – Project Spark!"

    missing = client.post(url, data={"reason": "", "version": str(sheet.version)})
    assert missing.status_code == 400
    assert "Enter why you are reopening this score sheet" in missing.get_data(as_text=True)

    response = client.post(url, data={"reason": "Scored the wrong pitch", "version": "1"})
    assert response.status_code == 302
    sheet = fresh(ScoreSheet, sheet.id)
    assert (sheet.status, sheet.submitted_at, sheet.verdict) == ("draft", None, "in")
    [event] = audit_events("sheet.reopened")
    assert event.actor_id == s.chair.id and event.before["status"] == "submitted"
    assert event.after == {
        "status": "draft",
        "submitted_at": None,
        "reason": "Scored the wrong pitch",
    }
    [email] = outbox_messages("sheet_reopened")
    assert email.to == s.ada.email and "Scored the wrong pitch" in email.body
    assert f"/panels/{s.panel.id}\n" in email.body
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Ada Dragon’s score sheet for Idea 1 is a draft again" in body

    again = client.post(url, data={"reason": "Again", "version": "1"})
    assert again.status_code == 409


def test_a_sheet_reopens_only_while_scoring_has_not_closed(client, s, chair):
    s.set_state(0, "closed")
    sheet = make_sheet(s.pitches[0], s.ada, verdict="in", status="submitted")
    url = f"{s.base}/sheets/{sheet.id}/reopen"
    assert (
        "/sheets/"
        not in client.get(f"{s.base}/")
        .get_data(as_text=True)
        .split(f'id="slot-{s.slots[0].id}"')[1]
        .split("Reopen scoring")[0]
    )
    assert client.get(url).status_code == 302
    response = client.post(url, data={"reason": "Why not", "version": str(sheet.version)})
    assert response.status_code == 400
    assert "Reopen scoring first, then reopen the sheet" in response.get_data(as_text=True)
    assert fresh(ScoreSheet, sheet.id).status == "submitted"

    draft = make_sheet(s.pitches[1], s.ada)
    response = client.post(f"{s.base}/sheets/{draft.id}/reopen", data={"reason": "x"})
    assert response.status_code == 400
    assert "has not been submitted" in response.get_data(as_text=True)


# The running order ---------------------------------------------------------------------------


def test_move_a_waiting_pitch_up_and_down(client, s, chair):
    response = client.post(s.slot_url(2, "move"), data={"direction": "up", "position": "3"})
    assert response.status_code == 302
    assert [title for title, _ in s.states()] == ["Idea 1", "Idea 3", "Idea 2"]
    [event] = audit_events("slot.moved")
    assert (event.before["position"], event.after["position"]) == (3, 2)
    assert "Idea 3 is now number 2" in client.get(f"{s.base}/").get_data(as_text=True)
    # Double click: the second is refused, not a second move.
    assert (
        client.post(s.slot_url(2, "move"), data={"direction": "up", "position": "3"}).status_code
        == 409
    )
    client.post(s.slot_url(0, "move"), data={"direction": "down", "position": "1"})
    assert [title for title, _ in s.states()] == ["Idea 3", "Idea 1", "Idea 2"]
    positions = sorted(fresh(PanelSlot, slot.id).position for slot in s.slots)
    assert positions == [1, 2, 3]


def test_now_pitching_follows_its_slot_when_the_order_changes(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"))
    client.post(s.slot_url(1, "move"), data={"direction": "up", "position": "2"})
    assert fresh(Panel, s.panel.id).current_position == 2
    assert s.states()[1] == ("Idea 1", "pitching")


@pytest.mark.parametrize(
    ("index", "data", "message"),
    [
        (0, {"direction": "up", "position": "1"}, "already first in the running order"),
        (2, {"direction": "down", "position": "3"}, "already last in the running order"),
        (1, {"direction": "sideways", "position": "2"}, "Choose whether to move the pitch"),
        (1, {"position": "2"}, "Choose whether to move the pitch"),
    ],
)
def test_move_refusals(client, s, chair, index, data, message):
    response = client.post(s.slot_url(index, "move"), data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert [title for title, _ in s.states()] == ["Idea 1", "Idea 2", "Idea 3"]


def test_only_a_waiting_pitch_moves(client, s, chair):
    s.set_state(1, "scoring")
    response = client.post(s.slot_url(1, "move"), data={"direction": "up", "position": "2"})
    assert response.status_code == 400
    assert "Only a waiting pitch can move" in response.get_data(as_text=True)
    assert (
        'name="direction" value="up"'
        not in client.get(f"{s.base}/")
        .get_data(as_text=True)
        .split(f'id="slot-{s.slots[1].id}"')[1]
        .split("</tr>")[0]
    )


# Two tabs racing: the conditional updates --------------------------------------------------


def _change_behind_the_sessions_back(slot_id: int, **values) -> None:
    """Another request (a second tab) commits a change this session has not seen."""
    from sqlalchemy import update

    with db.engine.begin() as other:
        other.execute(update(PanelSlot).where(PanelSlot.id == slot_id).values(**values))


@pytest.mark.parametrize(
    ("start", "move"),
    [
        ("waiting", lambda s, slot: session_service.set_now_pitching(s.chair, s.panel, slot)),
        ("waiting", lambda s, slot: session_service.open_scoring(s.chair, s.panel, slot)),
        ("scoring", lambda s, slot: session_service.close_scoring(s.chair, s.panel, slot)),
        ("closed", lambda s, slot: session_service.reopen_scoring(s.chair, s.panel, slot, "x")),
        (
            "waiting",
            lambda s, slot: session_service.move_slot(
                s.chair, s.panel, slot, "up", seen_position=2
            ),
        ),
    ],
)
def test_a_lost_race_changes_nothing(app, s, start, move):
    s.set_state(1, start)
    slot = db.session.get(PanelSlot, s.slots[1].id)
    panel_state = (slot.state, slot.position)  # loaded: what this request read
    assert panel_state == (start, 2)
    _change_behind_the_sessions_back(
        slot.id, state="pitching" if start != "pitching" else "waiting"
    )
    with pytest.raises(session_service.ChangedElsewhere):
        move(s, slot)
    db.session.expire_all()
    assert [title for title, _ in s.states()] == ["Idea 1", "Idea 2", "Idea 3"]
    assert s.states()[1] == ("Idea 2", "pitching")
    assert db.session.get(Panel, s.panel.id).current_position is None
    assert fresh(Pitch, s.pitches[1].id).status == "assigned"
    assert chair_events() == []


def test_closing_below_the_quorum_says_so(client, s, chair):
    s.set_state(0, "scoring")
    s.set_state(1, "scoring")
    for dragon in (s.chair, s.ada, s.bo):
        make_sheet(s.pitches[1], dragon, verdict="in", status="submitted")
    client.post(s.slot_url(0, "close-scoring"))
    client.post(s.slot_url(1, "close-scoring"))
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Idea 1 has closed with 0 sheets submitted, fewer than the quorum of 3" in body
    assert "Idea 2 has closed with 3 sheets submitted</p>" in body
