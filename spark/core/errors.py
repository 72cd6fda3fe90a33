"""GOV.UK-style error pages. None of them leaks internals; a 500 is logged with its trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PAGES = {
    400: ("errors/400.html", "There is a problem with your request"),
    403: ("errors/403.html", "You do not have permission to see this page"),
    404: ("errors/404.html", "Page not found"),
    405: ("errors/400.html", "There is a problem with your request"),
    413: ("errors/413.html", "The file is too large"),
    429: ("errors/429.html", "Too many attempts"),
    500: ("errors/500.html", "Sorry, there is a problem with the service"),
}


def _page(code: int):
    template, title = PAGES.get(code, PAGES[500] if code >= 500 else PAGES[400])
    return render_template(template, title=title, code=code), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(_error: CSRFError):
        return render_template("errors/form-expired.html", title="This form has expired"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _page(error.code or 500)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        return _page(500)
