"""URL converters. ``<int:...>`` ids stop at the largest id a database column can hold, so a
huge number in a URL is a 404 like any other missing id, not a database overflow (a 500).
A ``<word>`` (a stage's key, a section's name, an emailed link's token) never holds a control
character: no name or link here has one, and PostgreSQL refuses a NUL in a query (a 500 when
/lab/stages/%00 looked its stage up), so such an address is a 404 like any unknown page."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

# A 32-bit INTEGER primary key on PostgreSQL; SQLite's are wider.
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class WordConverter(UnicodeConverter):
    """One path segment, as Werkzeug's default, without NUL and the other control characters."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]", 1)


def register_converters(app: Flask) -> None:
    """Before any route is added: rules bind their converters when they are added."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = WordConverter
    app.url_map.converters["string"] = WordConverter
