"""The lab's stage forms: move a project to another stage, pause, resume or stop it, and
edit a stage's name and gate guidance.

The forms read what was typed (text trimmed, the page's version); the rules - which moves
are allowed, what each needs - are ``lab.stages``'s, checked by the service on every post,
so a page out of date is checked the same.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from spark.lab.gates import StageDetails
from spark.lab.stages import (
    ASSESSMENT_LABELS,
    NAME_MAX,
    TEXT_MAX,
    Action,
    Kind,
    Move,
    Request,
    in_words,
)
from spark.panels.chair_forms import whole_number

MOVE_HINTS = {
    Kind.FORWARD: "The next stage. Needs the evidence and the gate assessment",
    Kind.SKIP: "Skips {skipped}. Needs the evidence, the gate assessment and a reason",
    Kind.BACK: "Back one stage. Needs a reason",
}
CONFIRM_STOP = "Confirm that you want to stop the project"


def _text(value: str | None) -> str:
    """Typed text, trimmed, with Windows line ends made plain."""
    return (value or "").replace("\r\n", "\n").strip()


def _long_text(label: str, hint: str) -> TextAreaField:
    return TextAreaField(label, widget=GovCharacterCount(), description=hint, filters=[_text])


class _ProjectForm(FlaskForm):
    seen_version = HiddenField()
    text_max = TEXT_MAX

    def seen(self) -> int | None:
        return whole_number(self.seen_version.data)


class MoveForm(_ProjectForm):
    to_stage = RadioField(
        "Which stage should the project move to?", widget=GovRadioInput(), validate_choice=False
    )
    evidence = _long_text(
        "Evidence the project meets the gate",
        "Needed to move forward. What the team showed at the gate assessment, and where to "
        "find it. The team reads it in their email and on the project page",
    )
    assessment = RadioField(
        "Did the project meet the gate?",
        widget=GovRadioInput(),
        validate_choice=False,
        choices=[SelectChoice(value, label) for value, label in ASSESSMENT_LABELS.items()],
    )
    reason = _long_text(
        "Reason",
        "Needed to skip a stage or to move back a stage. The team reads it in their email and "
        "on the project page",
    )
    submit = SubmitField("Save and email the team", widget=GovSubmitInput())

    def offer(self, moves: list[Move]) -> MoveForm:
        self.to_stage.choices = [SelectChoice(move.stage.key, move.stage.name) for move in moves]
        self.hints = [
            MOVE_HINTS[move.kind].format(skipped=in_words([s.name for s in move.skipped]))
            for move in moves
        ]
        return self

    def request(self) -> Request:
        return Request(
            Action.MOVE,
            to_stage=self.to_stage.data or "",
            evidence=self.evidence.data or "",
            assessment=self.assessment.data or "",
            reason=self.reason.data or "",
        )


class PauseForm(_ProjectForm):
    reason = _long_text(
        "Why is the project pausing?",
        "For example, waiting for a partner or for the team to come back. The team reads it "
        "in their email and on the project page",
    )
    submit = SubmitField("Pause the project", widget=GovSubmitInput())
    action = Action.PAUSE

    def request(self) -> Request:
        return Request(self.action, reason=self.reason.data or "")


class ResumeForm(PauseForm):
    reason = _long_text(
        "Anything the team should know (optional)",
        "The team reads it in their email and on the project page",
    )
    submit = SubmitField("Resume the project", widget=GovSubmitInput())
    action = Action.RESUME


class StopForm(PauseForm):
    reason = _long_text(
        "Why is the project stopping?",
        "What the lab decided and why. The team reads it in their email and on the project "
        "page, and it stays on the timeline",
    )
    confirm = BooleanField(
        "Yes, stop the project. I understand this ends it", widget=GovCheckboxInput()
    )
    submit = SubmitField("Stop the project", widget=GovSubmitInput())
    action = Action.STOP

    def validate_confirm(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(CONFIRM_STOP)


class StageForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description=f"How the stage is shown everywhere. No more than {NAME_MAX} characters",
        filters=[_text],
    )
    description = _long_text(
        "Description (optional)", "What the stage is for, shown with the stage's name"
    )
    guidance = _long_text(
        "Gate guidance (optional)",
        "The evidence the lab expects before a project leaves this stage for the next. Shown "
        "on the form to move a project",
    )
    seen = HiddenField()
    submit = SubmitField("Save the stage", widget=GovSubmitInput())
    text_max = TEXT_MAX
    name_max = NAME_MAX

    def details(self) -> StageDetails:
        return StageDetails(
            name=self.name.data or "",
            description=self.description.data or "",
            guidance=self.guidance.data or "",
        )
