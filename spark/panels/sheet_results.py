"""What a dragon sees of the other dragons' sheets for a pitch, once allowed.

Hidden until the dragon has submitted their own sheet for the pitch, or its scoring has
closed (and still shown if the chair reopens it), and never shown to a recused dragon
(``visibility.may_see_others``): the rule is applied here, so no page can show the sheets
early by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from spark.accounts.models import User
from spark.extensions import db
from spark.panels import access, scoring, visibility
from spark.panels.models import Criterion, Panel, PanelSlot, ScoreSheet


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


def member_sheets(
    pitch_ids: list[int], members: list[User]
) -> dict[tuple[int, int], visibility.MemberSheet]:
    """Each member's position on each pitch - recused or not, their sheet's id, status and
    verdict - as (pitch id, user id) -> MemberSheet, for every pair, in three queries
    whatever the numbers. Give it the panel's members (``access.members``): only their
    sheets are read."""
    if not pitch_ids or not members:
        return {}
    rows = db.session.execute(
        select(
            ScoreSheet.pitch_id,
            ScoreSheet.dragon_id,
            ScoreSheet.id,
            ScoreSheet.status,
            ScoreSheet.verdict,
        ).where(
            ScoreSheet.pitch_id.in_(pitch_ids),
            ScoreSheet.dragon_id.in_([user.id for user in members]),
        )
    ).all()
    sheets = {(pitch_id, dragon_id): rest for pitch_id, dragon_id, *rest in rows}
    recused = access.recusals(pitch_ids, members)
    result = {}
    for pitch_id in pitch_ids:
        for user in members:
            sheet_id, status, verdict = sheets.get((pitch_id, user.id), (None, None, None))
            result[(pitch_id, user.id)] = visibility.MemberSheet(
                recused=(pitch_id, user.id) in recused,
                sheet_status=status,
                verdict=verdict,
                sheet_id=sheet_id,
            )
    return result


def submitted_sheets(pitch_id: int, dragon_ids: Iterable[int]) -> dict[int, ScoreSheet]:
    """Dragon id -> their submitted sheet for the pitch, with its scores, for the dragons
    given (one query, or none when there are none)."""
    ids = list(dragon_ids)
    if not ids:
        return {}
    return {
        sheet.dragon_id: sheet
        for sheet in db.session.scalars(
            select(ScoreSheet)
            .where(
                ScoreSheet.pitch_id == pitch_id,
                ScoreSheet.status == "submitted",
                ScoreSheet.dragon_id.in_(ids),
            )
            .options(selectinload(ScoreSheet.scores))
        )
    }


def tally_for(panel: Panel, slot: PanelSlot) -> visibility.Tally:
    """The pitch's tally over the panel's members (``visibility.tally``); its ``submitted``
    is the count closing scoring reports."""
    members = access.members(panel)
    positions = member_sheets([slot.pitch_id], members)
    return visibility.tally(positions[(slot.pitch_id, user.id)] for user in members)


def results_for(
    panel: Panel, slot: PanelSlot, user: User, criteria: list[Criterion]
) -> Results | None:
    """Every submitted sheet for the pitch with the dragons' names, the running tally, the
    pitch mean and spread - or None while ``user`` may not see them
    (``visibility.may_see_others``). Recused dragons' sheets are left out: their sheets no
    longer count, and they count as recused in the tally."""
    members = access.members(panel)
    positions = member_sheets([slot.pitch_id], members)
    own = positions.get((slot.pitch_id, user.id), visibility.MemberSheet(recused=True))
    if not visibility.may_see_others(
        own.sheet_status,
        slot.state,
        recused=own.recused,
        closed_before=slot.scoring_closed_at is not None,
    ):
        return None
    counted = {
        user_id: position
        for (_pitch_id, user_id), position in positions.items()
        if position.sheet_status == "submitted" and not position.recused
    }
    sheets = submitted_sheets(slot.pitch_id, counted)
    weights = {criterion.id: criterion.weight for criterion in criteria}
    shown: list[SheetView] = []
    for member in members:
        sheet = sheets.get(member.id)
        if sheet is None or sheet.status != "submitted":
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
        tally=visibility.tally(positions[(slot.pitch_id, member.id)] for member in members),
        mean=scoring.pitch_mean(means),
        spread=scoring.spread(means),
    )
