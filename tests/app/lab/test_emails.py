"""The lab's one way of emailing a project's team: one message to each member, greeted by
name, signed by the service, in the caller's transaction."""

from __future__ import annotations

from spark.accounts.models import MEMBER, TeamMember
from spark.extensions import db
from spark.lab.emails import tell_the_team
from tests.factories import make_user, outbox_messages
from tests.lab_factories import funded_project


def test_each_member_of_the_team_gets_one_email_greeted_by_name(app):
    funded = funded_project()
    member = make_user(name="Mo Member")
    db.session.add(TeamMember(team_id=funded.pitch.team_id, user_id=member.id, role=MEMBER))
    db.session.commit()
    db.session.refresh(funded.pitch.team)
    queued = tell_the_team(
        funded.project,
        "lab_test_kind",
        "Something happened",
        ["The lab did a thing.", "See it here:\nhttps://example.test/x"],
        link="https://example.test/x",
    )
    assert queued == 2
    # Queued in the caller's transaction: nothing is committed until the caller commits.
    db.session.commit()
    messages = outbox_messages("lab_test_kind")
    assert {message.to for message in messages} == {funded.lead.email, member.email}
    mo = next(message for message in messages if message.to == member.email)
    assert mo.subject == "Something happened"
    assert mo.body == (
        "Hello Mo Member,\n\nThe lab did a thing.\n\nSee it here:\nhttps://example.test/x"
        "\n\nProject Spark!"
    )
    assert mo.personalisation == {"name": "Mo Member", "link": "https://example.test/x"}


def test_a_rollback_sends_nothing(app):
    funded = funded_project()
    tell_the_team(funded.project, "lab_test_kind", "Never sent", ["Rolled back."])
    db.session.rollback()
    assert outbox_messages("lab_test_kind") == []
