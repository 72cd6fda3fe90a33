"""Routing forms: put a pitch on a panel, take it off, apply an automatic routing plan, remove
a declared conflict.

The forms check what was sent; the service applies the rules (quorum, conflicts, the round's
pitches and panels only, a plan unchanged since its preview).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from spark.core.forms import strip_whitespace
from spark.panels.conflict_service import REMOVAL_REASON_MAX, REMOVAL_REASON_MISSING
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


class RemoveConflictForm(FlaskForm):
    reason = TextAreaField(
        "Why are you removing this conflict?",
        widget=GovCharacterCount(),
        description="For example, the dragon declared it on the wrong pitch. We keep your "
        "reason in the audit log",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=REMOVAL_REASON_MISSING),
            Length(
                max=REMOVAL_REASON_MAX,
                message=f"Reason must be {REMOVAL_REASON_MAX} characters or fewer",
            ),
        ],
    )
    submit = SubmitField("Remove conflict", widget=GovSubmitInput())
