"""Blueprint 'lab_gates': stage gates and the stages' names and guidance (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab_gates", __name__)
