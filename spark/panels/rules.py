"""Judging set-up rules: a round's judging settings, its criteria and their order.

Pure: the standard library only.

- **Funding pot**: whole pence, not negative (0 means not set yet).
- **Decision rule**: how the dragons' In and Out votes on a pitch become a decision:

  - ``majority``: funded when more dragons vote In than Out; a tie is not funded;
  - ``unanimous``: funded only when every dragon who votes votes In;
  - ``majority_with_chair_casting``: as majority, but on a tie the chair's vote decides.

  Dragons recused from a pitch (a conflict of interest) do not vote on it.
- **Quorum**: the fewest dragons free of conflict who must score a pitch; a whole number from
  1 to ``QUORUM_MAX``; 3 unless the organiser says otherwise.
- **Feedback**: team feedback is anonymous unless the round says it shows dragons' names.
- **Criteria**: each needs a name, a whole-number weight from 1 to ``WEIGHT_MAX`` and a
  descriptor for each score 1 to 5. They are shown and scored in order, and may change only
  while the round is not closed and no dragon has started a score sheet in it (a sheet holds
  scores against the criteria as they were).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DecisionRule(StrEnum):
    MAJORITY = "majority"
    UNANIMOUS = "unanimous"
    MAJORITY_WITH_CHAIR_CASTING = "majority_with_chair_casting"


@dataclass(frozen=True)
class RuleText:
    label: str
    hint: str


DECISION_RULE_TEXT: dict[DecisionRule, RuleText] = {
    DecisionRule.MAJORITY: RuleText(
        "Majority of votes cast",
        "A pitch is funded when more dragons vote In than Out. A tie is not funded.",
    ),
    DecisionRule.UNANIMOUS: RuleText(
        "Unanimous",
        "A pitch is funded only when every dragon who votes votes In.",
    ),
    DecisionRule.MAJORITY_WITH_CHAIR_CASTING: RuleText(
        "Majority, with the chair’s casting vote on a tie",
        "A pitch is funded when more dragons vote In than Out. "
        "When the votes are equal, the chair’s vote decides.",
    ),
}

DEFAULT_DECISION_RULE = DecisionRule.MAJORITY
DEFAULT_QUORUM = 3
QUORUM_MAX = 50
WEIGHT_MAX = 10
SCORES = (1, 2, 3, 4, 5)
NAME_MAX = 120
GUIDANCE_MAX = 1000
DESCRIPTOR_MAX = 300

POT_NEGATIVE = "The funding pot must be £0 or more"
RULE_MISSING = "Select how the panel decides"
QUORUM_MISSING = "Enter the quorum"
QUORUM_FORMAT = "Quorum must be a whole number, like 3"
QUORUM_RANGE = f"Quorum must be between 1 and {QUORUM_MAX}"
NAME_MISSING = "Enter a name for the criterion"
NAME_LONG = f"Name must be {NAME_MAX} characters or fewer"
GUIDANCE_LONG = f"Guidance must be {GUIDANCE_MAX} characters or fewer"
WEIGHT_MISSING = "Enter the weight"
WEIGHT_FORMAT = "Weight must be a whole number, like 2"
WEIGHT_RANGE = f"Weight must be between 1 and {WEIGHT_MAX}"


@dataclass(frozen=True)
class Refusal:
    """Why something cannot be done now: the full GOV.UK message, and a few words for the
    row of a table that offers it (may be empty)."""

    message: str
    hint: str = ""


def rule_label(rule: str) -> str:
    """The decision rule as people read it; the stored value if it is unknown."""
    try:
        return DECISION_RULE_TEXT[DecisionRule(rule)].label
    except ValueError:
        return rule


def descriptor_missing(score: int) -> str:
    return f"Enter what a score of {score} means"


def descriptor_long(score: int) -> str:
    return f"What a score of {score} means must be {DESCRIPTOR_MAX} characters or fewer"


def whole_number(text: str) -> int | None:
    """A whole number as people type it ("3", " 3 "); None for anything else ("3.5", "three")."""
    cleaned = text.strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


def settings_problems(pot_pence: int, decision_rule: str, quorum: int) -> dict[str, str]:
    """What is wrong with these judging settings, by form field name; empty when nothing is."""
    problems: dict[str, str] = {}
    if pot_pence < 0:
        problems["pot"] = POT_NEGATIVE
    if decision_rule not in {rule.value for rule in DecisionRule}:
        problems["decision_rule"] = RULE_MISSING
    if not 1 <= quorum <= QUORUM_MAX:
        problems["quorum"] = QUORUM_RANGE
    return problems


def criterion_problems(
    name: str, guidance: str, weight: int, descriptors: list[str] | tuple[str, ...]
) -> dict[str, str]:
    """What is wrong with a criterion, by form field name (``descriptor_1`` to
    ``descriptor_5`` for the descriptors); empty when nothing is."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = NAME_MISSING
    elif len(name.strip()) > NAME_MAX:
        problems["name"] = NAME_LONG
    if len(guidance.strip()) > GUIDANCE_MAX:
        problems["guidance"] = GUIDANCE_LONG
    if not 1 <= weight <= WEIGHT_MAX:
        problems["weight"] = WEIGHT_RANGE
    texts = [*descriptors, "", "", "", "", ""][: len(SCORES)]
    for score, text in zip(SCORES, texts, strict=True):
        if not text.strip():
            problems[f"descriptor_{score}"] = descriptor_missing(score)
        elif len(text.strip()) > DESCRIPTOR_MAX:
            problems[f"descriptor_{score}"] = descriptor_long(score)
    if len(descriptors) > len(SCORES):
        problems.setdefault("descriptor_5", "There can only be 5 descriptors")
    return problems


def moved(order: list[int], item: int, direction: str) -> list[int]:
    """``order`` with ``item`` swapped one place ``up`` (earlier) or ``down`` (later).

    Moving the first item up, or the last down, changes nothing. ValueError for an item not in
    the list or a direction that is neither up nor down.
    """
    if direction not in ("up", "down"):
        raise ValueError(direction)
    index = order.index(item)
    other = index - 1 if direction == "up" else index + 1
    result = list(order)
    if 0 <= other < len(order):
        result[index], result[other] = result[other], result[index]
    return result


@dataclass(frozen=True)
class PanelInvitation:
    """The email inviting someone to sit on (or chair) a panel. ``when`` is already London
    time in words; ``link`` the panel's page."""

    name: str
    email: str
    inviter: str
    panel: str
    round: str
    when: str
    place: str
    link: str
    as_chair: bool = False

    @property
    def where(self) -> str:
        return self.place or "To be confirmed"

    @property
    def subject(self) -> str:
        return f"{'Chair' if self.as_chair else 'Sit on'} the panel {self.panel} for {self.round}"

    @property
    def body(self) -> str:
        role = "chair the panel" if self.as_chair else "sit on the panel"
        return (
            f"Hello {self.name},\n\n"
            f"{self.inviter} has asked you to {role} “{self.panel}” for {self.round} on "
            "Project Spark!, where civil servants pitch small innovations to a panel of senior "
            "leaders for funding and support.\n\n"
            f"When: {self.when} (London time)\n"
            f"Where: {self.where}\n\n"
            "You will score each pitch against the round’s criteria and say whether it is in "
            "or out. See the panel and its running order here:\n"
            f"{self.link}\n\n"
            f"Sign in with {self.email} to see it. If you have a conflict of interest with a "
            "pitch, you can declare it on the panel page.\n\n"
            "If you were not expecting this, reply to the organiser who asked you.\n\n"
            "Project Spark!"
        )
