"""Parts a later stage adds to the team's pitch page, without this stage importing it.

A part is a function ``part(pitch, user) -> Markup | None``: the HTML to show on the pitch page
(the task list of a draft, or the read-only page once submitted), or None to show nothing. The
decisions stage adds the panel's decision this way (``spark.decisions.team_views``), as
``access.add_viewer_rule`` lets the panels stage add who may see a pitch. Parts show in the
order they were added, below the page's heading.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from spark.accounts.models import User
from spark.pitches.models import Pitch

PagePart = Callable[[Pitch, User], Markup | None]

_parts: list[PagePart] = []


def add_pitch_page_part(part: PagePart) -> PagePart:
    """Show ``part`` on every team's pitch page (once, however often it is added)."""
    if part not in _parts:
        _parts.append(part)
    return part


def parts_for(pitch: Pitch, user: User) -> list[Markup]:
    """The HTML of every part that has something to show for ``pitch`` to ``user``."""
    shown = (part(pitch, user) for part in _parts)
    return [html for html in shown if html]
