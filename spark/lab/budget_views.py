"""Blueprint 'lab_budget': budget tranches and spend (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab_budget", __name__)
