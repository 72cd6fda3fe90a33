"""The GOV.UK date input (day, month, year) as a WTForms field, with the Design System's
error messages ("The due date must include a month", "The due date must be a real date",
"Year must include 4 numbers") and the error summary linking to the day box, as the
pattern asks (the boxes keep what was typed when there is an error)."""

from __future__ import annotations

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field
from wtforms.validators import StopValidation

PARTS = ("day", "month", "year")


class _DateInput(GovDateInput):
    def __call__(self, field: Field, **kwargs: Any):
        # The boxes are <name>-day, -month, -year; the wrapper takes the bare name, so the
        # field's own id (<name>-day, the error summary's link) is not used twice.
        kwargs["id"] = field.name
        return super().__call__(field, **kwargs)

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        if field.raw_data is not None and len(field.raw_data) != len(PARTS):
            field.raw_data = None  # not sent as three boxes: show what is stored, if anything
        return super().map_gov_params(field, **kwargs)


class GovukDateField(Field):
    """A date typed as day, month and year. ``subject`` names it in error messages ("The
    due date"); ``required`` (the message when all three boxes are empty), or None when the
    date may be left out (then ``data`` is None)."""

    widget = _DateInput()

    def __init__(self, label: str, *, subject: str, required: str | None, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.subject = subject
        self.required_message = required
        self.id = f"{self.name}-day"

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        if len(valuelist) != len(PARTS):
            self.data = None
            raise ValueError(f"{self.subject} must be a real date")
        day, month, year = (value.strip() for value in valuelist)
        self.data = None
        if not (day or month or year):
            return
        missing = [name for name, value in zip(PARTS, (day, month, year), strict=True) if not value]
        if missing:
            raise ValueError(f"{self.subject} must include a {' and a '.join(missing)}")
        typed = (day, month, year)
        # "²" is a digit to Python but not to int(); a 20-digit day overflows date().
        if (
            not all(part.isascii() and part.isdigit() for part in typed)
            or max(len(day), len(month)) > 2
        ):
            raise ValueError(f"{self.subject} must be a real date")
        if len(year) != 4:
            raise ValueError("Year must include 4 numbers")
        try:
            self.data = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValueError(f"{self.subject} must be a real date") from None

    def pre_validate(self, form: Any) -> None:
        if self.data is None and self.required_message and not self.process_errors:
            raise StopValidation(self.required_message)
