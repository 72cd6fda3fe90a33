"""The budget's forms: the lab releases a tranche; the team records spend.

The forms read what was typed (an amount in pounds and pence, a date); the rules - what is
left to release, a date not in the future, a description - are the service's
(``BudgetProblems``), checked on every save, so a page out of date is checked the same. Each
form also carries, hidden, what its page showed (the released total; the number of spend
entries), so that the service can refuse a second post of the same page.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from spark.core.date_field import GovukDateField
from spark.lab.budget import DESCRIPTION_MAX, NOTE_MAX, AmountRefused, parse_amount
from spark.lab.budget_service import SpendDetails, TrancheDetails
from spark.lab.models import Stage


def _text(value: str | None) -> str:
    """Typed text, trimmed, with Windows line ends made plain."""
    return (value or "").replace("\r\n", "\n").strip()


def _pence(text: str) -> int | None:
    """The amount typed, in pence (1p or more); None when nothing was typed."""
    try:
        return parse_amount(text)
    except AmountRefused as problem:
        raise ValidationError(str(problem)) from problem


def _whole_number(text: str | None) -> int | None:
    """A hidden field's number as the page wrote it; None when it is not one (ASCII digits
    only, and no longer than any total could be)."""
    text = (text or "").strip()
    if not text or len(text) > 18 or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


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
    seen_released = HiddenField()  # the released total, in pence, the page showed

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

    def seen(self) -> int | None:
        return _whole_number(self.seen_released.data)

    def showing(self, released_pence: int) -> None:
        """The page about to be shown names this released total."""
        self.seen_released.data = str(released_pence)


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
    seen_spend = HiddenField()  # how many spend entries the page showed

    description_max = DESCRIPTION_MAX

    def details(self) -> SpendDetails:
        return SpendDetails(
            amount_pence=self.amount_pence,
            spent_on=self.spent_on.data,
            description=self.description.data or "",
        )

    def seen(self) -> int | None:
        return _whole_number(self.seen_spend.data)

    def showing(self, spend_count: int) -> None:
        """The page about to be shown names this number of spend entries."""
        self.seen_spend.data = str(spend_count)
