"""The story forms: write or change a story (with a preview), publish and unpublish it.

The form reads what was typed; the rules (a title and the text, their lengths) are the
service's too (``story_service.problems_with``), so the form's errors and the service's are
the same words.
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from spark.lab.story_service import (
    BODY_MAX,
    BODY_TOO_LONG,
    ENTER_BODY,
    ENTER_TITLE,
    TITLE_MAX,
    TITLE_TOO_LONG,
    StoryText,
)
from spark.panels.chair_forms import whole_number

BODY_HINT = (
    "What the project set out to do, what happened and what you learnt. You can format it "
    "with Markdown: see how below. Images are not supported, because each would need a text "
    "description (alt text) for people who cannot see it: describe what matters in words."
)


# Control characters other than tab and new line: never meant, and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str | None) -> str:
    """Typed text, trimmed, with Windows line ends made plain and no control characters."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


class StoryForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        filters=[_text],
        validators=[
            InputRequired(message=ENTER_TITLE),
            Length(max=TITLE_MAX, message=TITLE_TOO_LONG),
        ],
    )
    body = TextAreaField(
        "Story",
        widget=GovCharacterCount(),
        description=BODY_HINT,
        filters=[_text],
        validators=[
            InputRequired(message=ENTER_BODY),
            Length(max=BODY_MAX, message=BODY_TOO_LONG),
        ],
    )
    seen_version = HiddenField()
    preview = SubmitField("Preview", widget=GovSubmitInput())
    save = SubmitField("Save as a draft", widget=GovSubmitInput())

    title_max = TITLE_MAX
    body_max = BODY_MAX

    def validate(self, extra_validators=None) -> bool:
        # InputRequired looks at what was sent: spaces alone pass it, and are empty once
        # trimmed, so they get the same message.
        valid = super().validate(extra_validators)
        for field, message in ((self.title, ENTER_TITLE), (self.body, ENTER_BODY)):
            if not field.errors and not field.data:
                field.errors = [message]
                valid = False
        return valid

    def text(self) -> StoryText:
        return StoryText(title=self.title.data or "", body=self.body.data or "")

    def seen(self) -> int | None:
        return whole_number(self.seen_version.data)

    def previewing(self) -> bool:
        return bool(self.preview.data)


class StoryStateForm(FlaskForm):
    """Publish or unpublish, naming the version the page showed."""

    seen_version = HiddenField()
    submit = SubmitField("Publish the story", widget=GovSubmitInput())

    def seen(self) -> int | None:
        return whole_number(self.seen_version.data)
