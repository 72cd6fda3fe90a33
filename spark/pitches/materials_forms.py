"""Forms for a pitch's materials, with GOV.UK widgets and GOV.UK error messages.

Forms check what was sent (a file chosen, alt text or 'decorative', a transcript); the file's
type and size are checked from its bytes by the service (spark.core.storage).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from spark.core.forms import strip_whitespace

ALT_TEXT_MISSING = "Enter alt text for the image, or say it is decorative"
ALT_TEXT_AND_DECORATIVE = "Delete the alt text, or untick 'This image is decorative'"
ALT_TEXT_MAX = 1000
ALT_TEXT_TOO_LONG = f"Alt text must be {ALT_TEXT_MAX:,} characters or fewer"
TRANSCRIPT_MAX = 50_000

DOCUMENT_ACCEPT = ".pptx,.docx,.pdf"
IMAGE_ACCEPT = ".png,.jpg,.jpeg"
AUDIO_ACCEPT = ".mp3,.m4a,.wav,.ogg"
VIDEO_ACCEPT = ".mp4,.webm"
CAPTIONS_ACCEPT = ".vtt,.srt"


def _file(label: str, missing: str | None, description: str = "") -> FileField:
    return FileField(
        label,
        widget=GovFileInput(),
        description=description,
        validators=[FileRequired(message=missing)] if missing else [],
    )


class DocumentForm(FlaskForm):
    file = _file(
        "Upload a file",
        "Select a slide deck, Word document or PDF",
        "A PowerPoint slide deck (.pptx) up to 30MB, a Word document (.docx) up to 20MB, "
        "or a PDF up to 30MB",
    )
    submit = SubmitField("Add document", widget=GovSubmitInput())


class ReplaceDocumentForm(FlaskForm):
    file = _file(
        "Upload the new version",
        "Select the new version of the file",
        "A PowerPoint slide deck (.pptx) up to 30MB, a Word document (.docx) up to 20MB, "
        "or a PDF up to 30MB",
    )
    submit = SubmitField("Replace file", widget=GovSubmitInput())


def _alt_text() -> TextAreaField:
    return TextAreaField(
        "Alt text",
        widget=GovTextArea(),
        description="Say what the image shows and why it is there, in a sentence or two. "
        "Do not start with 'Image of'.",
        filters=[strip_whitespace],
        validators=[Length(max=ALT_TEXT_MAX, message=ALT_TEXT_TOO_LONG)],
    )


def _decorative() -> BooleanField:
    return BooleanField(
        "This image is decorative",
        widget=GovCheckboxInput(),
        description="It adds nothing to what the pitch says, so screen readers can skip it",
    )


class _AltTextRule(FlaskForm):
    """Alt text, or 'decorative', not both. Subclasses declare alt_text and decorative (fields
    are declared in each form so that errors are listed in the order of the page)."""

    alt_text: TextAreaField
    decorative: BooleanField

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.alt_text.errors:
            if not self.decorative.data and not self.alt_text.data:
                self.alt_text.errors = [ALT_TEXT_MISSING]
                valid = False
            elif self.decorative.data and self.alt_text.data:
                self.alt_text.errors = [ALT_TEXT_AND_DECORATIVE]
                valid = False
        return valid


class ImageForm(_AltTextRule):
    file = _file("Upload an image", "Select an image", "A PNG or JPEG image up to 10MB")
    alt_text = _alt_text()
    decorative = _decorative()
    submit = SubmitField("Add image", widget=GovSubmitInput())


class ImageChangeForm(_AltTextRule):
    alt_text = _alt_text()
    decorative = _decorative()
    submit = SubmitField("Save alt text", widget=GovSubmitInput())


def _transcript() -> TextAreaField:
    return TextAreaField(
        "Transcript",
        widget=GovTextArea(),
        description="Everything that is said, who says it, and any important sounds",
        filters=[strip_whitespace],
        validators=[
            DataRequired(message="Enter the transcript of the audio"),
            Length(
                max=TRANSCRIPT_MAX,
                message=f"The transcript must be {TRANSCRIPT_MAX:,} characters or fewer",
            ),
        ],
    )


def _bsl_version(description: str) -> FileField:
    return _file("British Sign Language (BSL) version (optional)", None, description)


AUDIO_BSL = "An MP4 or WebM video of the overview in BSL, up to 200MB"
VIDEO_BSL = "An MP4 or WebM video up to 200MB, in BSL or with a BSL interpreter shown"


class AudioForm(FlaskForm):
    file = _file(
        "Upload an audio overview",
        "Select an audio file",
        "An MP3, M4A, WAV or OGG file up to 50MB",
    )
    transcript = _transcript()
    bsl_version = _bsl_version(AUDIO_BSL)
    submit = SubmitField("Add audio", widget=GovSubmitInput())


class AudioChangeForm(FlaskForm):
    transcript = _transcript()
    bsl_version = _bsl_version(AUDIO_BSL)
    submit = SubmitField("Save changes", widget=GovSubmitInput())


def _captions() -> FileField:
    return _file(
        "Captions file",
        None,
        "A WebVTT (.vtt) or SRT (.srt) file up to 1MB. You can add the video first, but "
        "you need captions before you can submit your pitch.",
    )


def _audio_described() -> FileField:
    return _file(
        "Audio-described version (optional)",
        None,
        "An MP4 or WebM video up to 200MB, with a voice describing what is shown on screen",
    )


def _description_not_needed() -> BooleanField:
    return BooleanField(
        "The soundtrack already describes everything important shown on screen",
        widget=GovCheckboxInput(),
        description="Then the video does not need an audio-described version",
    )


class VideoForm(FlaskForm):
    file = _file("Upload a video", "Select a video", "An MP4 or WebM video up to 200MB")
    captions = _captions()
    audio_described = _audio_described()
    description_not_needed = _description_not_needed()
    bsl_version = _bsl_version(VIDEO_BSL)
    submit = SubmitField("Add video", widget=GovSubmitInput())


class VideoChangeForm(FlaskForm):
    captions = _captions()
    audio_described = _audio_described()
    description_not_needed = _description_not_needed()
    bsl_version = _bsl_version(VIDEO_BSL)
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class RemoveForm(FlaskForm):
    submit = SubmitField("Remove file", widget=GovSubmitInput())


COMPLETED_MISSING = "Select whether you have finished adding materials"


class CompletedForm(FlaskForm):
    """The task list's 'Have you completed this section?' for the materials."""

    completed = RadioField(
        "Have you finished adding materials?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("yes", "Yes, I’ve completed this section"),
            SelectChoice("no", "No, I’ll come back to it later"),
        ],
        validators=[InputRequired(message=COMPLETED_MISSING)],
        invalid_choice_message=COMPLETED_MISSING,
    )
    submit = SubmitField("Save and return to your pitch", widget=GovSubmitInput())


class AcknowledgeWarningsForm(FlaskForm):
    confirm = BooleanField(
        "I have read the warnings and will fix them or can explain why not",
        widget=GovCheckboxInput(),
        validators=[DataRequired(message="Confirm you have read the warnings")],
    )
    submit = SubmitField("Confirm", widget=GovSubmitInput())
