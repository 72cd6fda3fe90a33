"""Blueprint 'panel_admin'. (Routes arrive with the work in progress.)"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("panel_admin", __name__, url_prefix="/rounds/<int:round_id>/panels")
