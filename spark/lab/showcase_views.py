"""Blueprint 'showcase': the showcase (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("showcase", __name__)
