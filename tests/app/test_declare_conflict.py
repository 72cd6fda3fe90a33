"""Dragons declare conflicts of interest from their panel page: stored, audited, confirmed;
from then on the dragon is recused from the pitch."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spark.extensions import db
from spark.panels.models import Conflict, PanelSlot
from tests.factories import audit_events, sign_in
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
    round_ = make_judged_round()
    dragon = make_dragon(name="Dana Dragon")
    other = make_dragon(name="Oscar Other")
    panel = make_panel(round_, make_dragon(), dragon, other, name="Panel A")
    first = make_team_pitch(round_, title="Bookable desks")
    second = make_team_pitch(round_, title="Plain letters")
    route(panel, first, second, state="scoring")
    return round_, panel, dragon, other, first, second


def declare_url(panel) -> str:
    return f"/panels/{panel.id}/conflicts/new"


def test_the_panel_page_links_to_declaring_and_the_form_lists_the_pitches(client, setting):
    _round, panel, dragon, _other, first, second = setting
    sign_in(client, dragon)
    assert f'href="{declare_url(panel)}"' in client.get(f"/panels/{panel.id}").get_data(
        as_text=True
    )
    response = client.get(declare_url(panel))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Declare a conflict of interest – Project Spark!"
    assert "1. Bookable desks" in body and "2. Plain letters" in body
    assert 'maxlength="500"' in body or "500 characters" in body


def test_the_pitch_page_link_chooses_the_pitch(client, setting):
    _round, panel, dragon, _other, first, _second = setting
    sign_in(client, dragon)
    page = client.get(f"/panels/{panel.id}/pitches/{first.id}").get_data(as_text=True)
    link = f"{declare_url(panel)}?pitch={first.id}"
    assert f'href="{link}"' in page
    body = client.get(link).get_data(as_text=True)
    assert f'value="{first.id}" checked' in body


def test_declaring_records_audits_confirms_and_recuses(client, setting):
    _round, panel, dragon, _other, first, second = setting
    sign_in(client, dragon)
    response = client.post(
        declare_url(panel), data={"pitch": str(first.id), "reason": "  My sister leads the team "}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/panels/{panel.id}"
    conflict = db.session.scalar(select(Conflict))
    assert (conflict.pitch_id, conflict.user_id, conflict.reason) == (
        first.id,
        dragon.id,
        "My sister leads the team",
    )
    [event] = audit_events("conflict.declared")
    assert event.actor_id == dragon.id
    assert event.after == {
        "pitch_id": first.id,
        "panel_id": panel.id,
        "reason": "My sister leads the team",
        "sheet": None,
    }
    page = client.get(f"/panels/{panel.id}").get_data(as_text=True)
    assert "You have declared a conflict of interest with ‘Bookable desks’" in page
    assert "0 of 1 scored" in page and ">Recused<" in page
    # Recused: no pitch page, no scoring, no longer offered on the form.
    assert client.get(f"/panels/{panel.id}/pitches/{first.id}").status_code == 404
    data = {"save_draft": "Save as draft", "version": ""}
    assert client.post(f"/panels/{panel.id}/pitches/{first.id}", data=data).status_code == 404
    form = client.get(declare_url(panel)).get_data(as_text=True)
    assert "Bookable desks" not in form and "Plain letters" in form
    assert client.get(f"/panels/{panel.id}/live.json").get_json()["pitches"][0]["status"] == (
        "recused"
    )


def test_a_sheet_already_submitted_is_kept_but_no_longer_counts(client, setting):
    round_, panel, dragon, other, first, _second = setting
    criteria = criteria_of(round_)
    make_sheet(
        first,
        dragon,
        status="submitted",
        verdict="in",
        scores={c.id: (5, "Dana's words") for c in criteria},
    )
    make_sheet(first, other, status="submitted", verdict="out", reason="Too costly")
    sign_in(client, dragon)
    response = client.post(
        declare_url(panel), data={"pitch": str(first.id), "reason": "I mentor the lead"}
    )
    assert response.status_code == 302
    page = client.get(f"/panels/{panel.id}").get_data(as_text=True)
    assert "Your submitted score sheet is kept but no longer counts" in page
    assert [event.after["sheet"] for event in audit_events("conflict.declared")] == ["submitted"]

    # The other dragon sees it left out of the tally, and Dana's sheet not at all.
    client.get("/sign-out")
    sign_in(client, other)
    page = client.get(f"/panels/{panel.id}/pitches/{first.id}").get_data(as_text=True)
    assert "0 in, 1 out, 1 recused, 1 still to submit" in page
    assert "Dana's words" not in page


def test_a_draft_is_kept_and_the_confirmation_says_so(client, setting):
    _round, panel, dragon, _other, first, _second = setting
    make_sheet(first, dragon)
    sign_in(client, dragon)
    client.post(declare_url(panel), data={"pitch": str(first.id), "reason": "Old colleague"})
    page = client.get(f"/panels/{panel.id}").get_data(as_text=True)
    assert "Your draft score sheet is kept but will not count" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "Friend"}, "pitch", "Select the pitch you have a conflict of interest with"),
        (
            {"pitch": "FIRST", "reason": "  "},
            "reason",
            "Enter why you have a conflict of interest with this pitch",
        ),
        (
            {"pitch": "FIRST", "reason": "x" * 501},
            "reason",
            "Reason must be 500 characters or fewer",
        ),
        (
            {"pitch": "999999", "reason": "Friend"},
            "pitch",
            "Select the pitch you have a conflict of interest with",
        ),
    ],
)
def test_declaring_needs_a_pitch_and_a_reason(client, setting, data, field, message):
    _round, panel, dragon, _other, first, _second = setting
    data = {key: value.replace("FIRST", str(first.id)) for key, value in data.items()}
    sign_in(client, dragon)
    response = client.post(declare_url(panel), data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body).startswith("Error: ")
    assert f'href="#{field}">{message}' in body
    assert db.session.scalar(select(Conflict)) is None


def test_a_pitch_already_recused_from_cannot_be_declared_again(client, setting):
    _round, panel, dragon, _other, first, second = setting
    db.session.add(Conflict(pitch_id=first.id, user_id=dragon.id, reason="Earlier"))
    db.session.commit()
    sign_in(client, dragon)
    response = client.post(declare_url(panel), data={"pitch": str(first.id), "reason": "Again"})
    assert response.status_code == 400
    assert db.session.scalar(select(db.func.count(Conflict.id))) == 1


def test_with_nothing_left_to_declare_the_page_says_so(client, setting):
    _round, panel, dragon, _other, first, second = setting
    for pitch in (first, second):
        db.session.add(Conflict(pitch_id=pitch.id, user_id=dragon.id, reason="Both"))
    db.session.commit()
    sign_in(client, dragon)
    body = client.get(declare_url(panel)).get_data(as_text=True)
    assert "There are no pitches on this panel" in body
    assert 'name="reason"' not in body


def test_a_pitch_on_another_panel_cannot_be_declared_here(app, setting):
    round_, panel, dragon, _other, _first, _second = setting
    from spark.panels import sheet_service

    elsewhere = make_team_pitch(round_)
    route(make_panel(round_, make_dragon()), elsewhere)
    with pytest.raises(sheet_service.SheetProblems):
        sheet_service.declare_conflict(panel, dragon, elsewhere.id, "Friend")
    assert db.session.scalar(select(Conflict)) is None
    assert db.session.scalar(select(PanelSlot).where(PanelSlot.pitch_id == elsewhere.id))
