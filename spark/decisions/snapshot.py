"""The panel's votes on a pitch as they stand now: each member's named vote (in, out, recused,
did not vote) with their sheet's reason and weighted mean, what the round's rule makes of
them (``rules.decide``), and the pitch's mean and spread. Recording a decision stores this
snapshot; signing checks it has not changed since; the chair's page shows it.

Recused members' sheets do not count, and a draft counts as not voting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spark.accounts.models import User
from spark.decisions import recording, rules
from spark.decisions.models import Decision
from spark.panels import access, scoring
from spark.panels.models import Panel, PanelSlot, ScoreSheet
from spark.panels.setup_service import criteria_of, current_settings
from spark.panels.sheet_results import member_sheets, submitted_sheets


@dataclass(frozen=True)
class MemberPosition:
    user: User
    vote: rules.Vote
    is_chair: bool
    reason: str
    mean: float | None


@dataclass(frozen=True)
class Snapshot:
    """The panel's votes on the pitch now, and what the round's rule makes of them."""

    result: rules.Result
    members: list[MemberPosition]
    mean: float | None
    spread: scoring.Spread | None
    sheets: dict[int, ScoreSheet] = field(default_factory=dict)

    def matches(self, decision: Decision) -> bool:
        """Whether ``decision`` was recorded on these same votes."""
        recorded = {vote.user_id: vote.vote for vote in decision.votes}
        return recorded == {member.user.id: member.vote.value for member in self.members} and (
            decision.rule_outcome == self.result.outcome.value
        )


def snapshot(panel: Panel, slot: PanelSlot) -> Snapshot:
    """Each member's vote on the slot's pitch, the rule's result, and the figures, read now.

    Recused members' sheets do not count; a draft counts as not voting."""
    members = access.members(panel)
    positions = member_sheets([slot.pitch_id], members)
    criteria = criteria_of(slot.pitch.round_id)
    weights = {criterion.id: criterion.weight for criterion in criteria}
    sheets = submitted_sheets(slot.pitch_id, (member.id for member in members))
    rows: list[MemberPosition] = []
    votes: dict[int, rules.Vote] = {}
    for member in members:
        position = positions[(slot.pitch_id, member.id)]
        vote = rules.vote_of(
            recused=position.recused,
            sheet_status=position.sheet_status,
            verdict=position.verdict,
        )
        votes[member.id] = vote
        sheet = sheets.get(member.id) if vote in (rules.Vote.IN, rules.Vote.OUT) else None
        mean = None
        if sheet is not None:
            mean = scoring.weighted_mean(
                {score.criterion_id: score.score for score in sheet.scores}, weights
            )
        rows.append(
            MemberPosition(
                user=member,
                vote=vote,
                is_chair=member.id == panel.chair_id,
                reason=(sheet.reason or "") if sheet is not None else "",
                mean=mean,
            )
        )
    settings = current_settings(slot.pitch.round_id)
    result = rules.decide(
        votes, chair_id=panel.chair_id, quorum=settings.quorum, rule=settings.decision_rule
    )
    means = [row.mean for row in rows if row.mean is not None]
    counted = {row.user.id for row in rows if row.mean is not None}
    return Snapshot(
        result=result,
        members=rows,
        mean=scoring.pitch_mean(means),
        spread=scoring.spread(means),
        sheets={user_id: sheet for user_id, sheet in sheets.items() if user_id in counted},
    )


def prefilled_dissent(snap: Snapshot) -> str:
    """The minority's reasons, to start the dissent field with."""
    return recording.dissent_text(
        (
            recording.MemberVote(name=row.user.name, vote=row.vote, reason=row.reason)
            for row in snap.members
        ),
        snap.result.outcome.value,
    )
