"""Round rules: the status of a round, when it takes pitches, and its dates and times.

Pure: the standard library only (zoneinfo for Europe/London).

A round moves one step forward at a time::

    draft -> open -> judging -> closed

and one step back: an ``open`` round may go back to ``draft`` while no pitch has been
started in it (an organiser who opened a round by mistake can take it back before anyone
relies on it). Nothing else moves back: teams and dragons rely on a round that has moved on.

A round's status is set by organisers; its dates do not change it. A pitch may be submitted
only while the round is ``open`` and ``opens_at <= now < closes_at``: on the opening minute
exactly it is open, on the closing minute exactly it is closed.

Times are stored in UTC and typed and shown in Europe/London.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    JUDGING = "judging"
    CLOSED = "closed"


ORDER = list(RoundStatus)
LABELS = {
    RoundStatus.DRAFT: "Draft",
    RoundStatus.OPEN: "Open",
    RoundStatus.JUDGING: "Judging",
    RoundStatus.CLOSED: "Closed",
}
# Organisers may change a round's details only in these statuses.
EDITABLE = frozenset({RoundStatus.DRAFT, RoundStatus.OPEN})


class RoundMoveRefused(Exception):
    """The status change is not allowed. The message says why, in plain English."""


def round_moves(current: str, has_pitches: bool) -> list[RoundStatus]:
    """Where a round in ``current`` status may move: the next step, and back to draft from
    open while it has no pitches."""
    status = RoundStatus(current)
    moves: list[RoundStatus] = []
    if status == RoundStatus.OPEN and not has_pitches:
        moves.append(RoundStatus.DRAFT)
    position = ORDER.index(status)
    if position + 1 < len(ORDER):
        moves.append(ORDER[position + 1])
    return moves


def check_round_move(current: str, target: str, has_pitches: bool) -> None:
    """Raise RoundMoveRefused with the reason unless the round may move to ``target``."""
    status, wanted = RoundStatus(current), RoundStatus(target)
    if wanted == status:
        raise RoundMoveRefused(f"The round is already {LABELS[status].lower()}")
    if wanted in round_moves(status, has_pitches):
        return
    if status == RoundStatus.OPEN and wanted == RoundStatus.DRAFT:
        raise RoundMoveRefused(
            "The round cannot go back to draft because teams have started pitches in it"
        )
    raise RoundMoveRefused(
        f"A round that is {LABELS[status].lower()} cannot become {LABELS[wanted].lower()}"
    )


def is_editable(status: str) -> bool:
    return RoundStatus(status) in EDITABLE


# When a round takes pitches -------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    """Naive datetimes (as SQLite gives them back) were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def takes_pitches(
    round_status: str, opens_at: datetime, closes_at: datetime, now: datetime
) -> bool:
    return submission_refusal(round_status, opens_at, closes_at, now) is None


def submission_refusal(
    round_status: str,
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
    *,
    name: str = "This round",
) -> str | None:
    """Why a pitch cannot be submitted into this round now, or None when it can.

    It can while the round is open and ``opens_at <= now < closes_at``.
    """
    status = RoundStatus(round_status)
    opens_at, closes_at, now = _aware(opens_at), _aware(closes_at), _aware(now)
    if status == RoundStatus.DRAFT or (status == RoundStatus.OPEN and now < opens_at):
        if now < opens_at:
            return f"{name} is not open for pitches yet. It opens on {london_text(opens_at)}."
        return f"{name} is not open for pitches yet."
    if status == RoundStatus.OPEN and now < closes_at:
        return None
    if now >= closes_at:
        return f"{name} closed for pitches on {london_text(closes_at)}."
    # Judging or closed before its closing time: the organisers closed it early.
    return f"{name} is closed for pitches."


def dates_problem(opens_at: datetime, closes_at: datetime) -> str | None:
    """A round must close after it opens."""
    if _aware(closes_at) <= _aware(opens_at):
        return "The round must close after it opens"
    return None


# Dates and times as people type and read them ------------------------------------------------


def to_london(moment: datetime) -> datetime:
    return _aware(moment).astimezone(LONDON)


def london_to_utc(day: date, at: time) -> datetime:
    """The UTC moment of a date and time on a clock in London.

    A time that the clocks skip in spring (1:30am on the last Sunday of March) counts as the
    hour after; a time that happens twice in autumn counts as the first of the two.
    """
    local = datetime.combine(day, at, tzinfo=LONDON)
    return local.astimezone(UTC)


def time_text(at: time) -> str:
    """GOV.UK style: 9am, 2:30pm, midday, midnight."""
    if at.hour == 0 and at.minute == 0:
        return "midnight"
    if at.hour == 12 and at.minute == 0:
        return "midday"
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour}{suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d}{suffix}"


def london_text(moment: datetime) -> str:
    """1 March 2027 at 9am, on a clock in London."""
    local = to_london(moment)
    return f"{local.day} {local:%B %Y} at {time_text(local.time())}"


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def parse_time(text: str) -> time | None:
    """A time as people type it: 9am, 9:30am, 9.30pm, 17:00, 0900, midday, noon, midnight.

    None when it is not a time. Without am or pm, a 24-hour clock is assumed.
    """
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in {"midday", "noon", "12 noon", "12 midday"}:
        return time(12, 0)
    if cleaned in {"midnight", "12 midnight"}:
        return time(0, 0)
    if re.fullmatch(r"\d{4}", cleaned):
        cleaned = f"{cleaned[:2]}:{cleaned[2:]}"
    match = _TIME.match(cleaned)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if minute > 59:
        return None
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None or hour > 23:
        # "9" alone is ambiguous (morning or evening?): ask for am or pm.
        return None
    return time(hour, minute)


def date_problem(day: str, month: str, year: str, what: str) -> tuple[date | None, str | None]:
    """A date from the three boxes of a GOV.UK date input, or the GOV.UK error message.

    ``what`` names the date for the messages: "the date the round opens".
    """
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [name for name, value in parts.items() if not value]
    subject = what[0].upper() + what[1:]
    if len(missing) == 3:
        return None, f"Enter {what}"
    if missing:
        return None, f"{subject} must include a {' and '.join(missing)}"
    if not all(value.isdigit() for value in parts.values()):
        return None, f"{subject} must be a real date"
    if len(parts["year"]) != 4:
        return None, "Year must include 4 numbers"
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), None
    except ValueError:
        return None, f"{subject} must be a real date"
