"""The chair's forms: a button per move on the control page, and a reason when reopening.

Each button form carries what the chair's page showed (a slot's state or position, the
"now pitching" position, a sheet's version) so the service can refuse a stale or doubled
click instead of skipping a state.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from spark.core.forms import strip_whitespace
from spark.panels.models import SLOT_STATES
from spark.panels.session import Direction

REASON_MAX = 1000


def whole_number(value: str | None) -> int | None:
    """A hidden number as typed by the page; None when missing or not a whole number."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class SlotActionForm(FlaskForm):
    """A button on a slot: ``expected`` is the slot's state as the page showed it."""

    expected = HiddenField(validators=[Optional(), AnyOf(SLOT_STATES)])


class NextPitchForm(FlaskForm):
    """The "Next pitch" button: ``current`` is the "now pitching" position the page showed
    (empty when nothing was pitching)."""

    current = HiddenField()

    def seen_current(self) -> int | None:
        return whole_number(self.current.data)


class MoveForm(FlaskForm):
    """Move a slot up or down the running order; ``position`` is where the page showed it."""

    direction = HiddenField(
        validators=[
            AnyOf(
                [direction.value for direction in Direction],
                message="Choose whether to move the pitch up or down",
            )
        ]
    )
    position = HiddenField()

    def seen_position(self) -> int | None:
        return whole_number(self.position.data)


def _reason(label: str, hint: str, missing: str) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovCharacterCount(),
        description=hint,
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=missing),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX} characters or fewer"),
        ],
    )


class ReopenScoringForm(FlaskForm):
    reason = _reason(
        "Why are you reopening scoring?",
        "We keep your reason in the audit log",
        "Enter why you are reopening scoring",
    )
    expected = HiddenField(validators=[Optional(), AnyOf(SLOT_STATES)])
    submit = SubmitField("Reopen scoring", widget=GovSubmitInput())


class ReopenSheetForm(FlaskForm):
    reason = _reason(
        "Why are you reopening this score sheet?",
        "We email your reason to the dragon and keep it in the audit log",
        "Enter why you are reopening this score sheet",
    )
    version = HiddenField()
    submit = SubmitField("Reopen score sheet", widget=GovSubmitInput())

    def seen_version(self) -> int | None:
        return whole_number(self.version.data)
