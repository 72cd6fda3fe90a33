"""Organisers form a round's panels: name, date and time, place, chair and dragons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spark.extensions import db
from spark.panels import panel_reads, panel_service
from spark.panels.models import Panel, PanelMember
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
def chair(app):
    return make_user(email="chair@example.gov.uk", name="Chidi Chair")


def panel_data(**overrides) -> dict:
    data = {
        "name": "Panel A",
        "starts_on": ["14", "4", "2027"],
        "starts_time": "2pm",
        "place": "Room 4.12, 10 Victoria Street",
        "chair_email": "Chair@Example.gov.uk ",
    }
    data.update(overrides)
    return data


def panels() -> list[Panel]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Panel).order_by(Panel.id)))


def member_ids(panel) -> set[int]:
    db.session.expire_all()
    return {
        m.user_id for m in db.session.scalars(db.select(PanelMember).filter_by(panel_id=panel.id))
    }


# Creating and listing -------------------------------------------------------------------------


def test_create_a_panel_with_its_chair_as_a_member(client, organiser, chair):
    round_ = make_judged_round(name="Spark! spring 2027", status="judging")
    empty = client.get(f"/rounds/{round_.id}/panels/").get_data(as_text=True)
    assert page_title(empty) == "Panels for Spark! spring 2027 – Project Spark!"
    assert "There are no panels in this round yet" in empty
    form = client.get(f"/rounds/{round_.id}/panels/new").get_data(as_text=True)
    assert page_title(form) == "Create a panel – Project Spark!"

    response = client.post(f"/rounds/{round_.id}/panels/new", data=panel_data())
    [panel] = panels()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}/panels/{panel.id}"
    # 2pm in London on 14 April 2027 is 1pm UTC (summer time).
    assert panel.starts_at.replace(tzinfo=UTC) == datetime(2027, 4, 14, 13, 0, tzinfo=UTC)
    assert panel.chair_id == chair.id
    assert member_ids(panel) == {chair.id}

    [event] = audit_events("panel.created")
    assert event.actor_id == organiser.id
    assert event.after["name"] == "Panel A" and event.after["chair_id"] == chair.id
    [email] = outbox_messages("panel_invitation")
    assert email.to == "chair@example.gov.uk"
    assert email.subject == "Chair the panel Panel A for Spark! spring 2027"
    assert "14 April 2027 at 2pm" in email.body
    assert "Room 4.12, 10 Victoria Street" in email.body
    assert email.personalisation["link"] in email.body
    assert email.personalisation["link"].startswith("http")
    assert email.personalisation["link"].endswith(f"/panels/{panel.id}")  # the dragons' page

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page_title(page) == "Panel A, Spark! spring 2027 – Project Spark!"
    assert "Panel A has been created" in page and "Chidi Chair" in page
    assert "No pitches have been sent to this panel yet" in page
    listing = client.get(f"/rounds/{round_.id}/panels/").get_data(as_text=True)
    assert "14 April 2027 at 2pm" in listing and "Chidi Chair" in listing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the panel"),
        ({"name": "x" * 121}, "name", "Name must be 120 characters or fewer"),
        ({"starts_on": ["", "", ""]}, "starts_on-day", "Enter the date of the panel"),
        ({"starts_on": ["31", "4", "2027"]}, "starts_on-day", "The date of the panel must be a"),
        ({"starts_time": ""}, "starts_time", "Enter the time the panel starts"),
        ({"starts_time": "after lunch"}, "starts_time", "in the correct format, like 9am"),
        ({"place": ""}, "place", "Enter where the panel meets, or an online meeting link"),
        ({"chair_email": ""}, "chair_email", "Enter the email address of the chair"),
        ({"chair_email": "chair"}, "chair_email", "Enter an email address in the correct format"),
        (
            {"chair_email": "nobody@example.gov.uk"},
            "chair_email",
            "There is no Project Spark! account for nobody@example.gov.uk",
        ),
    ],
)
def test_create_errors_keep_what_was_typed(client, organiser, chair, overrides, field, message):
    round_ = make_judged_round(status="judging")
    response = client.post(f"/rounds/{round_.id}/panels/new", data=panel_data(**overrides))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Create a panel – Project Spark!"
    assert message in body
    assert f'href="#{field}"' in body and f'id="{field}"' in body
    if field != "place":
        assert 'value="Room 4.12, 10 Victoria Street"' in body
    assert panels() == []
    assert outbox_messages("panel_invitation") == []


def test_a_deactivated_chair_is_refused(client, organiser):
    make_user(email="gone@example.gov.uk", active=False)
    round_ = make_judged_round(status="judging")
    response = client.post(
        f"/rounds/{round_.id}/panels/new", data=panel_data(chair_email="gone@example.gov.uk")
    )
    assert response.status_code == 400
    assert "The account for gone@example.gov.uk has been deactivated" in response.get_data(
        as_text=True
    )


def test_panel_names_are_unique_within_a_round(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    make_panel(round_, chair, name="Panel A")
    response = client.post(f"/rounds/{round_.id}/panels/new", data=panel_data(name="panel a"))
    assert response.status_code == 400
    assert "There is already a panel with this name in this round" in response.get_data(
        as_text=True
    )
    # Another round may use the name.
    other = make_judged_round(status="judging")
    assert client.post(f"/rounds/{other.id}/panels/new", data=panel_data()).status_code == 302


def test_the_list_counts_dragons_and_pitches(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair, make_dragon(), make_dragon(), name="Panel B")
    route(panel, make_team_pitch(round_), make_team_pitch(round_))
    [row] = panel_reads.panels_of_round(round_)
    assert (row.panel.name, row.dragons, row.pitches) == ("Panel B", 3, 2)
    page = client.get(f"/rounds/{round_.id}/panels/").get_data(as_text=True)
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page


# Changing a panel and its chair -------------------------------------------------------------


def test_change_a_panel(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair, name="Panel A")
    url = f"/rounds/{round_.id}/panels/{panel.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert page_title(form) == "Change Panel A – Project Spark!"
    assert 'value="chair@example.gov.uk"' in form

    response = client.post(url, data=panel_data(name="Panel North", starts_time="9:30am"))
    assert response.status_code == 302
    db.session.refresh(panel)
    assert panel.name == "Panel North"
    assert panel.starts_at.replace(tzinfo=UTC) == datetime(2027, 4, 14, 8, 30, tzinfo=UTC)
    [event] = audit_events("panel.changed")
    assert set(event.after) == {"name", "starts_at", "place"}
    assert outbox_messages("panel_invitation") == []  # the chair did not change
    assert "Panel North has been updated" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    client.post(url, data=panel_data(name="Panel North", starts_time="9:30am"))
    assert len(audit_events("panel.changed")) == 1


def test_change_the_chair_adds_them_and_keeps_the_old_chair(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair, name="Panel A")
    new_chair = make_user(email="new.chair@example.gov.uk", name="Nia New")
    response = client.post(
        f"/rounds/{round_.id}/panels/{panel.id}/edit",
        data=panel_data(chair_email="new.chair@example.gov.uk"),
    )
    assert response.status_code == 302
    db.session.refresh(panel)
    assert panel.chair_id == new_chair.id
    assert member_ids(panel) == {chair.id, new_chair.id}
    [email] = outbox_messages("panel_invitation")
    assert email.to == "new.chair@example.gov.uk" and email.subject.startswith("Chair the panel")
    [event] = [e for e in audit_events("panel.changed") if "chair_id" in e.after]
    assert (event.before["chair_id"], event.after["chair_id"]) == (chair.id, new_chair.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nia New is now the chair" in page


def test_change_chair_service_for_an_existing_member(app, chair):
    round_ = make_judged_round(status="judging")
    dragon = make_dragon(email="dragon@example.gov.uk")
    panel = make_panel(round_, chair, dragon)
    actor = make_user(roles=("organiser",))
    assert panel_service.change_chair(actor, panel, "dragon@example.gov.uk").id == dragon.id
    assert member_ids(panel) == {chair.id, dragon.id}


# Dragons ------------------------------------------------------------------------------------


def test_add_a_dragon_by_email_and_invite_them(client, organiser, chair):
    round_ = make_judged_round(name="Spark! spring 2027", status="judging")
    panel = make_panel(round_, chair, name="Panel A")
    dragon = make_dragon(email="dee.dragon@example.gov.uk", name="Dee Dragon")
    url = f"/rounds/{round_.id}/panels/{panel.id}/dragons/add"
    form = client.get(url).get_data(as_text=True)
    assert page_title(form) == "Add a dragon to Panel A – Project Spark!"
    response = client.post(url, data={"email": " Dee.Dragon@example.gov.uk"})
    assert response.status_code == 302
    assert member_ids(panel) == {chair.id, dragon.id}
    [event] = audit_events("panel.dragon_added")
    assert event.after == {"user_id": dragon.id, "email": "dee.dragon@example.gov.uk"}
    [email] = outbox_messages("panel_invitation")
    assert email.to == "dee.dragon@example.gov.uk"
    assert email.subject == "Sit on the panel Panel A for Spark! spring 2027"
    assert "Hello Dee Dragon" in email.body and "Room 1, 10 Victoria Street" in email.body
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dee Dragon has been added to Panel A" in page
    assert "dee.dragon@example.gov.uk" in page


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the email address of the dragon"),
        ("not an email", "Enter an email address in the correct format"),
        ("nobody@example.gov.uk", "There is no Project Spark! account for nobody@example.gov.uk"),
        ("chair@example.gov.uk", "Chidi Chair (chair@example.gov.uk) is already on this panel"),
    ],
)
def test_add_dragon_errors(client, organiser, chair, email, message):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair, name="Panel A")
    response = client.post(
        f"/rounds/{round_.id}/panels/{panel.id}/dragons/add", data={"email": email}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Add a dragon to Panel A – Project Spark!"
    assert message in body and 'href="#email"' in body
    if email:
        assert f'value="{email}"' in body
    assert member_ids(panel) == {chair.id}
    assert outbox_messages("panel_invitation") == []


def test_remove_a_dragon_after_confirming(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    dragon = make_dragon(name="Dee Dragon")
    panel = make_panel(round_, chair, dragon, name="Panel A")
    member = next(m for m in panel.members if m.user_id == dragon.id)
    url = f"/rounds/{round_.id}/panels/{panel.id}/dragons/{member.id}/remove"
    assert url in client.get(f"/rounds/{round_.id}/panels/{panel.id}").get_data(as_text=True)
    confirm = client.get(url).get_data(as_text=True)
    assert page_title(confirm) == "Remove Dee Dragon from Panel A? – Project Spark!"
    response = client.post(url)
    assert response.status_code == 302
    assert member_ids(panel) == {chair.id}
    [event] = audit_events("panel.dragon_removed")
    assert event.before["user_id"] == dragon.id
    assert "Dee Dragon has been removed from Panel A" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)


def test_the_chair_cannot_be_removed(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair)
    member = panel.members[0]
    page = client.get(f"/rounds/{round_.id}/panels/{panel.id}").get_data(as_text=True)
    assert f"/dragons/{member.id}/remove" not in page
    response = client.post(f"/rounds/{round_.id}/panels/{panel.id}/dragons/{member.id}/remove")
    assert response.status_code == 302
    assert "You cannot remove the chair" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert member_ids(panel) == {chair.id}


def test_a_dragon_who_has_started_scoring_stays(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    dragon = make_dragon(name="Dee Dragon")
    panel = make_panel(round_, chair, dragon)
    pitch = make_team_pitch(round_, title="Bookable desks")
    route(panel, pitch, state="scoring")
    make_sheet(pitch, dragon)
    member = next(m for m in panel.members if m.user_id == dragon.id)
    page = client.get(f"/rounds/{round_.id}/panels/{panel.id}").get_data(as_text=True)
    assert f"/dragons/{member.id}/remove" not in page
    assert "Has started scoring, so cannot be removed" in page
    assert "Bookable desks" in page and "Scoring open" in page
    for method in ("get", "post"):
        response = getattr(client, method)(
            f"/rounds/{round_.id}/panels/{panel.id}/dragons/{member.id}/remove"
        )
        assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot remove Dee Dragon because they have started scoring" in follow
    assert member_ids(panel) == {chair.id, dragon.id}


def test_a_dragon_whose_leaving_would_break_quorum_stays(client, organiser, chair):
    from spark.panels.models import Conflict

    round_ = make_judged_round(status="judging")  # quorum 3
    dee, eve = make_dragon(name="Dee Dragon"), make_dragon(name="Eve Dragon")
    panel = make_panel(round_, chair, dee, eve, name="Panel A")
    waiting = make_team_pitch(round_, title="Bookable desks", department="Home Office")
    closed = make_team_pitch(round_, department="Home Office")
    route(panel, closed, state="closed")  # scoring over: quorum no longer matters
    route(panel, waiting)
    member = next(m for m in panel.members if m.user_id == dee.id)
    url = f"/rounds/{round_.id}/panels/{panel.id}/dragons/{member.id}/remove"
    page = client.get(f"/rounds/{round_.id}/panels/{panel.id}").get_data(as_text=True)
    assert url not in page
    assert "Needed for quorum, so cannot be removed" in page
    message = (
        "You cannot remove Dee Dragon because ‘Bookable desks’ would then have only 2 of the "
        "3 dragons free of conflict it needs. Add another dragon to the panel first"
    )
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert message in client.get(response.headers["Location"]).get_data(as_text=True)
    with pytest.raises(panel_service.PanelProblems) as refused:
        panel_service.remove_dragon(organiser, panel, member.id)
    assert refused.value.problems == {"member": message}
    assert member_ids(panel) == {chair.id, dee.id, eve.id}
    assert audit_events("panel.dragon_removed") == []

    # With a fourth dragon Dee may go, unless the fourth has a conflict with the pitch.
    fay = make_dragon(name="Fay Dragon")
    panel_service.add_dragon(organiser, panel, fay.email)
    db.session.add(Conflict(pitch_id=waiting.id, user_id=fay.id, reason="My cousin"))
    db.session.commit()
    assert panel_reads.removal_refusal(panel, member) == message
    db.session.delete(db.session.scalar(db.select(Conflict).filter_by(user_id=fay.id)))
    db.session.commit()
    assert panel_reads.removal_refusal(panel, member) is None
    assert client.post(url).status_code == 302
    assert member_ids(panel) == {chair.id, eve.id, fay.id}


def test_the_panel_page_shows_the_running_order(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair)
    first = make_team_pitch(round_, title="First pitch")
    second = make_team_pitch(round_, title="Second pitch")
    route(panel, first, second)
    page = client.get(f"/rounds/{round_.id}/panels/{panel.id}").get_data(as_text=True)
    assert page.index("First pitch") < page.index("Second pitch")
    assert f'href="/screening/pitches/{first.id}"' in page


# Closed rounds, other rounds, permissions ----------------------------------------------------


def test_a_closed_round_shows_panels_read_only(client, organiser, chair):
    round_ = make_judged_round(status="closed")
    panel = make_panel(round_, chair, make_dragon())
    base = f"/rounds/{round_.id}/panels"
    listing = client.get(f"{base}/").get_data(as_text=True)
    assert "You cannot change panels because the round is closed" in listing
    assert f"{base}/new" not in listing
    page = client.get(f"{base}/{panel.id}").get_data(as_text=True)
    assert f"{base}/{panel.id}/edit" not in page and "/dragons/add" not in page
    for url in (f"{base}/new", f"{base}/{panel.id}/edit", f"{base}/{panel.id}/dragons/add"):
        response = client.post(url, data=panel_data(email="chair@example.gov.uk"))
        assert response.status_code == 302
    assert len(panels()) == 1
    assert audit_events("panel.changed") == [] and audit_events("panel.dragon_added") == []


def test_another_rounds_panel_is_not_found(client, organiser, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(make_judged_round(status="judging"), chair)
    assert client.get(f"/rounds/{round_.id}/panels/{panel.id}").status_code == 404
    assert client.get(f"/rounds/{round_.id}/panels/{panel.id}/edit").status_code == 404
    assert client.get("/rounds/999999/panels/").status_code == 404


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_only_organisers(client, chair, roles):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair)
    sign_in(client, make_user(roles=roles))
    base = f"/rounds/{round_.id}/panels"
    for url in (f"{base}/", f"{base}/new", f"{base}/{panel.id}", f"{base}/{panel.id}/edit"):
        assert client.get(url).status_code == 403
    assert client.post(f"{base}/new", data=panel_data(name="Sneaky")).status_code == 403
    response = client.post(f"{base}/{panel.id}/dragons/add", data={"email": "chair@example.gov.uk"})
    assert response.status_code == 403
    assert len(panels()) == 1


def test_signed_out_people_go_to_sign_in(client, chair):
    round_ = make_judged_round(status="judging")
    panel = make_panel(round_, chair)
    for url in ("", "new", f"{panel.id}", f"{panel.id}/dragons/add"):
        response = client.get(f"/rounds/{round_.id}/panels/{url}")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


def test_the_running_order_comes_with_pitches_and_teams_in_one_query(app, chair):
    from sqlalchemy import event

    round_ = make_judged_round()
    panel = make_panel(round_, chair)
    route(panel, *(make_team_pitch(round_, title=f"Idea {n}") for n in (1, 2, 3)))
    db.session.expire_all()
    assert panel.name  # the panel itself loaded again before counting
    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        slots = panel_reads.running_order(panel)
        teams = [(slot.position, slot.pitch.title, slot.pitch.team.name) for slot in slots]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [row[:2] for row in teams] == [(1, "Idea 1"), (2, "Idea 2"), (3, "Idea 3")]
    assert len(statements) == 1
