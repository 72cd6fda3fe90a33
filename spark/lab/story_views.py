"""Blueprint 'lab_stories': stories (lessons learnt) (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lab_stories", __name__)
