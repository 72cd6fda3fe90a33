"""The words the decisions stage uses for a decision, in one place each: the outcome, the
vote, the tally, the round's rule's result as the team reads it, the next steps, and the
anonymiser that keeps the dragons' names out of what the team reads.

Pure: the standard library only (and the stage's pure ``rules`` and ``recording``). It reads
a decision's stored fields (``models.Decision``, or anything with the same attributes).

The rules:

- **Outcome** (``outcome_label``, ``outcome_text``): ``recording.Outcome``'s label, with the
  amount for a funded decision: "Funded £12,500", "Not funded", "Refine and resubmit".
- **The vote**: "Unanimous" or "Split" (``kind_label``), or "Nobody voted" when no dragon
  voted; the tally from the decision's counts (``tally_text``: ``rules.Tally.text``); each
  member's vote as "In", "Out", "Recused", "Did not vote" (``vote_label``).
- **The rule's result for the team** (``team_rule_text``): a neutral sentence built from the
  decision's stored counts, rule and result, which never names or implies how any one member
  voted: "Funded: more dragons voted In than Out", "Funded on the chair’s casting vote after a
  tied vote", "Not funded: the vote was tied". A tie that was not funded reads the same
  whether the chair voted Out, was recused or did not vote. The full explanation
  (``Decision.rule_explanation``, which says how the chair voted) is for the chair's pages and
  the minutes only.
- **Next steps** (``next_steps``): what the team does next, by outcome; the letter and the
  team's decision page say the same.
- **Anonymising** (``anonymiser``): unless the round names dragons, every member who appears
  in the votes of any decision in the pitch's chain becomes, in the words the team reads, the
  label the feedback gives them ("Dragon 2", numbered as ``feedback.feedback_for`` numbers
  the decision's voters) or "a panel member" (a member who did not vote on this decision, or
  a name two members share). A name matches in any case and spacing ("DRAGON NAME",
  "dragon  name"), and so does a first or last name on its own, as a whole word, when it has
  at least two letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from spark.core.money import pounds
from spark.decisions.recording import Outcome
from spark.decisions.rules import Kind, RuleOutcome, Tally, Vote, plural
from spark.panels.rules import DECISION_RULE_TEXT, DecisionRule

if TYPE_CHECKING:
    from spark.decisions.feedback import Feedback
    from spark.decisions.models import Decision

# The outcome, the vote and the tally -------------------------------------------------------

NOBODY_VOTED = "Nobody voted"
# The "Departs from the panel’s vote" tag's colour, the same on every page.
DEPARTS_TAG_CLASS = "govuk-tag--purple"
VOTE_LABELS = {
    Vote.IN: "In",
    Vote.OUT: "Out",
    Vote.RECUSED: "Recused",
    Vote.ABSENT: "Did not vote",
}


def outcome_label(value: str) -> str:
    """ "Funded", "Not funded" or "Refine and resubmit"."""
    return Outcome(value).label


def outcome_text(decision: Decision) -> str:
    """The chair's outcome in plain English: "Funded £12,500", "Not funded", "Refine and
    resubmit"."""
    label = outcome_label(decision.outcome)
    if decision.outcome == Outcome.FUNDED and decision.amount_pence:
        return f"{label} {pounds(decision.amount_pence)}"
    return label


def rule_outcome_label(value: str) -> str:
    """What the round's rule gave: "Funded", "Not funded" or "No decision"."""
    return RuleOutcome(value).label


def rule_label(rule: str) -> str:
    """The round's decision rule by name: "Majority of votes cast"..."""
    return DECISION_RULE_TEXT[DecisionRule(rule)].label


def kind_label(kind: str | None) -> str:
    """ "Unanimous" or "Split"; "Nobody voted" when there is no kind."""
    return Kind(kind).label if kind else NOBODY_VOTED


def vote_label(vote: str) -> str:
    """A member's vote: "In", "Out", "Recused" or "Did not vote"."""
    return VOTE_LABELS[Vote(vote)]


def tally_of(decision: Decision) -> Tally:
    return Tally(
        ins=decision.votes_in,
        outs=decision.votes_out,
        recused=decision.recused,
        absent=decision.absent,
    )


def tally_text(decision: Decision) -> str:
    """The decision's tally as recorded, in words: "2 in, 1 out, 0 recused"."""
    return tally_of(decision).text


def vote_text(decision: Decision) -> str:
    """The panel's vote in words: "Split: 2 in, 1 out, 0 recused", "Nobody voted: ..."."""
    return f"{kind_label(decision.kind)}: {tally_text(decision)}"


def team_rule_text(decision: Decision) -> str:
    """What the round's rule made of the panel's vote, for the team (see the module
    docstring): never how any one member voted."""
    counts = tally_of(decision)
    result = RuleOutcome(decision.rule_outcome)
    if result == RuleOutcome.NO_DECISION:
        return (
            "No decision: the panel did not reach its quorum "
            f"({plural(counts.cast, 'vote')} cast, and the quorum is {decision.quorum})."
        )
    funded = result == RuleOutcome.FUNDED
    if DecisionRule(decision.rule) == DecisionRule.UNANIMOUS:
        if funded:
            return "Funded: every vote cast was In."
        return "Not funded: under this rule every vote cast must be In, and at least one was Out."
    if counts.ins > counts.outs:
        return "Funded: more dragons voted In than Out."
    if counts.outs > counts.ins:
        return "Not funded: more dragons voted Out than In."
    if funded:  # a tie is funded only on the chair's casting vote
        return "Funded on the chair’s casting vote after a tied vote."
    if DecisionRule(decision.rule) == DecisionRule.MAJORITY:
        return "Not funded: the vote was tied, and under this rule a tie is not funded."
    return "Not funded: the vote was tied."


def paragraphs(text: str) -> list[str]:
    """Text typed into a form as paragraphs: one per non-blank line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Next steps -----------------------------------------------------------------------------------

NEXT_STEPS = {
    Outcome.FUNDED: [
        "Your idea moves into the Spark! lab. The innovation lab will contact your team lead "
        "to start discovery, the first stage, and agree its milestones.",
        "Agree with the lab how you will measure the benefits your pitch promised, and report "
        "your progress against them.",
    ],
    Outcome.NOT_FUNDED: [
        "This pitch will not go further in this round.",
        "The panel’s feedback says what the dragons valued and what held the pitch back.",
        "You are welcome to pitch again in a later round, with this idea or a new one: start a "
        "new pitch from your pitches page when a round opens.",
    ],
    Outcome.REFINE: [
        "The panel would like to see this idea again. Use the panel’s feedback to improve it.",
        "On the decision page (linked from your pitch page), copy this pitch into a new draft "
        "for a later round that is open for pitches. The draft keeps your answers and files "
        "and links back to this pitch, its decision and feedback.",
        "Go through each section of the draft, mark it as completed, and submit it before the "
        "round closes.",
    ],
}
CONDITIONS_STEP = "The money is released once your team meets the conditions of the decision."


def next_steps(decision: Decision) -> list[str]:
    """What the team does next, by outcome; a funded decision with conditions says so."""
    steps = list(NEXT_STEPS[Outcome(decision.outcome)])
    if decision.outcome == Outcome.FUNDED and (decision.conditions or "").strip():
        steps.insert(1, CONDITIONS_STEP)
    return steps


# Anonymising ----------------------------------------------------------------------------------

PANEL_MEMBER = "a panel member"
_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    """A name as compared: spaces made single, in lower case."""
    return _SPACES.sub(" ", text).strip().lower()


def _letters(word: str) -> int:
    return sum(1 for character in word if character.isalpha())


def _unchanged(text: str) -> str:
    return text


def anonymiser(
    decision: Decision, named: bool, chain: Iterable[Decision] = ()
) -> Callable[[str], str]:
    """What to do to the words the team reads about ``decision``: nothing when the round
    names dragons (``named``); otherwise replace each member's name (see the module
    docstring). ``chain`` is every decision on the pitch: a member found only in another
    decision's votes is "a panel member". The chair is still named as the signatory, by the
    pages themselves."""
    if named:
        return _unchanged
    voters = [vote for vote in decision.votes if vote.vote in (Vote.IN, Vote.OUT)]
    labels = {vote.user_id: f"Dragon {number}" for number, vote in enumerate(voters, start=1)}
    people: dict[int, str] = {}
    for each in (decision, *chain):
        for vote in each.votes:
            people.setdefault(vote.user_id, vote.user.name or "")
    words: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for user_id, name in people.items():
        key = _key(name)
        if not key:
            continue
        label = labels.get(user_id, PANEL_MEMBER)
        words[key] = label if words.get(key, label) == label else PANEL_MEMBER
        pieces = key.split(" ")
        if len(pieces) > 1:
            for piece in {pieces[0], pieces[-1]}:
                if _letters(piece) >= 2:
                    parts.setdefault(piece, set()).add(label)
    for piece, found in parts.items():
        if piece not in words:  # a whole name wins over a part of another's
            words[piece] = next(iter(found)) if len(found) == 1 else PANEL_MEMBER
    if not words:
        return _unchanged
    alternatives = [
        r"\s+".join(re.escape(piece) for piece in key.split(" "))
        for key in sorted(words, key=len, reverse=True)
    ]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)

    def anonymise(text: str) -> str:
        return pattern.sub(lambda match: words.get(_key(match.group(0)), PANEL_MEMBER), text)

    return anonymise


def feedback_in_words(given: Feedback, words: Callable[[str], str]) -> Feedback:
    """The feedback with ``words`` (an ``anonymiser``) applied to the dragons' own words:
    their comments and the reasons for their verdicts."""
    criteria: list[Any] = [
        replace(criterion, comments=[replace(c, text=words(c.text)) for c in criterion.comments])
        for criterion in given.criteria
    ]
    verdicts = [replace(view, reason=words(view.reason)) for view in given.verdicts]
    return replace(given, criteria=criteria, verdicts=verdicts)
