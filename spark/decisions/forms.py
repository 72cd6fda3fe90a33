"""The chair's decision forms: record or change a decision (and an amendment, with its
reason), and sign one.

The forms read what was typed (an amount in pounds, the page's version); the rules - the
outcomes allowed, a justification when departing from the vote, money against the ask and the
pot, the amendment's reason - are the service's, checked on every save
(``service.DecisionProblems``), so a page out of date is checked the same.
"""

from __future__ import annotations

from collections.abc import Iterable

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

from spark.core.money import format_pounds
from spark.decisions.models import Decision
from spark.decisions.recording import Outcome
from spark.decisions.service import TEXT_MAX, DecisionDetails
from spark.panels.chair_forms import whole_number
from spark.pitches import money


def _text(value: str | None) -> str:
    """Typed text, trimmed, with Windows line ends made plain."""
    return (value or "").replace("\r\n", "\n").strip()


def _amount_message(message: str) -> str:
    """money's messages speak of 'the amount'; here it is the amount awarded."""
    return message.replace("Enter the amount", "Enter the amount awarded").replace(
        "Amount must be", "The amount awarded must be"
    )


def _long_text(label: str, hint: str) -> TextAreaField:
    return TextAreaField(label, widget=GovCharacterCount(), description=hint, filters=[_text])


class DecisionForm(FlaskForm):
    """The decision, as the chair types it. ``offer`` sets the outcomes on offer."""

    amendment_reason = _long_text(
        "Reason for the amendment",
        "What was wrong or has changed. The team reads it with the amended decision",
    )
    outcome = RadioField(
        "What has the panel decided?", widget=GovRadioInput(), validate_choice=False
    )
    amount = StringField(
        "Amount awarded",
        widget=GovTextInput(),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    justification = _long_text(
        "Why does the decision depart from the panel’s vote?",
        "Required only when the outcome is not the one the panel’s vote gives. "
        "The decision is then flagged as departing from the panel’s vote wherever it appears",
    )
    conditions = _long_text(
        "Conditions (optional)",
        "What the team must do, for example before the money is released",
    )
    rationale = _long_text(
        "Rationale (optional)",
        "Why the panel decided this. The team reads it in their decision letter",
    )
    dissent = _long_text(
        "Dissent (optional)",
        "What the dragons who voted the other way said",
    )
    seen_version = HiddenField()
    # The signed decision in force an amendment's page showed: the amendment replaces it.
    seen_decision = HiddenField()
    submit = SubmitField("Save the decision", widget=GovSubmitInput())

    text_max = TEXT_MAX
    amount_pence: int | None = None

    def offer(self, outcomes: Iterable[Outcome]) -> DecisionForm:
        self.outcome.choices = [SelectChoice(outcome.value, outcome.label) for outcome in outcomes]
        return self

    def validate_amount(self, field: StringField) -> None:
        self.amount_pence = None
        if self.outcome.data != Outcome.FUNDED or not field.data:
            return
        try:
            self.amount_pence = money.parse_pounds(field.data)
        except money.AmountProblem as problem:
            raise ValidationError(_amount_message(str(problem))) from problem

    def seen(self) -> int | None:
        return whole_number(self.seen_version.data)

    def seen_decision_id(self) -> int | None:
        return whole_number(self.seen_decision.data)

    def details(self) -> DecisionDetails:
        """What the chair typed, as the service takes it (an amount that does not read as
        pounds goes as none: the service then refuses a funded decision without one, and the
        form's own message stays on the field)."""
        return DecisionDetails(
            outcome=self.outcome.data or "",
            amount_pence=self.amount_pence,
            conditions=self.conditions.data or "",
            rationale=self.rationale.data or "",
            dissent=self.dissent.data or "",
            justification=self.justification.data or "",
            amendment_reason=self.amendment_reason.data or "",
        )

    def fill(self, decision: Decision, *, version: bool = True) -> None:
        """Start the form from ``decision``: its version too, unless it is the signed one an
        amendment starts from (then its id, the decision the amendment replaces)."""
        self.outcome.data = decision.outcome
        self.amount.data = format_pounds(decision.amount_pence)
        self.conditions.data = decision.conditions
        self.rationale.data = decision.rationale
        self.dissent.data = decision.dissent
        self.justification.data = decision.justification
        if version:
            self.amendment_reason.data = decision.amendment_reason
            self.seen_version.data = str(decision.version)
        else:
            self.seen_decision.data = str(decision.id)


class SignForm(FlaskForm):
    seen_version = HiddenField()
    submit = SubmitField("Sign the decision", widget=GovSubmitInput())

    def seen(self) -> int | None:
        return whole_number(self.seen_version.data)
