"""Shared by the budget's tests: its URLs, what the forms post, and the people around a
funded project."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape

import lxml.html
from sqlalchemy import select

from spark.accounts.models import MEMBER, TeamMember
from spark.extensions import db
from spark.lab import budget_service
from spark.lab.board import london_today
from spark.lab.budget_service import SpendDetails, TrancheDetails
from spark.lab.models import BudgetTranche, LabProject, SpendEntry
from tests.factories import make_user
from tests.lab_factories import (
    Funded,
    funded_project,
    make_colleague,
    make_lab_user,
    make_organiser,
)


def budget_url(project_id: int, what: str = "") -> str:
    return (
        f"/lab/projects/{project_id}/budget"
        + {
            "": "",
            "release": "/tranches/new",
            "spend": "/spend/new",
        }[what]
    )


def text(response) -> str:
    """The page's words, tags stripped and spaces squeezed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def errors(response) -> list[str]:
    """The error summary's messages."""
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return [
        " ".join(item.text_content().split())
        for item in doc.xpath('//ul[contains(@class, "govuk-error-summary__list")]/li')
    ]


def title(response) -> str:
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return " ".join(doc.xpath("//title")[0].text_content().split())


def hidden(response, name: str) -> str | None:
    """The value of the page's hidden field ``name`` (None when there is none)."""
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    found = doc.xpath(f'//input[@type="hidden"][@name="{name}"]/@value')
    return found[0] if found else None


def days_ago(days: int) -> date:
    return london_today() - timedelta(days=days)


def tranche_form(**fields) -> dict:
    """What the tranche form posts; ``seen_released`` is the released total its page showed
    (nothing released, unless given)."""
    typed = {
        "amount": "5,000",
        "stage": "discovery",
        "note": "For the discovery research",
        "seen_released": "0",
    }
    typed.update(fields)
    return typed


def spend_form(on: date | None = None, **fields) -> dict:
    """What the spend form posts; ``seen_spend`` is how many spend entries its page showed
    (none, unless given)."""
    on = on or days_ago(2)
    typed = {
        "amount": "1,250",
        "spent_on": [str(on.day), str(on.month), str(on.year)],
        "description": "User research participant incentives",
        "seen_spend": "0",
    }
    typed.update(fields)
    return typed


@dataclass
class People:
    """A funded project (awarded £15,000) and everyone who might open its budget."""

    funded: Funded
    lab: object
    member: object
    organiser: object
    colleague: object

    @property
    def project(self):
        return self.funded.project

    @property
    def lead(self):
        return self.funded.lead

    def who(self, name: str):
        return None if name == "anonymous" else getattr(self, name)


def people(amount_pence: int = 1_500_000) -> People:
    funded = funded_project(amount_pence=amount_pence)
    member = make_user(name="Mo Member")
    team = funded.pitch.team
    team.members.append(TeamMember(user=member, role=MEMBER))
    db.session.commit()
    return People(funded, make_lab_user(), member, make_organiser(), make_colleague())


def released_now(project_id: int) -> int:
    db.session.expire_all()
    return db.session.get(LabProject, project_id).budget_released_pence


def spend_count_now(project_id: int) -> int:
    return len(spend_of(project_id))


def release(everyone: People, amount_pence: int, stage: str = "discovery", note: str = ""):
    """Release as the lab would from an up-to-date page."""
    return budget_service.release_tranche(
        everyone.lab,
        everyone.project,
        TrancheDetails(amount_pence, stage, note),
        seen_released=released_now(everyone.project.id),
    )


def spend(everyone: People, amount_pence: int, description: str = "Research", days: int = 1):
    """Record spend as the team would from an up-to-date page."""
    return budget_service.record_spend(
        everyone.lead,
        everyone.project,
        SpendDetails(amount_pence, days_ago(days), description),
        seen_spend=spend_count_now(everyone.project.id),
    )


def tranches_of(project_id: int) -> list[BudgetTranche]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(BudgetTranche)
            .where(BudgetTranche.project_id == project_id)
            .order_by(BudgetTranche.id)
        )
    )


def spend_of(project_id: int) -> list[SpendEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(SpendEntry).where(SpendEntry.project_id == project_id).order_by(SpendEntry.id)
        )
    )
