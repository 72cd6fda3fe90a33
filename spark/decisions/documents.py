"""Decision letters and panel minutes as accessible PDFs (``core.pdf``: tagged PDF/UA-1).

**The letter** is for one *signed* decision, addressed to the pitch's team: the outcome in
plain English ("Funded £12,500", "Not funded", "Refine and resubmit"), unanimous or split with
the tally in words, the "departs from the panel's vote" flag with the chair's justification,
the amount, conditions, rationale and dissent, the feedback, next steps for that outcome, and
the chair who signed it and when. An amendment says which decision it replaces and why; a
decision that a signed amendment has since replaced says so.

The letter says what the round's rule made of the vote in the team's words
(``wording.team_rule_text``), which never say how any one member voted: the chair signs the
letter, so "the chair voted In" would tell the team the chair's vote (or that they were
recused). The full explanation is in the minutes and on the chair's pages.

The **feedback** is ``feedback.feedback_for``'s: the mean score per criterion over the sheets
that counted, the dragons' comments and verdicts, anonymised as "Dragon 1", "Dragon 2"...
unless the round names dragons. When it is anonymised, the chair's words in the letter and
the dragons' comments (the dissent is prefilled with the minority's names) get the same
labels (``wording.anonymiser``, as on the team's decision page).

**The minutes** are for a whole panel: date, place, chair and members, the round's rule and
quorum, every conflict (declared by a dragon, or found from the records: same team or the
same department as the team's lead), and for each pitch in running order its *current*
decision (``reads.in_force``: the signed one no signed amendment replaces) with tally, kind,
rule result and its full explanation, outcome, amount, dissent, the departs flag and its
amendments. A pitch without a signed decision reads "No decision signed yet", with the votes
from the sheets submitted so far and what the round's rule would make of them. The minutes
cost the same number of queries whatever the number of pitches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from spark.accounts.models import User
from spark.core.filters import govuk_date, to_london
from spark.core.pdf import render_pdf
from spark.decisions import reads, rules, wording
from spark.decisions.feedback import Feedback, feedback_for
from spark.decisions.models import Decision, DecisionVote
from spark.extensions import db
from spark.panels import access, panel_reads
from spark.panels.models import Conflict, JudgingSettings, Panel, ScoreSheet
from spark.panels.rules import DecisionRule
from spark.panels.setup_service import quorum_of
from spark.pitches.models import Pitch

NO_DECISION_YET = "No decision signed yet"

# The words, shared with the team's pages (``wording``).
outcome_text = wording.outcome_text
paragraphs = wording.paragraphs


def _safe_name(text: str) -> str:
    """A plain file name part: letters, digits and hyphens."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "pitch"


# The letter -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    decision: Decision
    pitch: Pitch
    panel: Panel
    title: str
    outcome: str
    kind: str
    tally: str
    rule: str
    rule_result: str
    # What the rule made of the vote, in words that never say how anyone voted.
    rule_sentence: str
    feedback: Feedback
    # The chair's words, with the dragons' names replaced when the feedback is anonymous.
    conditions: list[str]
    rationale: list[str]
    dissent: list[str]
    justification: list[str]
    amendment_reason: str
    replaced_because: str
    next_steps: list[str]
    chair_name: str
    signed_on: str
    replaces: Decision | None
    replaced_by: Decision | None


def letter_title(decision: Decision) -> str:
    pitch = decision.pitch
    reference = f" ({pitch.reference})" if pitch.reference else ""
    return f"Decision letter: {pitch.title or 'Untitled pitch'}{reference}"


def build_letter(decision: Decision) -> Letter:
    """Everything the letter says about one signed decision (ValueError if unsigned)."""
    if not decision.is_signed:
        raise ValueError(f"Decision {decision.id} is not signed: it has no letter")
    given = feedback_for(decision)
    chain = reads.history(decision.pitch_id)
    anonymise = wording.anonymiser(decision, given.named, chain)
    replaced_by = next(
        (each for each in chain if each.supersedes_id == decision.id and each.is_signed), None
    )
    signer = decision.signed_by
    return Letter(
        decision=decision,
        pitch=decision.pitch,
        panel=decision.panel,
        title=letter_title(decision),
        outcome=outcome_text(decision),
        kind=wording.kind_label(decision.kind),
        tally=wording.tally_text(decision),
        rule=wording.rule_label(decision.rule),
        rule_result=wording.rule_outcome_label(decision.rule_outcome),
        rule_sentence=wording.team_rule_text(decision),
        feedback=wording.feedback_in_words(given, anonymise),
        conditions=paragraphs(anonymise(decision.conditions)),
        rationale=paragraphs(anonymise(decision.rationale)),
        dissent=paragraphs(anonymise(decision.dissent)),
        justification=paragraphs(anonymise(decision.justification)),
        amendment_reason=anonymise(decision.amendment_reason),
        replaced_because=anonymise(replaced_by.amendment_reason) if replaced_by else "",
        next_steps=wording.next_steps(decision),
        chair_name=signer.name if signer else decision.panel.chair.name,
        signed_on=govuk_date(decision.signed_at),
        replaces=decision.supersedes,
        replaced_by=replaced_by,
    )


def letter_html(decision: Decision) -> str:
    return render_template("documents/letter.html", letter=build_letter(decision))


def letter_pdf(decision: Decision) -> bytes:
    """The decision letter as a tagged PDF (``core.pdf.render_pdf``)."""
    return render_pdf(letter_html(decision))


def letter_filename(decision: Decision) -> str:
    """The letter's file name, like decision-letter-SPK-2027-0042.pdf; an amendment's adds
    -amended-<decision id>."""
    name = _safe_name(decision.pitch.reference or f"pitch-{decision.pitch_id}")
    amended = f"-amended-{decision.id}" if decision.supersedes_id else ""
    return f"decision-letter-{name}{amended}.pdf"


# The minutes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    pitch: Pitch
    member: User
    reason: str
    declared: bool


@dataclass(frozen=True)
class PitchMinute:
    """One pitch of the running order and its current signed decision (or None)."""

    position: int
    pitch: Pitch
    decision: Decision | None
    # Each signed amendment with the decision it replaced, oldest first.
    amendments: list[tuple[Decision, Decision]]
    tally: str
    kind: str
    rule_result: str
    explanation: str
    outcome: str
    votes: dict[str, list[str]]

    @property
    def is_signed(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class Minutes:
    panel: Panel
    title: str
    date: str
    chair: User
    members: list[User]
    rule: str
    quorum: int
    conflicts: list[ConflictRow]
    pitches: list[PitchMinute]


VOTE_ORDER = ("in", "out", "recused", "absent")


def signed_decisions(pitch_ids: list[int]) -> dict[int, list[Decision]]:
    """Each pitch's signed decisions, oldest first (a pitch's ``reads.history`` less its
    draft), with votes and voters, for many pitches in a fixed number of queries."""
    chains: dict[int, list[Decision]] = {pitch_id: [] for pitch_id in pitch_ids}
    if not pitch_ids:
        return chains
    statement = (
        select(Decision)
        .where(Decision.pitch_id.in_(pitch_ids), Decision.signed_at.is_not(None))
        .options(
            selectinload(Decision.votes).joinedload(DecisionVote.user),
            joinedload(Decision.signed_by),
        )
        .order_by(Decision.id)
    )
    for decision in db.session.scalars(statement):
        chains[decision.pitch_id].append(decision)
    return chains


def _amendments(chain: list[Decision]) -> list[tuple[Decision, Decision]]:
    """Each signed amendment in a pitch's signed chain with the decision it replaced."""
    by_id = {decision.id: decision for decision in chain}
    return [
        (decision, by_id[decision.supersedes_id])
        for decision in chain
        if decision.supersedes_id in by_id
    ]


def _votes_by_kind(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {vote: [] for vote in VOTE_ORDER}
    for name, vote in pairs:
        grouped[vote].append(name)
    return {vote: sorted(names, key=str.casefold) for vote, names in grouped.items() if names}


def _sheet_positions(pitch_ids: list[int], members: list[User]) -> dict[tuple[int, int], tuple]:
    if not pitch_ids or not members:
        return {}
    rows = db.session.execute(
        select(
            ScoreSheet.pitch_id, ScoreSheet.dragon_id, ScoreSheet.status, ScoreSheet.verdict
        ).where(
            ScoreSheet.pitch_id.in_(pitch_ids),
            ScoreSheet.dragon_id.in_([member.id for member in members]),
        )
    ).all()
    return {
        (pitch_id, dragon_id): (status, verdict) for pitch_id, dragon_id, status, verdict in rows
    }


def build_minutes(panel: Panel) -> Minutes:
    """Everything the minutes say about ``panel`` (see the module docstring)."""
    slots = panel_reads.running_order(panel)
    pitch_ids = [slot.pitch_id for slot in slots]
    members = access.members(panel)
    settings = db.session.get(JudgingSettings, panel.round_id)
    rule = settings.decision_rule if settings else DecisionRule.MAJORITY.value
    quorum = settings.quorum if settings else quorum_of(panel.round_id)
    recused = access.recusals(pitch_ids, members) if pitch_ids else {}
    declared = {
        (pitch_id, user_id)
        for pitch_id, user_id in db.session.execute(
            select(Conflict.pitch_id, Conflict.user_id).where(
                Conflict.pitch_id.in_(pitch_ids),
                Conflict.user_id.in_([member.id for member in members]),
            )
        )
    }
    chains = signed_decisions(pitch_ids)
    sheets = _sheet_positions(pitch_ids, members)
    by_id = {member.id: member for member in members}
    pitches = {slot.pitch_id: slot.pitch for slot in slots}
    order = {pitch_id: index for index, pitch_id in enumerate(pitch_ids)}

    conflicts = [
        ConflictRow(pitches[pitch_id], by_id[user_id], reason, (pitch_id, user_id) in declared)
        for (pitch_id, user_id), reason in recused.items()
    ]
    conflicts.sort(key=lambda row: (order[row.pitch.id], row.member.name.casefold()))

    rows = []
    for position, slot in enumerate(slots, start=1):
        chain = chains[slot.pitch_id]
        decision = reads.in_force(chain)
        if decision is not None:
            votes = _votes_by_kind([(vote.user.name, vote.vote) for vote in decision.votes])
            rows.append(
                PitchMinute(
                    position=position,
                    pitch=slot.pitch,
                    decision=decision,
                    amendments=_amendments(chain),
                    tally=wording.tally_text(decision),
                    kind=wording.kind_label(decision.kind),
                    rule_result=wording.rule_outcome_label(decision.rule_outcome),
                    explanation=decision.rule_explanation,
                    outcome=outcome_text(decision),
                    votes=votes,
                )
            )
            continue
        member_votes = {}
        for member in members:
            status, verdict = sheets.get((slot.pitch_id, member.id), (None, None))
            member_votes[member.id] = rules.vote_of(
                recused=(slot.pitch_id, member.id) in recused,
                sheet_status=status,
                verdict=verdict,
            )
        result = rules.decide(member_votes, chair_id=panel.chair_id, quorum=quorum, rule=rule)
        rows.append(
            PitchMinute(
                position=position,
                pitch=slot.pitch,
                decision=None,
                amendments=[],
                tally=result.tally.text,
                kind=wording.kind_label(result.kind),
                rule_result=result.outcome.label,
                explanation=result.explanation,
                outcome=NO_DECISION_YET,
                votes=_votes_by_kind(
                    [(by_id[user_id].name, vote.value) for user_id, vote in member_votes.items()]
                ),
            )
        )
    date = govuk_date(panel.starts_at)
    return Minutes(
        panel=panel,
        title=f"Panel minutes: {panel.name}, {date}",
        date=date,
        chair=panel.chair,
        members=members,
        rule=wording.rule_label(rule),
        quorum=quorum,
        conflicts=conflicts,
        pitches=rows,
    )


def minutes_html(panel: Panel) -> str:
    return render_template(
        "documents/minutes.html",
        minutes=build_minutes(panel),
        vote_labels=wording.VOTE_LABELS,
        outcome_text=outcome_text,
    )


def minutes_pdf(panel: Panel) -> bytes:
    """The panel's minutes as a tagged PDF (``core.pdf.render_pdf``)."""
    return render_pdf(minutes_html(panel))


def minutes_filename(panel: Panel) -> str:
    """The minutes' file name, like panel-minutes-Panel-A-2026-11-26.pdf (the panel's date
    in Europe/London)."""
    return f"panel-minutes-{_safe_name(panel.name)}-{to_london(panel.starts_at):%Y-%m-%d}.pdf"
