"""Decision letters and panel minutes as accessible PDFs (``core.pdf``: tagged PDF/UA-1).

**The letter** is for one *signed* decision, addressed to the pitch's team: the outcome in
plain English ("Funded £12,500", "Not funded", "Refine and resubmit"), unanimous or split with
the tally in words, the "departs from the panel's vote" flag with the chair's justification,
the amount, conditions, rationale and dissent, the feedback, next steps for that outcome, and
the chair who signed it and when. An amendment says which decision it replaces and why; a
decision that a signed amendment has since replaced says so.

The **feedback** is ``feedback.feedback_for``'s: the mean score per criterion over the sheets
that counted, the dragons' comments and verdicts, anonymised as "Dragon 1", "Dragon 2"...
unless the round names dragons. When it is anonymised, the chair's words in the letter and
the dragons' comments (the dissent is prefilled with the minority's names) get the same
labels (``anonymiser``).

**The minutes** are for a whole panel: date, place, chair and members, the round's rule and
quorum, every conflict (declared by a dragon, or found from the records: same team or the
same department as the team's lead), and for each pitch in running order its *current*
decision (``reads.in_force``: the signed one no signed amendment replaces) with tally, kind,
rule result, outcome, amount, dissent, the departs flag and its amendments. A pitch without
a signed decision reads "No decision signed yet", with the votes from the sheets submitted so
far and what the round's rule would make of them. The minutes cost the same number of queries
whatever the number of pitches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from spark.accounts.models import User
from spark.core.filters import govuk_date, pounds, to_london
from spark.core.pdf import render_pdf
from spark.decisions import reads, rules
from spark.decisions.feedback import Feedback, feedback_for
from spark.decisions.models import Decision, DecisionVote
from spark.extensions import db
from spark.panels import access, panel_reads
from spark.panels.models import Conflict, JudgingSettings, Panel, ScoreSheet
from spark.panels.rules import DECISION_RULE_TEXT, DecisionRule
from spark.panels.setup_service import quorum_of
from spark.pitches.models import Pitch

OUTCOME_LABELS = {
    "funded": "Funded",
    "not_funded": "Not funded",
    "refine_and_resubmit": "Refine and resubmit",
}
RULE_OUTCOME_LABELS = {outcome.value: outcome.label for outcome in rules.RuleOutcome}
NO_DECISION_YET = "No decision signed yet"

NEXT_STEPS = {
    "funded": [
        "Your idea moves into the Spark! lab. The lab team will contact your team lead to agree "
        "the first stage, discovery, and its milestones.",
        "Agree with the lab team how you will measure the benefits your pitch promised, and "
        "report your progress against them.",
    ],
    "not_funded": [
        "This pitch will not go further in this round.",
        "You are welcome to pitch again in a later round, with this idea or a new one. The "
        "feedback in this letter says what the panel valued and what held the pitch back.",
    ],
    "refine_and_resubmit": [
        "Use the feedback in this letter to improve your pitch.",
        "On the decision page (linked from your pitch page) you can copy this pitch into a new "
        "draft for a later round. The new draft keeps this pitch's history.",
        "Submit the new draft before that round closes.",
    ],
}
FUNDED_CONDITIONS_STEP = "The money is released once you meet the conditions in this letter."


def outcome_text(decision: Decision) -> str:
    """The chair's outcome in plain English: "Funded £12,500", "Not funded", "Refine and
    resubmit"."""
    label = OUTCOME_LABELS[decision.outcome]
    if decision.outcome == "funded" and decision.amount_pence:
        return f"{label} {pounds(decision.amount_pence)}"
    return label


def tally_of(decision: Decision) -> rules.Tally:
    return rules.Tally(
        ins=decision.votes_in,
        outs=decision.votes_out,
        recused=decision.recused,
        absent=decision.absent,
    )


def kind_text(kind: str | None) -> str:
    return rules.Kind(kind).label if kind else "No votes cast"


def rule_label(rule: str) -> str:
    return DECISION_RULE_TEXT[DecisionRule(rule)].label


def paragraphs(text: str) -> list[str]:
    """Text typed into a form as paragraphs: one per non-blank line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


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


def _next_steps(decision: Decision) -> list[str]:
    steps = list(NEXT_STEPS[decision.outcome])
    if decision.outcome == "funded" and decision.conditions.strip():
        steps.insert(1, FUNDED_CONDITIONS_STEP)
    return steps


def letter_title(decision: Decision) -> str:
    pitch = decision.pitch
    reference = f" ({pitch.reference})" if pitch.reference else ""
    return f"Decision letter: {pitch.title or 'Untitled pitch'}{reference}"


def anonymiser(decision: Decision, named: bool) -> Callable[[str], str]:
    """What the letter does to the words in it: nothing when the round names dragons;
    otherwise each panel member's name, wherever it appears (the chair's dissent, rationale,
    conditions, justification and amendment reason, the dragons' comments and reasons),
    becomes their label in the feedback ("Dragon 2", numbered in the order of the decision's
    votes as ``feedback.feedback_for`` numbers them) or, for a member who did not vote, "a
    panel member". The dissent is prefilled with the minority's names, so without this an
    anonymous letter would name them. The chair is still named as the letter's signatory."""
    if named:
        return lambda text: text
    voters = [vote for vote in decision.votes if vote.vote in ("in", "out")]
    labels = {vote.user_id: f"Dragon {number}" for number, vote in enumerate(voters, start=1)}
    names = {
        vote.user.name: labels.get(vote.user_id, "a panel member")
        for vote in decision.votes
        if vote.user.name.strip()
    }
    if not names:
        return lambda text: text
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        + r")(?!\w)"
    )
    return lambda text: pattern.sub(lambda match: names[match.group(0)], text)


def _feedback_in_words(given: Feedback, anonymise: Callable[[str], str]) -> Feedback:
    """The feedback with ``anonymise`` applied to the dragons' own words too."""
    return replace(
        given,
        criteria=[
            replace(
                criterion,
                comments=[
                    replace(comment, text=anonymise(comment.text)) for comment in criterion.comments
                ],
            )
            for criterion in given.criteria
        ],
        verdicts=[replace(view, reason=anonymise(view.reason)) for view in given.verdicts],
    )


def build_letter(decision: Decision) -> Letter:
    """Everything the letter says about one signed decision (ValueError if unsigned)."""
    if not decision.is_signed:
        raise ValueError(f"Decision {decision.id} is not signed: it has no letter")
    given = feedback_for(decision)
    anonymise = anonymiser(decision, given.named)
    replaced_by = db.session.scalar(
        select(Decision).where(
            Decision.supersedes_id == decision.id, Decision.signed_at.is_not(None)
        )
    )
    signer = decision.signed_by
    return Letter(
        decision=decision,
        pitch=decision.pitch,
        panel=decision.panel,
        title=letter_title(decision),
        outcome=outcome_text(decision),
        kind=kind_text(decision.kind),
        tally=tally_of(decision).text,
        rule=rule_label(decision.rule),
        rule_result=RULE_OUTCOME_LABELS[decision.rule_outcome],
        feedback=_feedback_in_words(given, anonymise),
        conditions=paragraphs(anonymise(decision.conditions)),
        rationale=paragraphs(anonymise(decision.rationale)),
        dissent=paragraphs(anonymise(decision.dissent)),
        justification=paragraphs(anonymise(decision.justification)),
        amendment_reason=anonymise(decision.amendment_reason),
        replaced_because=anonymise(replaced_by.amendment_reason) if replaced_by else "",
        next_steps=_next_steps(decision),
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
VOTE_LABELS = {"in": "In", "out": "Out", "recused": "Recused", "absent": "Did not vote"}


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
                    tally=tally_of(decision).text,
                    kind=kind_text(decision.kind),
                    rule_result=RULE_OUTCOME_LABELS[decision.rule_outcome],
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
                kind=kind_text(result.kind.value if result.kind else None),
                rule_result=result.outcome.label,
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
        rule=rule_label(rule),
        quorum=quorum,
        conflicts=conflicts,
        pitches=rows,
    )


def minutes_html(panel: Panel) -> str:
    return render_template(
        "documents/minutes.html",
        minutes=build_minutes(panel),
        vote_labels=VOTE_LABELS,
        outcome_text=outcome_text,
    )


def minutes_pdf(panel: Panel) -> bytes:
    """The panel's minutes as a tagged PDF (``core.pdf.render_pdf``)."""
    return render_pdf(minutes_html(panel))


def minutes_filename(panel: Panel) -> str:
    """The minutes' file name, like panel-minutes-Panel-A-2026-11-26.pdf (the panel's date
    in Europe/London)."""
    return f"panel-minutes-{_safe_name(panel.name)}-{to_london(panel.starts_at):%Y-%m-%d}.pdf"
