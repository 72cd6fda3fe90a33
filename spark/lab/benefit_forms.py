"""The benefit forms: a metric (add or change) and a reading.

The forms read what was typed (numbers as people write them: "£12,500", "12.5%", "1,200";
the GOV.UK date input) and say when something is missing or not a number; the rules - a
target that differs from the baseline on its better side, a date not in the future, where
the figure comes from - are the service's (``benefit_service.BenefitProblems``), checked on
every save.
"""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from spark.core.date_field import GovukDateField
from spark.core.forms import strip_whitespace
from spark.lab import benefits
from spark.lab.benefit_service import MetricDetails
from spark.lab.models import BenefitMetric

UNIT_CHOICES = [SelectChoice(unit, benefits.UNIT_NAMES[unit]) for unit in benefits.UNITS]
BETTER_CHOICES = [SelectChoice(way, benefits.BETTER_NAMES[way]) for way in benefits.BETTER]


# How each number is named in its messages ("Enter the baseline as a number").
SUBJECTS = {"baseline": "the baseline", "target": "the target", "value": "the value"}


def _number(label: str, subject: str) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[DataRequired(message=f"Enter {subject}")],
    )


class _Numbers:
    """Numbers read from text fields: ``numbers[name]`` once the field is valid."""

    numbers: dict[str, Decimal]

    def _read_number(self, field: StringField) -> None:
        try:
            self.numbers[field.name] = benefits.parse_number(field.data, SUBJECTS[field.name])
        except benefits.NumberProblem as problem:
            raise ValidationError(str(problem)) from problem


class MetricForm(FlaskForm, _Numbers):
    name = StringField(
        "Name of the benefit",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=benefits.ENTER_NAME),
            Length(max=benefits.NAME_MAX, message=benefits.NAME_TOO_LONG),
        ],
    )
    unit = RadioField(
        "What is it measured in?",
        widget=GovRadioInput(),
        choices=UNIT_CHOICES,
        validate_choice=False,
    )
    unit_label = StringField(
        "Name of the unit, if other",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=benefits.UNIT_LABEL_MAX, message=benefits.UNIT_LABEL_TOO_LONG)],
    )
    better = RadioField(
        "Which is better?",
        widget=GovRadioInput(),
        choices=BETTER_CHOICES,
        validate_choice=False,
    )
    baseline = _number("Baseline", SUBJECTS["baseline"])
    target = _number("Target", SUBJECTS["target"])
    seen = HiddenField()
    submit = SubmitField("Add benefit", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = {}

    def validate_unit(self, field: RadioField) -> None:
        if field.data not in benefits.UNITS:
            raise ValidationError(benefits.SELECT_UNIT)

    def validate_unit_label(self, field: StringField) -> None:
        if self.unit.data == "other" and not field.data:
            raise ValidationError(benefits.ENTER_UNIT_LABEL)

    def validate_better(self, field: RadioField) -> None:
        if field.data not in benefits.BETTER:
            raise ValidationError(benefits.SELECT_BETTER)

    def validate_baseline(self, field: StringField) -> None:
        self._read_number(field)

    def validate_target(self, field: StringField) -> None:
        self._read_number(field)

    def details(self) -> MetricDetails:
        return MetricDetails(
            name=self.name.data or "",
            unit=self.unit.data or "",
            unit_label=self.unit_label.data or "",
            better=self.better.data or "",
            baseline=self.numbers.get("baseline"),
            target=self.numbers.get("target"),
        )

    def fill(self, metric: BenefitMetric, seen: str) -> None:
        self.name.data = metric.name
        self.unit.data = metric.unit
        self.unit_label.data = metric.unit_label
        self.better.data = metric.better
        self.baseline.data = benefits.number_text(Decimal(metric.baseline))
        self.target.data = benefits.number_text(Decimal(metric.target))
        self.seen.data = seen


class ReadingForm(FlaskForm, _Numbers):
    value = _number("Value", SUBJECTS["value"])
    taken_on = GovukDateField(
        "Date taken",
        subject="The date taken",
        required="Enter the date the figure was taken",
        description="The day the figure describes, for example 27 3 2027",
    )
    source = StringField(
        "Where the figure comes from",
        widget=GovTextInput(),
        description="For example, the finance team’s monthly report or the service’s analytics",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=benefits.ENTER_SOURCE),
            Length(max=benefits.SOURCE_MAX, message=benefits.SOURCE_TOO_LONG),
        ],
    )
    submit = SubmitField("Record reading", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = {}

    def validate_value(self, field: StringField) -> None:
        self._read_number(field)

    @property
    def number(self) -> Decimal | None:
        return self.numbers.get("value")
