"""Team forms: create a team, invite a colleague, confirm a change to the members."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from spark.accounts.forms import _email
from spark.accounts.rules import departments
from spark.core.forms import strip_whitespace


class TeamForm(FlaskForm):
    name = StringField(
        "Team name",
        widget=GovTextInput(),
        description="For example, Forms that fill themselves",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter a name for your team"),
            Length(max=200, message="Team name must be 200 characters or fewer"),
        ],
    )
    department = SelectField(
        "Department",
        widget=GovSelect(),
        description="The government department or agency the team works in",
        choices=[SelectChoice("", "Choose a department"), *map(SelectChoice, departments())],
        invalid_choice_message="Select the team’s department",
        validators=[DataRequired(message="Select the team’s department")],
    )
    submit = SubmitField("Create team", widget=GovSubmitInput())


class TeamInvitationForm(FlaskForm):
    email = _email(
        "Email address",
        "Enter the email address of the person you want to invite",
        "Their work email address. They sign in with it to join the team",
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """Confirm a change (join, remove a member, change the lead): a button and CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
