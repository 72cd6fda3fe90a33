"""What a dragon sees of the other dragons' sheets for a pitch, once allowed.

Hidden until the dragon has submitted their own sheet for the pitch, or its scoring has
closed, and never shown to a recused dragon (``visibility.may_see_others``): the rule is
applied here, so no page can show the sheets early by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from spark.accounts.models import User
from spark.extensions import db
from spark.panels import access, scoring, visibility
from spark.panels.models import Criterion, Panel, PanelMember, PanelSlot, ScoreSheet
from spark.panels.sheet_service import sheet_statuses


@dataclass(frozen=True)
class SheetView:
    """A submitted sheet as the panel sees it once allowed."""

    dragon_name: str
    is_yours: bool
    verdict: str | None
    reason: str
    mean: float | None
    # (criterion, score, comment) in the criteria's order.
    scores: list[tuple[Criterion, int | None, str]]


@dataclass(frozen=True)
class Results:
    sheets: list[SheetView]
    tally: visibility.Tally
    mean: float | None
    spread: scoring.Spread | None


def _members(panel: Panel) -> list[User]:
    users = list(
        db.session.scalars(
            select(User)
            .join(PanelMember, PanelMember.user_id == User.id)
            .where(PanelMember.panel_id == panel.id)
            .order_by(User.name, User.id)
        )
    )
    if panel.chair_id not in {user.id for user in users}:
        users.append(panel.chair)
    return users


def results_for(
    panel: Panel, slot: PanelSlot, user: User, criteria: list[Criterion]
) -> Results | None:
    """Every submitted sheet for the pitch with the dragons' names, the running tally, the
    pitch mean and spread - or None while ``user`` may not see them
    (``visibility.may_see_others``). Recused dragons' sheets are left out: their sheets no
    longer count, and they count as recused in the tally."""
    members = _members(panel)
    recused = {uid for (_pid, uid) in access.recusals([slot.pitch_id], members)}
    own = sheet_statuses([slot.pitch_id], user).get(slot.pitch_id)
    if not visibility.may_see_others(own, slot.state, recused=user.id in recused):
        return None
    sheets = {
        sheet.dragon_id: sheet
        for sheet in db.session.scalars(
            select(ScoreSheet)
            .where(ScoreSheet.pitch_id == slot.pitch_id)
            .options(selectinload(ScoreSheet.scores))
        )
    }
    weights = {criterion.id: criterion.weight for criterion in criteria}
    shown: list[SheetView] = []
    positions: list[visibility.MemberSheet] = []
    for member in members:
        sheet = sheets.get(member.id)
        is_recused = member.id in recused
        positions.append(
            visibility.MemberSheet(
                recused=is_recused,
                sheet_status=sheet.status if sheet else None,
                verdict=sheet.verdict if sheet else None,
            )
        )
        if sheet is None or sheet.status != "submitted" or is_recused:
            continue
        by_criterion = {score.criterion_id: score for score in sheet.scores}
        marks = {cid: by_criterion[cid].score for cid in weights if cid in by_criterion}
        shown.append(
            SheetView(
                dragon_name=member.name,
                is_yours=member.id == user.id,
                verdict=sheet.verdict,
                reason=sheet.reason or "",
                mean=scoring.weighted_mean(marks, weights),
                scores=[
                    (
                        criterion,
                        by_criterion[criterion.id].score if criterion.id in by_criterion else None,
                        by_criterion[criterion.id].comment if criterion.id in by_criterion else "",
                    )
                    for criterion in criteria
                ],
            )
        )
    means = [view.mean for view in shown if view.mean is not None]
    return Results(
        sheets=shown,
        tally=visibility.tally(positions),
        mean=scoring.pitch_mean(means),
        spread=scoring.spread(means),
    )
