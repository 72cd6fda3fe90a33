"""A round's results for its organisers and chairs: every routed pitch with its scores and
decision, the money awarded against the pot, and how each dragon marks (calibration).

Read only. Everything is loaded in bulk - the same number of queries for 3 pitches as for
3,000 - and the figures come from the pure rules (``panels.scoring``, ``decisions.rules``,
``decisions.results``).

The rules:

- **The pitches** are those routed to a panel of the round (a ``PanelSlot``), in panel order
  (date and time, then name) and running order.
- **The sheets that count** for a pitch are the submitted sheets of its panel's members (the
  chair included) who are not recused from it - the sheets the panel decides on
  (``panels.sheet_results``). Drafts, recused members' sheets and sheets of people no longer
  on the panel do not count.
- **Mean score** ``scoring.pitch_mean`` of those sheets' weighted means; **spread** their
  population standard deviation (``scoring.spread``); **normalised score** the mean of the
  dragons' normalised scores for the pitch (``scoring.normalised`` over each dragon's
  counted sheets in the whole round, then ``scoring.normalised_pitch_means``).
- **The decision shown** for a pitch is the one *in force* (``decisions.reads``: signed, and
  not superseded by a signed amendment). An amendment being drafted does not replace it until
  signed ("Amendment not signed yet"). A pitch whose first decision is recorded but not
  signed shows it as "Not signed yet"; with none, "No decision yet".
- **The tally** is the decision's own snapshot when one is shown; otherwise it is counted
  now from the sheets (``rules.vote_of``: recused, in, out, or did not vote).
- **Awarded** is the sum of the funded amounts of the round's decisions in force
  (``reads.awarded_pence``); **left** is the pot less that, never below £0
  (``results.remaining_pot``).
- **Calibration** is ``results.calibration`` over every counted sheet in the round.
- **Who sees what**: organisers, the whole round. A chair, only the panels they chair: their
  pitches, and the calibration of their members; a pitch there they are recused from is
  listed without its scores, tally or decision (``round_results``). Both see the round's pot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from spark.accounts.models import Team, User
from spark.extensions import db
from spark.panels import access, scoring
from spark.panels.models import Criterion, JudgingSettings, Panel, PanelSlot, Score, ScoreSheet
from spark.pitches.models import Pitch, Round

from . import reads, results, rules
from .models import Decision
from .recording import Outcome

ORDERS = ("panel", "mean", "normalised")


@dataclass(frozen=True)
class Pot:
    pot_pence: int
    awarded_pence: int
    left_pence: int
    funded: int


@dataclass(frozen=True)
class DecisionShown:
    """The decision a pitch's row shows, and its flags."""

    kind: str | None  # "Unanimous", "Split" or None (nobody voted)
    outcome: str
    outcome_label: str
    amount_pence: int | None
    departs_from_vote: bool
    signed: bool
    signed_at: datetime | None
    amended: bool  # it is a signed amendment of an earlier decision
    amendment_pending: bool  # an amendment of it is recorded but not signed

    @property
    def status(self) -> str:
        return "Signed" if self.signed else "Not signed yet"


@dataclass(frozen=True)
class PitchRow:
    pitch_id: int
    reference: str
    title: str
    team: str
    panel_id: int
    panel: str
    position: int
    sheets: int
    mean: float | None
    normalised: float | None
    spread: scoring.Spread | None
    tally: rules.Tally | None
    decision: DecisionShown | None
    # The viewer (a chair) is recused from the pitch: no figures, tally or decision.
    recused: bool = False


@dataclass(frozen=True)
class RoundResults:
    round: Round
    pot: Pot
    whole_round: bool  # an organiser's view; otherwise a chair's, of the panels they chair
    panels: list[str]  # the names of the panels shown, in panel order
    rows: list[PitchRow]
    calibration: list[results.DragonCalibration]

    @property
    def recused_rows(self) -> int:
        return sum(1 for row in self.rows if row.recused)


def may_see_results(round_id: int, user: User) -> bool:
    """Organisers, and the chair of any panel in the round."""
    if user.has_role("organiser"):
        return True
    return bool(
        db.session.scalar(
            select(exists().where(Panel.round_id == round_id, Panel.chair_id == user.id))
        )
    )


def round_results(round_: Round, viewer: User, order: str = "panel") -> RoundResults:
    """What the results page and its CSV show ``viewer`` for ``round_``, rows in ``order``
    (``ORDERS``: panel and running order; or mean or normalised score, highest first, pitches
    without one last, then panel order).

    Who sees what: an organiser, the whole round. A chair (who is not an organiser), only the
    panels they chair: those panels' pitches, and the calibration of those panels' members
    (each dragon's figures still over all their sheets in the round). A pitch on their panel
    they are recused from (on its team, the same department as its lead, or declared) keeps
    its row, named as such, with no scores, tally or decision - and so it sorts last by
    score. Every figure is worked out over the whole round first, so a chair's figures are
    the organiser's. The pot (awarded and left) is the round's for both.
    """
    panels = list(
        db.session.scalars(
            select(Panel)
            .where(Panel.round_id == round_.id)
            .order_by(Panel.starts_at, Panel.name, Panel.id)
        )
    )
    panel_rank = {panel.id: rank for rank, panel in enumerate(panels)}
    slots = db.session.execute(
        select(PanelSlot.panel_id, PanelSlot.position, Pitch, Team.name)
        .join(Pitch, Pitch.id == PanelSlot.pitch_id)
        .join(Team, Team.id == Pitch.team_id)
        .join(Panel, Panel.id == PanelSlot.panel_id)
        .where(Panel.round_id == round_.id)
    ).all()
    slots.sort(key=lambda row: (panel_rank[row[0]], row[1]))
    pitch_panel = {pitch.id: panel_id for panel_id, _position, pitch, _team in slots}

    members = access.members_by_panel(panels) if panels else {}
    everyone = {user.id: user for users in members.values() for user in users}
    member_ids = {panel_id: {user.id for user in users} for panel_id, users in members.items()}
    recused = access.recusals(pitch_panel, everyone.values()) if pitch_panel else {}
    sheets = _submitted_sheets(round_.id)

    # The sheets that count: submitted, by a member of the pitch's panel, not recused.
    means: dict[tuple[int, int], float] = {}  # (pitch id, dragon id) -> weighted mean
    verdicts: dict[tuple[int, int], str | None] = {}
    for (pitch_id, dragon_id), (verdict, mean) in sheets.items():
        panel_id = pitch_panel.get(pitch_id)
        if panel_id is None or (pitch_id, dragon_id) in recused:
            continue
        if dragon_id not in member_ids[panel_id]:
            continue
        verdicts[(pitch_id, dragon_id)] = verdict
        if mean is not None:
            means[(pitch_id, dragon_id)] = mean

    by_dragon: dict[int, dict[int, float]] = {}
    by_pitch: dict[int, list[float]] = {}
    for (pitch_id, dragon_id), mean in means.items():
        by_dragon.setdefault(dragon_id, {})[pitch_id] = mean
        by_pitch.setdefault(pitch_id, []).append(mean)
    normalised = scoring.normalised_pitch_means(scoring.normalised(by_dragon))

    shown, funded = _decisions(round_.id)
    awarded = reads.awarded_pence(round_.id)
    whole_round = viewer.has_role("organiser")
    chaired = {panel.id for panel in panels if whole_round or panel.chair_id == viewer.id}
    rows = []
    for panel_id, position, pitch, team in slots:
        if panel_id not in chaired:
            continue
        where = {
            "pitch_id": pitch.id,
            "reference": pitch.reference or "",
            "title": pitch.title,
            "team": team,
            "panel_id": panel_id,
            "panel": panels[panel_rank[panel_id]].name,
            "position": position,
        }
        if not whole_round and (pitch.id, viewer.id) in recused:
            rows.append(_withheld(**where))
            continue
        pitch_means = by_pitch.get(pitch.id, [])
        decision = shown.get(pitch.id)
        rows.append(
            PitchRow(
                **where,
                sheets=len(pitch_means),
                mean=scoring.pitch_mean(pitch_means),
                normalised=normalised.get(pitch.id),
                spread=scoring.spread(pitch_means),
                tally=decision[1]
                if decision
                else _live_tally(pitch.id, members[panel_id], recused, verdicts),
                decision=decision[0] if decision else None,
            )
        )
    settings = db.session.get(JudgingSettings, round_.id)
    pot_pence = settings.pot_pence if settings else 0
    dragons = {user_id for panel_id in chaired for user_id in member_ids[panel_id]}
    return RoundResults(
        round=round_,
        pot=Pot(pot_pence, awarded, results.remaining_pot(pot_pence, awarded), funded),
        whole_round=whole_round,
        panels=[panel.name for panel in panels if panel.id in chaired],
        rows=_ordered(rows, order),
        calibration=[
            dragon
            for dragon in results.calibration(
                {
                    (dragon_id, pitch_panel[pitch_id], pitch_id): mean
                    for (pitch_id, dragon_id), mean in means.items()
                },
                {user_id: user.name for user_id, user in everyone.items()},
            )
            if dragon.dragon_id in dragons
        ],
    )


def _withheld(**where: object) -> PitchRow:
    """A row for a pitch the viewing chair is recused from: where it is, nothing more."""
    return PitchRow(
        **where,  # type: ignore[arg-type]
        sheets=0,
        mean=None,
        normalised=None,
        spread=None,
        tally=None,
        decision=None,
        recused=True,
    )


def _submitted_sheets(round_id: int) -> dict[tuple[int, int], tuple[str | None, float | None]]:
    """Every submitted sheet on a pitch routed in the round: (pitch id, dragon id) ->
    (verdict, weighted mean). Two queries: the criteria's weights, and the sheets with their
    scores."""
    weights = dict(
        db.session.execute(
            select(Criterion.id, Criterion.weight).where(Criterion.round_id == round_id)
        ).all()
    )
    rows = db.session.execute(
        select(
            ScoreSheet.pitch_id,
            ScoreSheet.dragon_id,
            ScoreSheet.verdict,
            Score.criterion_id,
            Score.score,
        )
        .join(PanelSlot, PanelSlot.pitch_id == ScoreSheet.pitch_id)
        .join(Panel, Panel.id == PanelSlot.panel_id)
        .outerjoin(Score, Score.sheet_id == ScoreSheet.id)
        .where(Panel.round_id == round_id, ScoreSheet.status == "submitted")
    ).all()
    verdicts: dict[tuple[int, int], str | None] = {}
    marks: dict[tuple[int, int], dict[int, int | None]] = {}
    for pitch_id, dragon_id, verdict, criterion_id, score in rows:
        key = (pitch_id, dragon_id)
        verdicts[key] = verdict
        marks.setdefault(key, {})
        if criterion_id is not None and criterion_id in weights:
            marks[key][criterion_id] = score
    return {
        key: (verdict, scoring.weighted_mean(marks[key], weights))
        for key, verdict in verdicts.items()
    }


def _live_tally(
    pitch_id: int,
    panel_members: Iterable[User],
    recused: dict[tuple[int, int], str],
    verdicts: dict[tuple[int, int], str | None],
) -> rules.Tally:
    """The tally counted now from the sheets: each member of the panel once."""
    votes = []
    for user in panel_members:
        key = (pitch_id, user.id)
        votes.append(
            rules.vote_of(
                recused=key in recused,
                sheet_status="submitted" if key in verdicts else None,
                verdict=verdicts.get(key),
            )
        )
    return rules.tally(votes)


def _decisions(round_id: int) -> tuple[dict[int, tuple[DecisionShown, rules.Tally]], int]:
    """Each pitch's decision to show and its tally: the decision in force
    (``reads.in_force_in_round``), flagged when an amendment of it is being drafted; or, for a
    pitch with none in force, its first decision while it is not signed. And how many of the
    decisions in force fund their pitch. Two queries."""
    in_force = reads.in_force_in_round(round_id)
    drafts = {
        decision.pitch_id: decision
        for decision in db.session.scalars(
            select(Decision).where(Decision.round_id == round_id, Decision.signed_at.is_(None))
        )
    }
    shown = {
        pitch_id: _shown(decision, amendment_pending=pitch_id in drafts)
        for pitch_id, decision in in_force.items()
    }
    for pitch_id, draft in drafts.items():
        if pitch_id not in in_force:
            shown[pitch_id] = _shown(draft, amendment_pending=False)
    funded = sum(1 for decision in in_force.values() if decision.outcome == Outcome.FUNDED)
    return shown, funded


def _shown(decision: Decision, *, amendment_pending: bool) -> tuple[DecisionShown, rules.Tally]:
    kind = rules.Kind(decision.kind).label if decision.kind else None
    return (
        DecisionShown(
            kind=kind,
            outcome=decision.outcome,
            outcome_label=Outcome(decision.outcome).label,
            amount_pence=decision.amount_pence,
            departs_from_vote=decision.departs_from_vote,
            signed=decision.signed_at is not None,
            signed_at=decision.signed_at,
            amended=decision.supersedes_id is not None,
            amendment_pending=amendment_pending,
        ),
        rules.Tally(
            ins=decision.votes_in,
            outs=decision.votes_out,
            recused=decision.recused,
            absent=decision.absent,
        ),
    )


def _ordered(rows: list[PitchRow], order: str) -> list[PitchRow]:
    """Rows in panel and running order (as given), or by ``order``'s figure, highest first,
    rows without one last (stable, so ties keep panel order)."""
    if order not in ("mean", "normalised"):
        return rows
    with_figure = [row for row in rows if getattr(row, order) is not None]
    without = [row for row in rows if getattr(row, order) is None]
    with_figure.sort(key=lambda row: -getattr(row, order))
    return with_figure + without
