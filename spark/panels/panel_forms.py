"""Panel forms: a panel's name, date and time (on a clock in London), place and chair; a
dragon to add.

The forms check what was typed; the service applies the rules (unique names, people with an
account, who may be removed).
"""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from spark.accounts.forms import _email
from spark.core.forms import strip_whitespace
from spark.panels.models import Panel
from spark.pitches import rules
from spark.pitches.round_forms import TIME_HINT, GovukDateField

NAME_MAX = 120
PLACE_MAX = 300


def _check_time(_form: FlaskForm, field: StringField) -> None:
    if field.data and rules.parse_time(field.data) is None:
        raise ValidationError(
            "Enter the time the panel starts in the correct format, like 9am, 2:30pm or midday"
        )


class PanelForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="For example, Panel A or Digital services panel",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a name for the panel"),
            Length(max=NAME_MAX, message=f"Name must be {NAME_MAX} characters or fewer"),
        ],
    )
    starts_on = GovukDateField(
        "Date of the panel", what="the date of the panel", description="For example, 14 4 2027"
    )
    starts_time = StringField(
        "Time the panel starts",
        widget=GovTextInput(),
        description=TIME_HINT,
        filters=[strip_whitespace],
        validators=[DataRequired(message="Enter the time the panel starts"), _check_time],
    )
    place = StringField(
        "Place or online meeting link",
        widget=GovTextInput(),
        description="For example, Room 4.12, 10 Victoria Street, London, or a Teams link",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter where the panel meets, or an online meeting link"),
            Length(max=PLACE_MAX, message=f"Place must be {PLACE_MAX} characters or fewer"),
        ],
    )
    chair_email = _email(
        "Chair’s email address",
        "Enter the email address of the chair",
        "The chair runs the panel and scores pitches too. They need a Project Spark! account",
    )
    submit = SubmitField("Save panel", widget=GovSubmitInput())

    def starts_at(self) -> datetime:
        """The start in UTC; call after a successful validate()."""
        at = rules.parse_time(self.starts_time.data or "")
        if at is None or self.starts_on.data is None:  # validate() has already refused it
            raise ValueError(self.starts_time.data)
        return rules.london_to_utc(self.starts_on.data, at)

    def fill_from(self, panel: Panel) -> None:
        local = rules.to_london(panel.starts_at)
        self.name.data = panel.name
        self.starts_on.data = local.date()
        self.starts_time.data = rules.time_text(local.time())
        self.place.data = panel.place
        self.chair_email.data = panel.chair.email


class DragonForm(FlaskForm):
    email = _email(
        "Email address",
        "Enter the email address of the dragon",
        "Their work email address. They need a Project Spark! account",
    )
    submit = SubmitField("Add dragon", widget=GovSubmitInput())
