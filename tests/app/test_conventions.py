"""Every route carries an explicit permission rule, and this test would notice if one did not."""

from __future__ import annotations

from flask import Flask

from spark.core.permissions import permission_of, public
from tests.conftest import make_app

# Flask's own static route serves public files only.
EXEMPT = {"static"}


def routes_without_permission(app: Flask) -> list[str]:
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT:
            continue
        if permission_of(app.view_functions[rule.endpoint]) is None:
            missing.append(f"{rule.rule} ({rule.endpoint})")
    return missing


def test_every_route_has_a_permission_rule():
    app = make_app()
    assert routes_without_permission(app) == []


def test_the_conventions_test_catches_a_bare_route():
    app = make_app()

    @app.route("/bare")
    def bare():
        return "no rule"

    @app.route("/ruled")
    @public
    def ruled():
        return "ruled"

    assert routes_without_permission(app) == ["/bare (bare)"]
