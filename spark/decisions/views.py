"""Blueprint 'decisions': the chair records, changes, signs and amends the panel's decision on
each pitch of their panel. Only the panel's chair: everyone else gets 404."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("decisions", __name__, url_prefix="/panels/<int:panel_id>/decisions")
