"""The team's form on the decision page: copy a pitch into a new draft (refine and
resubmit). The view sets the round choices from the rounds that take pitches."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField

from spark.panels.chair_forms import whole_number


class CopyPitchForm(FlaskForm):
    """With one round, the page sends its id in a hidden field of the same name."""

    round = RadioField(
        "Which round do you want to pitch your new draft to?",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    submit = SubmitField("Copy this pitch into a new draft", widget=GovSubmitInput())

    def round_id(self) -> int | None:
        return whole_number(self.round.data)
