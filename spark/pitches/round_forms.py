"""Round forms: name, description, and when the round opens and closes (a GOV.UK date input
and a time, on a clock in London).

The form checks what was typed; the service applies the rules (unique names, closing after
opening).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovDateInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import Field, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from spark.core.forms import strip_whitespace
from spark.pitches import rules

DESCRIPTION_MAX = 1000
TIME_HINT = "For example, 9am, 2:30pm or midday"


class DateParts(GovDateInput):
    """GOV.UK date input whose error summary link goes to the day box (the field's id is
    ``<name>-day``) while its hint, error and group ids keep the field's name."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        params["id"] = field.name
        return params


class GovukDateField(Field):
    """A date typed into three boxes (day, month, year) sharing the field's name.

    ``data`` is a ``date`` or None; the messages follow the GOV.UK date input pattern and
    name the date with ``what`` ("the date the round opens").
    """

    widget = DateParts()

    def __init__(self, label: str, what: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.id = f"{self.name}-day"
        self.what = what
        self._problem: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        # Always exactly three boxes, whatever was sent, so the page can show them again.
        parts = [*(str(value) for value in valuelist[:3]), "", "", ""][:3]
        self.raw_data = parts
        self.data, self._problem = rules.date_problem(*parts, self.what)

    def pre_validate(self, form: FlaskForm) -> None:
        if self._problem:
            raise ValidationError(self._problem)

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if isinstance(self.data, date) else ""


def _time_field(label: str, what: str) -> StringField:
    def check(_form: FlaskForm, field: StringField) -> None:
        if field.data and rules.parse_time(field.data) is None:
            raise ValidationError(f"Enter {what} in the correct format, like 9am, 2:30pm or midday")

    return StringField(
        label,
        widget=GovTextInput(),
        description=TIME_HINT,
        filters=[strip_whitespace],
        validators=[DataRequired(message=f"Enter {what}"), check],
    )


class RoundForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="For example, Spark! spring 2027",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a name for the round"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description (optional)",
        widget=GovCharacterCount(),
        description="What the round is looking for, shown to teams with the round",
        filters=[strip_whitespace],
        validators=[
            Length(
                max=DESCRIPTION_MAX,
                message=f"Description must be {DESCRIPTION_MAX} characters or fewer",
            )
        ],
    )
    opens_on = GovukDateField(
        "Date the round opens",
        what="the date the round opens",
        description="For example, 1 3 2027",
    )
    opens_time = _time_field("Time the round opens", "the time the round opens")
    closes_on = GovukDateField(
        "Date the round closes",
        what="the date the round closes",
        description="For example, 31 3 2027",
    )
    closes_time = _time_field("Time the round closes", "the time the round closes")
    submit = SubmitField("Save round", widget=GovSubmitInput())

    def moments(self) -> tuple[datetime, datetime]:
        """(opens_at, closes_at) in UTC; call after a successful validate()."""
        return (
            rules.london_to_utc(self.opens_on.data, _parse(self.opens_time.data)),
            rules.london_to_utc(self.closes_on.data, _parse(self.closes_time.data)),
        )

    def fill_from(self, opens_at: datetime, closes_at: datetime) -> None:
        """Show stored UTC moments as London dates and times."""
        opens, closes = rules.to_london(opens_at), rules.to_london(closes_at)
        self.opens_on.data, self.opens_time.data = opens.date(), rules.time_text(opens.time())
        self.closes_on.data, self.closes_time.data = closes.date(), rules.time_text(closes.time())


def _parse(text: str) -> time:
    parsed = rules.parse_time(text)
    if parsed is None:  # validate() has already refused it
        raise ValueError(text)
    return parsed


class StatusForm(FlaskForm):
    """Confirm a status change: a button, with its CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
