"""Judging set-up: a round's judging settings and its scoring criteria (organisers only).

The only place that commits judging settings and criteria; one transaction each, with its
audit event. The rules themselves are ``spark.panels.rules``:

- settings may change until the round is closed;
- criteria may change until the round is closed or any dragon has started a score sheet on a
  pitch in the round, whichever comes first.

Services raise ``SetupProblems`` with GOV.UK messages by form field name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, update

from spark.accounts.models import User
from spark.core import audit
from spark.core.money import format_pounds
from spark.extensions import db
from spark.panels import rules
from spark.panels.defaults import DEFAULT_CRITERIA
from spark.panels.models import Criterion, JudgingSettings, Panel, ScoreSheet
from spark.pitches.models import Pitch, Round
from spark.pitches.rules import RoundStatus

SETTINGS_CLOSED = "You cannot change the judging settings because the round is closed"
CRITERIA_SCORING = (
    "You cannot change the criteria because dragons have started scoring in this round"
)
CRITERIA_CLOSED = "You cannot change the criteria because the round is closed"
CRITERIA_EXIST = "This round already has criteria"


class SetupProblems(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class JudgingDetails:
    """A round's judging settings as an organiser sets them.

    ``decision_rule`` is one of ``rules.DecisionRule``; ``quorum`` from 1 to
    ``rules.QUORUM_MAX``."""

    pot_pence: int
    decision_rule: str
    quorum: int = rules.DEFAULT_QUORUM
    feedback_shows_names: bool = False


@dataclass(frozen=True)
class CriterionDetails:
    """A criterion as an organiser types it: ``descriptors`` says what a 1, 2, 3, 4 and 5 mean."""

    name: str
    guidance: str
    weight: int
    descriptors: tuple[str, ...]


# Judging settings ---------------------------------------------------------------------------


def _defaults(round_id: int) -> JudgingSettings:
    """The settings a round has until an organiser changes them (not in the session)."""
    return JudgingSettings(
        round_id=round_id,
        pot_pence=0,
        decision_rule=rules.DEFAULT_DECISION_RULE.value,
        quorum=rules.DEFAULT_QUORUM,
        feedback_shows_names=False,
    )


def settings_for(round_: Round) -> JudgingSettings:
    """The round's judging settings. A round made before judging existed gets the defaults
    (stored, so the next change has something to compare with)."""
    settings = db.session.get(JudgingSettings, round_.id)
    if settings is None:
        settings = _defaults(round_.id)
        db.session.add(settings)
        db.session.commit()
    return settings


def current_settings(round_id: int) -> JudgingSettings:
    """The round's judging settings, or the defaults when it has none yet (nothing is
    written): for reading only."""
    return db.session.get(JudgingSettings, round_id) or _defaults(round_id)


def quorum_of(round_id: int) -> int:
    """The round's quorum: the fewest dragons free of conflict who must score a pitch (the
    default when the round has no settings yet; nothing is written)."""
    return current_settings(round_id).quorum


def settings_refusal(round_: Round) -> str | None:
    """Why the settings cannot change now, or None when they can."""
    return SETTINGS_CLOSED if round_.status == RoundStatus.CLOSED else None


def _settings_snapshot(settings: JudgingSettings | JudgingDetails) -> dict[str, Any]:
    return {
        "pot_pence": settings.pot_pence,
        "decision_rule": settings.decision_rule,
        "quorum": settings.quorum,
        "feedback_shows_names": bool(settings.feedback_shows_names),
    }


# Later stages tell this one the least a round's pot may be (the decisions stage: what its
# signed decisions award), without this stage importing them: round id -> pence.
_pot_floors: list[Callable[[int], int]] = []


def add_pot_floor(floor: Callable[[int], int]) -> None:
    _pot_floors.append(floor)


def _pot_refusal(round_: Round, pot_pence: int) -> str | None:
    """The pot cannot drop below what has been awarded from it. The caller holds the
    settings row, so no award can be signed between this check and the change."""
    awarded = max((floor(round_.id) for floor in _pot_floors), default=0)
    if pot_pence < awarded:
        return (
            f"The pot cannot be less than the £{format_pounds(awarded)} already awarded "
            "from it by signed decisions"
        )
    return None


def hold_settings(round_id: int) -> None:
    """Hold the round's settings row until commit, by updating it to itself: whoever holds it
    next waits, then sees what this transaction did (a lowered pot, an award signed)."""
    db.session.execute(
        update(JudgingSettings)
        .where(JudgingSettings.round_id == round_id)
        .values(pot_pence=JudgingSettings.pot_pence)
        .execution_options(synchronize_session=False)
    )


def update_settings(actor: User, round_: Round, details: JudgingDetails) -> bool:
    """Set the round's funding pot, decision rule, quorum and whether feedback names the
    dragons, while the round is not closed. Audited as 'round.judging_changed' with what
    changed before and after; returns False when nothing changed (and records nothing)."""
    refusal = settings_refusal(round_)
    if refusal:
        raise SetupProblems({"pot": refusal})
    problems = rules.settings_problems(details.pot_pence, details.decision_rule, details.quorum)
    if problems:
        raise SetupProblems(problems)
    settings = settings_for(round_)
    before, after = _settings_snapshot(settings), _settings_snapshot(details)
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return False
    if "pot_pence" in changed and details.pot_pence < (settings.pot_pence or 0):
        hold_settings(round_.id)
        refusal = _pot_refusal(round_, details.pot_pence)
        if refusal:
            db.session.rollback()
            raise SetupProblems({"pot": refusal})
    settings.pot_pence = details.pot_pence
    settings.decision_rule = details.decision_rule
    settings.quorum = details.quorum
    settings.feedback_shows_names = details.feedback_shows_names
    audit.record(
        "round.judging_changed",
        round_,
        actor=actor,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    db.session.commit()
    return True


# Criteria -----------------------------------------------------------------------------------


def criteria_of(round_id: int) -> list[Criterion]:
    """The round's criteria in order."""
    return list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.round_id == round_id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


def get_criterion(round_: Round, criterion_id: int) -> Criterion | None:
    """The criterion if it belongs to this round."""
    criterion = db.session.get(Criterion, criterion_id)
    return criterion if criterion is not None and criterion.round_id == round_.id else None


def started_sheets(pitches: Collection[int] | Select[Any]) -> Select[tuple[int, int]]:
    """Scoring has started on a pitch once any dragon has a score sheet for it, draft or
    submitted: the statement selecting (pitch id, dragon id) of every such sheet on these
    pitches (their ids, or a statement selecting them). Criteria, panels and routing ask it."""
    return select(ScoreSheet.pitch_id, ScoreSheet.dragon_id).where(ScoreSheet.pitch_id.in_(pitches))


def scoring_started(round_: Round) -> bool:
    """Whether any dragon has a score sheet (draft or submitted) on a pitch in the round."""
    pitches = select(Pitch.id).where(Pitch.round_id == round_.id)
    return db.session.execute(started_sheets(pitches).limit(1)).first() is not None


def criteria_refusal(round_: Round) -> str | None:
    """Why the criteria cannot change now, or None when they can."""
    if round_.status == RoundStatus.CLOSED:
        return CRITERIA_CLOSED
    if scoring_started(round_):
        return CRITERIA_SCORING
    return None


def _check_criteria_open(round_: Round) -> None:
    refusal = criteria_refusal(round_)
    if refusal:
        raise SetupProblems({"criteria": refusal})


def _check_details(details: CriterionDetails) -> None:
    problems = rules.criterion_problems(
        details.name, details.guidance, details.weight, details.descriptors
    )
    if problems:
        raise SetupProblems(problems)


def _criterion_snapshot(criterion: Criterion | CriterionDetails) -> dict[str, Any]:
    return {
        "name": criterion.name.strip(),
        "guidance": criterion.guidance.strip(),
        "weight": criterion.weight,
        "descriptors": [text.strip() for text in criterion.descriptors],
    }


def add_criterion(actor: User, round_: Round, details: CriterionDetails) -> Criterion:
    """Add a criterion at the end of the round's list. Audited as 'criterion.added'."""
    _check_criteria_open(round_)
    _check_details(details)
    last = db.session.scalar(
        select(func.max(Criterion.position)).where(Criterion.round_id == round_.id)
    )
    values = _criterion_snapshot(details)
    criterion = Criterion(round_id=round_.id, position=(last or 0) + 1, **values)
    db.session.add(criterion)
    db.session.flush()
    audit.record("criterion.added", criterion, actor=actor, after={**values, "round_id": round_.id})
    db.session.commit()
    return criterion


def update_criterion(actor: User, criterion: Criterion, details: CriterionDetails) -> bool:
    """Change a criterion's name, guidance, weight and descriptors. Audited as
    'criterion.changed' with what changed; returns False when nothing did."""
    _check_criteria_open(criterion.round)
    _check_details(details)
    before, after = _criterion_snapshot(criterion), _criterion_snapshot(details)
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return False
    for key in changed:
        setattr(criterion, key, after[key])
    audit.record(
        "criterion.changed",
        criterion,
        actor=actor,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    db.session.commit()
    return True


def _renumber(round_: Round, order: list[Criterion]) -> None:
    for position, criterion in enumerate(order, start=1):
        criterion.position = position


def remove_criterion(actor: User, criterion: Criterion) -> None:
    """Remove a criterion; the others close up. Audited as 'criterion.removed'."""
    round_ = criterion.round
    _check_criteria_open(round_)
    audit.record(
        "criterion.removed",
        criterion,
        actor=actor,
        before={**_criterion_snapshot(criterion), "round_id": round_.id},
    )
    db.session.delete(criterion)
    db.session.flush()
    _renumber(round_, criteria_of(round_.id))
    db.session.commit()


def move_criterion(actor: User, criterion: Criterion, direction: str) -> bool:
    """Move a criterion one place ``up`` or ``down``. Audited as 'criterion.moved' with the
    order before and after (criterion ids); returns False when it is already at that end."""
    round_ = criterion.round
    _check_criteria_open(round_)
    current = criteria_of(round_.id)
    before = [each.id for each in current]
    after = rules.moved(before, criterion.id, direction)
    if after == before:
        return False
    by_id = {each.id: each for each in current}
    _renumber(round_, [by_id[each] for each in after])
    audit.record(
        "criterion.moved",
        criterion,
        actor=actor,
        before={"order": before},
        after={"order": after, "direction": direction},
    )
    db.session.commit()
    return True


def default_criteria(round_id: int) -> list[Criterion]:
    """The default set (``spark.panels.defaults``) as new criteria of the round, in order."""
    return [
        Criterion(
            round_id=round_id,
            position=position,
            name=default.name,
            guidance=default.guidance,
            weight=default.weight,
            descriptors=list(default.descriptors),
        )
        for position, default in enumerate(DEFAULT_CRITERIA, start=1)
    ]


def add_default_criteria(actor: User, round_: Round) -> list[Criterion]:
    """Give a round without criteria the default set (``spark.panels.defaults``). Audited as
    'round.default_criteria_added'. Refused when the round already has criteria."""
    _check_criteria_open(round_)
    if criteria_of(round_.id):
        raise SetupProblems({"criteria": CRITERIA_EXIST})
    added = default_criteria(round_.id)
    db.session.add_all(added)
    audit.record(
        "round.default_criteria_added",
        round_,
        actor=actor,
        after={"criteria": [criterion.name for criterion in added]},
    )
    db.session.commit()
    return added


# The round page's summary ---------------------------------------------------------------------


@dataclass(frozen=True)
class JudgingSummary:
    pot_pence: int
    decision_rule: str
    quorum: int
    feedback_shows_names: bool
    criteria: int
    panels: int

    @property
    def decision_rule_label(self) -> str:
        return rules.rule_label(self.decision_rule)


def summary(round_id: int) -> JudgingSummary:
    """What the round page says about judging, in two queries; the defaults when the round has
    no settings yet (nothing is written)."""
    settings = db.session.get(JudgingSettings, round_id) or _defaults(round_id)
    counts = db.session.execute(
        select(
            select(func.count(Criterion.id))
            .where(Criterion.round_id == round_id)
            .scalar_subquery(),
            select(func.count(Panel.id)).where(Panel.round_id == round_id).scalar_subquery(),
        )
    ).one()
    return JudgingSummary(
        pot_pence=settings.pot_pence,
        decision_rule=settings.decision_rule,
        quorum=settings.quorum,
        feedback_shows_names=bool(settings.feedback_shows_names),
        criteria=counts[0] or 0,
        panels=counts[1] or 0,
    )
