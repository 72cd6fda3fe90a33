"""The lab's blueprints and navigation, registered by ``create_app``. Importing each views
module also adds its section to the project page (``lab.project_parts``)."""

from __future__ import annotations

from flask import Flask

from spark.lab import (
    benefit_views,
    budget_views,
    gate_views,
    milestone_views,
    report_views,
    showcase_views,
    story_views,
    views,
)

BLUEPRINT_MODULES = (
    views,
    gate_views,
    milestone_views,
    benefit_views,
    budget_views,
    story_views,
    showcase_views,
    report_views,
)


def register_lab(app: Flask) -> None:
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.bp)
