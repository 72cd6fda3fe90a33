"""Recording, signing and amending a panel's decision: the only place that commits them.

The business rules, checked here on every save whatever the page showed:

- Only the panel's chair records, signs and amends (the views' ``panel_chair_required``), and
  only for a pitch on their panel whose scoring has **closed**.
- Recording takes a snapshot of the votes (each member's named vote, recused, absent) and the
  figures (mean, spread) and applies the round's rule (``rules.decide``); the outcome must be
  allowed (``recording.outcome_refusal``: without quorum, only refine and resubmit); a decision
  departing from the rule's outcome needs a justification; a funded decision needs an amount
  not over the ask nor what is left in the pot (``results.award_refusal``), nor under what a
  later stage says it may not be (``hooks.amount_floor_refusal``: what the lab has released).
- A recorded decision may be changed until it is signed. Each change names the version the
  page showed; a stale one is refused (409), so two tabs never overwrite each other.
- **Signing** locks the round's pot (an UPDATE of its judging settings row: the second of two
  chairs signing at once waits for the first to commit, on PostgreSQL and SQLite alike), then
  checks again that the votes are the ones recorded and the money still fits. Then the
  decision is final (``models`` refuses any later change), the pitch becomes *decided*, the
  team is emailed, and ``signals.decision_signed`` lets the lab open the project - all in one
  transaction.
- A signed decision is corrected by an **amendment**: a new decision superseding it, with a
  reason, recorded and signed the same way. Until the amendment is signed the old decision
  stays in force; afterwards both stay in the history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from spark.accounts.models import User
from spark.core import audit
from spark.core.audit import utcnow
from spark.decisions import reads, recording, rules
from spark.decisions.emails import tell_the_team
from spark.decisions.hooks import amount_floor_refusal
from spark.decisions.models import Decision, DecisionVote
from spark.decisions.results import award_refusal
from spark.decisions.signals import decision_signed
from spark.decisions.snapshot import Snapshot, snapshot
from spark.extensions import db
from spark.panels import access
from spark.panels.models import Panel, PanelSlot
from spark.panels.setup_service import current_settings, hold_settings
from spark.pitches.models import Pitch
from spark.pitches.workflow import Actor, Status, check_move

TEXT_MAX = 5000
CHANGED = (
    "This decision was changed somewhere else while you were looking at it. Check it and try again"
)
NOT_CLOSED = "Close scoring for this pitch before recording the panel’s decision"
SIGNED_ALREADY = "This decision is signed and cannot be changed. To correct it, record an amendment"
VOTES_CHANGED = (
    "The panel’s votes have changed since this decision was recorded. "
    "Check the decision and save it again before signing"
)
ENTER_REASON = "Enter the reason for the amendment"


class DecisionRefused(Exception):
    """The move is not possible: the message says why. ``status`` is 400, or 409 when the
    page was out of date; ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


class DecisionProblems(Exception):
    """The chair's answers have problems: field name -> GOV.UK error message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class DecisionDetails:
    """What the chair typed."""

    outcome: str
    amount_pence: int | None = None
    conditions: str = ""
    rationale: str = ""
    dissent: str = ""
    justification: str = ""
    amendment_reason: str = ""


# Checking -----------------------------------------------------------------------------------


def _clean(details: DecisionDetails) -> DecisionDetails:
    outcome = details.outcome or ""
    return DecisionDetails(
        outcome=outcome,
        amount_pence=details.amount_pence if outcome == recording.Outcome.FUNDED else None,
        conditions=details.conditions.strip(),
        rationale=details.rationale.strip(),
        dissent=details.dissent.strip(),
        justification=details.justification.strip(),
        amendment_reason=details.amendment_reason.strip(),
    )


def _money_refusal(
    decision_round_id: int, pitch: Pitch, amount: int | None, leaving_out: list[int]
) -> str | None:
    settings = current_settings(decision_round_id)
    refusal = award_refusal(
        amount,
        pitch.ask_pence or 0,
        settings.pot_pence or 0,
        reads.awarded_pence(decision_round_id, leaving_out=leaving_out),
    )
    if refusal is None and amount is not None:
        refusal = amount_floor_refusal(pitch.id, amount)  # e.g. what the lab has released
    return refusal


def _problems(
    details: DecisionDetails,
    snap: Snapshot,
    pitch: Pitch,
    *,
    amendment_of: Decision | None,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    refusal = recording.outcome_refusal(details.outcome, snap.result.quorum_met)
    if refusal:
        problems["outcome"] = refusal
        return problems
    if details.outcome == recording.Outcome.FUNDED:
        leaving_out = [amendment_of.id] if amendment_of is not None else []
        money = _money_refusal(pitch.round_id, pitch, details.amount_pence, leaving_out)
        if money:
            problems["amount"] = money
    justification = recording.justification_refusal(
        details.outcome, snap.result.outcome.value, details.justification
    )
    if justification:
        problems["justification"] = justification
    if amendment_of is not None and not details.amendment_reason:
        problems["amendment_reason"] = ENTER_REASON
    for name in ("conditions", "rationale", "dissent", "justification", "amendment_reason"):
        if len(getattr(details, name)) > TEXT_MAX and name not in problems:
            problems[name] = f"This must be {TEXT_MAX:,} characters or fewer"
    return problems


def _check(actor: User, panel: Panel, slot: PanelSlot) -> None:
    """Only the panel's chair, free of conflict with the pitch, on a pitch of this panel
    whose scoring has closed. (The pages check the first two as well.)"""
    if slot.panel_id != panel.id or actor.id != panel.chair_id:
        raise DecisionRefused("Only the chair of the pitch’s panel can do this", status=403)
    reason = access.recusal_reason(slot.pitch, actor)
    if reason is not None:
        raise DecisionRefused(
            f"You are recused from this pitch ({reason}), so you cannot record or sign its "
            "decision. Ask an organiser to move the pitch to another panel",
            status=403,
        )
    if slot.state != "closed":
        raise DecisionRefused(NOT_CLOSED)


# Writing ------------------------------------------------------------------------------------


def _fill(decision: Decision, details: DecisionDetails, snap: Snapshot) -> None:
    result = snap.result
    decision.kind = result.kind.value if result.kind else None
    decision.votes_in = result.tally.ins
    decision.votes_out = result.tally.outs
    decision.recused = result.tally.recused
    decision.absent = result.tally.absent
    decision.rule = result.rule.value
    decision.quorum = result.quorum
    decision.quorum_met = result.quorum_met
    decision.rule_outcome = result.outcome.value
    decision.casting_vote = result.casting_vote
    decision.rule_explanation = result.explanation
    decision.mean_score = snap.mean
    decision.spread = snap.spread.stdev if snap.spread else None
    with db.session.no_autoflush:  # the new decision is not complete yet
        settings = current_settings(decision.round_id)
    decision.feedback_names = bool(settings.feedback_shows_names)
    decision.outcome = details.outcome
    decision.amount_pence = details.amount_pence
    decision.conditions = details.conditions
    decision.rationale = details.rationale
    decision.dissent = details.dissent
    decision.departs_from_vote = recording.departs(details.outcome, result.outcome.value)
    decision.justification = details.justification if decision.departs_from_vote else ""
    decision.updated_at = utcnow()
    recorded = {vote.user_id: vote for vote in decision.votes}
    for member in snap.members:
        vote = recorded.pop(member.user.id, None) or DecisionVote(user_id=member.user.id)
        vote.vote = member.vote.value
        vote.is_chair = member.is_chair
        vote.reason = member.reason
        vote.mean_score = member.mean
        if vote not in decision.votes:
            decision.votes.append(vote)
    for gone in recorded.values():
        decision.votes.remove(gone)


def _facts(decision: Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome,
        "amount_pence": decision.amount_pence,
        "kind": decision.kind,
        "tally": rules.Tally(
            decision.votes_in, decision.votes_out, decision.recused, decision.absent
        ).text,
        "rule_outcome": decision.rule_outcome,
        "departs_from_vote": decision.departs_from_vote,
        "conditions": decision.conditions,
        "rationale": decision.rationale,
        "dissent": decision.dissent,
        "justification": decision.justification,
        "supersedes_id": decision.supersedes_id,
        "amendment_reason": decision.amendment_reason,
    }


def _commit() -> None:
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as error:
        db.session.rollback()
        raise DecisionRefused(CHANGED, status=409) from error


def record(
    actor: User,
    panel: Panel,
    slot: PanelSlot,
    details: DecisionDetails,
    *,
    seen_version: int | None,
) -> Decision:
    """Record the panel's decision on the slot's pitch, or change the unsigned one.

    ``seen_version`` is the version of the unsigned decision the page showed (None when it
    showed none): anything else is refused as changed elsewhere (409). Problems with the
    answers raise DecisionProblems; a signed decision with no amendment under way is refused
    (use ``amend``). Audited as 'decision.recorded' or 'decision.changed'."""
    _check(actor, panel, slot)
    chain = reads.history(slot.pitch_id)
    current = reads.draft(chain)
    if current is None and reads.in_force(chain) is not None:
        raise DecisionRefused(SIGNED_ALREADY, status=409)
    seen = current.version if current is not None else None
    if seen != seen_version:
        raise DecisionRefused(CHANGED, status=409)
    details = _clean(details)
    snap = snapshot(panel, slot)
    amendment_of = current.supersedes if current is not None else None
    if amendment_of is None:
        details = replace(details, amendment_reason="")  # a first decision amends nothing
    problems = _problems(details, snap, slot.pitch, amendment_of=amendment_of)
    if problems:
        raise DecisionProblems(problems)
    if current is None:
        current = Decision(
            pitch_id=slot.pitch_id,
            panel_id=panel.id,
            round_id=slot.pitch.round_id,
            recorded_by_id=actor.id,
            recorded_at=utcnow(),
        )
        db.session.add(current)
        action, before = "decision.recorded", None
    else:
        action, before = "decision.changed", _facts(current)
        if amendment_of is not None:
            current.amendment_reason = details.amendment_reason
    _fill(current, details, snap)
    audit.record(action, current, actor=actor, before=before, after=_facts(current))
    _commit()
    return current


def amend(
    actor: User,
    panel: Panel,
    slot: PanelSlot,
    details: DecisionDetails,
    *,
    seen_decision_id: int | None = None,
) -> Decision:
    """Start an amendment of the signed decision in force: a new, unsigned decision that will
    supersede it once signed, with the reason (required). Only one amendment at a time.
    ``seen_decision_id`` is the decision in force the page showed: if another has been
    signed since, the amendment is refused (409). Audited as 'decision.amendment_recorded'."""
    _check(actor, panel, slot)
    chain = reads.history(slot.pitch_id)
    signed = reads.in_force(chain)
    if signed is None:
        raise DecisionRefused("There is no signed decision to amend", status=409)
    if seen_decision_id is not None and seen_decision_id != signed.id:
        raise DecisionRefused(CHANGED, status=409)
    if reads.draft(chain) is not None:
        raise DecisionRefused(
            "An amendment is already recorded for this decision. Change it or sign it",
            status=409,
        )
    details = _clean(details)
    snap = snapshot(panel, slot)
    problems = _problems(details, snap, slot.pitch, amendment_of=signed)
    if problems:
        raise DecisionProblems(problems)
    amendment = Decision(
        pitch_id=slot.pitch_id,
        panel_id=panel.id,
        round_id=slot.pitch.round_id,
        recorded_by_id=actor.id,
        recorded_at=utcnow(),
        supersedes_id=signed.id,
        amendment_reason=details.amendment_reason,
    )
    db.session.add(amendment)
    _fill(amendment, details, snap)
    audit.record(
        "decision.amendment_recorded",
        amendment,
        actor=actor,
        before=_facts(signed),
        after=_facts(amendment),
    )
    _commit()
    return amendment


def _hold_closed(slot: PanelSlot) -> None:
    """Hold the slot's row, still closed, until commit: a reopening of scoring racing the
    signing waits, then finds the pitch decided; a reopening that got in first is seen."""
    held = db.session.execute(
        update(PanelSlot)
        .where(PanelSlot.id == slot.id, PanelSlot.state == "closed")
        .values(state="closed")
        .execution_options(synchronize_session=False)
    )
    if held.rowcount != 1:
        db.session.rollback()
        raise DecisionRefused(NOT_CLOSED, status=409)


def sign(actor: User, panel: Panel, slot: PanelSlot, *, seen_version: int | None) -> Decision:
    """Sign the unsigned decision on the slot's pitch (the version the page showed), making
    it final. See the module docstring for what is checked again and what follows."""
    _check(actor, panel, slot)
    hold_settings(slot.pitch.round_id)  # signings in a round queue here, one at a time
    _hold_closed(slot)
    chain = reads.history(slot.pitch_id, fresh=True)  # as it is now the pot is held
    decision = reads.draft(chain)
    if decision is None:
        db.session.rollback()
        raise DecisionRefused(
            "This decision has already been signed" if chain else "Record the decision first",
            status=409,
        )
    if decision.version != seen_version:
        db.session.rollback()
        raise DecisionRefused(CHANGED, status=409)
    snap = snapshot(panel, slot)
    if not snap.matches(decision):
        db.session.rollback()
        raise DecisionRefused(VOTES_CHANGED, status=409)
    superseded = decision.supersedes
    if decision.outcome == recording.Outcome.FUNDED:
        leaving_out = [superseded.id] if superseded is not None else []
        money = _money_refusal(decision.round_id, slot.pitch, decision.amount_pence, leaving_out)
        if money:
            db.session.rollback()
            raise DecisionRefused(f"You cannot sign this decision. {money}", field="amount")
    decision.signed_at = utcnow()
    decision.signed_by_id = actor.id
    pitch = slot.pitch
    if pitch.status != Status.DECIDED:
        check_move(Status(pitch.status), Status.DECIDED, Actor.CHAIR)
        pitch.status = Status.DECIDED.value
    audit.record(
        "decision.amendment_signed" if superseded is not None else "decision.signed",
        decision,
        actor=actor,
        after={**_facts(decision), "signed_at": decision.signed_at.isoformat()},
    )
    tell_the_team(decision, pitch, panel, amended=superseded is not None)
    decision_signed.send(decision, actor=actor, superseded=superseded)
    _commit()
    return decision
