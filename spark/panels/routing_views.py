"""Blueprint 'routing'. (Routes arrive with the work in progress.)"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("routing", __name__, url_prefix="/rounds/<int:round_id>")
