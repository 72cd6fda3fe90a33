"""Forms for the lab board's filters, a project's partners and the focus areas.

The forms check what was typed (present, not too long); the service checks the rest (a
partner or focus area of the same name, a stopped project) and says so on the same fields.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from spark.lab import project_service as service


def _plain(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else value


class BoardFilterForm(FlaskForm):
    """A GET form: filters belong in the address, so no CSRF token. The view sets choices."""

    class Meta:
        csrf = False

    round = SelectField("Round", widget=GovSelect(), validate_choice=False)
    department = SelectField("Department", widget=GovSelect(), validate_choice=False)
    focus_area = SelectField("Focus area", widget=GovSelect(), validate_choice=False)
    status = SelectField("Status", widget=GovSelect(), validate_choice=False)


class PartnerForm(FlaskForm):
    name = StringField(
        "Partner’s name",
        widget=GovTextInput(),
        description="An organisation, for example RNIB or a supplier",
        filters=[_plain],
        validators=[
            DataRequired(message=service.PARTNER_NAME_MISSING),
            Length(max=service.NAME_MAX, message=service.PARTNER_NAME_TOO_LONG),
        ],
    )
    role = StringField(
        "What does the partner do for the project?",
        widget=GovTextInput(),
        description="For example, user research with blind and partially sighted people",
        filters=[_plain],
        validators=[
            DataRequired(message=service.PARTNER_ROLE_MISSING),
            Length(max=service.ROLE_MAX, message=service.PARTNER_ROLE_TOO_LONG),
        ],
    )
    submit = SubmitField("Add partner", widget=GovSubmitInput())


class RemovePartnerForm(FlaskForm):
    """The confirmation's button, with its CSRF token."""

    submit = SubmitField("Remove partner", widget=GovSubmitInput())


class FocusAreaForm(FlaskForm):
    name = StringField(
        "Name of the focus area",
        widget=GovTextInput(),
        filters=[_plain],
        validators=[
            DataRequired(message=service.FOCUS_AREA_MISSING),
            Length(max=service.FOCUS_AREA_MAX, message=service.FOCUS_AREA_TOO_LONG),
        ],
    )
    submit = SubmitField("Add focus area", widget=GovSubmitInput())


class ProjectFocusAreasForm(FlaskForm):
    """The project's focus areas as checkboxes; the view sets the choices (ids as text, so
    anything else sent is "not one of the choices", never a coercion error)."""

    focus_areas = SelectMultipleField(
        "Which focus areas is this project part of?",
        widget=GovCheckboxesInput(),
        description="Select all that apply",
        invalid_choice_message=service.FOCUS_AREA_UNKNOWN,
    )
    submit = SubmitField("Save focus areas", widget=GovSubmitInput())

    def area_ids(self) -> set[int]:
        return {int(value) for value in self.focus_areas.data or ()}
