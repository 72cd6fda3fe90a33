"""Builders for the panels stage: a judged round, panels with dragons, routed pitches, sheets.

They write rows directly so each test states only what it needs; the journeys under test go
through the real services.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from spark.extensions import db
from tests.factories import make_pitch, make_round, make_team, make_user

_seq = count(1)


def make_judged_round(*, status: str = "judging", **fields):
    """A round with judging settings and the default criteria, as a new round gets them."""
    from spark.panels.subscribers import add_judging_defaults

    round_ = make_round(status=status, **fields)
    add_judging_defaults(round_)
    db.session.commit()
    return round_


def criteria_of(round_):
    from sqlalchemy import select

    from spark.panels.models import Criterion

    return list(
        db.session.scalars(
            select(Criterion).where(Criterion.round_id == round_.id).order_by(Criterion.position)
        )
    )


def make_dragon(department: str = "HM Revenue and Customs", **fields):
    return make_user(department=department, **fields)


def make_panel(round_, chair, *dragons, name: str | None = None, **fields):
    """A panel in ``round_`` chaired by ``chair``; the chair and ``dragons`` are its members."""
    from spark.panels.models import Panel, PanelMember

    panel = Panel(
        round_id=round_.id,
        name=name or f"Panel {next(_seq)}",
        starts_at=fields.pop("starts_at", datetime.now(UTC) + timedelta(days=7)),
        place=fields.pop("place", "Room 1, 10 Victoria Street"),
        chair_id=chair.id,
        **fields,
    )
    db.session.add(panel)
    db.session.flush()
    for user in (chair, *dragons):
        db.session.add(PanelMember(panel_id=panel.id, user_id=user.id))
    db.session.commit()
    return panel


def make_team_pitch(round_, *, status: str = "eligible", department: str = "Cabinet Office", **f):
    """A pitch in ``round_`` from a new team whose lead works in ``department``."""
    n = next(_seq)
    lead = make_user(email=f"lead{n}@example.gov.uk", department=department)
    team = make_team(lead, name=f"Team {n}")
    return make_pitch(team, round=round_, status=status, title=f.pop("title", f"Pitch {n}"), **f)


def route(panel, *pitches, state: str = "waiting"):
    """Put ``pitches`` on ``panel`` in this running order; they become assigned."""
    from spark.panels.models import PanelSlot

    start = len(panel.slots)
    slots = []
    for position, pitch in enumerate(pitches, start=start + 1):
        slot = PanelSlot(panel_id=panel.id, pitch_id=pitch.id, position=position, state=state)
        pitch.status = "assigned"
        db.session.add(slot)
        slots.append(slot)
    db.session.commit()
    return slots


def make_sheet(pitch, dragon, *, scores=None, verdict=None, reason="", status="draft"):
    """A sheet for ``dragon`` on ``pitch``: ``scores`` maps criterion id to (score, comment)
    or to a score alone."""
    from spark.core.audit import utcnow
    from spark.panels.models import Score, ScoreSheet

    sheet = ScoreSheet(
        pitch_id=pitch.id,
        dragon_id=dragon.id,
        verdict=verdict,
        reason=reason,
        status=status,
        submitted_at=utcnow() if status == "submitted" else None,
    )
    for criterion_id, value in (scores or {}).items():
        score, comment = value if isinstance(value, tuple) else (value, "")
        sheet.scores.append(Score(criterion_id=criterion_id, score=score, comment=comment))
    db.session.add(sheet)
    db.session.commit()
    return sheet


class LivePanel:
    """A panel ready for its live session (the chair's tests): "Panel A" chaired by Cara Chair
    with Ada Dragon and Bo Dragon, hearing "Idea 1", "Idea 2" and "Idea 3" in that order."""

    def __init__(self) -> None:
        self.round = make_judged_round()
        self.chair = make_dragon(name="Cara Chair")
        self.ada, self.bo = make_dragon(name="Ada Dragon"), make_dragon(name="Bo Dragon")
        self.panel = make_panel(self.round, self.chair, self.ada, self.bo, name="Panel A")
        self.pitches = [
            make_team_pitch(self.round, title=f"Idea {n}", reference=f"SPK-2027-{n:04d}")
            for n in (1, 2, 3)
        ]
        self.slots = route(self.panel, *self.pitches)

    @property
    def base(self) -> str:
        """The chair's control page."""
        return f"/panels/{self.panel.id}/chair"

    def slot_url(self, index: int, action: str) -> str:
        return f"{self.base}/slots/{self.slots[index].id}/{action}"

    def states(self) -> list[tuple[str, str]]:
        """(pitch title, slot state) in running order, read afresh from the database."""
        from sqlalchemy import select

        from spark.panels.models import PanelSlot

        db.session.expire_all()
        statement = (
            select(PanelSlot)
            .where(PanelSlot.panel_id == self.panel.id)
            .order_by(PanelSlot.position)
        )
        return [(slot.pitch.title, slot.state) for slot in db.session.scalars(statement)]

    def set_state(self, index: int, state: str) -> None:
        """Put the slot at ``index`` straight into ``state``."""
        from spark.panels.models import PanelSlot

        db.session.expire_all()
        db.session.get(PanelSlot, self.slots[index].id).state = state
        db.session.commit()


def fresh(model, id_):
    """The row as the database has it now (after another request changed it)."""
    db.session.expire_all()
    return db.session.get(model, id_)


def chair_events() -> list:
    """The audit events of the live session: slots, sheets and pitches."""
    from tests.factories import audit_events

    return [e for e in audit_events() if e.action.split(".")[0] in ("slot", "sheet", "pitch")]
