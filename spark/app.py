"""The app factory's wiring: settings, extensions, blueprints, template loaders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, send_from_directory
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from spark.config import load_config
from spark.core.requests import SparkRequest
from spark.extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints. Wiring only - no DB work, no network."""
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = SparkRequest
    from spark.core.converters import register_converters

    register_converters(app)
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(config or {})
    if app.config.get("SPARK_TRUSTED_PROXIES"):
        # Behind a load balancer: trust its X-Forwarded-* so HTTPS and client IPs are right.
        hops = app.config["SPARK_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("spark"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = None

    from spark.accounts import models as _accounts_models  # noqa: F401  (register models)
    from spark.accounts.admin_views import bp as admin_bp
    from spark.accounts.views import bp as accounts_bp
    from spark.core import audit, outbox  # noqa: F401
    from spark.core.errors import register_error_handlers
    from spark.core.filters import register_filters
    from spark.core.navigation import navigation_items, register_section
    from spark.core.pages import bp as pages_bp
    from spark.core.permissions import public
    from spark.core.security import register_security
    from spark.decisions import hooks as _decisions_hooks  # noqa: F401
    from spark.decisions import models as _decisions_models  # noqa: F401
    from spark.lab import models as _lab_models  # noqa: F401
    from spark.lab import subscribers as _lab_subscribers  # noqa: F401
    from spark.panels import access as _panels_access  # noqa: F401  (dragons may view pitches)
    from spark.panels import models as _panels_models  # noqa: F401
    from spark.panels import subscribers as _panels_subscribers  # noqa: F401
    from spark.panels.views import sits_on_a_panel
    from spark.pitches import models as _pitches_models  # noqa: F401

    WTFormsHelpers(app)
    app.add_template_global(lambda: navigation_items(app), "navigation_items")
    register_section(app, "Home", "pages.home", lambda user: True, prefix="pages.home")
    register_section(
        app, "Users", "admin.users", lambda user: user.has_role("organiser"), prefix="admin."
    )
    register_section(app, "Your teams", "teams.index", lambda user: True, prefix="teams.")
    register_section(
        app, "Rounds", "rounds.index", lambda user: user.has_role("organiser"), prefix="rounds."
    )
    register_section(app, "Your pitches", "pitches.index", lambda user: True, prefix="pitches.")
    register_section(
        app,
        "Screening",
        "screening.index",
        lambda user: user.has_role("organiser"),
        prefix="screening.",
    )
    register_section(app, "Your panels", "panels.index", sits_on_a_panel, prefix="panels.")
    # Last, as on other GOV.UK services: every signed-in page offers a way out.
    register_section(app, "Sign out", "accounts.sign_out", lambda user: True)
    register_security(app)
    register_error_handlers(app)
    register_filters(app)
    app.register_blueprint(pages_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp)
    from spark.accounts.team_views import bp as teams_bp
    from spark.pitches.round_views import bp as rounds_bp

    app.register_blueprint(teams_bp)
    app.register_blueprint(rounds_bp)

    from spark.pitches.screening_views import bp as screening_bp
    from spark.pitches.views import bp as pitches_bp

    app.register_blueprint(pitches_bp)
    app.register_blueprint(screening_bp)

    from spark.pitches.check_views import bp as checks_bp
    from spark.pitches.materials_downloads import bp as pitch_files_bp
    from spark.pitches.materials_views import bp as materials_bp

    app.register_blueprint(materials_bp)
    app.register_blueprint(pitch_files_bp)
    app.register_blueprint(checks_bp)

    from spark.panels import chair_views, panel_admin_views, routing_views, setup_views, views

    for module in (setup_views, panel_admin_views, routing_views, views, chair_views):
        app.register_blueprint(module.bp)

    from spark.decisions.views import bp as decisions_bp

    app.register_blueprint(decisions_bp)

    from spark.decisions import document_views

    app.register_blueprint(document_views.bp)

    from spark.decisions import results_views

    app.register_blueprint(results_views.bp)

    from spark.decisions import team_views  # also adds the decision to the team's pitch page

    app.register_blueprint(team_views.bp)

    from spark.lab.wiring import register_lab

    register_lab(app)

    vendor_assets = Path(app.static_folder or "") / "vendor" / "assets"

    @app.route("/assets/<path:filename>")
    def assets(filename: str):
        # GOV.UK Frontend's compiled CSS asks for /assets/...; public like /static.
        return send_from_directory(vendor_assets, filename, max_age=60 * 60 * 24)

    public(assets)
    return app
