"""What the chair's decision page shows for one pitch: the panel's named votes, each sheet's
scores, the figures, the rule's result, the decision being recorded and the decisions before
it. Read only; ``service`` records, signs and amends.

The rules of what is shown:

- **Votes and figures** are read *now* (``snapshot.snapshot``): the votes a decision recorded
  now would take. A recorded, unsigned decision taken on other votes (scoring was reopened
  and a sheet changed since) is marked: it must be saved again before it can be signed.
  Nothing of the votes or sheets shows until scoring on the pitch has closed.
- **The sheets** are the ones that count (submitted, by a member of the panel who is not
  recused). Each shows its score per criterion, its weighted mean and its **normalised
  score**: ``scoring.normalised`` over every sheet of that dragon that counts in the round
  (on whichever panel of the round), as on the round's results page. With fewer than three
  such sheets (or all equal), the score is only centred, in score points.
- **The money**: what is left in the round's pot for this pitch, leaving out the decision
  in force that an amendment would replace (``reads.awarded_pence``).
- **The status** of a pitch's decision (``status_of``): "Not recorded", "Recorded, not
  signed", "Signed", or "Amendment not signed" while an amendment of a signed decision is
  being prepared. The chair's control page shows it for each pitch (``control_links``), with
  the "departs from the panel's vote" flag when that decision departs.

Everything is read in a fixed number of queries whatever the size of the round.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from spark.accounts.models import User
from spark.decisions import reads, recording, rules, wording
from spark.decisions.models import Decision
from spark.decisions.results import remaining_pot
from spark.decisions.snapshot import Snapshot, prefilled_dissent, snapshot
from spark.extensions import db
from spark.panels import access, chair_page, scoring
from spark.panels.models import Criterion, Panel, PanelSlot, Score, ScoreSheet
from spark.panels.setup_service import criteria_of, current_settings
from spark.pitches.models import Pitch

NOT_RECORDED = "Not recorded"
RECORDED = "Recorded, not signed"
SIGNED = "Signed"
AMENDING = "Amendment not signed"
STATUS_TAGS = {
    NOT_RECORDED: "govuk-tag--grey",
    RECORDED: "govuk-tag--yellow",
    SIGNED: "govuk-tag--green",
    AMENDING: "govuk-tag--orange",
}


def status_of(draft: Decision | None, in_force: Decision | None) -> str:
    """The status of a pitch's decision from its draft and the decision in force."""
    if draft is not None:
        return AMENDING if draft.supersedes_id is not None else RECORDED
    return SIGNED if in_force is not None else NOT_RECORDED


@dataclass(frozen=True)
class NamedVote:
    """A member's named vote on the pitch, now, with their sheet's mean and reason."""

    name: str
    is_chair: bool
    vote: rules.Vote
    mean: float | None
    reason: str

    @property
    def vote_label(self) -> str:
        return wording.vote_label(self.vote)


@dataclass(frozen=True)
class SheetColumn:
    """One counted sheet: its dragon, scores by criterion id, weighted mean and normalised
    score (``standardised`` False when only centred, in score points)."""

    dragon_id: int
    name: str
    is_chair: bool
    verdict: str
    scores: dict[int, int | None]
    mean: float | None
    normalised: float | None
    standardised: bool


@dataclass(frozen=True)
class HistoryEntry:
    """A decision in the pitch's chain, with where it stands."""

    decision: Decision
    in_force: bool
    replaced: bool  # a signed amendment has superseded it
    replaces: Decision | None

    @property
    def status(self) -> str:
        if self.decision.signed_at is None:
            return "Amendment not signed" if self.replaces is not None else "Not signed"
        if self.in_force:
            return "In force"
        return "Replaced" if self.replaced else "Signed"


@dataclass(frozen=True)
class DecisionPage:
    panel: Panel
    slot: PanelSlot
    closed: bool
    history: list[HistoryEntry]
    draft: Decision | None
    in_force: Decision | None
    # Only once scoring has closed:
    snapshot: Snapshot | None = None
    votes: tuple[NamedVote, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    sheets: tuple[SheetColumn, ...] = ()
    votes_changed: bool = False
    ask_pence: int | None = None
    pot_left_pence: int | None = None

    @property
    def pitch(self) -> Pitch:
        return self.slot.pitch

    @property
    def status(self) -> str:
        return status_of(self.draft, self.in_force)

    @property
    def result(self) -> rules.Result | None:
        return self.snapshot.result if self.snapshot else None

    @property
    def outcomes(self) -> list[recording.Outcome]:
        """The outcomes the chair may choose now."""
        result = self.result
        return recording.outcomes_allowed(result.quorum_met if result else False)

    @property
    def rule_outcome(self) -> str | None:
        """The outcome the panel's vote gives, as a recording.Outcome value, or None."""
        result = self.result
        if result is None or result.outcome == rules.RuleOutcome.NO_DECISION:
            return None
        return result.outcome.value

    @property
    def may_amend(self) -> bool:
        return self.closed and self.in_force is not None and self.draft is None

    @property
    def prefilled_dissent(self) -> str:
        return prefilled_dissent(self.snapshot) if self.snapshot else ""


def slot_of(panel: Panel, pitch_id: int) -> PanelSlot | None:
    """The pitch's slot, if the pitch is on this panel."""
    return db.session.scalar(
        select(PanelSlot).where(PanelSlot.panel_id == panel.id, PanelSlot.pitch_id == pitch_id)
    )


def _history(pitch_id: int) -> list[HistoryEntry]:
    chain = reads.history(pitch_id)
    people = {d.recorded_by_id for d in chain} | {d.signed_by_id for d in chain if d.signed_by_id}
    if people:  # into the session, so each decision's people need no query of their own
        list(db.session.scalars(select(User).where(User.id.in_(people))))
    by_id = {decision.id: decision for decision in chain}
    replaced = {d.supersedes_id for d in chain if d.supersedes_id and d.signed_at is not None}
    current = reads.in_force(chain)
    return [
        HistoryEntry(
            decision=decision,
            in_force=decision is current,
            replaced=decision.id in replaced,
            replaces=by_id.get(decision.supersedes_id) if decision.supersedes_id else None,
        )
        for decision in chain
    ]


def page(panel: Panel, slot: PanelSlot) -> DecisionPage:
    """Everything the decision page shows for the slot's pitch (see the module docstring)."""
    history = _history(slot.pitch_id)
    chain = [entry.decision for entry in history]
    draft, in_force = reads.draft(chain), reads.in_force(chain)
    closed = slot.state == "closed"
    if not closed:
        return DecisionPage(panel, slot, closed, history, draft, in_force)
    snap = snapshot(panel, slot)
    criteria = criteria_of(slot.pitch.round_id)
    votes = tuple(
        NamedVote(
            name=member.user.name,
            is_chair=member.is_chair,
            vote=member.vote,
            mean=member.mean,
            reason=member.reason,
        )
        for member in snap.members
    )
    normalised = _normalised(slot.pitch.round_id, slot.pitch_id, list(snap.sheets), criteria)
    sheets = []
    for member in snap.members:
        sheet = snap.sheets.get(member.user.id)
        if sheet is None:
            continue
        value, standardised = normalised.get(member.user.id, (None, False))
        sheets.append(
            SheetColumn(
                dragon_id=member.user.id,
                name=member.user.name,
                is_chair=member.is_chair,
                verdict=wording.vote_label(member.vote),
                scores={score.criterion_id: score.score for score in sheet.scores},
                mean=member.mean,
                normalised=value,
                standardised=standardised,
            )
        )
    replaced = [in_force.id] if in_force is not None else []
    settings = current_settings(slot.pitch.round_id)
    left = remaining_pot(
        settings.pot_pence or 0,
        reads.awarded_pence(slot.pitch.round_id, leaving_out=replaced),
    )
    return DecisionPage(
        panel,
        slot,
        closed,
        history,
        draft,
        in_force,
        snapshot=snap,
        votes=votes,
        criteria=tuple(criteria),
        sheets=tuple(sheets),
        votes_changed=draft is not None and not snap.matches(draft),
        ask_pence=slot.pitch.ask_pence,
        pot_left_pence=left,
    )


def _normalised(
    round_id: int, pitch_id: int, dragon_ids: list[int], criteria: list[Criterion]
) -> dict[int, tuple[float | None, bool]]:
    """Dragon id -> the normalised score of their sheet on ``pitch_id`` and whether it is a
    z-score (True) or only centred, over every sheet of theirs that counts in the round
    (submitted, on a pitch of a panel they sit on, not recused). Five queries."""
    if not dragon_ids:
        return {}
    weights = {criterion.id: criterion.weight for criterion in criteria}
    panels = list(db.session.scalars(select(Panel).where(Panel.round_id == round_id)))
    members = access.members_by_panel(panels)
    rows = db.session.execute(
        select(ScoreSheet.pitch_id, ScoreSheet.dragon_id, PanelSlot.panel_id, Score)
        .join(PanelSlot, PanelSlot.pitch_id == ScoreSheet.pitch_id)
        .join(Panel, Panel.id == PanelSlot.panel_id)
        .outerjoin(Score, Score.sheet_id == ScoreSheet.id)
        .where(
            Panel.round_id == round_id,
            ScoreSheet.status == "submitted",
            ScoreSheet.dragon_id.in_(dragon_ids),
        )
    ).all()
    marks: dict[tuple[int, int], dict[int, int | None]] = {}
    member_ids = {panel_id: {user.id for user in users} for panel_id, users in members.items()}
    for sheet_pitch, dragon_id, panel_id, score in rows:
        if dragon_id not in member_ids.get(panel_id, set()):
            continue  # a sheet left by someone no longer on that panel does not count
        found = marks.setdefault((sheet_pitch, dragon_id), {})
        if score is not None and score.criterion_id in weights:
            found[score.criterion_id] = score.score
    dragons = {
        user.id: user for users in members.values() for user in users if user.id in dragon_ids
    }
    recused = access.recusals({key[0] for key in marks}, dragons.values()) if marks else {}
    by_dragon: dict[int, dict[int, float]] = {dragon_id: {} for dragon_id in dragon_ids}
    for (sheet_pitch, dragon_id), scores in marks.items():
        mean = scoring.weighted_mean(scores, weights)
        if mean is not None and (sheet_pitch, dragon_id) not in recused:
            by_dragon[dragon_id][sheet_pitch] = mean
    normalised = scoring.normalised(by_dragon)
    return {
        dragon_id: (
            normalised[dragon_id].get(pitch_id),
            _standardised(list(by_dragon[dragon_id].values())),
        )
        for dragon_id in dragon_ids
    }


def _standardised(means: list[float]) -> bool:
    """Whether ``scoring.normalised`` divides these means by their spread (a z-score)."""
    found = scoring.spread(means)
    return len(means) >= scoring.MIN_SHEETS_TO_NORMALISE and found is not None and found.stdev > 0


# The chair's control page ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowStatus:
    """A pitch's decision status (``status_of``) and whether the decision it is about - the
    unsigned one if there is one, else the one in force - departs from the panel's vote."""

    text: str
    departs: bool = False


def statuses(pitch_ids: Iterable[int]) -> dict[int, RowStatus]:
    """Pitch id -> the status of its decision, for many pitches in one query."""
    ids = list(pitch_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            Decision.pitch_id,
            Decision.supersedes_id,
            Decision.signed_at,
            Decision.departs_from_vote,
        )
        .where(Decision.pitch_id.in_(ids))
        .order_by(Decision.id)
    ).all()
    drafts: dict[int, tuple[bool, bool]] = {}  # pitch id -> (an amendment?, departs)
    signed: dict[int, bool] = {}  # pitch id -> the latest signed one departs
    for pitch_id, supersedes_id, signed_at, departs in rows:
        if signed_at is None:
            drafts[pitch_id] = (supersedes_id is not None, bool(departs))
        else:
            signed[pitch_id] = bool(departs)
    result = {}
    for pitch_id in ids:
        if pitch_id in drafts:
            amending, departs = drafts[pitch_id]
            result[pitch_id] = RowStatus(AMENDING if amending else RECORDED, departs)
        elif pitch_id in signed:
            result[pitch_id] = RowStatus(SIGNED, signed[pitch_id])
        else:
            result[pitch_id] = RowStatus(NOT_RECORDED)
    return result


def control_links(panel: Panel, slots: list[PanelSlot]) -> dict[int, chair_page.RowLink]:
    """Each pitch's link to its decision page on the chair's control page, with its status
    (and the departs flag): once scoring has closed, or whenever a decision has been
    recorded. One query."""
    found = statuses(slot.pitch_id for slot in slots)
    links = {}
    for slot in slots:
        status = found[slot.pitch_id]
        if slot.state != "closed" and status.text == NOT_RECORDED:
            continue
        links[slot.id] = chair_page.RowLink(
            text="Record decision" if status.text == NOT_RECORDED else "View decision",
            href=url_for("decisions.decision", panel_id=panel.id, pitch_id=slot.pitch_id),
            status=status.text,
            tag_class=STATUS_TAGS[status.text],
            flag=recording.DEPARTS_FLAG if status.departs else "",
            flag_class=wording.DEPARTS_TAG_CLASS,
        )
    return links


# Words for the pages (``wording``) ----------------------------------------------------------

WORDS = {
    "outcome_label": wording.outcome_label,
    "rule_outcome_label": wording.rule_outcome_label,
    "kind_label": wording.kind_label,
    "tally_text": wording.tally_text,
    "status_tags": STATUS_TAGS,
    "departs_tag_class": wording.DEPARTS_TAG_CLASS,
}

chair_page.add_row_links(control_links)
