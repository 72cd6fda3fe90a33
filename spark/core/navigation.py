"""Service navigation: each stage registers its sections; people see only what they may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, request, url_for
from flask_login import current_user


@dataclass(frozen=True)
class Section:
    label: str
    endpoint: str
    allowed: Callable[[Any], bool]
    # Endpoints starting with this prefix mark the section as the current one.
    prefix: str


def register_section(
    app: Flask, label: str, endpoint: str, allowed: Callable[[Any], bool], prefix: str = ""
) -> None:
    app.extensions.setdefault("spark_navigation", []).append(
        Section(label, endpoint, allowed, prefix or endpoint)
    )


def navigation_items(app: Flask) -> list[dict[str, Any]]:
    if not current_user.is_authenticated:
        return []
    endpoint = request.endpoint or ""
    items = []
    for section in app.extensions.get("spark_navigation", []):
        if section.allowed(current_user):
            current = endpoint.startswith(section.prefix)
            items.append(
                {"text": section.label, "href": url_for(section.endpoint), "active": current}
            )
    return items
