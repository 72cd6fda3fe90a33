"""Teams: create one, invite colleagues by email, join by link, and the lead runs membership."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spark.accounts import tokens
from spark.accounts.models import LEAD, MEMBER, Team, TeamInvitation, TeamMember
from spark.accounts.team_service import invitation_problem
from spark.core.audit import utcnow
from spark.extensions import db
from tests.factories import (
    audit_events,
    make_invitation,
    make_team,
    make_team_invitation,
    make_user,
    outbox_messages,
    sign_in,
    team_invitation_path,
)
from tests.htmlcheck import page_title

EXPIRED = "This invitation has expired or has already been used"


@pytest.fixture
def lead(client):
    person = make_user(name="Lee Lead", email="lee@example.gov.uk", department="HM Treasury")
    sign_in(client, person)
    return person


@pytest.fixture
def team(lead):
    return make_team(lead, name="Forms that fill themselves")


def roles(team: Team) -> dict[str, str]:
    db.session.refresh(team)
    return {member.user.email: member.role for member in team.members}


# Your teams and creating a team -----------------------------------------------------------------


def test_your_teams_empty(client, lead):
    response = client.get("/teams/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Your teams – Project Spark!"
    assert "You are not in a team yet" in body
    assert 'href="/teams/" aria-current' in body


def test_create_a_team_makes_you_its_lead(client, lead):
    form = client.get("/teams/new").get_data(as_text=True)
    assert page_title(form) == "Create a team – Project Spark!"
    # The department starts as the creator's own.
    assert '<option value="HM Treasury" selected' in form

    response = client.post(
        "/teams/new", data={"name": "  Plain letters  ", "department": "Cabinet Office"}
    )
    team = db.session.scalar(db.select(Team))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teams/{team.id}"
    assert team.name == "Plain letters"
    assert team.department == "Cabinet Office"
    assert roles(team) == {"lee@example.gov.uk": LEAD}

    [event] = audit_events("team.created")
    assert event.actor_id == lead.id
    assert event.target_id == str(team.id)
    assert event.after == {
        "name": "Plain letters",
        "department": "Cabinet Office",
        "lead_id": lead.id,
    }

    page = client.get(f"/teams/{team.id}").get_data(as_text=True)
    assert "Plain letters has been created. You are the team lead" in page
    assert "Team lead" in page
    listing = client.get("/teams/").get_data(as_text=True)
    assert f'href="/teams/{team.id}"' in listing
    home = client.get("/").get_data(as_text=True)
    assert f'href="/teams/{team.id}"' in home


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "department": "Cabinet Office"}, "name", "Enter a name for your team"),
        ({"name": "x" * 201, "department": "Cabinet Office"}, "name", "200 characters or fewer"),
        ({"name": "Plain letters", "department": ""}, "department", "Select the team’s department"),
        (
            {"name": "Plain letters", "department": "Ministry of Magic"},
            "department",
            "Select the team’s department",
        ),
    ],
)
def test_create_team_errors(client, lead, data, field, message):
    response = client.post("/teams/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Create a team – Project Spark!"
    assert message in body
    assert f'href="#{field}"' in body
    if data["name"] and len(data["name"]) < 200:
        assert 'value="Plain letters"' in body
    assert db.session.scalar(db.select(Team)) is None
    assert audit_events("team.created") == []


# Seeing a team ------------------------------------------------------------------------------


def test_team_page_for_members(client, lead, team):
    member = make_user(name="Mo Member")
    team.members.append(TeamMember(user=member, role=MEMBER))
    db.session.commit()
    body = client.get(f"/teams/{team.id}").get_data(as_text=True)
    assert page_title(body) == "Forms that fill themselves – Project Spark!"
    assert "Lee Lead (you)" in body and "Mo Member" in body
    assert "Team lead" in body and "Member" in body
    assert "No one is waiting to join" in body
    # The lead's actions name the person for screen readers.
    assert 'Remove<span class="govuk-visually-hidden"> Mo Member</span>' in body

    sign_in_as(client, member)
    body = client.get(f"/teams/{team.id}").get_data(as_text=True)
    assert "Mo Member (you)" in body
    assert "/remove" not in body and "/make-lead" not in body
    assert "Invite a colleague" in body


def sign_in_as(client, user):
    client.get("/sign-out")
    sign_in(client, user)


def test_another_team_s_member_gets_404(client, team):
    other = make_user()
    make_team(other, name="Another team")
    sign_in_as(client, other)
    for path in (
        f"/teams/{team.id}",
        f"/teams/{team.id}/invite",
        f"/teams/{team.id}/members/{team.members[0].id}/remove",
        f"/teams/{team.id}/members/{team.members[0].id}/make-lead",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(f"/teams/{team.id}/invite", data={"email": "x@example.gov.uk"}).status_code
        == 404
    )
    assert outbox_messages() == []
    assert client.get("/teams/999999").status_code == 404


def test_organisers_see_any_team_read_only(client, team):
    sign_in_as(client, make_user(roles=("organiser",)))
    body = client.get(f"/teams/{team.id}").get_data(as_text=True)
    assert "Forms that fill themselves" in body
    assert "As an organiser you can see it, but not change it" in body
    assert "Invite a colleague" not in body
    assert client.get(f"/teams/{team.id}/invite").status_code == 404
    assert client.get(f"/teams/{team.id}/members/{team.members[0].id}/remove").status_code == 404


def test_signed_out_goes_to_sign_in(client, team):
    client.get("/sign-out")
    for path in ("/teams/", "/teams/new", f"/teams/{team.id}", "/teams/join/anything"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


# Inviting -----------------------------------------------------------------------------------


def test_invite_a_colleague_queues_an_email_and_audits(client, lead, team):
    form = client.get(f"/teams/{team.id}/invite").get_data(as_text=True)
    assert page_title(form) == "Invite a colleague to Forms that fill themselves – Project Spark!"
    response = client.post(f"/teams/{team.id}/invite", data={"email": " Sam@Example.gov.uk "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teams/{team.id}"

    invitation = db.session.scalar(db.select(TeamInvitation))
    assert invitation.email == "sam@example.gov.uk"
    assert invitation.invited_by_id == lead.id
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=14) - timedelta(seconds=5) < lifetime <= timedelta(days=14)

    [message] = outbox_messages("team_invitation")
    assert message.to == "sam@example.gov.uk"
    assert message.subject == "Join Forms that fill themselves on Project Spark!"
    assert "Lee Lead has invited you to join the team “Forms that fill themselves”" in message.body
    link = message.personalisation["link"]
    assert link.startswith("http://127.0.0.1:5000/teams/join/")
    assert link in message.body
    assert tokens.read_team_invitation_token(link.rsplit("/", 1)[1]) == invitation.id
    # Sam has no account yet: the email says how to create one.
    assert "http://127.0.0.1:5000/create-account" in message.body

    [event] = audit_events("team_invitation.created")
    assert event.actor_id == lead.id
    assert event.target_id == str(invitation.id)
    assert event.after["email"] == "sam@example.gov.uk"
    assert event.after["team_id"] == team.id

    page = client.get(f"/teams/{team.id}").get_data(as_text=True)
    assert "Invitation sent to sam@example.gov.uk" in page
    assert "sam@example.gov.uk" in page and "Invitations waiting" in page


def test_members_may_invite_too(client, team):
    member = make_user(name="Mo Member")
    team.members.append(TeamMember(user=member, role=MEMBER))
    db.session.commit()
    make_user(email="has-account@example.gov.uk")
    sign_in_as(client, member)
    response = client.post(f"/teams/{team.id}/invite", data={"email": "has-account@example.gov.uk"})
    assert response.status_code == 302
    [message] = outbox_messages("team_invitation")
    assert "Mo Member has invited you" in message.body
    assert "/create-account" not in message.body


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the email address of the person you want to invite"),
        ("sam-at-example", "Enter an email address in the correct format"),
        ("lee@example.gov.uk", "lee@example.gov.uk is already in this team"),
        ("pat@gmail.example.com", "pat@gmail.example.com does not have a Project Spark! account"),
    ],
)
def test_invitation_errors(client, lead, team, email, message):
    response = client.post(f"/teams/{team.id}/invite", data={"email": email})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == (
        "Error: Invite a colleague to Forms that fill themselves – Project Spark!"
    )
    assert message in body
    assert 'href="#email"' in body
    assert outbox_messages() == []
    assert audit_events("team_invitation.created") == []


def test_a_second_pending_invitation_is_refused(client, lead, team):
    make_team_invitation(lead, team, "sam@example.gov.uk")
    response = client.post(f"/teams/{team.id}/invite", data={"email": "SAM@example.gov.uk"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You have already invited sam@example.gov.uk. Their invitation expires on" in body
    assert 'value="SAM@example.gov.uk"' in body
    assert len(outbox_messages("team_invitation")) == 1


def test_after_expiry_they_can_be_invited_again(client, lead, team):
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "sam@example.gov.uk" not in client.get(f"/teams/{team.id}").get_data(as_text=True)
    response = client.post(f"/teams/{team.id}/invite", data={"email": "sam@example.gov.uk"})
    assert response.status_code == 302
    assert len(outbox_messages("team_invitation")) == 2


def test_people_an_organiser_invited_can_be_invited(app, lead, team):
    organiser = make_user(roles=("organiser",))
    assert invitation_problem(team, "pat@partner.example.org") is not None
    make_invitation(organiser, "pat@partner.example.org")
    assert invitation_problem(team, "pat@partner.example.org") is None


# Joining ------------------------------------------------------------------------------------


def test_join_with_the_invited_address(app, lead, team):
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    sam = make_user(name="Sam Colleague", email="sam@example.gov.uk")
    visitor = app.test_client()
    sign_in(visitor, sam)
    path = team_invitation_path(invitation)
    page = visitor.get(path)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page_title(body) == "Join Forms that fill themselves – Project Spark!"
    assert "Lee Lead has invited you to join this team" in body
    assert roles(team) == {"lee@example.gov.uk": LEAD}  # looking does not join

    response = visitor.post(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teams/{team.id}"
    assert roles(team) == {"lee@example.gov.uk": LEAD, "sam@example.gov.uk": MEMBER}
    db.session.refresh(invitation)
    assert invitation.accepted_at is not None
    [event] = audit_events("team_invitation.accepted")
    assert event.actor_id == sam.id
    assert event.target_id == str(invitation.id)
    assert event.after["team_id"] == team.id
    team_page = visitor.get(f"/teams/{team.id}").get_data(as_text=True)
    assert "You have joined Forms that fill themselves" in team_page
    assert "No one is waiting to join" in team_page

    # The link again: already in the team, so straight to the team page.
    again = visitor.get(path)
    assert again.status_code == 302
    assert again.headers["Location"] == f"/teams/{team.id}"


def test_signed_out_the_link_goes_to_sign_in_and_back(app, lead, team):
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    sam = make_user(email="sam@example.gov.uk")
    visitor = app.test_client()
    path = team_invitation_path(invitation)
    response = visitor.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    signed_in = visitor.post(
        response.headers["Location"],
        data={"email": sam.email, "password": "violet-harbour-kettle-77"},
    )
    assert signed_in.headers["Location"] == path


def test_someone_else_signed_in_is_told_who_the_invitation_is_for(app, lead, team):
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    other = make_user(email="kim@example.gov.uk")
    visitor = app.test_client()
    sign_in(visitor, other)
    path = team_invitation_path(invitation)
    for response in (visitor.get(path), visitor.post(path)):
        body = response.get_data(as_text=True)
        assert response.status_code == 403
        assert page_title(body) == "This invitation is for someone else – Project Spark!"
        assert "The invitation is for sam@example.gov.uk" in body
        assert "you are signed in as kim@example.gov.uk" in body
    assert roles(team) == {"lee@example.gov.uk": LEAD}
    assert audit_events("team_invitation.accepted") == []


def test_an_expired_invitation_is_refused(app, lead, team):
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    visitor = app.test_client()
    sign_in(visitor, make_user(email="sam@example.gov.uk"))
    for response in (
        visitor.get(team_invitation_path(invitation)),
        visitor.post(team_invitation_path(invitation)),
    ):
        assert response.status_code == 400
        assert EXPIRED in response.get_data(as_text=True)
    assert roles(team) == {"lee@example.gov.uk": LEAD}


def test_a_used_invitation_is_refused_to_others(app, lead, team):
    invitation = make_team_invitation(lead, team, "sam@example.gov.uk")
    invitation.accepted_at = utcnow()
    db.session.commit()
    visitor = app.test_client()
    sign_in(visitor, make_user(email="sam@example.gov.uk"))
    response = visitor.get(team_invitation_path(invitation))
    assert response.status_code == 400


@pytest.mark.parametrize("token", ["no-such-thing", "eyJ0ZWFtX2ludml0YXRpb24iOjF9.x.y"])
def test_made_up_links_are_refused(client, lead, token):
    response = client.get(f"/teams/join/{token}")
    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)


@pytest.mark.parametrize("invitation_id", [2**63, 10**30, True, 0, -1])
def test_a_signed_link_with_an_impossible_invitation_is_refused(client, lead, team, invitation_id):
    # Only the app can sign one, but a number past the database's BIGINT was a 500.
    make_team_invitation(lead, team, "kit@example.gov.uk")
    payload = {"team_invitation": invitation_id}
    token = tokens._serializer(tokens.TEAM_INVITATION_SALT).dumps(payload)
    response = client.get(f"/teams/join/{token}")
    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)


def test_an_account_invitation_token_is_not_a_team_invitation(client, lead, team):
    invitation = make_team_invitation(lead, team, "lee-again@example.gov.uk")
    token = tokens.make_invitation_token(invitation.id)
    assert client.get(f"/teams/join/{token}").status_code == 400


# The lead: removing members and handing over the lead -------------------------------------------


@pytest.fixture
def member(team):
    person = make_user(name="Mo Member", email="mo@example.gov.uk")
    team.members.append(TeamMember(user=person, role=MEMBER))
    db.session.commit()
    return next(m for m in team.members if m.user_id == person.id)


def test_lead_removes_a_member_after_confirming(client, lead, team, member):
    path = f"/teams/{team.id}/members/{member.id}/remove"
    page = client.get(path)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page_title(body) == "Remove Mo Member from Forms that fill themselves? – Project Spark!"
    assert "mo@example.gov.uk" in roles(team)

    response = client.post(path)
    assert response.status_code == 302
    assert roles(team) == {"lee@example.gov.uk": LEAD}
    [event] = audit_events("team.member_removed")
    assert event.actor_id == lead.id
    assert event.target_id == str(team.id)
    assert event.before["email"] == "mo@example.gov.uk"
    assert "Mo Member has been removed from Forms that fill themselves" in client.get(
        f"/teams/{team.id}"
    ).get_data(as_text=True)


def test_lead_cannot_remove_themselves(client, lead, team):
    mine = team.members[0]
    response = client.get(f"/teams/{team.id}/members/{mine.id}/remove", follow_redirects=True)
    assert "You cannot remove yourself while you are the team lead" in response.get_data(
        as_text=True
    )
    client.post(f"/teams/{team.id}/members/{mine.id}/remove")
    assert roles(team) == {"lee@example.gov.uk": LEAD}
    assert audit_events("team.member_removed") == []


def test_lead_hands_over_the_lead(client, lead, team, member):
    path = f"/teams/{team.id}/members/{member.id}/make-lead"
    body = client.get(path).get_data(as_text=True)
    assert page_title(body) == "Make Mo Member the team lead? – Project Spark!"
    response = client.post(path)
    assert response.status_code == 302
    assert roles(team) == {"lee@example.gov.uk": MEMBER, "mo@example.gov.uk": LEAD}
    [event] = audit_events("team.lead_changed")
    assert (event.before, event.after) == ({"lead_id": lead.id}, {"lead_id": member.user_id})
    page = client.get(f"/teams/{team.id}").get_data(as_text=True)
    assert "Mo Member is now the team lead" in page
    # The former lead is a member now: no lead actions.
    assert "/remove" not in page
    assert client.get(f"/teams/{team.id}/members/{member.id}/remove").status_code == 403


def test_members_cannot_remove_or_change_the_lead(client, lead, team, member):
    sign_in_as(client, member.user)
    lead_member = team.members[0]
    for action in ("remove", "make-lead"):
        path = f"/teams/{team.id}/members/{lead_member.id}/{action}"
        assert client.get(path).status_code == 403
        assert client.post(path).status_code == 403
    assert roles(team) == {"lee@example.gov.uk": LEAD, "mo@example.gov.uk": MEMBER}


def test_unknown_member_is_404(client, lead, team):
    assert client.get(f"/teams/{team.id}/members/999999/remove").status_code == 404
    other = make_team(make_user(), name="Another team")
    outsider = other.members[0]
    assert client.get(f"/teams/{team.id}/members/{outsider.id}/make-lead").status_code == 404
