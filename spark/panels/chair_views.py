"""Blueprint 'chair'. (Routes arrive with the work in progress.)"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("chair", __name__, url_prefix="/panels/<int:panel_id>/chair")
