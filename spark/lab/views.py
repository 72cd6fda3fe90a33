"""Blueprint 'lab': the board and the project page (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab", __name__)
