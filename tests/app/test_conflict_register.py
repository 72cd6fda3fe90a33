"""The conflicts register: organisers read every conflict between a round's routed pitches
and the dragons on their panels, found from the records or declared, by panel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spark.extensions import db
from spark.panels.models import Conflict
from tests.factories import make_pitch, make_team, make_user, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import (
    make_dragon,
    make_judged_round,
    make_panel,
    make_team_pitch,
    route,
)


def section(body: str, heading: str) -> str:
    """The page from the panel's heading to the next panel's."""
    start = body.index(f'<h2 class="govuk-heading-m">{heading}</h2>')
    end = body.find('<h2 class="govuk-heading-m">', start + 1)
    return body[start : end if end != -1 else len(body)]


def test_the_register_lists_found_and_declared_conflicts_by_panel(client, organiser):
    round_ = make_judged_round(name="Spark! spring 2027")
    chair_a = make_dragon(name="Ada Chair", department="Cabinet Office")
    teammate = make_dragon(name="Ben Teammate")
    declarer = make_dragon(name="Cara Declarer")
    panel_a = make_panel(round_, chair_a, teammate, declarer, name="Panel A")
    free = make_dragon(name="Dev Free")
    panel_b = make_panel(round_, free, make_dragon(), make_dragon(), name="Panel B")

    # Ben is on the team of the first pitch; its lead is in the Cabinet Office, like Ada.
    lead = make_user(name="Lena Lead", department="Cabinet Office")
    pitch = make_pitch(
        make_team(lead, teammate, name="Letters team"),
        round=round_,
        status="eligible",
        title="Plain English letters",
    )
    other = make_team_pitch(round_, department="Home Office", title="Booking a desk")
    route(panel_a, pitch, other)
    route(panel_b, make_team_pitch(round_, department="Home Office", title="Quiet pitch"))
    db.session.add(
        Conflict(
            pitch_id=other.id,
            user_id=declarer.id,
            reason="I advised the team last year",
            declared_at=datetime(2027, 6, 3, 13, 30, tzinfo=UTC),
        )
    )
    # Declared by a dragon who also works with the team: found and declared, one row.
    db.session.add(Conflict(pitch_id=pitch.id, user_id=teammate.id, reason="My own team"))
    # A conflict with a pitch that is on no panel is not in the register.
    unrouted = make_team_pitch(round_, department="Cabinet Office", title="Not routed")
    db.session.commit()

    response = client.get(f"/rounds/{round_.id}/conflicts")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Conflicts of interest – Project Spark!"
    assert "3 conflicts in this round" in body
    assert unrouted.title not in body

    panel_a_html = section(body, "Panel A")
    assert "3 conflicts on Panel A" in panel_a_html
    rows = panel_a_html.split('<tr class="govuk-table__row">')[2:]
    assert len(rows) == 3
    # In running order, then by dragon name.
    assert "Plain English letters" in rows[0] and "Ada Chair, Cabinet Office" in rows[0]
    assert "Same department as the team&#39;s lead" in rows[0]
    assert "Ben Teammate" in rows[1] and "On the pitch&#39;s team" in rows[1]
    assert "‘My own team’, declared by Ben Teammate on" in rows[1]
    assert "Booking a desk" in rows[2] and "Cara Declarer" in rows[2]
    assert (
        "‘I advised the team last year’, declared by Cara Declarer on 3 June 2027 at 2:30pm"
        in rows[2]
    )
    assert ">No<" in rows[2]  # not found from the records

    assert "No conflicts on this panel" in section(body, "Panel B")
    assert "Dev Free" not in body


def test_a_round_without_panels_or_conflicts(client, organiser):
    round_ = make_judged_round()
    body = client.get(f"/rounds/{round_.id}/conflicts").get_data(as_text=True)
    assert "0 conflicts in this round" in body
    assert "There are no panels in this round yet" in body

    make_panel(round_, make_dragon(), name="Panel A")
    body = client.get(f"/rounds/{round_.id}/conflicts").get_data(as_text=True)
    assert "No conflicts on this panel (no pitches on it yet)" in body


def test_another_rounds_conflicts_are_not_shown(client, organiser):
    round_, other_round = make_judged_round(), make_judged_round()
    make_panel(round_, make_dragon(), name="Panel A")
    elsewhere = make_panel(other_round, make_dragon(department="Cabinet Office"), name="Far")
    route(elsewhere, make_team_pitch(other_round, title="Elsewhere pitch"))
    body = client.get(f"/rounds/{round_.id}/conflicts").get_data(as_text=True)
    assert "Elsewhere pitch" not in body and "0 conflicts in this round" in body


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_only_organisers_read_the_register(client, roles):
    round_ = make_judged_round()
    chair = make_dragon(department="Cabinet Office")
    route(make_panel(round_, chair, name="Panel A"), make_team_pitch(round_))
    sign_in(client, chair if not roles else make_user(roles=roles))
    assert client.get(f"/rounds/{round_.id}/conflicts").status_code == 403


# Removing a declared conflict ----------------------------------------------------------------


def declared_setup(status: str = "judging"):
    """Panel A hears 'Booking a desk'; Cara declared a conflict with it, and Ada (the chair)
    works in the same department as its lead (found, so it cannot be removed)."""
    round_ = make_judged_round(status=status)
    chair = make_dragon(name="Ada Chair", department="Home Office")
    cara = make_dragon(name="Cara Declarer")
    panel = make_panel(round_, chair, cara, make_dragon(), name="Panel A")
    pitch = make_team_pitch(round_, department="Home Office", title="Booking a desk")
    route(panel, pitch)
    conflict = Conflict(pitch_id=pitch.id, user_id=cara.id, reason="I advised the team")
    db.session.add(conflict)
    db.session.commit()
    return round_, pitch, cara, conflict


def test_an_organiser_removes_a_declared_conflict_with_a_reason(client, organiser):
    from spark.panels import access
    from tests.factories import audit_events

    round_, pitch, cara, conflict = declared_setup()
    url = f"/rounds/{round_.id}/conflicts/{conflict.id}/remove"
    register = client.get(f"/rounds/{round_.id}/conflicts").get_data(as_text=True)
    assert register.count("/remove") == 1  # the declared conflict only, not the found one
    assert url in register

    page = client.get(url).get_data(as_text=True)
    assert page_title(page) == "Remove Cara Declarer’s conflict of interest? – Project Spark!"
    assert "I advised the team" in page and "Booking a desk" in page

    response = client.post(url, data={"reason": "  "})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body).startswith("Error: ")
    assert "Enter why you are removing this conflict" in body
    typed = "x" * 501
    body = client.post(url, data={"reason": typed}).get_data(as_text=True)
    assert "Reason must be 500 characters or fewer" in body and typed in body
    assert db.session.get(Conflict, conflict.id) is not None

    response = client.post(url, data={"reason": "Declared on the wrong pitch"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/rounds/{round_.id}/conflicts")
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cara Declarer’s conflict with ‘Booking a desk’ has been removed" in after
    db.session.expire_all()
    assert db.session.get(Conflict, conflict.id) is None
    assert access.recusal_reason(pitch, cara) is None
    [event] = audit_events("conflict.removed")
    assert event.before["reason"] == "I advised the team"
    assert (event.before["pitch_id"], event.before["user_id"]) == (pitch.id, cara.id)
    assert event.after == {"reason": "Declared on the wrong pitch"}
    # Gone: a second go finds nothing.
    assert client.post(url, data={"reason": "Again"}).status_code == 404


def test_a_closed_rounds_conflicts_stay(client, organiser):
    round_, _pitch, _cara, conflict = declared_setup(status="closed")
    url = f"/rounds/{round_.id}/conflicts/{conflict.id}/remove"
    assert url not in client.get(f"/rounds/{round_.id}/conflicts").get_data(as_text=True)
    for method in ("get", "post"):
        response = getattr(client, method)(url, data={"reason": "Mistake"})
        assert response.status_code == 302
        follow = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "This round is closed, so conflicts cannot be removed" in follow
    assert db.session.get(Conflict, conflict.id) is not None


def test_another_rounds_conflict_is_not_found_and_only_organisers_remove(client, organiser):
    round_, _pitch, cara, conflict = declared_setup()
    other = make_judged_round()
    url = f"/rounds/{other.id}/conflicts/{conflict.id}/remove"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"reason": "Mistake"}).status_code == 404
    client.get("/sign-out")
    sign_in(client, cara)
    url = f"/rounds/{round_.id}/conflicts/{conflict.id}/remove"
    assert client.post(url, data={"reason": "Mistake"}).status_code == 403
    assert db.session.get(Conflict, conflict.id) is not None
