"""Demo lab: a round a year ago ("Spark! winter 2025") whose panel funded five ideas, each
followed through the lab since — one scaled across government, one live, one in beta, one in
alpha and one stopped with its lessons learnt — and the two ideas funded last week, in
discovery. Made through the services the pages use, each step at the time it happened
(``spark.core.audit.clock_at``), so timelines, days in stage, audit events and emails read as
they would have. Skipped when the round is there already.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from spark.accounts.models import Team, User
from spark.core.audit import clock_at, utcnow
from spark.core.filters import to_london
from spark.demo import lab_round_texts as round_texts
from spark.demo.decisions import seed_decided_panel
from spark.demo.lab_texts import DISCOVERY_PLANS, FOCUS_AREAS, LAB_PLANS, LabPlan
from spark.demo.people import ORGANISER
from spark.demo.pitches import seed_pitch, seed_round
from spark.extensions import db
from spark.lab import (
    benefit_service,
    budget_service,
    gates,
    milestone_service,
    project_service,
    story_service,
)
from spark.lab.models import FocusArea, LabProject
from spark.lab.stages import Action, Request
from spark.pitches import round_service
from spark.pitches.models import Pitch, Round

WEEK = timedelta(weeks=1)
LAB_USER = "lena.fischer@digital.cabinet-office.gov.uk"


def _seed_funding_round(users: dict[str, User], teams: dict[str, Team], started: datetime):
    """The round, its pitches and its panel's signed decisions, each at its time."""
    organiser = users[ORGANISER]
    with clock_at(started):
        round_ = seed_round(organiser, round_texts.LAB_ROUND, started)
        for spec in round_texts.LAB_PITCHES:
            seed_pitch(spec, users, teams[spec.team], round_, started)
    with clock_at(started + round_texts.PANEL_MET):
        seed_decided_panel(
            users,
            teams,
            round_,
            started,
            panel=round_texts.LAB_PANEL,
            pitches=[],
            decisions=round_texts.LAB_DECISIONS,
            pot_pence=round_texts.POT_PENCE,
        )
    with clock_at(started + round_texts.PANEL_MET + WEEK):
        for status in ("judging", "closed"):
            round_service.change_status(organiser, round_, status)
    return round_


def project_for(title: str) -> LabProject:
    return db.session.scalars(
        select(LabProject).join(Pitch, Pitch.id == LabProject.pitch_id).where(Pitch.title == title)
    ).one()


# What happens to a project, as (when, in what order that day, what) steps. -------------

Step = tuple[datetime, int, Callable[[], object]]


def _day(start: datetime, week: int) -> datetime:
    """A working day ``week`` weeks after ``start``, the day after at 10am London time."""
    moment = to_london(start + week * WEEK + timedelta(days=1))
    return moment.replace(hour=10, minute=0, second=0, microsecond=0)


def _move(lab: User, project: LabProject, to: str, evidence: str, assessment: str, reason: str):
    db.session.refresh(project)
    if to in ("pause", "resume", "stop"):
        request = Request(action=Action(to), reason=reason)
    else:
        request = Request(
            action=Action.MOVE,
            to_stage=to,
            evidence=evidence,
            assessment=assessment,
            reason=reason,
        )
    gates.change(project, lab, request, seen_version=project.version)


def _tranche(lab: User, project: LabProject, pence: int, note: str):
    db.session.refresh(project)
    details = budget_service.TrancheDetails(pence, project.stage, note)
    budget_service.release_tranche(lab, project, details)


def _spend(by: User, project: LabProject, pence: int, what: str):
    on = to_london(utcnow()).date()
    budget_service.record_spend(by, project, budget_service.SpendDetails(pence, on, what))


def _focus(lab: User, project: LabProject, names: tuple[str, ...]):
    areas = {area.name: area for area in db.session.scalars(select(FocusArea))}
    for name in FOCUS_AREAS:
        if name not in areas:
            areas[name] = project_service.add_focus_area(lab, name)
    project_service.set_focus_areas(lab, project, {areas[name].id for name in names})


def _milestones(by: User, project: LabProject, plan: LabPlan, start: datetime) -> list[Step]:
    steps: list[Step] = []
    for item in plan.milestones:
        due = _day(start, item.due_week).date()
        added = _day(start, max(0, min(item.due_week - 6, item.done_week or item.due_week)))

        def add(item=item, due=due):
            made = milestone_service.add(by, project, item.title, due)
            if item.done_week is not None:
                done = _day(start, item.done_week)
                with clock_at(done):
                    milestone_service.complete(by, project, made, done.date())

        steps.append((added, 2, add))
    return steps


def _metrics(by: User, project: LabProject, plan: LabPlan, start: datetime) -> list[Step]:
    steps: list[Step] = []
    for spec in plan.metrics:
        first = _day(start, spec.readings[0][0] if spec.readings else 0)

        def add(spec=spec):
            details = benefit_service.MetricDetails(
                spec.name,
                spec.unit,
                spec.unit_label,
                spec.better,
                Decimal(spec.baseline),
                Decimal(spec.target),
            )
            metric = benefit_service.add_metric(project, by, details)
            for week, value, source in spec.readings:
                taken = _day(start, week)
                with clock_at(taken):
                    benefit_service.record_reading(
                        project,
                        metric,
                        by,
                        value=Decimal(value),
                        taken_on=taken.date(),
                        source=source,
                    )

        steps.append((first, 4, add))
    return steps


def _story(by: User, project: LabProject, title: str, body: str, published: bool):
    story = story_service.write(project, by, story_service.StoryText(title, body))
    if published:
        story_service.publish(story, by, seen_version=story.version)


def _steps(users: dict[str, User], plan: LabPlan, start: datetime) -> list[Step]:
    lab, by, project = users[LAB_USER], users[plan.by], project_for(plan.title)
    steps: list[Step] = [
        (_day(start, 0), 0, lambda: _focus(lab, project, plan.focus_areas)),
        *[
            (
                _day(start, 0),
                1,
                lambda n=name, r=role: project_service.add_partner(lab, project, n, r),
            )
            for name, role in plan.partners
        ],
        *_milestones(by, project, plan, start),
        *_metrics(by, project, plan, start),
        *[
            (_day(start, week), 3, lambda p=pence, n=note: _tranche(lab, project, p, n))
            for week, pence, note in plan.tranches
        ],
        *[
            (_day(start, week), 6, lambda p=pence, w=what: _spend(by, project, p, w))
            for week, pence, what in plan.spend
        ],
        *[
            (
                _day(start, m.week),
                8,
                lambda m=m: _move(lab, project, m.to, m.evidence, m.assessment, m.reason),
            )
            for m in plan.moves
        ],
        *[
            (_day(start, s.week), 9, lambda s=s: _story(by, project, s.title, s.body, s.published))
            for s in plan.stories
        ],
    ]
    return steps


def _run(steps: list[Step]) -> None:
    for moment, _order, step in sorted(steps, key=lambda step: (step[0], step[1])):
        with clock_at(moment):
            step()


def seed_lab(users: dict[str, User], teams: dict[str, Team], now: datetime) -> Round | None:
    """The funding round a year ago and what the lab did with its ideas since."""
    name = round_texts.LAB_ROUND.name
    if db.session.scalar(select(Round.id).where(Round.name == name)) is not None:
        return None
    started = now + round_texts.ROUND_STARTED
    round_ = _seed_funding_round(users, teams, started)
    decided = started + round_texts.PANEL_MET
    steps = [step for plan in LAB_PLANS for step in _steps(users, plan, decided)]
    # Last week's two: their first steps were taken yesterday and the day before.
    recent = now - timedelta(days=3)
    steps += [step for plan in DISCOVERY_PLANS for step in _steps(users, plan, recent)]
    _run(steps)
    return round_
