"""Template filters: dates and times in GOV.UK style, in Europe/London."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from spark.core import money

LONDON = ZoneInfo("Europe/London")


def _time(moment: datetime) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def govuk_date(value: date | datetime | None) -> str:
    """26 November 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value)
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: datetime | None) -> str:
    """26 November 2026 at 2:30pm, in Europe/London."""
    if value is None:
        return ""
    local = to_london(value)
    return f"{govuk_date(local)} at {_time(local)}"


def to_london(value: datetime) -> datetime:
    # Naive datetimes come back from SQLite; they were stored in UTC.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LONDON)


def pounds(pence: int | None) -> str:
    """£1,250 or £1,250.50 from integer pence."""
    return "" if pence is None else money.pounds(pence)


def register_filters(app: Flask) -> None:
    app.add_template_filter(govuk_date)
    app.add_template_filter(govuk_datetime)
    app.add_template_filter(pounds)
