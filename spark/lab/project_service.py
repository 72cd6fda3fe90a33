"""The lab's use cases for a project's partners and the focus areas it is filed under.

Business rules:

- Only the lab changes partners and focus areas (the views' ``project_lab_required`` and
  ``role_required("lab")``); each change is one transaction with its audit event.
- A stopped project is read-only (only its stories may still be written): adding or removing
  a partner, or changing its focus areas, is refused (409).
- A project has one partner of a name (compared without case): the role says what they do.
  A partner removed by someone else meanwhile is "already removed" (404), never an error.
- Focus-area names are unique without regard to case ("Digital inclusion" and "digital
  inclusion" are one area); the database's unique name catches two people racing.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from spark.accounts.models import User
from spark.core.audit import record, utcnow
from spark.extensions import db
from spark.lab.models import FocusArea, LabProject, Partner, project_focus_areas

NAME_MAX = 200
ROLE_MAX = 200
FOCUS_AREA_MAX = 80

STOPPED = "This project has stopped, so its partners and focus areas cannot be changed"
PARTNER_NAME_MISSING = "Enter the partner’s name"
PARTNER_NAME_TOO_LONG = f"The partner’s name must be {NAME_MAX} characters or fewer"
PARTNER_ROLE_MISSING = "Enter what the partner does for the project"
PARTNER_ROLE_TOO_LONG = f"What the partner does must be {ROLE_MAX} characters or fewer"
PARTNER_TAKEN = "This project already has a partner called {name}"
PARTNER_GONE = "This partner has already been removed"
FOCUS_AREA_MISSING = "Enter the name of the focus area"
FOCUS_AREA_TOO_LONG = f"The name of the focus area must be {FOCUS_AREA_MAX} characters or fewer"
FOCUS_AREA_TAKEN = "There is already a focus area called {name}"
FOCUS_AREA_UNKNOWN = "Select focus areas from the list"


class Refused(Exception):
    """The change was refused: ``problems`` maps a form field (or "" for the page) to its
    message; ``status`` is 400 for what was typed, 409 for the project's state."""

    def __init__(self, problems: dict[str, str], status: int = 400) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems
        self.status = status


def _plain(value: str) -> str:
    return " ".join((value or "").split())


def _text(value: str, field: str, missing: str, too_long: str, limit: int) -> str:
    text = _plain(value)
    if not text:
        raise Refused({field: missing})
    if len(text) > limit:
        raise Refused({field: too_long})
    return text


def _lock_going_on(project: LabProject) -> LabProject:
    """The project, locked for this transaction (PostgreSQL), refused if it has stopped."""
    locked = db.session.scalars(
        select(LabProject)
        .where(LabProject.id == project.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if locked.status == "stopped":
        db.session.rollback()
        raise Refused({"": STOPPED}, status=409)
    return locked


# Partners -----------------------------------------------------------------------------------


def add_partner(actor: User, project: LabProject, name: str, role: str) -> Partner:
    """Add a partner (e.g. RNIB, a supplier) and what they do for the project."""
    name = _text(name, "name", PARTNER_NAME_MISSING, PARTNER_NAME_TOO_LONG, NAME_MAX)
    role = _text(role, "role", PARTNER_ROLE_MISSING, PARTNER_ROLE_TOO_LONG, ROLE_MAX)
    project = _lock_going_on(project)
    taken = db.session.scalar(
        select(Partner.id).where(
            Partner.project_id == project.id, func.lower(Partner.name) == name.lower()
        )
    )
    if taken is not None:
        db.session.rollback()
        raise Refused({"name": PARTNER_TAKEN.format(name=name)})
    partner = Partner(
        project_id=project.id, name=name, role=role, added_by_id=actor.id, added_at=utcnow()
    )
    db.session.add(partner)
    db.session.flush()
    record(
        "lab_partner.added",
        partner,
        actor=actor,
        after={"project_id": project.id, "name": name, "role": role},
    )
    db.session.commit()
    return partner


def partner_of(project: LabProject, partner_id: int) -> Partner | None:
    partner = db.session.get(Partner, partner_id)
    return partner if partner is not None and partner.project_id == project.id else None


def remove_partner(actor: User, project: LabProject, partner: Partner) -> None:
    """Remove the partner. Two of the lab removing it at once: the second, once it holds the
    project, finds it gone and is told so (404), rather than deleting nothing."""
    project = _lock_going_on(project)
    partner_id, name, role = partner.id, partner.name, partner.role
    current = db.session.scalar(
        select(Partner)
        .where(Partner.id == partner_id, Partner.project_id == project.id)
        .execution_options(populate_existing=True)
    )
    if current is None:
        if partner in db.session:
            db.session.expunge(partner)  # keeps its name readable for the page that says so
        db.session.rollback()
        raise Refused({"": PARTNER_GONE}, status=404)
    before = {"project_id": project.id, "name": name, "role": role}
    record("lab_partner.removed", current, actor=actor, before=before)
    db.session.delete(current)
    db.session.commit()


# Focus areas --------------------------------------------------------------------------------


def focus_areas() -> list[FocusArea]:
    return list(db.session.scalars(select(FocusArea).order_by(FocusArea.name)))


def focus_areas_with_counts() -> list[tuple[FocusArea, int]]:
    """Every focus area A to Z, with how many projects are filed under it."""
    counted = (
        select(FocusArea, func.count(project_focus_areas.c.project_id))
        .outerjoin(project_focus_areas, project_focus_areas.c.focus_area_id == FocusArea.id)
        .group_by(FocusArea.id)
        .order_by(FocusArea.name)
    )
    return [(area, number) for area, number in db.session.execute(counted)]


def _check_area_name(name: str, other_than: int | None = None) -> str:
    name = _text(name, "name", FOCUS_AREA_MISSING, FOCUS_AREA_TOO_LONG, FOCUS_AREA_MAX)
    statement = select(FocusArea.id).where(func.lower(FocusArea.name) == name.lower())
    if other_than is not None:
        statement = statement.where(FocusArea.id != other_than)
    if db.session.scalar(statement) is not None:
        raise Refused({"name": FOCUS_AREA_TAKEN.format(name=name)})
    return name


def _commit_area(name: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:  # someone saved the same name meanwhile
        db.session.rollback()
        raise Refused({"name": FOCUS_AREA_TAKEN.format(name=name)}) from None


def add_focus_area(actor: User, name: str) -> FocusArea:
    name = _check_area_name(name)
    area = FocusArea(name=name)
    db.session.add(area)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused({"name": FOCUS_AREA_TAKEN.format(name=name)}) from None
    record("lab_focus_area.added", area, actor=actor, after={"name": name})
    _commit_area(name)
    return area


def rename_focus_area(actor: User, area: FocusArea, name: str) -> FocusArea:
    name = _check_area_name(name, other_than=area.id)
    before = {"name": area.name}
    area.name = name
    record("lab_focus_area.renamed", area, actor=actor, before=before, after={"name": name})
    _commit_area(name)
    return area


def set_focus_areas(actor: User, project: LabProject, area_ids: set[int]) -> None:
    """File the project under exactly these focus areas (none is allowed)."""
    areas = list(
        db.session.scalars(
            select(FocusArea).where(FocusArea.id.in_(area_ids)).order_by(FocusArea.name)
        )
    )
    if len(areas) != len(area_ids):
        raise Refused({"focus_areas": FOCUS_AREA_UNKNOWN})
    project = _lock_going_on(project)
    before = [area.name for area in project.focus_areas]
    after = [area.name for area in areas]
    if before == after:
        db.session.rollback()
        return
    project.focus_areas = areas
    record(
        "lab_project.focus_areas_changed",
        project,
        actor=actor,
        before={"focus_areas": before},
        after={"focus_areas": after},
    )
    db.session.commit()
