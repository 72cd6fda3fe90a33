"""Who may see a panel's pitches, and which dragons are recused (found or declared)."""

from __future__ import annotations

from spark.extensions import db
from spark.panels import access
from spark.panels.models import Conflict, JudgingSettings
from spark.pitches import access as pitch_access
from spark.pitches import round_service
from tests.factories import make_user
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_team_pitch,
    route,
)


def test_a_new_round_gets_judging_settings_and_the_default_criteria(app):
    from datetime import UTC, datetime, timedelta

    organiser = make_user(roles=("organiser",))
    now = datetime.now(UTC)
    round_ = round_service.create_round(
        organiser, round_service.RoundDetails("Spark! 2027", "", now, now + timedelta(days=9))
    )
    settings = db.session.get(JudgingSettings, round_.id)
    assert (settings.quorum, settings.decision_rule, settings.feedback_shows_names) == (
        3,
        "majority",
        False,
    )
    names = [criterion.name for criterion in criteria_of(round_)]
    assert names == [
        "User need and problem",
        "Innovation",
        "Feasibility",
        "Value for money",
        "Potential to scale across government",
        "Accessibility and inclusion",
    ]
    assert all(len(criterion.descriptors) == 5 for criterion in criteria_of(round_))


def test_a_dragon_sees_pitches_on_their_panel_unless_recused(app):
    round_ = make_judged_round()
    chair, dragon, outsider = make_dragon(), make_dragon(), make_dragon()
    panel = make_panel(round_, chair, dragon)
    routed, declared, elsewhere = (make_team_pitch(round_) for _ in range(3))
    route(panel, routed, declared)
    db.session.add(Conflict(pitch_id=declared.id, user_id=dragon.id, reason="My sister"))
    db.session.commit()

    assert pitch_access.can_view(routed, dragon)
    assert not pitch_access.can_view(declared, dragon)
    assert pitch_access.can_view(declared, chair)
    assert not pitch_access.can_view(elsewhere, dragon)
    assert not pitch_access.can_view(routed, outsider)
    assert access.recusal_reason(declared, dragon) == "My sister"


def test_conflicts_are_found_from_team_and_the_leads_department(app):
    round_ = make_judged_round()
    pitch = make_team_pitch(round_, department="Department for Education")
    teammate = pitch.team.lead
    colleague = make_dragon(department="department for education ")
    stranger = make_dragon(department="Home Office")

    found = access.recusals([pitch.id], [teammate, colleague, stranger])
    assert found == {
        (pitch.id, teammate.id): "On the pitch's team",
        (pitch.id, colleague.id): "Same department as the team's lead",
    }


def test_a_panels_members_are_its_dragons_and_chair_by_name(app):
    from spark.panels.models import PanelMember

    round_ = make_judged_round()
    chair = make_dragon(name="cara Chair")
    ada, bo, outsider = make_dragon(name="Bo Dragon"), make_dragon(name="Ada Dragon"), make_dragon()
    panel = make_panel(round_, chair, ada, bo)
    other = make_panel(round_, outsider)
    # A panel whose chair has lost their member row still counts them.
    db.session.delete(
        db.session.scalar(db.select(PanelMember).filter_by(panel_id=panel.id, user_id=chair.id))
    )
    db.session.commit()

    assert [user.name for user in access.members(panel)] == [
        "Ada Dragon",
        "Bo Dragon",
        "cara Chair",
    ]
    assert access.members_by_panel([panel, other]) == {
        panel.id: access.members(panel),
        other.id: [outsider],
    }
    assert access.is_member(panel, chair) and access.is_member(panel, ada)
    assert not access.is_member(panel, outsider)


def test_a_withdrawn_pitch_leaves_its_panels_running_order(client):
    from sqlalchemy import select

    from spark.panels.models import PanelSlot, ScoreSheet
    from tests.factories import audit_events, sign_in
    from tests.panel_factories import make_sheet

    round_ = make_judged_round()
    chair, ada = make_dragon(name="Cara Chair"), make_dragon(name="Ada Dragon")
    panel = make_panel(round_, chair, ada, make_dragon(), name="Panel A")
    ideas = [make_team_pitch(round_, title=f"Idea {n}") for n in (1, 2, 3, 4)]
    route(panel, *ideas)
    panel.current_position = 3  # Idea 3 is now pitching
    db.session.commit()
    sheet = make_sheet(ideas[1], ada)  # a draft on the pitch the team withdraws

    sign_in(client, ideas[1].team.lead)
    response = client.post(f"/pitches/{ideas[1].id}/withdraw", data={"reason": "Not ready"})
    assert response.status_code == 302

    db.session.expire_all()
    order = db.session.scalars(
        select(PanelSlot).where(PanelSlot.panel_id == panel.id).order_by(PanelSlot.position)
    )
    assert [(slot.position, slot.pitch.title) for slot in order] == [
        (1, "Idea 1"),
        (2, "Idea 3"),
        (3, "Idea 4"),
    ]
    assert panel.current_position == 2  # still Idea 3
    assert ideas[1].status == "withdrawn"
    assert db.session.get(ScoreSheet, sheet.id) is not None  # history stays
    [event] = audit_events("pitch.unrouted")
    assert event.actor_id == ideas[1].team.lead.id
    assert event.before == {"status": "assigned", "panel_id": panel.id, "position": 2}
    assert event.after == {"status": "withdrawn", "reason": "withdrawn by the team"}

    # The pitch now pitching is withdrawn: nothing is now pitching.
    client.get("/sign-out")
    sign_in(client, ideas[2].team.lead)
    client.post(f"/pitches/{ideas[2].id}/withdraw", data={"reason": "Changed our minds"})
    db.session.expire_all()
    assert panel.current_position is None
    assert [slot.pitch.title for slot in panel.slots] == ["Idea 1", "Idea 4"]
    assert len(audit_events("pitch.unrouted")) == 2
