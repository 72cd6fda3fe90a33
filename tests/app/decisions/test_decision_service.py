"""The decision service: recording, signing, amending, the pot, and immutability."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from spark.decisions import reads, service
from spark.decisions.models import Decision, DecisionVote, SignedDecisionChanged
from spark.decisions.service import DecisionProblems, DecisionRefused
from spark.extensions import db
from spark.lab.models import LabProject
from spark.panels.models import JudgingSettings
from tests.decision_factories import closed_panel, details, record_decision, sign_decision
from tests.factories import audit_events, outbox_messages


def test_recording_takes_the_named_votes_and_the_rule_result(app):
    decided = closed_panel("in", "in", "out")
    decision = record_decision(decided, amount_pence=1_000_000)
    assert (decision.kind, decision.votes_in, decision.votes_out) == ("split", 2, 1)
    assert decision.rule_outcome == "funded" and decision.quorum_met
    assert decision.departs_from_vote is False and decision.signed_at is None
    votes = {vote.user_id: vote.vote for vote in decision.votes}
    assert votes == {m.id: v for m, v in zip(decided.members, ("in", "in", "out"), strict=True)}
    assert {vote.user_id for vote in decision.votes if vote.is_chair} == {decided.chair.id}
    assert decision.mean_score == pytest.approx(decision.votes[0].mean_score)
    assert decision.spread == pytest.approx(0.0)
    assert [e.action for e in audit_events("decision.recorded")] == ["decision.recorded"]


def test_an_outcome_against_the_rule_needs_a_justification_and_is_flagged(app):
    decided = closed_panel("in", "in", "out")
    with pytest.raises(DecisionProblems) as refused:
        record_decision(decided, outcome="not_funded")
    assert "departs from the panel’s vote" in refused.value.problems["justification"]
    decision = record_decision(decided, outcome="not_funded", justification="The ask is unclear.")
    assert decision.departs_from_vote and decision.justification == "The ask is unclear."


def test_without_quorum_only_refine_and_resubmit(app):
    decided = closed_panel("in", "in", None)
    for outcome in ("funded", "not_funded"):
        with pytest.raises(DecisionProblems) as refused:
            record_decision(decided, outcome=outcome)
        assert "did not reach its quorum" in refused.value.problems["outcome"]
    decision = record_decision(decided, outcome="refine_and_resubmit")
    assert decision.quorum_met is False and decision.rule_outcome == "no_decision"
    assert decision.departs_from_vote is False and decision.absent == 1


def test_the_amount_cannot_pass_the_ask_or_the_pot(app):
    decided = closed_panel("in", "in", "in", pitches=2, pot_pence=3_000_000)
    with pytest.raises(DecisionProblems) as refused:
        record_decision(decided, amount_pence=2_500_000)
    assert refused.value.problems["amount"].startswith("The amount cannot be more than the team")
    sign_decision(decided, 0, amount_pence=2_000_000)
    with pytest.raises(DecisionProblems) as refused:
        record_decision(decided, 1, amount_pence=1_500_000)
    assert "only £10,000 is left" in refused.value.problems["amount"]
    with pytest.raises(DecisionProblems) as refused:
        record_decision(decided, 1, amount_pence=None)
    assert refused.value.problems["amount"] == "Enter the amount awarded"


def test_scoring_must_be_closed(app):
    decided = closed_panel("in", "in", "in")
    decided.slot.state = "scoring"
    db.session.commit()
    with pytest.raises(DecisionRefused, match="Close scoring"):
        record_decision(decided)


def test_a_stale_page_cannot_overwrite_the_decision(app):
    decided = closed_panel("in", "in", "in")
    first = record_decision(decided)
    version = first.version
    service.record(
        decided.chair,
        decided.panel,
        decided.slot,
        details(conditions="Report monthly"),
        seen_version=version,
    )
    with pytest.raises(DecisionRefused) as refused:
        service.record(decided.chair, decided.panel, decided.slot, details(), seen_version=version)
    assert refused.value.status == 409
    with pytest.raises(DecisionRefused) as refused:
        record_decision(decided)  # a second tab that saw no decision
    assert refused.value.status == 409
    assert db.session.get(Decision, first.id).conditions == "Report monthly"


def test_signing_makes_it_final_decides_the_pitch_tells_the_team_and_opens_a_lab_project(app):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided, amount_pence=1_200_000)
    assert decision.signed_by_id == decided.chair.id and decision.signed_at is not None
    assert decided.pitch.status == "decided"
    [email] = outbox_messages("decision_signed")
    assert email.to == decided.lead.email and "£12,000" in email.body
    project = db.session.scalars(select(LabProject)).one()
    assert (project.pitch_id, project.decision_id, project.stage) == (
        decided.pitch.id,
        decision.id,
        "discovery",
    )
    assert project.budget_awarded_pence == 1_200_000
    assert [e.action for e in audit_events("decision.signed")] == ["decision.signed"]


def test_not_funded_opens_no_lab_project(app):
    decided = closed_panel("out", "out", "in")
    sign_decision(decided, outcome="not_funded")
    assert db.session.scalars(select(LabProject)).all() == []


def test_signing_twice_is_refused(app):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided)
    with pytest.raises(DecisionRefused) as refused:
        service.sign(decided.chair, decided.panel, decided.slot, seen_version=decision.version)
    assert refused.value.status == 409


def test_signing_is_refused_when_the_votes_changed_after_recording(app):
    from spark.panels.models import ScoreSheet

    decided = closed_panel("in", "in", "in")
    decision = record_decision(decided)
    sheet = db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.dragon_id == decided.dragons[0].id)
    ).one()
    sheet.verdict = "out"
    db.session.commit()
    with pytest.raises(DecisionRefused, match="votes have changed"):
        service.sign(decided.chair, decided.panel, decided.slot, seen_version=decision.version)
    assert db.session.get(Decision, decision.id).signed_at is None


def test_the_service_refuses_to_change_a_signed_decision(app):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided)
    with pytest.raises(DecisionRefused, match="record an amendment") as refused:
        service.record(
            decided.chair, decided.panel, decided.slot, details(), seen_version=decision.version
        )
    assert refused.value.status == 409


@pytest.mark.parametrize(
    "change",
    [
        lambda d: setattr(d, "amount_pence", 1),
        lambda d: setattr(d, "outcome", "not_funded"),
        lambda d: setattr(d, "rationale", "Changed quietly"),
        lambda d: setattr(d, "signed_at", None),
        lambda d: setattr(d.votes[0], "vote", "out"),
        lambda d: d.votes.append(DecisionVote(user_id=d.votes[0].user_id, vote="in")),
        lambda d: db.session.delete(d.votes[0]),
        lambda d: db.session.delete(d),
    ],
    ids=["amount", "outcome", "rationale", "unsign", "vote", "add vote", "drop vote", "delete"],
)
def test_the_model_refuses_any_change_to_a_signed_decision(app, change):
    decided = closed_panel("in", "in", "in")
    decision_id = sign_decision(decided).id
    db.session.expire_all()
    decision = db.session.get(Decision, decision_id)
    change(decision)
    with pytest.raises(SignedDecisionChanged):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Decision, decision_id).rationale == "A clear problem and a cheap test."


@pytest.mark.parametrize(
    "statement",
    [
        lambda: update(Decision).values(rationale="x"),
        lambda: delete(DecisionVote),
        lambda: delete(Decision),
    ],
    ids=["update", "delete votes", "delete"],
)
def test_bulk_statements_on_decisions_are_refused(app, statement):
    decided = closed_panel("in", "in", "in")
    sign_decision(decided)
    with pytest.raises(SignedDecisionChanged):
        db.session.execute(statement())
    db.session.rollback()


def test_an_amendment_supersedes_the_signed_decision_once_signed_and_both_stay(app):
    decided = closed_panel("in", "in", "out")
    first = sign_decision(decided, amount_pence=1_000_000)
    with pytest.raises(DecisionProblems) as refused:
        service.amend(decided.chair, decided.panel, decided.slot, details(amount_pence=800_000))
    assert refused.value.problems == {"amendment_reason": "Enter the reason for the amendment"}
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(amount_pence=800_000, amendment_reason="The ask was in error."),
    )
    assert reads.in_force(reads.history(decided.pitch.id)).id == first.id
    with pytest.raises(DecisionRefused, match="already recorded"):
        service.amend(decided.chair, decided.panel, decided.slot, details(amendment_reason="Again"))
    signed = service.sign(
        decided.chair, decided.panel, decided.slot, seen_version=amendment.version
    )
    chain = reads.history(decided.pitch.id)
    assert [d.id for d in chain] == [first.id, signed.id]
    assert reads.in_force(chain).id == signed.id and signed.supersedes_id == first.id
    assert reads.awarded_pence(decided.round.id) == 800_000
    project = db.session.scalars(select(LabProject)).one()
    assert (project.decision_id, project.budget_awarded_pence) == (signed.id, 800_000)
    assert len(outbox_messages("decision_signed")) == 2
    assert [e.action for e in audit_events("decision.amendment_signed")]


def test_an_amendment_may_reuse_the_money_it_replaces(app):
    decided = closed_panel("in", "in", "in", pot_pence=2_000_000)
    sign_decision(decided, amount_pence=2_000_000)
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(amount_pence=1_900_000, amendment_reason="Rounded down"),
    )
    service.sign(decided.chair, decided.panel, decided.slot, seen_version=amendment.version)
    assert reads.awarded_pence(decided.round.id) == 1_900_000


def test_an_amendment_to_not_funded_stops_the_lab_project(app):
    decided = closed_panel("in", "in", "in")
    sign_decision(decided)
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(outcome="not_funded", justification="Found a duplicate", amendment_reason="Dup"),
    )
    service.sign(decided.chair, decided.panel, decided.slot, seen_version=amendment.version)
    project = db.session.scalars(select(LabProject)).one()
    assert project.status == "stopped" and "Dup" in project.status_reason
    assert reads.awarded_pence(decided.round.id) == 0


def test_signing_checks_the_pot_again(app):
    decided = closed_panel("in", "in", "in", pitches=2, pot_pence=3_000_000)
    first = record_decision(decided, 0, amount_pence=2_000_000)
    second = record_decision(decided, 1, amount_pence=2_000_000)
    service.sign(decided.chair, decided.panel, decided.slots[0], seen_version=first.version)
    with pytest.raises(DecisionRefused, match="only £10,000 is left"):
        service.sign(decided.chair, decided.panel, decided.slots[1], seen_version=second.version)
    assert db.session.get(Decision, second.id).signed_at is None
    assert reads.awarded_pence(decided.round.id) == 2_000_000


def test_the_object_signing_returns_cannot_be_changed_after_its_commit(app):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided, amount_pence=1_000_000)  # expired by the commit
    decision.rationale = "Changed quietly"
    decision.amount_pence = 2_000_000
    with pytest.raises(SignedDecisionChanged):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    stored = db.session.get(Decision, decision.id)
    assert (stored.rationale, stored.amount_pence) == (
        "A clear problem and a cheap test.",
        1_000_000,
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions SET amount_pence = 5000000",
        "UPDATE decisions SET signed_at = NULL, signed_by_id = NULL",
        "UPDATE decision_votes SET vote = 'out'",
        "INSERT INTO decision_votes (decision_id, user_id, vote, is_chair, reason) "
        "SELECT id, recorded_by_id, 'in', false, '' FROM decisions",
    ],
    ids=["amount", "unsign", "vote", "add vote"],
)
def test_the_database_refuses_to_change_a_signed_decision_whatever_writes(app, statement):
    """Past the application (a Core statement, raw SQL, another client), the migration's
    triggers refuse."""
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided, amount_pence=1_000_000)
    decision_id = decision.id
    with db.engine.connect() as other_client, pytest.raises(DBAPIError):
        other_client.execute(text(statement))
    db.session.expire_all()
    stored = db.session.get(Decision, decision_id)
    assert stored.amount_pence == 1_000_000 and stored.signed_at is not None
    assert [vote.vote for vote in stored.votes] == ["in", "in", "in"]


def test_an_unsigned_decision_may_still_change_in_the_database(app):
    decided = closed_panel("in", "in", "in")
    decision_id = record_decision(decided).id
    with db.engine.begin() as other_client:
        other_client.execute(text("UPDATE decisions SET conditions = 'Report monthly'"))
    db.session.expire_all()
    assert db.session.get(Decision, decision_id).conditions == "Report monthly"


def test_the_pot_cannot_drop_below_what_signed_decisions_award(client, organiser):
    decided = closed_panel("in", "in", "in", pot_pence=5_000_000)
    sign_decision(decided, amount_pence=2_000_000)
    url = f"/rounds/{decided.round.id}/judging/settings"
    form = {"pot": "£100", "decision_rule": "majority", "quorum": "3", "feedback_shows_names": "no"}
    response = client.post(url, data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The pot cannot be less than the £20,000 already awarded from it" in page
    assert 'value="£100"' in page or 'value="100"' in page  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(JudgingSettings, decided.round.id).pot_pence == 5_000_000
    assert client.post(url, data={**form, "pot": "£20,000"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(JudgingSettings, decided.round.id).pot_pence == 2_000_000


def test_an_amendment_back_to_funded_reopens_the_stopped_lab_project(app):
    decided = closed_panel("in", "in", "in")
    sign_decision(decided)
    for fields in (
        {"outcome": "not_funded", "justification": "Duplicate", "amendment_reason": "Dup"},
        {"amount_pence": 900_000, "amendment_reason": "Not a duplicate after all"},
    ):
        amendment = service.amend(decided.chair, decided.panel, decided.slot, details(**fields))
        service.sign(decided.chair, decided.panel, decided.slot, seen_version=amendment.version)
    project = db.session.scalars(select(LabProject)).one()
    assert (project.status, project.status_reason, project.budget_awarded_pence) == (
        "active",
        "",
        900_000,
    )


def test_only_the_chair_free_of_conflict_may_record_sign_or_amend(app):
    from spark.panels.models import Conflict

    decided = closed_panel("in", "in", "in", "in")
    dragon = decided.dragons[0]
    with pytest.raises(DecisionRefused) as refused:
        service.record(dragon, decided.panel, decided.slot, details(), seen_version=None)
    assert refused.value.status == 403
    other = closed_panel("in", "in", "in", round_=decided.round, pot_pence=5_000_000)
    with pytest.raises(DecisionRefused):  # a slot of another panel
        service.record(decided.chair, decided.panel, other.slot, details(), seen_version=None)
    db.session.add(Conflict(pitch_id=decided.pitch.id, user_id=decided.chair.id, reason="Friend"))
    db.session.commit()
    with pytest.raises(DecisionRefused, match="You are recused from this pitch") as refused:
        record_decision(decided)
    assert refused.value.status == 403


def test_an_amendment_names_the_decision_it_amends(app):
    decided = closed_panel("in", "in", "in")
    first = sign_decision(decided)
    second = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(amendment_reason="Typo"),
        seen_decision_id=first.id,
    )
    service.sign(decided.chair, decided.panel, decided.slot, seen_version=second.version)
    with pytest.raises(DecisionRefused) as refused:  # a page still showing the first
        service.amend(
            decided.chair,
            decided.panel,
            decided.slot,
            details(amendment_reason="Again"),
            seen_decision_id=first.id,
        )
    assert refused.value.status == 409


def test_signing_refuses_when_scoring_was_reopened_meanwhile(app):
    decided = closed_panel("in", "in", "in")
    decision = record_decision(decided)
    from spark.panels.models import PanelSlot

    db.session.execute(update(PanelSlot).values(state="scoring"))
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(DecisionRefused):
        service.sign(
            decided.chair,
            decided.panel,
            db.session.get(PanelSlot, decided.slot.id),
            seen_version=decision.version,
        )
