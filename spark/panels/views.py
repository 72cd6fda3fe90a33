"""Blueprint 'panels': the dragon's side - the panels they sit on and the panel page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import or_, select

from spark.accounts.models import User
from spark.core.permissions import signed_in
from spark.extensions import db
from spark.panels.models import Panel, PanelMember

bp = Blueprint("panels", __name__, url_prefix="/panels")


def panels_of(user: User) -> list[Panel]:
    """The panels ``user`` sits on (as a dragon or chair), the soonest first."""
    member = select(PanelMember.panel_id).where(PanelMember.user_id == user.id)
    return list(
        db.session.scalars(
            select(Panel)
            .where(or_(Panel.chair_id == user.id, Panel.id.in_(member)))
            .order_by(Panel.starts_at, Panel.id)
        )
    )


def sits_on_a_panel(user: User) -> bool:
    member = select(PanelMember.id).where(PanelMember.user_id == user.id).limit(1)
    return db.session.scalar(member) is not None or (
        db.session.scalar(select(Panel.id).where(Panel.chair_id == user.id).limit(1)) is not None
    )


@bp.route("/")
@signed_in
def index():
    return render_template("panels/index.html", panels=panels_of(current_user))
