"""The lab's blueprints and navigation, registered by ``create_app``. Importing each views
module also adds its section to the project page (``lab.project_parts``)."""

from __future__ import annotations

from flask import Flask

from spark.core.navigation import register_section
from spark.lab import (
    access,
    benefit_views,
    board_rules,
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
    # A project's status tag (words and colour), the same on every page that shows one.
    app.jinja_env.globals["lab_status_tag"] = board_rules.status_tag
    # "Lab" is current on every lab page (lab., lab_gates., lab_milestones. ...).
    register_section(app, "Lab", "lab.board_page", access.sees_portfolio, prefix="lab")
    # Published stories and live projects are for every signed-in civil servant.
    register_section(app, "Showcase", "showcase.index", lambda user: True, prefix="showcase.")
    # Sign out stays last in the navigation, as app.py registered it before the lab.
    sections = app.extensions["spark_navigation"]
    sections.sort(key=lambda section: section.endpoint == "accounts.sign_out")
