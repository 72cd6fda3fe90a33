"""Account forms, with GOV.UK widgets and GOV.UK error messages.

Forms check what was typed (present, the right format, the two passwords the same); the
service applies the rules (allowed domains, unique addresses, the password policy).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from spark.accounts.rules import MIN_PASSWORD_LENGTH, departments
from spark.core.forms import strip_whitespace

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.gov.uk"
PASSWORD_HINT = (
    f"Must be at least {MIN_PASSWORD_LENGTH} characters. "
    "Three or more random words make a password that is strong and easy to remember."
)
ROLE_CHOICES = [
    SelectChoice("organiser", "Organiser"),
    SelectChoice("lab", "Innovation lab"),
]


def _email(label: str, missing: str, description: str = "") -> EmailField:
    return EmailField(
        label,
        widget=GovTextInput(),
        description=description,
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=missing),
            Length(max=320, message="Email address must be 320 characters or fewer"),
            Email(message=EMAIL_FORMAT),
        ],
    )


def _new_password(label: str = "Create a password") -> PasswordField:
    # The policy itself (length, common passwords) is applied by the service.
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description=PASSWORD_HINT,
        validators=[InputRequired(message="Enter a password")],
    )


def _confirm_password() -> PasswordField:
    return PasswordField(
        "Confirm your password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Confirm your password"),
            EqualTo("password", message="Passwords do not match"),
        ],
    )


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CreateAccountForm(FlaskForm):
    """For an invitation the view removes ``email``: the invited address is used."""

    email = _email(
        "Email address",
        "Enter your email address",
        "Use your work email address",
    )
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter your full name"),
            Length(max=200, message="Full name must be 200 characters or fewer"),
        ],
    )
    department = SelectField(
        "Department",
        widget=GovSelect(),
        description="The government department or agency you work for",
        choices=[SelectChoice("", "Choose your department"), *map(SelectChoice, departments())],
        invalid_choice_message="Select your department",
        validators=[DataRequired(message="Select your department")],
    )
    password = _new_password()
    confirm_password = _confirm_password()
    submit = SubmitField("Create account", widget=GovSubmitInput())


class ForgotPasswordForm(FlaskForm):
    email = _email(
        "Email address",
        "Enter your email address",
        "We will send a link to reset your password to this address",
    )
    submit = SubmitField("Send link", widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    password = _new_password("New password")
    confirm_password = _confirm_password()
    submit = SubmitField("Change password", widget=GovSubmitInput())


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        "Roles",
        widget=GovCheckboxesInput(),
        description="Select all that apply",
        choices=ROLE_CHOICES,
        invalid_choice_message="Select a role from the list",
    )
    submit = SubmitField("Save roles", widget=GovSubmitInput())


class StatusForm(FlaskForm):
    """Deactivate or reactivate an account: a button, with its CSRF token."""

    submit = SubmitField("Change status", widget=GovSubmitInput())


class InvitationForm(FlaskForm):
    email = _email(
        "Email address",
        "Enter an email address",
        "Any email address, including one outside government",
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())
