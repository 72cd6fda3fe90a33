"""The dragon's forms: the score sheet (made for the round's criteria) and declaring a conflict.

The score sheet form only carries what was typed: a draft may be partial, so whether each
criterion is scored, the verdict given and a reason written is the service's rule
(``visibility.sheet_problems``), checked again on the server every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import Field, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from spark.core.forms import strip_whitespace
from spark.panels.models import Criterion
from spark.panels.visibility import (
    COMMENT_MAX,
    REASON_MAX,
    SCORES,
    VERDICTS,
    comment_field,
    score_field,
)

CONFLICT_REASON_MAX = 500
PITCH_MISSING = "Select the pitch you have a conflict of interest with"
CONFLICT_REASON_MISSING = "Enter why you have a conflict of interest with this pitch"


def _version(value: str | int | None) -> int | None:
    if isinstance(value, int):
        return value
    return int(value) if value and value.isdigit() else None


def _text(value: str | None) -> str:
    """Typed text, trimmed, with Windows line ends made plain."""
    return (value or "").replace("\r\n", "\n").strip()


class ScoreSheetForm(FlaskForm):
    """``sheet_form`` adds a score and a comment per criterion, then the verdict."""

    version = HiddenField(filters=[_version])
    comment_max = COMMENT_MAX
    reason_max = REASON_MAX

    def criterion_fields(self, criterion: Criterion) -> tuple[Field, Field]:
        return self[score_field(criterion.id)], self[comment_field(criterion.id)]

    def typed(self, criteria: Sequence[Criterion]) -> dict[str, Any]:
        """What the dragon typed, as the service takes it."""
        return {
            "scores": {c.id: self[score_field(c.id)].data or None for c in criteria},
            "comments": {c.id: _text(self[comment_field(c.id)].data) for c in criteria},
            "verdict": self["verdict"].data or None,
            "reason": _text(self["reason"].data),
        }

    @property
    def submitting(self) -> bool:
        return bool(self["submit_sheet"].data)


def _score_choices(criterion: Criterion) -> list[SelectChoice]:
    descriptors = list(criterion.descriptors or [])
    choices = []
    for score in SCORES:
        words = descriptors[score - 1] if len(descriptors) >= score else ""
        choices.append(SelectChoice(str(score), f"{score} – {words}" if words else str(score)))
    return choices


def sheet_form(criteria: Sequence[Criterion]) -> type[ScoreSheetForm]:
    """The form class for a round's criteria, fields in page order (so the error summary
    lists problems in the order the page shows them)."""
    fields: dict[str, Field] = {}
    for criterion in criteria:
        fields[score_field(criterion.id)] = RadioField(
            criterion.name,
            widget=GovRadioInput(),
            description=criterion.guidance,
            choices=_score_choices(criterion),
            validate_choice=False,
        )
        fields[comment_field(criterion.id)] = TextAreaField(
            f"Comment on {criterion.name.lower()} (optional)",
            widget=GovCharacterCount(),
        )
    fields["verdict"] = RadioField(
        "Your verdict",
        widget=GovRadioInput(),
        description="In means you would fund this pitch",
        choices=[SelectChoice(value, label) for value, label in VERDICTS.items()],
        validate_choice=False,
    )
    fields["reason"] = TextAreaField(
        "Reason for your verdict",
        widget=GovCharacterCount(),
        description="You must give a reason if your verdict is Out",
    )
    fields["submit_sheet"] = SubmitField("Submit score sheet", widget=GovSubmitInput())
    fields["save_draft"] = SubmitField("Save as draft", widget=GovSubmitInput())
    return type("RoundScoreSheetForm", (ScoreSheetForm,), fields)


class DeclareConflictForm(FlaskForm):
    """The view sets the pitch choices: the panel's pitches the dragon is not recused from."""

    pitch = RadioField(
        "Which pitch do you have a conflict of interest with?",
        widget=GovRadioInput(),
        validators=[InputRequired(message=PITCH_MISSING)],
        invalid_choice_message=PITCH_MISSING,
    )
    reason = TextAreaField(
        "Why do you have a conflict of interest?",
        widget=GovCharacterCount(),
        description="For example, you know someone on the team well or have worked on the idea",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=CONFLICT_REASON_MISSING),
            Length(
                max=CONFLICT_REASON_MAX,
                message=f"Reason must be {CONFLICT_REASON_MAX} characters or fewer",
            ),
        ],
    )
    submit = SubmitField("Declare conflict of interest", widget=GovSubmitInput())
