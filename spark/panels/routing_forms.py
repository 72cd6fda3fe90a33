"""Routing forms: put a pitch on a panel, take it off, apply an automatic routing plan.

The forms check what was sent; the service applies the rules (quorum, conflicts, the round's
pitches and panels only, a plan unchanged since its preview).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SubmitField
from wtforms.validators import InputRequired

from spark.panels.routing_service import CHOOSE_PANEL


class AssignForm(FlaskForm):
    """The view sets the choices: the round's panels."""

    panel = RadioField(
        "Which panel should hear this pitch?",
        widget=GovRadioInput(),
        validators=[InputRequired(message=CHOOSE_PANEL)],
        invalid_choice_message=CHOOSE_PANEL,
    )
    submit = SubmitField("Put pitch on panel", widget=GovSubmitInput())


class RemoveForm(FlaskForm):
    submit = SubmitField("Take pitch off the panel", widget=GovSubmitInput())


class ApplyForm(FlaskForm):
    """``plan`` carries the previewed plan's fingerprint, so a changed plan is not applied
    unseen."""

    plan = HiddenField()
    submit = SubmitField("Apply this routing", widget=GovSubmitInput())
