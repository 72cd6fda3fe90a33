"""Blueprint 'lab_benefits': benefits and their readings (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab_benefits", __name__)
