"""A dragon's own view of a panel: each pitch's status for them (which the chair's page shows
too), their progress, when they may
see the other dragons' sheets, the running tally, and what a score sheet needs.

Pure: the standard library only.

The rules:

- **Status of a pitch for a dragon** (``dragon_status``) - the one vocabulary, shown the same
  (label and tag colour) on the dragon's panel page and the chair's control page - first
  match wins: *Recused* when the
  dragon has a conflict with it (found from the records or declared); *Submitted* when their
  sheet is submitted; *Closed* when scoring has closed without a submitted sheet from them
  (a draft left behind does not count), or has closed before and been reopened while they
  had no sheet (they cannot start one now: ``session.scoring_refusal``); *Draft saved* when
  they have a draft; otherwise *To score*.
- **Progress** (``progress``): submitted sheets out of the pitches the dragon may score -
  recused pitches are left out of both numbers ("3 of 8 scored").
- **Seeing other dragons' sheets** (``may_see_others``): never for a recused dragon; otherwise
  once the dragon has submitted their own sheet for the pitch, or once its scoring has closed
  - and still after the chair reopens it, since they could read them while it was closed.
  Until then they see neither the other sheets nor the running tally, so each marks alone.
  That is why, once scoring has closed, a dragon who had not started a sheet cannot start
  one (``session``: reopening scoring keeps scoring independent).
- **Running tally** (``tally``): over the panel's members, a recused member counts as
  recused whatever sheet they left (their sheet no longer counts), a submitted sheet counts
  as in or out, and every other member is still to submit ("2 in, 1 out, 1 recused, 2 still
  to submit"). Its ``submitted`` is the one count of submitted sheets that the chair's page
  and closing scoring use too; a sheet from someone not on the panel never counts.
- **A score sheet** (``sheet_problems``): every score is 1 to 5 for a criterion of the pitch's
  round; comments and the reason have a length limit; the verdict is In or Out. A draft may
  be partial. Submitting needs every criterion scored and a verdict, and Out needs a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

SCORES = (1, 2, 3, 4, 5)
VERDICTS = {"in": "In", "out": "Out"}
COMMENT_MAX = 2000
REASON_MAX = 2000


class DragonStatus(StrEnum):
    TO_SCORE = "to_score"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECUSED = "recused"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _TAGS[self][0]

    @property
    def tag_class(self) -> str:
        return _TAGS[self][1]


# Each status's label and GOV.UK tag colour, one colour each. Closed is grey: red is for
# errors in GOV.UK services. govuk-frontend 6 has no blue or light blue modifier: a tag
# without a colour modifier is blue, so "govuk-tag--blue" (as elsewhere here) shows that.
_TAGS = {
    DragonStatus.TO_SCORE: ("To score", "govuk-tag--blue"),
    DragonStatus.DRAFT: ("Draft saved", "govuk-tag--yellow"),
    DragonStatus.SUBMITTED: ("Submitted", "govuk-tag--green"),
    DragonStatus.RECUSED: ("Recused", "govuk-tag--orange"),
    DragonStatus.CLOSED: ("Closed", "govuk-tag--grey"),
}


def dragon_status(
    slot_state: str, sheet_status: str | None, *, recused: bool, closed_before: bool = False
) -> DragonStatus:
    """Where a pitch stands for one dragon (see the module docstring for the order).
    ``closed_before``: the pitch's scoring has closed at least once (it may be open again)."""
    if recused:
        return DragonStatus.RECUSED
    if sheet_status == "submitted":
        return DragonStatus.SUBMITTED
    if slot_state == "closed" or (closed_before and sheet_status is None):
        return DragonStatus.CLOSED
    if sheet_status == "draft":
        return DragonStatus.DRAFT
    return DragonStatus.TO_SCORE


@dataclass(frozen=True)
class Progress:
    scored: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.scored} of {self.total} scored"


def progress(statuses: Iterable[DragonStatus]) -> Progress:
    """Submitted out of the pitches the dragon may score (recused ones left out)."""
    counted = [status for status in statuses if status != DragonStatus.RECUSED]
    return Progress(sum(status == DragonStatus.SUBMITTED for status in counted), len(counted))


def may_see_others(
    own_sheet_status: str | None, slot_state: str, *, recused: bool, closed_before: bool = False
) -> bool:
    """Whether a dragon may see the other dragons' sheets and the tally for a pitch.
    ``closed_before``: its scoring has closed at least once, even if the chair reopened it."""
    if recused:
        return False
    return own_sheet_status == "submitted" or slot_state == "closed" or closed_before


@dataclass(frozen=True)
class Tally:
    """A pitch's sheets counted over the panel's members. ``submitted`` is THE count of
    submitted sheets - the chair's "1 of 2 submitted", the close message and the dragons'
    tally all use it: members' submitted sheets, recused members left out."""

    ins: int
    outs: int
    recused: int
    to_submit: int
    submitted: int = 0

    @property
    def scoring(self) -> int:
        """The members free of conflict: those who have submitted and those still to."""
        return self.submitted + self.to_submit

    @property
    def text(self) -> str:
        return (
            f"{self.ins} in, {self.outs} out, {self.recused} recused, "
            f"{self.to_submit} still to submit"
        )


@dataclass(frozen=True)
class MemberSheet:
    """A panel member's position on one pitch: recused or not, and their sheet if any."""

    recused: bool
    sheet_status: str | None = None
    verdict: str | None = None
    sheet_id: int | None = None


def tally(members: Iterable[MemberSheet]) -> Tally:
    """Count the panel's members for one pitch: recused, submitted (in or out), still to
    submit. Pass every member of the panel and nobody else: a sheet from someone not on the
    panel does not count, nor does a recused member's, nor a draft."""
    ins = outs = recused = waiting = submitted = 0
    for member in members:
        if member.recused:
            recused += 1
        elif member.sheet_status == "submitted":
            submitted += 1
            ins += member.verdict == "in"
            outs += member.verdict == "out"
        else:
            waiting += 1
    return Tally(ins, outs, recused, waiting, submitted)


# The sheet itself ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRule:
    id: int
    name: str


@dataclass(frozen=True)
class SheetAnswers:
    """What a dragon typed: criterion id -> score (None when blank) and comment."""

    scores: Mapping[int, int | str | None]
    comments: Mapping[int, str]
    verdict: str | None
    reason: str


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def parse_score(value: int | str | None) -> int | None | str:
    """A typed score as an int 1-5, None when blank, or the text back when it is not one."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return number if number in SCORES else str(value)


def sheet_problems(
    criteria: list[CriterionRule], answers: SheetAnswers, *, submitting: bool
) -> dict[str, str]:
    """GOV.UK error messages by form field, in page order; empty when the sheet may be saved
    (as a draft) or submitted."""
    problems: dict[str, str] = {}
    known = {criterion.id for criterion in criteria}
    unknown = [cid for cid in (*answers.scores, *answers.comments) if cid not in known]
    if unknown:
        problems["sheet"] = "Score only the criteria of this pitch’s round"
    for criterion in criteria:
        score = parse_score(answers.scores.get(criterion.id))
        if isinstance(score, str):
            problems[score_field(criterion.id)] = (
                f"Select a score between 1 and 5 for {criterion.name}"
            )
        elif score is None and submitting:
            problems[score_field(criterion.id)] = f"Select a score for {criterion.name}"
        if len(answers.comments.get(criterion.id) or "") > COMMENT_MAX:
            problems[comment_field(criterion.id)] = (
                f"Comment on {criterion.name} must be {COMMENT_MAX} characters or fewer"
            )
    verdict = answers.verdict or None
    if (verdict is None and submitting) or (verdict is not None and verdict not in VERDICTS):
        problems["verdict"] = "Select In or Out"
    if len(answers.reason) > REASON_MAX:
        problems["reason"] = f"Reason must be {REASON_MAX} characters or fewer"
    elif verdict == "out" and submitting and not answers.reason.strip():
        problems["reason"] = "Enter why this pitch is out"
    return problems
