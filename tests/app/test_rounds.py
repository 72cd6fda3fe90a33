"""Organisers create and run rounds; anyone signed in sees the rounds open for pitches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spark.extensions import db
from spark.pitches import round_service
from spark.pitches.models import Round
from tests.factories import (
    audit_events,
    make_pitch,
    make_round,
    make_team,
    make_user,
    sign_in,
)
from tests.htmlcheck import page_title


def round_data(**overrides) -> dict:
    data = {
        "name": "Spark! spring 2027",
        "description": "Ideas that make services simpler to use.",
        "opens_on": ["1", "3", "2027"],
        "opens_time": "9am",
        "closes_on": ["31", "3", "2027"],
        "closes_time": "5pm",
    }
    data.update(overrides)
    return data


def only_round() -> Round:
    return db.session.scalar(db.select(Round))


# Listing and creating -------------------------------------------------------------------------


def test_rounds_page_empty(client, organiser):
    response = client.get("/rounds/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Rounds – Project Spark!"
    assert "There are no rounds yet" in body
    assert 'href="/rounds/" aria-current' in body


def test_create_a_round_stores_utc_and_audits(client, organiser):
    form = client.get("/rounds/new").get_data(as_text=True)
    assert page_title(form) == "Create a round – Project Spark!"
    assert 'value="9am"' in form and 'value="5pm"' in form

    response = client.post("/rounds/new", data=round_data())
    round_ = only_round()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}"
    assert round_.status == "draft"
    assert round_.created_by_id == organiser.id
    assert round_.description == "Ideas that make services simpler to use."
    # 9am GMT, and 5pm BST (the clocks go forward on 28 March 2027).
    opens, closes = (m.replace(tzinfo=UTC) for m in (round_.opens_at, round_.closes_at))
    assert opens == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    assert closes == datetime(2027, 3, 31, 16, 0, tzinfo=UTC)

    [event] = audit_events("round.created")
    assert event.actor_id == organiser.id
    assert event.target_id == str(round_.id)
    assert event.after["name"] == "Spark! spring 2027"
    assert event.after["closes_at"].startswith("2027-03-31T17:00:00+01:00")

    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Spark! spring 2027 has been created as a draft" in page
    assert "1 March 2027 at 9am" in page
    assert "31 March 2027 at 5pm" in page
    assert "Draft" in page
    listing = client.get("/rounds/").get_data(as_text=True)
    assert "Spark! spring 2027" in listing and "31 March 2027 at 5pm" in listing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the round"),
        ({"name": "x" * 121}, "name", "Name must be 120 characters or fewer"),
        ({"description": "x" * 1001}, "description", "Description must be 1000 characters"),
        ({"opens_on": ["", "", ""]}, "opens_on-day", "Enter the date the round opens"),
        (
            {"opens_on": ["1", "", "2027"]},
            "opens_on-day",
            "The date the round opens must include a month",
        ),
        (
            {"closes_on": ["31", "2", "2027"]},
            "closes_on-day",
            "The date the round closes must be a real date",
        ),
        ({"closes_on": ["31", "3", "27"]}, "closes_on-day", "Year must include 4 numbers"),
        ({"opens_time": ""}, "opens_time", "Enter the time the round opens"),
        (
            {"closes_time": "teatime"},
            "closes_time",
            "Enter the time the round closes in the correct format, like 9am, 2:30pm or midday",
        ),
        (
            {"closes_on": ["1", "3", "2027"], "closes_time": "9am"},
            "closes_on-day",
            "The round must close after it opens",
        ),
    ],
)
def test_create_errors_keep_what_was_typed(client, organiser, overrides, field, message):
    data = round_data(**overrides)
    response = client.post("/rounds/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Create a round – Project Spark!"
    assert message in body
    assert f'href="#{field}"' in body
    assert f'id="{field}"' in body
    assert 'value="Spark! spring 2027"' in body or not data["name"] or len(data["name"]) > 120
    assert only_round() is None
    assert audit_events("round.created") == []


def test_a_bad_date_keeps_its_boxes(client, organiser):
    body = client.post("/rounds/new", data=round_data(opens_on=["31", "2", "2027"])).get_data(
        as_text=True
    )
    assert 'id="opens_on-day" name="opens_on" type="text" value="31"' in body
    assert 'id="opens_on-error"' in body
    assert "govuk-input--error" in body


def test_missing_date_boxes_do_not_break_the_page(client, organiser):
    data = round_data()
    del data["opens_on"]
    response = client.post("/rounds/new", data=data)
    assert response.status_code == 400
    assert "Enter the date the round opens" in response.get_data(as_text=True)
    many = client.post("/rounds/new", data=round_data(opens_on=["1", "3", "2027", "9"]))
    assert many.status_code == 302


def test_round_names_are_unique_whatever_their_case(client, organiser):
    make_round(name="Spark! spring 2027")
    response = client.post("/rounds/new", data=round_data(name="SPARK! Spring 2027"))
    assert response.status_code == 400
    assert "There is already a round with this name" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Round.id))) == 1


# A round's page and changes --------------------------------------------------------------------


def test_edit_a_draft_round(client, organiser):
    client.post("/rounds/new", data=round_data())
    round_ = only_round()
    form = client.get(f"/rounds/{round_.id}/edit").get_data(as_text=True)
    assert page_title(form) == "Change Spark! spring 2027 – Project Spark!"
    assert 'value="9am"' in form and 'value="5pm"' in form and 'value="31"' in form

    response = client.post(
        f"/rounds/{round_.id}/edit",
        data=round_data(name="Spark! spring 2027 (extended)", closes_on=["7", "4", "2027"]),
    )
    assert response.status_code == 302
    db.session.refresh(round_)
    assert round_.name == "Spark! spring 2027 (extended)"
    [event] = audit_events("round.updated")
    assert set(event.before) == {"name", "closes_at"}
    assert event.after["name"] == "Spark! spring 2027 (extended)"
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "7 April 2027 at 5pm" in page


def test_saving_without_changes_records_nothing(client, organiser):
    client.post("/rounds/new", data=round_data(), follow_redirects=True)
    round_ = only_round()
    client.post(f"/rounds/{round_.id}/edit", data=round_data())
    assert audit_events("round.updated") == []
    assert "You did not change anything" in client.get(f"/rounds/{round_.id}").get_data(
        as_text=True
    )


def test_edit_errors_and_its_own_name(client, organiser):
    make_round(name="Spark! autumn 2026")
    client.post("/rounds/new", data=round_data(), follow_redirects=True)
    round_ = only_round_named("Spark! spring 2027")
    # Keeping its own name is fine; taking another round's is not.
    kept = client.post(f"/rounds/{round_.id}/edit", data=round_data(), follow_redirects=True)
    assert kept.status_code == 200
    response = client.post(f"/rounds/{round_.id}/edit", data=round_data(name="Spark! autumn 2026"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Change Spark! spring 2027 – Project Spark!"
    assert "There is already a round with this name" in body


def only_round_named(name: str) -> Round:
    return db.session.scalar(db.select(Round).where(Round.name == name))


@pytest.mark.parametrize("status", ["judging", "closed"])
def test_judging_and_closed_rounds_cannot_change(client, organiser, status):
    round_ = make_round(status=status)
    response = client.get(f"/rounds/{round_.id}/edit")
    assert response.status_code == 302
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "You can only change a round while it is draft or open" in page
    assert f"/rounds/{round_.id}/edit" not in page
    assert client.post(f"/rounds/{round_.id}/edit", data=round_data()).status_code == 302
    assert audit_events("round.updated") == []


# Status --------------------------------------------------------------------------------------


def test_open_a_round_with_a_confirmation_step(client, organiser):
    round_ = make_round(name="Spark! spring 2027", status="draft")
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert f'href="/rounds/{round_.id}/status/open"' in page
    confirm = client.get(f"/rounds/{round_.id}/status/open")
    body = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert page_title(body) == "Open Spark! spring 2027 for pitches? – Project Spark!"
    db.session.refresh(round_)
    assert round_.status == "draft"

    response = client.post(f"/rounds/{round_.id}/status/open")
    assert response.status_code == 302
    db.session.refresh(round_)
    assert round_.status == "open"
    [event] = audit_events("round.status_changed")
    assert (event.before, event.after) == ({"status": "draft"}, {"status": "open"})
    assert event.actor_id == organiser.id
    assert "Spark! spring 2027 is open" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)


def test_a_round_moves_through_to_closed(client, organiser):
    round_ = make_round(status="open")
    for target, done in (("judging", "is being judged"), ("closed", "is closed")):
        response = client.post(f"/rounds/{round_.id}/status/{target}", follow_redirects=True)
        assert f"{round_.name} {done}" in response.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.status == "closed"
    assert [e.after["status"] for e in audit_events("round.status_changed")] == [
        "judging",
        "closed",
    ]
    assert "Nothing more can change" in client.get(f"/rounds/{round_.id}").get_data(as_text=True)


def test_back_to_draft_only_without_pitches(client, organiser):
    round_ = make_round(status="open")
    assert f"/rounds/{round_.id}/status/draft" in client.get(f"/rounds/{round_.id}").get_data(
        as_text=True
    )
    make_pitch(make_team(make_user()), round=round_)
    assert f"/rounds/{round_.id}/status/draft" not in client.get(f"/rounds/{round_.id}").get_data(
        as_text=True
    )
    response = client.post(f"/rounds/{round_.id}/status/draft")
    assert response.status_code == 302
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "teams have started pitches in it" in page
    db.session.refresh(round_)
    assert round_.status == "open"
    assert audit_events("round.status_changed") == []


def test_skipping_a_step_is_refused(client, organiser):
    round_ = make_round(status="draft")
    for method in (client.get, client.post):
        response = method(f"/rounds/{round_.id}/status/closed", follow_redirects=True)
        assert response.request.path == f"/rounds/{round_.id}"
        assert "A round that is draft cannot become closed" in response.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.status == "draft"


def test_unknown_status_or_round_is_404(client, organiser):
    round_ = make_round(status="draft")
    assert client.get(f"/rounds/{round_.id}/status/archived").status_code == 404
    assert client.get("/rounds/999999").status_code == 404
    assert client.get("/rounds/999999/edit").status_code == 404


def test_opening_a_round_past_its_closing_time_warns(client, organiser):
    now = datetime.now(UTC)
    round_ = make_round(
        status="draft", opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1)
    )
    body = client.get(f"/rounds/{round_.id}/status/open").get_data(as_text=True)
    assert "The closing time has already passed" in body


# Who may do what -----------------------------------------------------------------------------


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_only_organisers_run_rounds(client, roles):
    round_ = make_round(status="draft")
    sign_in(client, make_user(roles=roles))
    for path in ("/rounds/", "/rounds/new", f"/rounds/{round_.id}", f"/rounds/{round_.id}/edit"):
        assert client.get(path).status_code == 403, path
    assert client.post("/rounds/new", data=round_data()).status_code == 403
    assert client.post(f"/rounds/{round_.id}/status/open").status_code == 403
    db.session.refresh(round_)
    assert round_.status == "draft"
    assert "/rounds/" not in client.get("/").get_data(as_text=True).replace("/rounds/open", "")


def test_signed_out_goes_to_sign_in(client):
    for path in ("/rounds/", "/rounds/open", "/rounds/new"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


# Open rounds, for teams -----------------------------------------------------------------------


def test_open_rounds_for_anyone_signed_in(client):
    now = datetime.now(UTC)
    make_round(name="Taking pitches", status="open", description="Ideas for forms.")
    make_round(
        name="Opening soon",
        status="open",
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=40),
    )
    make_round(name="Still a draft", status="draft")
    make_round(name="Being judged", status="judging")
    make_round(
        name="Past its closing time",
        status="open",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(minutes=1),
    )
    sign_in(client, make_user())
    response = client.get("/rounds/open")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Open rounds – Project Spark!"
    assert "Taking pitches" in body and "Ideas for forms." in body
    assert "Taking pitches until" in body
    assert "Opening soon" in body and "Opens for pitches on" in body
    for hidden in ("Still a draft", "Being judged", "Past its closing time"):
        assert hidden not in body


def test_no_open_rounds(client):
    sign_in(client, make_user())
    assert "No rounds are open for pitches" in client.get("/rounds/open").get_data(as_text=True)


def test_open_rounds_service_closing_soonest_first(app):
    now = datetime.now(UTC)
    later = make_round(name="Later", closes_at=now + timedelta(days=60))
    sooner = make_round(name="Sooner", closes_at=now + timedelta(days=5))
    make_round(name="Draft", status="draft")
    assert round_service.open_rounds(now) == [sooner, later]
    assert round_service.open_rounds(now + timedelta(days=5)) == [later]
    assert round_service.submission_refusal(sooner, now) is None
    refusal = round_service.submission_refusal(sooner, now + timedelta(days=6))
    assert refusal.startswith("Sooner closed for pitches on ")
