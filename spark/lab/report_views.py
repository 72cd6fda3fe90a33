"""Blueprint 'lab_reports': portfolio reports (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab_reports", __name__)
