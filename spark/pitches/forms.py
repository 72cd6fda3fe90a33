"""Pitch forms, with GOV.UK widgets and GOV.UK error messages.

Section forms only carry what was typed: whether an answer is needed, too long or a valid
amount is the service's rule (``sections.answer_problems``), since a draft may be partial.
"""

from __future__ import annotations

from functools import cache

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from spark.pitches.sections import Question, Section

COMPLETED_MISSING = "Select whether you have completed this section"
COMPLETED_CHOICES = [
    SelectChoice("yes", "Yes, I’ve completed this section"),
    SelectChoice("no", "No, I’ll come back to it later"),
]
REASON_MAX = 2000


def _version(value: str | int | None) -> int | None:
    if isinstance(value, int):
        return value
    return int(value) if value and value.isdigit() else None


class SectionForm(FlaskForm):
    """A task-list section: ``section_form`` adds its questions, then 'completed'."""

    version = HiddenField(filters=[_version])


def _completed_field() -> RadioField:
    return RadioField(
        "Have you completed this section?",
        widget=GovRadioInput(),
        choices=COMPLETED_CHOICES,
        validators=[InputRequired(message=COMPLETED_MISSING)],
        invalid_choice_message=COMPLETED_MISSING,
    )


def _question_field(question: Question) -> Field:
    if question.money or question.name == "title":
        return StringField(question.label, widget=GovTextInput(), description=question.hint)
    return TextAreaField(question.label, widget=GovCharacterCount(), description=question.hint)


@cache
def section_form(section: Section) -> type[SectionForm]:
    """The form class for ``section``: its questions in page order, then 'completed' (fields
    made here, in this order, so the error summary lists problems in page order)."""
    fields: dict[str, object] = {q.name: _question_field(q) for q in section.questions}
    fields["completed"] = _completed_field()
    fields["submit"] = SubmitField("Save and continue", widget=GovSubmitInput())
    return type(f"{section.key.title()}SectionForm", (SectionForm,), fields)


class StartPitchForm(FlaskForm):
    """The view sets the choices from the person's teams and the open rounds."""

    team = RadioField(
        "Which team is the pitch from?",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    round = RadioField(
        "Which round are you pitching to?",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    submit = SubmitField("Start your pitch", widget=GovSubmitInput())


class SubmitPitchForm(FlaskForm):
    version = HiddenField(filters=[_version])
    submit = SubmitField("Submit pitch", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        "Why are you withdrawing the pitch?",
        widget=GovCharacterCount(),
        description="The organisers see your reason. It helps them improve the next round",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(message="Enter why you are withdrawing the pitch"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX} characters or fewer"),
        ],
    )
    submit = SubmitField("Withdraw pitch", widget=GovSubmitInput())


# Screening ------------------------------------------------------------------------------------


class ScreeningFilterForm(FlaskForm):
    """A GET form: filters belong in the address, so no CSRF token. The view sets choices."""

    class Meta:
        csrf = False

    round = SelectField("Round", widget=GovSelect(), validate_choice=False)
    status = SelectField("Status", widget=GovSelect(), validate_choice=False)
    department = SelectField("Department", widget=GovSelect(), validate_choice=False)


class EligibleForm(FlaskForm):
    submit = SubmitField("Mark as eligible", widget=GovSubmitInput())


class ReturnForm(FlaskForm):
    reasons = TextAreaField(
        "Why are you returning the pitch?",
        widget=GovCharacterCount(),
        description="The team sees your reasons on their pitch and in an email. Say what they "
        "need to change",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(message="Enter the reasons for returning the pitch"),
            Length(max=REASON_MAX, message=f"Reasons must be {REASON_MAX} characters or fewer"),
        ],
    )
    submit = SubmitField("Return to the team", widget=GovSubmitInput())
