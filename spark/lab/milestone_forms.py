"""Milestone forms: add or change one (title and due date; a change names the milestone as
its page showed it), mark one done (the date it was done), and undo "done". The forms read
what was typed; which dates are allowed is the service's (``lab.milestones``), checked on
every save, and its messages go on the fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import ValidationError

from spark.core.date_field import GovukDateField
from spark.lab import milestones as rules

DATE_HINT = "For example, 27 3 2027"


class MilestoneForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        description="What the team will have done, for example ‘Private beta with 50 users’",
        filters=[rules.clean_title],
    )
    due_on = GovukDateField(
        "Due date",
        subject="The due date",
        required=rules.ENTER_DUE,
        description=DATE_HINT,
    )
    submit = SubmitField("Add milestone", widget=GovSubmitInput())

    def validate_title(self, field: StringField) -> None:
        # Checked here as well as in the service, so a title's error shows beside a date's
        # (no ``required`` validator: it would put the HTML attribute on the box).
        problem = rules.title_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ChangeMilestoneForm(MilestoneForm):
    # The milestone as the page showed it (milestone_service.fingerprint): a save from a page
    # out of date is refused rather than undoing someone else's change.
    seen = HiddenField()


class CompleteForm(FlaskForm):
    done_on = GovukDateField(
        "When was it done?",
        subject="The date it was done",
        required=rules.ENTER_DONE,
        description=DATE_HINT,
    )
    submit = SubmitField("Mark as done", widget=GovSubmitInput())


class ReopenForm(FlaskForm):
    submit = SubmitField("Mark as not done", widget=GovSubmitInput())
