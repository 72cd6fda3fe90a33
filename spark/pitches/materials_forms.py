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

ALT_TEXT_MISSING = "Enter alt text for the image, or say it is decorative"
ALT_TEXT_AND_DECORATIVE = "Delete the alt text, or untick 'This image is decorative'"
ALT_TEXT_MAX = 1000
TRANSCRIPT_MAX = 50_000

DOCUMENT_ACCEPT = ".pptx,.docx,.pdf"
IMAGE_ACCEPT = ".png,.jpg,.jpeg"
AUDIO_ACCEPT = ".mp3,.m4a,.wav,.ogg"
VIDEO_ACCEPT = ".mp4,.webm"
CAPTIONS_ACCEPT = ".vtt,.srt"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


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


class _AltText(FlaskForm):
    alt_text = TextAreaField(
        "Alt text",
        widget=GovTextArea(),
        description="Say what the image shows and why it is there, in a sentence or two. "
        "Do not start with 'Image of'.",
        filters=[_strip],
        validators=[
            Length(
                max=ALT_TEXT_MAX, message=f"Alt text must be {ALT_TEXT_MAX:,} characters or fewer"
            )
        ],
    )
    decorative = BooleanField(
        "This image is decorative",
        widget=GovCheckboxInput(),
        description="It adds nothing to what the pitch says, so screen readers can skip it",
    )

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


class ImageForm(_AltText):
    file = _file("Upload an image", "Select an image", "A PNG or JPEG image up to 10MB")
    submit = SubmitField("Add image", widget=GovSubmitInput())


class ImageChangeForm(_AltText):
    submit = SubmitField("Save alt text", widget=GovSubmitInput())


class _Transcript(FlaskForm):
    transcript = TextAreaField(
        "Transcript",
        widget=GovTextArea(),
        description="Everything that is said, who says it, and any important sounds",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter the transcript of the audio"),
            Length(
                max=TRANSCRIPT_MAX,
                message=f"The transcript must be {TRANSCRIPT_MAX:,} characters or fewer",
            ),
        ],
    )
    bsl_version = _file(
        "British Sign Language (BSL) version (optional)",
        None,
        "An MP4 or WebM video of the overview in BSL, up to 200MB",
    )


class AudioForm(_Transcript):
    file = _file(
        "Upload an audio overview",
        "Select an audio file",
        "An MP3, M4A, WAV or OGG file up to 50MB",
    )
    submit = SubmitField("Add audio", widget=GovSubmitInput())


class AudioChangeForm(_Transcript):
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class _VideoCompanions(FlaskForm):
    captions = _file(
        "Captions file",
        None,
        "A WebVTT (.vtt) or SRT (.srt) file up to 1MB. You can add the video first, but "
        "you need captions before you can submit your pitch.",
    )
    audio_described = _file(
        "Audio-described version (optional)",
        None,
        "An MP4 or WebM video up to 200MB, with a voice describing what is shown on screen",
    )
    bsl_version = _file(
        "British Sign Language (BSL) version (optional)",
        None,
        "An MP4 or WebM video up to 200MB, in BSL or with a BSL interpreter shown",
    )
    description_not_needed = BooleanField(
        "The soundtrack already describes everything important shown on screen",
        widget=GovCheckboxInput(),
        description="Then the video does not need an audio-described version",
    )


class VideoForm(_VideoCompanions):
    file = _file("Upload a video", "Select a video", "An MP4 or WebM video up to 200MB")
    submit = SubmitField("Add video", widget=GovSubmitInput())


class VideoChangeForm(_VideoCompanions):
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
