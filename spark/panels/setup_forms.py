"""Judging set-up forms: a round's judging settings, and a criterion.

The forms check what was typed (something entered, a whole number, an amount in pounds); the
service applies the rules (``spark.panels.rules``), so a change made any other way is checked
the same.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from spark.core.forms import strip_whitespace
from spark.core.money import format_pounds
from spark.panels import rules
from spark.panels.models import Criterion, JudgingSettings
from spark.pitches import money

POT_MISSING = "Enter the funding pot in pounds"
FEEDBACK_MISSING = "Select whether feedback to teams shows the dragons’ names"


def _pot_message(message: str) -> str:
    """money's messages speak of 'the amount'; here it is the funding pot."""
    return (
        message.replace("Enter the amount", "Enter the funding pot")
        .replace("Amount must be", "The funding pot must be")
        .replace("amount", "funding pot")
    )


def _check_pot(form: SettingsForm, field: StringField) -> None:
    try:
        form.pot_pence = money.parse_pounds(field.data or "")
    except money.AmountProblem as problem:
        raise ValidationError(_pot_message(str(problem))) from problem


def _check_whole_number(message: str):
    def check(_form: FlaskForm, field: StringField) -> None:
        if field.data and rules.whole_number(field.data) is None:
            raise ValidationError(message)

    return check


class SettingsForm(FlaskForm):
    pot = StringField(
        "Funding pot",
        widget=GovTextInput(),
        description="The most the panels can award in this round, in pounds",
        filters=[strip_whitespace],
        validators=[DataRequired(message=POT_MISSING), _check_pot],
    )
    decision_rule = RadioField(
        "How does the panel decide?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(rule.value, text.label) for rule, text in rules.DECISION_RULE_TEXT.items()
        ],
        validators=[InputRequired(message=rules.RULE_MISSING)],
        invalid_choice_message=rules.RULE_MISSING,
    )
    quorum = StringField(
        "Quorum",
        widget=GovTextInput(),
        description=(
            "The fewest dragons without a conflict of interest who must score a pitch. "
            "A pitch is only sent to a panel with at least this many"
        ),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=rules.QUORUM_MISSING),
            _check_whole_number(rules.QUORUM_FORMAT),
        ],
    )
    feedback_shows_names = RadioField(
        "Does feedback to teams show the dragons’ names?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("no", "No, keep feedback anonymous"),
            SelectChoice("yes", "Yes, show the dragons’ names"),
        ],
        validators=[InputRequired(message=FEEDBACK_MISSING)],
        invalid_choice_message=FEEDBACK_MISSING,
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    pot_pence: int = 0

    def fill_from(self, settings: JudgingSettings) -> None:
        self.pot.data = format_pounds(settings.pot_pence) if settings.pot_pence else ""
        self.decision_rule.data = settings.decision_rule
        self.quorum.data = str(settings.quorum)
        self.feedback_shows_names.data = "yes" if settings.feedback_shows_names else "no"

    def values(self) -> dict[str, Any]:
        """The settings typed, for ``JudgingDetails``; call after a successful validate()."""
        return {
            "pot_pence": self.pot_pence,
            "decision_rule": self.decision_rule.data,
            "quorum": rules.whole_number(self.quorum.data or "") or 0,
            "feedback_shows_names": self.feedback_shows_names.data == "yes",
        }


def _descriptor(score: int) -> TextAreaField:
    meaning = {1: "the lowest score", 5: "the highest score"}.get(score)
    return TextAreaField(
        f"What a score of {score} means",
        widget=GovTextArea(),
        description=meaning and f"{score} is {meaning}",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=rules.descriptor_missing(score)),
            Length(max=rules.DESCRIPTOR_MAX, message=rules.descriptor_long(score)),
        ],
    )


class CriterionForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="For example, Value for money",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=rules.NAME_MISSING),
            Length(max=rules.NAME_MAX, message=rules.NAME_LONG),
        ],
    )
    guidance = TextAreaField(
        "Guidance for dragons (optional)",
        widget=GovCharacterCount(),
        description="The question dragons ask themselves when they score this criterion",
        filters=[strip_whitespace],
        validators=[Length(max=rules.GUIDANCE_MAX, message=rules.GUIDANCE_LONG)],
    )
    weight = StringField(
        "Weight",
        widget=GovTextInput(),
        description=(
            f"A whole number from 1 to {rules.WEIGHT_MAX}. "
            "A criterion with weight 2 counts twice as much as one with weight 1"
        ),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=rules.WEIGHT_MISSING),
            _check_whole_number(rules.WEIGHT_FORMAT),
        ],
    )
    descriptor_1 = _descriptor(1)
    descriptor_2 = _descriptor(2)
    descriptor_3 = _descriptor(3)
    descriptor_4 = _descriptor(4)
    descriptor_5 = _descriptor(5)
    submit = SubmitField("Save criterion", widget=GovSubmitInput())

    def descriptor_fields(self) -> list[TextAreaField]:
        return [self[f"descriptor_{score}"] for score in rules.SCORES]

    def fill_from(self, criterion: Criterion) -> None:
        self.name.data = criterion.name
        self.guidance.data = criterion.guidance
        self.weight.data = str(criterion.weight)
        texts = [*criterion.descriptors, "", "", "", "", ""]
        for field, text in zip(self.descriptor_fields(), texts, strict=False):
            field.data = text

    def values(self) -> dict[str, Any]:
        """The criterion typed, for ``CriterionDetails``; call after a successful validate()."""
        return {
            "name": self.name.data or "",
            "guidance": self.guidance.data or "",
            "weight": rules.whole_number(self.weight.data or "") or 0,
            "descriptors": tuple(field.data or "" for field in self.descriptor_fields()),
        }


class ConfirmForm(FlaskForm):
    """A confirmation or a one-button action: a button, with its CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
