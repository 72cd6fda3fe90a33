"""Blueprint 'lab_milestones': milestones (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab_milestones", __name__)
