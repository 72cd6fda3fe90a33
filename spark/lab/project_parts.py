"""Sections the lab's features add to the project page, each from its own module.

A part is a function ``part(project, user) -> Markup | None``: the HTML of one section of the
project page (milestones, benefits, budget, stories, the timeline...), or None to show
nothing. Parts show in ``order`` (then the order they were added). Each feature's views
module adds its part when imported, so the project page never imports the features.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from spark.accounts.models import User
from spark.lab.models import LabProject

ProjectPart = Callable[[LabProject, User], Markup | None]


@dataclass(frozen=True)
class _Entry:
    order: int
    part: ProjectPart


_parts: list[_Entry] = []


def add_project_part(order: int, part: ProjectPart) -> ProjectPart:
    """Show ``part`` on every project page at ``order`` (once, however often it is added).
    Orders in use: 10 timeline, 20 milestones, 30 benefits, 40 budget, 50 stories."""
    if all(entry.part is not part for entry in _parts):
        _parts.append(_Entry(order, part))
        _parts.sort(key=lambda entry: entry.order)
    return part


def parts_for(project: LabProject, user: User) -> list[Markup]:
    """The HTML of every part that has something to show for ``project`` to ``user``."""
    shown = (entry.part(project, user) for entry in _parts)
    return [html for html in shown if html]


def render_part(template: str, **context) -> Markup:
    """A part's HTML: the output of an autoescaped template, so safe as it is."""
    return Markup(render_template(template, **context))  # noqa: S704
