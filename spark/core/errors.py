"""GOV.UK-style error pages. None of them leaks internals; a 500 is logged with its trace.

If an error page cannot be rendered itself (the database is down and the layout needs the
signed-in user, a template is broken...), a minimal static page goes out instead: the
person still gets a proper page with the right status, and the log gets both traces.
"""

from __future__ import annotations

from html import escape

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from spark.extensions import db

PAGES = {
    400: ("errors/400.html", "There is a problem with your request"),
    403: ("errors/403.html", "You do not have permission to see this page"),
    404: ("errors/404.html", "Page not found"),
    405: ("errors/400.html", "There is a problem with your request"),
    413: ("errors/413.html", "The file is too large"),
    429: ("errors/429.html", "Too many attempts"),
    500: ("errors/500.html", "Sorry, there is a problem with the service"),
}

FORM_EXPIRED = ("errors/form-expired.html", "This form has expired")

_STATIC_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Project Spark!</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{advice}</p>
</main>
</body>
</html>
"""


Headers = list[tuple[str, str]]


def static_page(code: int, title: str, headers: Headers | None = None):
    """A page that needs nothing: no template, no database, no request state."""
    advice = "Try again later." if code >= 500 else "Go back and try again."
    html = _STATIC_PAGE.format(title=escape(title), advice=advice)
    return html, code, [*(headers or []), ("Content-Type", "text/html; charset=utf-8")]


def _render(template: str, title: str, code: int, headers: Headers | None = None):
    try:
        return render_template(template, title=title, code=code), code, headers or []
    except Exception:
        current_app.logger.exception("Could not render the %s error page", code)
        return static_page(code, title, headers)


def _page(code: int, headers: Headers | None = None):
    template, title = PAGES.get(code, PAGES[500] if code >= 500 else PAGES[400])
    return _render(template, title, code, headers)


def _rollback() -> None:
    # The failed request may have left the session mid-transaction; the page should not
    # trip over it. If even this fails (the database is gone), the page still goes out.
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.exception("Rollback after an unhandled error failed")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(_error: CSRFError):
        template, title = FORM_EXPIRED
        return _render(template, title, 400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Keep what the exception says beyond its body: Allow on a 405, Retry-After...
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return _page(error.code or 500, headers)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        _rollback()
        return _page(500)
