"""Blueprint 'judging'. (Routes arrive with the work in progress.)"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("judging", __name__, url_prefix="/rounds/<int:round_id>/judging")
