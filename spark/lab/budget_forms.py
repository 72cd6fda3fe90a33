"""The budget's forms: the lab releases a tranche; the team records spend.

The forms read what was typed (an amount in pounds, a date); the rules - what is left to
release, a date not in the future, a description - are the service's (``BudgetProblems``),
checked on every save, so a page out of date is checked the same.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from spark.core.date_field import GovukDateField
from spark.lab.budget import DESCRIPTION_MAX, MORE_THAN_NOTHING, NOTE_MAX
from spark.lab.budget_service import SpendDetails, TrancheDetails
from spark.lab.models import Stage
from spark.pitches import money


def _text(value: str | None) -> str:
    """Typed text, trimmed, with Windows line ends made plain."""
    return (value or "").replace("\r\n", "\n").strip()


def _pence(text: str) -> int | None:
    """The amount typed, in pence; None when nothing was typed. money's messages are for
    asks (at least £1); here £0 and less get the budget's own message."""
    if not text:
        return None
    try:
        return money.parse_pounds(text)
    except money.AmountProblem as problem:
        nothing = text.lstrip("£ ").startswith("-") or not any(c in "123456789" for c in text)
        if str(problem) == money.NEGATIVE and nothing:
            raise ValidationError(MORE_THAN_NOTHING) from problem
        raise ValidationError(str(problem)) from problem


class _AmountForm(FlaskForm):
    amount = StringField("Amount", widget=GovTextInput(), filters=[_text])
    amount_pence: int | None = None

    def validate_amount(self, field: StringField) -> None:
        self.amount_pence = None  # stays None if the amount does not read
        self.amount_pence = _pence(field.data or "")


class TrancheForm(_AmountForm):
    """``offer`` sets the stages on offer; the view sets the current stage as the default."""

    amount = StringField("How much is the lab releasing?", widget=GovTextInput(), filters=[_text])
    stage = RadioField(
        "Which stage is the tranche for?", widget=GovRadioInput(), validate_choice=False
    )
    note = TextAreaField(
        "Note (optional)",
        widget=GovCharacterCount(),
        description="For example, what the money is for or any conditions. The team reads it",
        filters=[_text],
    )
    submit = SubmitField("Release the tranche", widget=GovSubmitInput())

    note_max = NOTE_MAX

    def offer(self, stages: list[Stage], current: str) -> TrancheForm:
        self.stage.choices = [SelectChoice(stage.key, stage.name) for stage in stages]
        if not self.is_submitted():
            self.stage.data = current
        return self

    def details(self) -> TrancheDetails:
        return TrancheDetails(
            amount_pence=self.amount_pence,
            stage=self.stage.data or "",
            note=self.note.data or "",
        )


class SpendForm(_AmountForm):
    amount = StringField("How much was spent?", widget=GovTextInput(), filters=[_text])
    spent_on = GovukDateField(
        "When was it spent?",
        subject="The date the money was spent",
        required=None,  # the service says "Enter the date the money was spent"
        description="For example, 27 3 2026",
    )
    description = StringField(
        "What was it spent on?",
        widget=GovCharacterCount(),
        description="For example, user research participant incentives",
        filters=[_text],
    )
    submit = SubmitField("Record spend", widget=GovSubmitInput())

    description_max = DESCRIPTION_MAX

    def details(self) -> SpendDetails:
        return SpendDetails(
            amount_pence=self.amount_pence,
            spent_on=self.spent_on.data,
            description=self.description.data or "",
        )
