"""Project Spark! - the idea pipeline service.

The factory is imported lazily so that the pure parts of the package (the accessibility
checker's command line, above all) start without loading Flask and SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints. Wiring only - no DB work, no network."""
    from spark.app import create_app as build

    return build(config)
