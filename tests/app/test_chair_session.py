"""The chair's control page: who has submitted, and the chair's moves through the live session."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import event

from spark.extensions import db
from spark.panels.models import Conflict, Panel, PanelSlot, ScoreSheet
from spark.pitches.models import Pitch
from tests.factories import audit_events, make_user, outbox_messages, sign_in
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


@dataclass
class Session:
    round: object
    panel: Panel
    chair: object
    ada: object
    bo: object
    pitches: list
    slots: list

    @property
    def base(self) -> str:
        return f"/panels/{self.panel.id}/chair"

    def slot_url(self, index: int, action: str) -> str:
        return f"{self.base}/slots/{self.slots[index].id}/{action}"


@pytest.fixture
def s(app) -> Session:
    round_ = make_judged_round()
    chair = make_dragon(name="Cara Chair")
    ada, bo = make_dragon(name="Ada Dragon"), make_dragon(name="Bo Dragon")
    panel = make_panel(round_, chair, ada, bo, name="Panel A")
    pitches = [
        make_team_pitch(round_, title=f"Idea {n}", reference=f"SPK-2027-{n:04d}") for n in (1, 2, 3)
    ]
    slots = route(panel, *pitches)
    return Session(round_, panel, chair, ada, bo, pitches, slots)


@pytest.fixture
def chair(client, s):
    sign_in(client, s.chair)
    return s.chair


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def states(s: Session) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [
        (slot.pitch.title, slot.state)
        for slot in db.session.scalars(
            db.select(PanelSlot)
            .where(PanelSlot.panel_id == s.panel.id)
            .order_by(PanelSlot.position)
        )
    ]


def chair_events() -> list:
    return [e for e in audit_events() if e.action.split(".")[0] in ("slot", "sheet", "pitch")]


def set_state(slot, state: str, current: int | None = None):
    slot = fresh(PanelSlot, slot.id)
    slot.state = state
    if current is not None:
        slot.panel.current_position = current
    db.session.commit()


# The page ------------------------------------------------------------------------------------


def test_control_page_shows_the_running_order_and_statuses(client, s, chair):
    criterion = criteria_of(s.round)[0]
    make_sheet(
        s.pitches[0],
        s.ada,
        scores={criterion.id: (5, "Secret comment")},
        verdict="in",
        reason="Secret reason",
        status="submitted",
    )
    make_sheet(s.pitches[0], s.bo, scores={criterion.id: 2}, status="draft")
    db.session.add(Conflict(pitch_id=s.pitches[1].id, user_id=s.bo.id, reason="My brother"))
    db.session.commit()

    response = client.get(f"{s.base}/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Run Panel A – Project Spark!"
    for pitch in s.pitches:
        assert pitch.title in body and pitch.reference in body and pitch.team.name in body
    assert "Your panel page" in body
    assert "No pitch has been called yet" in body

    def row(slot):
        return body.split(f'id="slot-{slot.id}"')[1].split("</tr>")[0]

    first, second, third = (row(slot) for slot in s.slots)
    assert "Cara Chair (chair):" in first
    assert first.count("To score") == 1 and "Draft saved" in first and "Submitted" in first
    assert "1 of 3 submitted" in first
    assert "Recused" in second and "My brother" not in body
    assert "0 of 2 submitted" in second
    assert third.count("To score") == 3
    # Statuses only: never another dragon's scores, comments or reasons.
    assert "Secret" not in body
    submitted = db.session.scalar(db.select(ScoreSheet.id).where(ScoreSheet.dragon_id == s.ada.id))
    assert f"/sheets/{submitted}/reopen" in first
    assert "Set as now pitching" in first and "Move down" in first and "Move up" not in first
    assert "Move up" in third and "Move down" not in third


def test_a_panel_with_no_pitches(client, app):
    round_ = make_judged_round()
    chair = make_dragon()
    panel = make_panel(round_, chair)
    sign_in(client, chair)
    body = client.get(f"/panels/{panel.id}/chair/").get_data(as_text=True)
    assert "No pitches have been routed to this panel yet" in body
    assert "No more pitches are waiting" in body


def test_the_page_takes_the_same_number_of_queries_whatever_its_size(client, app):
    round_ = make_judged_round()
    chair = make_dragon()

    def queries_for(pitch_count: int, dragon_count: int) -> int:
        dragons = [make_dragon() for _ in range(dragon_count)]
        panel = make_panel(round_, chair, *dragons)
        pitches = [make_team_pitch(round_) for _ in range(pitch_count)]
        route(panel, *pitches)
        for pitch in pitches:
            for dragon in dragons:
                make_sheet(pitch, dragon, verdict="in", status="submitted")
        if pitches:
            db.session.add(Conflict(pitch_id=pitches[0].id, user_id=dragons[0].id, reason="x"))
            db.session.commit()
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/panels/{panel.id}/chair/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    sign_in(client, chair)
    assert queries_for(1, 1) == queries_for(6, 4)


# Who may see it ------------------------------------------------------------------------------


def _every_chair_request(s: Session, sheet_id: int):
    slot = s.slots[0].id
    yield "get", f"{s.base}/"
    yield "get", f"{s.base}/slots/{slot}/reopen-scoring"
    yield "get", f"{s.base}/sheets/{sheet_id}/reopen"
    for action in ("now-pitching", "open-scoring", "close-scoring", "reopen-scoring", "move"):
        yield "post", f"{s.base}/slots/{slot}/{action}"
    yield "post", f"{s.base}/next"
    yield "post", f"{s.base}/sheets/{sheet_id}/reopen"


@pytest.mark.parametrize("who", ["dragon", "organiser", "outsider", "other chair"])
def test_only_the_chair_may_use_the_control_page(client, s, who):
    sheet = make_sheet(s.pitches[0], s.ada, verdict="in", status="submitted")
    set_state(s.slots[0], "closed")
    if who == "dragon":
        person = s.ada
    elif who == "organiser":
        person = make_user(roles=("organiser",))
    elif who == "other chair":
        person = make_dragon()
        make_panel(s.round, person)
    else:
        person = make_user()
    sign_in(client, person)
    for method, url in _every_chair_request(s, sheet.id):
        data = {"reason": "Because", "direction": "up", "expected": "closed"}
        response = getattr(client, method)(url, data=data) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url)
    assert states(s)[0] == ("Idea 1", "closed")
    assert fresh(ScoreSheet, sheet.id).status == "submitted"
    assert chair_events() == []


def test_signed_out_people_go_to_sign_in(client, s):
    response = client.get(f"{s.base}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_another_panels_slot_or_sheet_is_404(client, s, chair):
    other = make_panel(s.round, make_dragon(), s.chair)
    [slot] = route(other, make_team_pitch(s.round))
    sheet = make_sheet(slot.pitch, s.chair, verdict="in", status="submitted")
    assert client.post(f"{s.base}/slots/{slot.id}/open-scoring").status_code == 404
    assert client.get(f"{s.base}/sheets/{sheet.id}/reopen").status_code == 404
    assert client.post(f"{s.base}/slots/999999/now-pitching").status_code == 404
    assert fresh(PanelSlot, slot.id).state == "waiting"


# Now pitching and the next pitch -------------------------------------------------------------


def test_set_now_pitching(client, s, chair):
    response = client.post(s.slot_url(1, "now-pitching"), data={"expected": "waiting"})
    assert response.status_code == 302 and response.headers["Location"] == f"{s.base}/"
    assert states(s) == [("Idea 1", "waiting"), ("Idea 2", "pitching"), ("Idea 3", "waiting")]
    assert fresh(Panel, s.panel.id).current_position == 2
    [event] = audit_events("slot.now_pitching")
    assert event.actor_id == s.chair.id
    assert event.before == {"current_position": None, "states": {str(s.slots[1].id): "waiting"}}
    assert event.after == {"current_position": 2, "states": {str(s.slots[1].id): "pitching"}}
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Idea 2 is now pitching" in body and "govuk-notification-banner--success" in body

    # Calling another pitch sends one that never opened for scoring back to waiting.
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    assert states(s) == [("Idea 1", "pitching"), ("Idea 2", "waiting"), ("Idea 3", "waiting")]
    assert fresh(Panel, s.panel.id).current_position == 1


def test_a_double_click_on_now_pitching_is_refused_kindly(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    response = client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert page_title(body) == "Error: Run Panel A – Project Spark!"
    assert "Someone changed this a moment ago" in body and "govuk-error-summary" in body
    assert f'href="#slot-{s.slots[0].id}"' in body
    assert len(audit_events("slot.now_pitching")) == 1


def test_now_pitching_refused_for_a_pitch_already_scored(client, s, chair):
    set_state(s.slots[0], "closed")
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
    assert response.status_code == 409 and 'href="#next-pitch"' in response.get_data(as_text=True)
    assert fresh(Panel, s.panel.id).current_position == 1

    client.post(s.slot_url(0, "open-scoring"), data={"expected": "pitching"})
    client.post(f"{s.base}/next", data={"current": "1"})
    assert states(s) == [("Idea 1", "scoring"), ("Idea 2", "pitching"), ("Idea 3", "waiting")]
    client.post(f"{s.base}/next", data={"current": "2"})
    assert states(s) == [("Idea 1", "scoring"), ("Idea 2", "waiting"), ("Idea 3", "pitching")]
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
    assert opened.before == {"state": "pitching", "pitch_status": "assigned"}
    assert opened.after["state"] == "scoring" and opened.after["pitch_status"] == "pitched"
    [pitched] = audit_events("pitch.pitched")
    assert (pitched.before, pitched.after) == ({"status": "assigned"}, {"status": "pitched"})
    assert "Scoring for Idea 1 is open" in client.get(f"{s.base}/").get_data(as_text=True)


def test_open_scoring_straight_from_waiting_and_refusals(client, s, chair):
    assert client.post(s.slot_url(2, "open-scoring")).status_code == 302
    assert states(s)[2] == ("Idea 3", "scoring")
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
    assert states(s)[1] == ("Idea 2", "waiting")


def test_close_scoring_leaves_drafts_as_drafts(client, s, chair):
    set_state(s.slots[0], "scoring")
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
    set_state(s.slots[0], "closed")
    url = s.slot_url(0, "reopen-scoring")
    page = client.get(url).get_data(as_text=True)
    assert page_title(page) == "Reopen scoring for Idea 1 – Project Spark!"

    response = client.post(url, data={"reason": "  ", "expected": "closed"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Reopen scoring for Idea 1 – Project Spark!"
    assert "Enter why you are reopening scoring" in body and 'href="#reason"' in body
    assert states(s)[0] == ("Idea 1", "closed")

    response = client.post(url, data={"reason": "Bo lost connection", "expected": "closed"})
    assert response.status_code == 302
    slot = fresh(PanelSlot, s.slots[0].id)
    assert slot.state == "scoring" and slot.scoring_closed_at is None
    [event] = audit_events("slot.scoring_reopened")
    assert event.before["state"] == "closed"
    assert event.after == {
        "state": "scoring",
        "scoring_closed_at": None,
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


# Reopening one dragon's sheet ----------------------------------------------------------------


def test_reopen_a_submitted_sheet(client, s, chair):
    set_state(s.slots[0], "scoring")
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
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Ada Dragon’s score sheet for Idea 1 is a draft again" in body

    again = client.post(url, data={"reason": "Again", "version": "1"})
    assert again.status_code == 409


def test_a_sheet_reopens_only_while_scoring_has_not_closed(client, s, chair):
    set_state(s.slots[0], "closed")
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
    assert [title for title, _ in states(s)] == ["Idea 1", "Idea 3", "Idea 2"]
    [event] = audit_events("slot.moved")
    assert (event.before["position"], event.after["position"]) == (3, 2)
    assert "Idea 3 is now number 2" in client.get(f"{s.base}/").get_data(as_text=True)
    # Double click: the second is refused, not a second move.
    assert (
        client.post(s.slot_url(2, "move"), data={"direction": "up", "position": "3"}).status_code
        == 409
    )
    client.post(s.slot_url(0, "move"), data={"direction": "down", "position": "1"})
    assert [title for title, _ in states(s)] == ["Idea 3", "Idea 1", "Idea 2"]
    positions = sorted(fresh(PanelSlot, slot.id).position for slot in s.slots)
    assert positions == [1, 2, 3]


def test_now_pitching_follows_its_slot_when_the_order_changes(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"))
    client.post(s.slot_url(1, "move"), data={"direction": "up", "position": "2"})
    assert fresh(Panel, s.panel.id).current_position == 2
    assert states(s)[1] == ("Idea 1", "pitching")


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
    assert [title for title, _ in states(s)] == ["Idea 1", "Idea 2", "Idea 3"]


def test_only_a_waiting_pitch_moves(client, s, chair):
    set_state(s.slots[1], "scoring")
    response = client.post(s.slot_url(1, "move"), data={"direction": "up", "position": "2"})
    assert response.status_code == 400
    assert "Only a waiting pitch can move" in response.get_data(as_text=True)
    assert (
        "Move up"
        not in client.get(f"{s.base}/")
        .get_data(as_text=True)
        .split(f'id="slot-{s.slots[1].id}"')[1]
        .split("</tr>")[0]
    )
