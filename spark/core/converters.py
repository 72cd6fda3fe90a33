"""URL converters. ``<int:...>`` ids stop at the largest id a database column can hold, so a
huge number in a URL is a 404 like any other missing id, not a database overflow (a 500)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# A 32-bit INTEGER primary key on PostgreSQL; SQLite's are wider.
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """Before any route is added: rules bind their converters when they are added."""
    app.url_map.converters["int"] = IdConverter
