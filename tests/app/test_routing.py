"""Organisers route eligible pitches to panels, by hand or automatically, and back off."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from spark.extensions import db
from spark.panels import routing_service
from spark.panels.models import Conflict, JudgingSettings, PanelSlot
from tests.factories import audit_events, make_user, outbox_messages, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import (
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)


@pytest.fixture
def round_(app):
    return make_judged_round(name="Spark! spring 2027")


def panel_of_three(round_, name, department="HM Revenue and Customs"):
    """A chair (in ``department``) and two dragons."""
    return make_panel(round_, make_dragon(department), make_dragon(), make_dragon(), name=name)


def slots(panel) -> list[tuple[int, int]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(PanelSlot).where(PanelSlot.panel_id == panel.id).order_by(PanelSlot.position)
    )
    return [(slot.position, slot.pitch_id) for slot in rows]


def plan_of(body: str) -> str:
    return re.search(r'name="plan" type="hidden" value="([^"]*)"', body).group(1)


# The routing page ------------------------------------------------------------------------------


def test_routing_page_lists_waiting_pitches_and_running_orders(client, organiser, round_):
    panel_a = panel_of_three(round_, "Panel A")
    panel_of_three(round_, "Panel B")
    waiting = make_team_pitch(round_, title="Plain English letters")
    routed = make_team_pitch(round_, title="Booking a desk")
    route(panel_a, routed)
    make_team_pitch(round_, status="submitted", title="Not screened yet")

    response = client.get(f"/rounds/{round_.id}/routing")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Route pitches to panels – Project Spark!"
    assert "1 eligible pitch is waiting for a panel" in body
    assert "Plain English letters" in body and "Not screened yet" not in body
    assert f"/rounds/{round_.id}/routing/pitches/{waiting.id}/assign" in body
    assert f"/rounds/{round_.id}/routing/pitches/{routed.id}/remove" in body
    assert "Running order: 1 pitch" in body and "No pitches on this panel yet" in body
    assert "at least 3 dragons (the chair counts) are free of conflict" in body
    assert "Route automatically" in body


def test_routing_page_without_panels_or_pitches(client, organiser, round_):
    body = client.get(f"/rounds/{round_.id}/routing").get_data(as_text=True)
    assert "No eligible pitches are waiting for a panel" in body
    assert "There are no panels in this round yet" in body
    assert "Route automatically" not in body
    assert client.get("/rounds/999999/routing").status_code == 404
    pitch = make_team_pitch(round_)
    response = client.get(
        f"/rounds/{round_.id}/routing/pitches/{pitch.id}/assign", follow_redirects=True
    )
    assert "Add a panel to this round before you route pitches" in response.get_data(as_text=True)
    assert client.get("/rounds/999999/conflicts").status_code == 404


# By hand ---------------------------------------------------------------------------------------


def test_put_a_pitch_on_a_panel_by_hand(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    first, pitch = make_team_pitch(round_), make_team_pitch(round_, title="Booking a desk")
    route(panel, first)
    url = f"/rounds/{round_.id}/routing/pitches/{pitch.id}/assign"

    form = client.get(url).get_data(as_text=True)
    assert page_title(form) == "Put a pitch on a panel – Project Spark!"
    assert "3 of 3 dragons free of conflict with this pitch. 1 pitch so far." in form

    response = client.post(url, data={"panel": str(panel.id)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}/routing"
    assert slots(panel) == [(1, first.id), (2, pitch.id)]
    assert pitch.status == "assigned"
    [event] = audit_events("pitch.routed")
    assert event.actor_id == organiser.id and event.target_id == str(pitch.id)
    assert event.after["panel"] == "Panel A" and event.after["position"] == 2
    assert event.after["how"] == "by hand"
    [email] = outbox_messages("pitch_routed")
    assert "will be heard by Panel A on" in email.body
    assert "‘Booking a desk’ is on Panel A" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_a_panel_without_quorum_free_of_conflict_is_refused(client, organiser, round_):
    # The chair works in the same department as the team's lead; a dragon declared one.
    panel = panel_of_three(round_, "Panel A", department="Cabinet Office")
    pitch = make_team_pitch(round_, department="Cabinet Office")
    url = f"/rounds/{round_.id}/routing/pitches/{pitch.id}/assign"
    assert "2 of 3 dragons free of conflict" in client.get(url).get_data(as_text=True)

    response = client.post(url, data={"panel": str(panel.id)})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body).startswith("Error: Put a pitch on a panel")
    assert "govuk-error-summary" in body
    assert (
        "Panel A has only 2 of the 3 dragons free of conflict with this pitch that it needs"
    ) in body
    assert slots(panel) == [] and pitch.status == "eligible"

    dragon = next(m.user for m in panel.members if m.user_id != panel.chair_id)
    db.session.add(Conflict(pitch_id=pitch.id, user_id=dragon.id, reason="My sister's team"))
    db.session.commit()
    body = client.post(url, data={"panel": str(panel.id)}).get_data(as_text=True)
    assert "Panel A has only 1 of the 3 dragons" in body
    assert audit_events("pitch.routed") == []

    # The quorum is the round's, from its judging settings.
    db.session.get(JudgingSettings, round_.id).quorum = 1
    db.session.commit()
    assert client.post(url, data={"panel": str(panel.id)}).status_code == 302
    assert slots(panel) == [(1, pitch.id)]


@pytest.mark.parametrize("choice", [None, "", "abc", "999999", "other-round"])
def test_choosing_no_panel_or_another_rounds_panel(client, organiser, round_, choice):
    panel_of_three(round_, "Panel A")
    pitch = make_team_pitch(round_)
    if choice == "other-round":
        choice = str(panel_of_three(make_judged_round(), "Elsewhere").id)
    data = {} if choice is None else {"panel": choice}
    response = client.post(f"/rounds/{round_.id}/routing/pitches/{pitch.id}/assign", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Select a panel for this pitch" in body and "govuk-error-summary" in body
    assert pitch.status == "eligible"


def test_only_the_rounds_eligible_unrouted_pitches_can_be_put_on_a_panel(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    submitted = make_team_pitch(round_, status="submitted")
    routed = make_team_pitch(round_, title="Booking a desk")
    route(panel, routed)
    elsewhere = make_team_pitch(make_judged_round())
    base = f"/rounds/{round_.id}/routing/pitches"

    response = client.post(f"{base}/{submitted.id}/assign", data={"panel": str(panel.id)})
    assert response.status_code == 302
    assert "is not eligible" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.get(f"{base}/{routed.id}/assign", follow_redirects=True)
    assert "‘Booking a desk’ is already on Panel A" in response.get_data(as_text=True)
    assert client.get(f"{base}/{elsewhere.id}/assign").status_code == 404
    assert client.get(f"{base}/999999/assign").status_code == 404
    assert slots(panel) == [(1, routed.id)]


# Taking a pitch off ----------------------------------------------------------------------------


def test_take_a_pitch_off_its_panel(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    one, two, three = (make_team_pitch(round_) for _ in range(3))
    route(panel, one, two, three)
    url = f"/rounds/{round_.id}/routing/pitches/{two.id}/remove"

    page = client.get(url).get_data(as_text=True)
    assert page_title(page) == f"Take ‘{two.title}’ off Panel A? – Project Spark!"
    response = client.post(url)
    assert response.status_code == 302
    assert slots(panel) == [(1, one.id), (2, three.id)] and two.status == "eligible"
    [event] = audit_events("pitch.unrouted")
    assert event.before == {"status": "assigned", "panel_id": panel.id, "position": 2}
    assert outbox_messages("pitch_unrouted")
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"‘{two.title}’ is off Panel A and waiting for a panel" in body
    assert "1 eligible pitch is waiting for a panel" in body


def test_a_pitch_with_a_score_sheet_stays_on_its_panel(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    pitch = make_team_pitch(round_)
    route(panel, pitch)
    make_sheet(pitch, panel.chair)
    assert "Scoring started" in client.get(f"/rounds/{round_.id}/routing").get_data(as_text=True)

    url = f"/rounds/{round_.id}/routing/pitches/{pitch.id}/remove"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
    body = client.get(f"/rounds/{round_.id}/routing").get_data(as_text=True)
    assert "because a dragon has started a score sheet for it" in body
    assert slots(panel) == [(1, pitch.id)] and pitch.status == "assigned"
    assert audit_events("pitch.unrouted") == []


def test_a_pitch_the_chair_has_called_stays_on_its_panel(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    pitch = make_team_pitch(round_)
    route(panel, pitch, state="pitching")
    response = client.post(
        f"/rounds/{round_.id}/routing/pitches/{pitch.id}/remove", follow_redirects=True
    )
    assert "because the chair has already called it" in response.get_data(as_text=True)
    assert slots(panel) == [(1, pitch.id)]
    waiting = make_team_pitch(round_)
    response = client.post(
        f"/rounds/{round_.id}/routing/pitches/{waiting.id}/remove", follow_redirects=True
    )
    assert f"‘{waiting.title}’ is not on a panel" in response.get_data(as_text=True)


# Automatically: preview, then apply ------------------------------------------------------------


def test_route_six_pitches_automatically(client, organiser, round_):
    panel_a, panel_b = panel_of_three(round_, "Panel A"), panel_of_three(round_, "Panel B")
    pitches = [make_team_pitch(round_, title=f"Idea {n}") for n in range(1, 7)]

    preview = client.get(f"/rounds/{round_.id}/routing/automatic")
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert page_title(body) == "Check the automatic routing – Project Spark!"
    assert "Panel A: 3 pitches added, 3 pitches in all" in body
    assert "Panel B: 3 pitches added, 3 pitches in all" in body
    assert "Keeps the number of pitches per panel even among the 2 panels" in body
    assert slots(panel_a) == [] and audit_events("pitch.routed") == []  # nothing yet

    response = client.post(f"/rounds/{round_.id}/routing/automatic", data={"plan": plan_of(body)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}/routing"
    ids = [pitch.id for pitch in pitches]
    assert slots(panel_a) == [(1, ids[0]), (2, ids[2]), (3, ids[4])]
    assert slots(panel_b) == [(1, ids[1]), (2, ids[3]), (3, ids[5])]
    assert {pitch.status for pitch in pitches} == {"assigned"}
    events = audit_events("pitch.routed")
    assert len(events) == 6 and {e.after["how"] for e in events} == {"automatically"}
    assert len(outbox_messages("pitch_routed")) == 6
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "6 pitches routed to 2 panels" in page
    assert "No eligible pitches are waiting for a panel" in page


def test_new_pitches_join_the_end_of_the_running_order_and_even_out(client, organiser, round_):
    panel_a, panel_b = panel_of_three(round_, "Panel A"), panel_of_three(round_, "Panel B")
    earlier = [make_team_pitch(round_) for _ in range(2)]
    route(panel_a, *earlier)
    new = [make_team_pitch(round_) for _ in range(3)]
    body = client.get(f"/rounds/{round_.id}/routing/automatic").get_data(as_text=True)
    assert "No new pitches" not in body
    client.post(f"/rounds/{round_.id}/routing/automatic", data={"plan": plan_of(body)})
    assert slots(panel_a) == [(1, earlier[0].id), (2, earlier[1].id), (3, new[2].id)]
    assert slots(panel_b) == [(1, new[0].id), (2, new[1].id)]


def test_the_preview_says_why_a_pitch_cannot_be_placed(client, organiser, round_):
    panel_of_three(round_, "Panel A", department="Cabinet Office")
    panel_of_three(round_, "Panel B", department="Cabinet Office")
    stuck = make_team_pitch(round_, department="Cabinet Office", title="Stuck")
    placed = make_team_pitch(round_, department="Home Office", title="Placed")

    body = client.get(f"/rounds/{round_.id}/routing/automatic").get_data(as_text=True)
    assert "1 pitch cannot be placed" in body
    assert (
        "No panel has 3 dragons free of conflict with this pitch: Panel A has 2, Panel B has 2"
    ) in body
    response = client.post(f"/rounds/{round_.id}/routing/automatic", data={"plan": plan_of(body)})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 pitch routed to 1 panel. 1 pitch could not be placed and is still waiting" in page
    assert (stuck.status, placed.status) == ("eligible", "assigned")


def test_nothing_to_route(client, organiser, round_):
    panel_of_three(round_, "Panel A")
    body = client.get(f"/rounds/{round_.id}/routing/automatic").get_data(as_text=True)
    assert "There are no pitches that can be routed" in body
    assert "Apply this routing" not in body
    response = client.post(
        f"/rounds/{round_.id}/routing/automatic", data={"plan": ";"}, follow_redirects=True
    )
    assert "There are no pitches that can be routed" in response.get_data(as_text=True)


def test_a_plan_that_changed_since_the_preview_is_not_applied(client, organiser, round_):
    panel_a, panel_b = panel_of_three(round_, "Panel A"), panel_of_three(round_, "Panel B")
    first, second = make_team_pitch(round_), make_team_pitch(round_)
    previewed = plan_of(client.get(f"/rounds/{round_.id}/routing/automatic").get_data(as_text=True))
    assert previewed == f"{first.id}:{panel_a.id},{second.id}:{panel_b.id};"

    # Meanwhile a dragon on Panel A declares a conflict with the first pitch, and it drops
    # below quorum there.
    dragon = next(m.user for m in panel_a.members if m.user_id != panel_a.chair_id)
    db.session.add(Conflict(pitch_id=first.id, user_id=dragon.id, reason="I mentor the lead"))
    db.session.commit()

    response = client.post(f"/rounds/{round_.id}/routing/automatic", data={"plan": previewed})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Something changed since you looked at this plan, so nothing has been routed" in body
    assert slots(panel_a) == [] and slots(panel_b) == [] and audit_events("pitch.routed") == []
    fresh = plan_of(body)
    assert fresh == f"{first.id}:{panel_b.id},{second.id}:{panel_a.id};"

    response = client.post(f"/rounds/{round_.id}/routing/automatic", data={"plan": fresh})
    assert response.status_code == 302
    assert slots(panel_a) == [(1, second.id)] and slots(panel_b) == [(1, first.id)]

    # Applying the same preview twice routes nothing more.
    again = client.post(f"/rounds/{round_.id}/routing/automatic", data={"plan": fresh})
    assert again.status_code == 409
    assert len(audit_events("pitch.routed")) == 2


def test_the_plan_is_the_same_every_time(client, organiser, round_):
    panels = [panel_of_three(round_, f"Panel {name}") for name in "CAB"]
    pitches = [make_team_pitch(round_) for _ in range(7)]
    dragon = panels[1].members[1].user
    db.session.add(Conflict(pitch_id=pitches[3].id, user_id=dragon.id, reason="Friend"))
    db.session.commit()
    plans = {
        plan_of(client.get(f"/rounds/{round_.id}/routing/automatic").get_data(as_text=True))
        for _ in range(3)
    }
    assert len(plans) == 1
    assert routing_service.plan(round_).fingerprint() in plans


def test_a_closed_round_cannot_be_routed(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    pitch = make_team_pitch(round_)
    round_.status = "closed"
    db.session.commit()
    page = client.get(f"/rounds/{round_.id}/routing").get_data(as_text=True)
    assert "This round is closed" in page and "Route automatically" not in page
    for url, data in (
        (f"/rounds/{round_.id}/routing/automatic", None),
        (f"/rounds/{round_.id}/routing/pitches/{pitch.id}/assign", {"panel": str(panel.id)}),
    ):
        response = client.post(url, data=data) if data else client.get(url)
        assert response.status_code == 302
    response = client.post(
        f"/rounds/{round_.id}/routing/automatic", data={"plan": f"{pitch.id}:{panel.id};"}
    )
    assert response.status_code == 302
    assert pitch.status == "eligible" and slots(panel) == []


# Who may route ---------------------------------------------------------------------------------


@pytest.mark.parametrize("roles", [None, (), ("lab",)])
def test_only_organisers_may_route(client, round_, roles):
    """Signed out: to sign-in; a plain user or a lab user: 403, and nothing changes."""
    panel = panel_of_three(round_, "Panel A")
    pitch, other = make_team_pitch(round_), make_team_pitch(round_)
    route(panel, other)
    if roles is not None:
        sign_in(client, make_user(roles=roles))
    base = f"/rounds/{round_.id}"
    gets = ["routing", "routing/automatic", f"routing/pitches/{pitch.id}/assign", "conflicts"]
    posts = [
        ("routing/automatic", {"plan": f"{pitch.id}:{panel.id};"}),
        (f"routing/pitches/{pitch.id}/assign", {"panel": str(panel.id)}),
        (f"routing/pitches/{other.id}/remove", {}),
    ]
    responses = [client.get(f"{base}/{url}") for url in [*gets, posts[2][0]]]
    responses += [client.post(f"{base}/{url}", data=data) for url, data in posts]
    for response in responses:
        if roles is None:
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/sign-in?next=")
        else:
            assert response.status_code == 403
    assert pitch.status == "eligible" and slots(panel) == [(1, other.id)]


def test_the_routing_page_shows_the_services_answer_on_each_pitch(client, organiser, round_):
    panel = panel_of_three(round_, "Panel A")
    free, scored, called = (make_team_pitch(round_) for _ in range(3))
    route(panel, free, scored)
    route(panel, called, state="pitching")
    make_sheet(scored, panel.chair)
    answers = routing_service.removal_refusals(panel.slots)
    assert answers[free.id] is None
    assert answers[scored.id].hint == "Scoring started"
    assert answers[called.id].hint == "Called by the chair"
    assert answers[called.id].message == routing_service.removal_refusal(panel.slots[2])
    body = client.get(f"/rounds/{round_.id}/routing").get_data(as_text=True)
    assert body.count("Take off panel") == 1
    assert "Scoring started" in body and "Called by the chair" in body
