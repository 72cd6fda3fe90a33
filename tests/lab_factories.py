"""Builders for the lab stage: funded projects opened the real way (a panel's funded decision
signed through the decisions service), a lab user, and people from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from sqlalchemy import select

from spark.extensions import db
from spark.lab.models import LabProject
from tests.decision_factories import Decided, closed_panel, sign_decision
from tests.factories import make_user

_seq = count(1)


@dataclass
class Funded:
    """A lab project opened by a signed funded decision, with the people around it."""

    project: LabProject
    decided: Decided

    @property
    def pitch(self):
        return self.project.pitch

    @property
    def lead(self):
        """The team's lead (a team member)."""
        return self.decided.lead

    @property
    def chair(self):
        return self.decided.chair


def make_lab_user(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Lena Lab{n}")
    fields.setdefault("email", f"lab{n}@digital.cabinet-office.gov.uk")
    fields.setdefault("department", "Cabinet Office")
    return make_user(roles=("lab",), **fields)


def make_organiser(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Olu Organiser{n}")
    fields.setdefault("email", f"organiser{n}@example.gov.uk")
    return make_user(roles=("organiser",), **fields)


def make_colleague(department: str = "Department for Work and Pensions", **fields):
    """A signed-in civil servant with no part in the project (another department)."""
    n = next(_seq)
    fields.setdefault("name", f"Col League{n}")
    fields.setdefault("email", f"colleague{n}@example.gov.uk")
    return make_user(department=department, **fields)


def funded_project(amount_pence: int = 1_500_000, round_=None) -> Funded:
    """A pitch the panel funded with ``amount_pence`` (signed), so its project is open in
    Discovery, active, with nothing released. ``round_`` to put several in one round."""
    decided = closed_panel("in", "in", "in", round_=round_)
    sign_decision(decided, amount_pence=amount_pence)
    project = db.session.scalars(
        select(LabProject).where(LabProject.pitch_id == decided.pitch.id)
    ).one()
    return Funded(project, decided)
