"""Panels: organisers form a round's panels - name, date and time, place, chair and dragons.

The only place that commits panels and their members; one transaction each, with its audit
event and any invitation email (kind 'panel_invitation', through the outbox).

Rules:
- A panel's name is unique within its round, whatever its case.
- The chair and the dragons are people with an active Project Spark! account, found by email
  address. The chair is a member of the panel too (they score like the others).
- Changing the chair makes the new chair a member if they are not one; the old chair stays
  on the panel as a dragon.
- A dragon may be removed unless they chair the panel, have started a score sheet on a
  pitch of this panel (their scores must stay with the decision), or are needed for quorum:
  without them a pitch on the panel still to be scored would have fewer than the round's
  quorum of dragons free of conflict (the rule routing applies, kept after routing too).
- Nothing about a panel changes once its round is closed.

Services raise ``PanelProblems`` with GOV.UK messages by form field name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from spark.accounts import tokens
from spark.accounts.models import User
from spark.accounts.service import find_user_by_email
from spark.core import audit
from spark.core.outbox import queue_email
from spark.extensions import db
from spark.panels import panel_reads, rules
from spark.panels.models import Panel, PanelMember
from spark.pitches import rules as round_rules
from spark.pitches.models import Round
from spark.pitches.rules import RoundStatus

NAME_TAKEN = "There is already a panel with this name in this round. Enter a different name"
NAME_MISSING = "Enter a name for the panel"
ROUND_CLOSED = "You cannot change panels because the round is closed"
NOT_ON_PANEL = "This person is not on the panel"


class PanelProblems(Exception):
    """The change was refused: GOV.UK error messages by form field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class PanelDetails:
    """A panel as an organiser sets it up: ``starts_at`` in UTC; ``place`` a room or an online
    meeting link; the chair by the email address of their account."""

    name: str
    starts_at: datetime
    place: str
    chair_email: str


def panel_refusal(round_: Round) -> str | None:
    """Why the round's panels cannot change now, or None when they can."""
    return ROUND_CLOSED if round_.status == RoundStatus.CLOSED else None


# Checks -------------------------------------------------------------------------------------


def _check_round(round_: Round, field: str = "name") -> None:
    refusal = panel_refusal(round_)
    if refusal:
        raise PanelProblems({field: refusal})


def _name_taken(round_: Round, name: str, except_id: int | None = None) -> bool:
    statement = select(Panel.id).where(
        Panel.round_id == round_.id, func.lower(Panel.name) == name.strip().lower()
    )
    if except_id is not None:
        statement = statement.where(Panel.id != except_id)
    return db.session.scalar(statement) is not None


def find_person(email: str, field: str, who: str = "") -> User:
    """The active account with this email address; PanelProblems on ``field`` when there is
    none. ``who`` names the person in the message ("the chair")."""
    email = email.strip().lower()
    if not email:
        raise PanelProblems({field: f"Enter the email address of {who or 'the dragon'}"})
    user = find_user_by_email(email)
    if user is None:
        raise PanelProblems(
            {
                field: f"There is no Project Spark! account for {email}. Check the address, or "
                "ask them to create an account first"
            }
        )
    if not user.active:
        raise PanelProblems(
            {field: f"The account for {email} has been deactivated. Enter a different address"}
        )
    return user


def _checked_chair(round_: Round, details: PanelDetails, except_id: int | None) -> User:
    """The chair the details name, once the name and the chair are both right."""
    problems: dict[str, str] = {}
    if not details.name.strip():
        problems["name"] = NAME_MISSING
    elif _name_taken(round_, details.name, except_id):
        problems["name"] = NAME_TAKEN
    try:
        chair = find_person(details.chair_email, "chair_email", "the chair")
    except PanelProblems as refused:
        problems.update(refused.problems)
    if problems:
        raise PanelProblems(problems)
    return chair


def _snapshot(panel: Panel) -> dict[str, object]:
    return {
        "name": panel.name,
        "starts_at": round_rules.to_london(panel.starts_at).isoformat(),
        "place": panel.place,
        "chair_id": panel.chair_id,
    }


# Invitations --------------------------------------------------------------------------------


def panel_link(panel: Panel) -> str:
    """The panel's page for its members, for an email (works outside a request too)."""
    return tokens.absolute_url("panels.show", panel_id=panel.id)


def _invite(actor: User, panel: Panel, user: User, *, as_chair: bool) -> None:
    invitation = rules.PanelInvitation(
        name=user.name,
        email=user.email,
        inviter=actor.name,
        panel=panel.name,
        round=panel.round.name,
        when=round_rules.london_text(panel.starts_at),
        place=panel.place,
        link=panel_link(panel),
        as_chair=as_chair,
    )
    queue_email(
        kind="panel_invitation",
        to=user.email,
        subject=invitation.subject,
        body=invitation.body,
        **{key: getattr(invitation, key) for key in ("name", "panel", "round", "when", "link")},
        place=invitation.where,
        role="chair" if as_chair else "dragon",
    )


def _membership(panel: Panel, user: User) -> PanelMember | None:
    return db.session.scalar(
        select(PanelMember).where(PanelMember.panel_id == panel.id, PanelMember.user_id == user.id)
    )


def _commit_or_name_taken() -> None:
    """Two organisers racing for the same name (or member): the database decides."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise PanelProblems({"name": NAME_TAKEN}) from error


# Panels -------------------------------------------------------------------------------------


def create_panel(actor: User, round_: Round, details: PanelDetails) -> Panel:
    """Create a panel in ``round_`` with its chair as its first member, and invite the chair.
    Audited as 'panel.created'."""
    _check_round(round_)
    chair = _checked_chair(round_, details, None)
    panel = Panel(
        round_id=round_.id,
        name=details.name.strip(),
        starts_at=details.starts_at,
        place=details.place.strip(),
        chair_id=chair.id,
    )
    panel.round = round_
    db.session.add(panel)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise PanelProblems({"name": NAME_TAKEN}) from error
    db.session.add(PanelMember(panel_id=panel.id, user_id=chair.id))
    audit.record(
        "panel.created", panel, actor=actor, after={**_snapshot(panel), "round_id": round_.id}
    )
    _invite(actor, panel, chair, as_chair=True)
    _commit_or_name_taken()
    return panel


def update_panel(actor: User, panel: Panel, details: PanelDetails) -> bool:
    """Change a panel's name, date and time, place and chair. A new chair becomes a member if
    they are not one, and is invited as chair. Audited as 'panel.changed' with what changed;
    returns False when nothing did."""
    round_ = panel.round
    _check_round(round_)
    chair = _checked_chair(round_, details, panel.id)
    before = _snapshot(panel)
    after = {
        "name": details.name.strip(),
        "starts_at": round_rules.to_london(details.starts_at).isoformat(),
        "place": details.place.strip(),
        "chair_id": chair.id,
    }
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return False
    panel.name = after["name"]
    panel.starts_at = details.starts_at
    panel.place = after["place"]
    if chair.id != panel.chair_id:
        panel.chair_id = chair.id
        panel.chair = chair
        if _membership(panel, chair) is None:
            db.session.add(PanelMember(panel_id=panel.id, user_id=chair.id))
        _invite(actor, panel, chair, as_chair=True)
    audit.record(
        "panel.changed",
        panel,
        actor=actor,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    _commit_or_name_taken()
    return True


def change_chair(actor: User, panel: Panel, email: str) -> User:
    """Make the person with this email address the panel's chair (a shortcut for
    ``update_panel`` with only the chair changed). Returns the new chair."""
    details = PanelDetails(panel.name, panel.starts_at, panel.place, email)
    update_panel(actor, panel, details)
    return panel.chair


# Dragons ------------------------------------------------------------------------------------


def add_dragon(actor: User, panel: Panel, email: str) -> PanelMember:
    """Add the person with this email address to the panel as a dragon and invite them.
    Refused for someone already on the panel. Audited as 'panel.dragon_added'."""
    _check_round(panel.round, "email")
    user = find_person(email, "email")
    if _membership(panel, user) is not None:
        raise PanelProblems({"email": f"{user.name} ({user.email}) is already on this panel"})
    member = PanelMember(panel_id=panel.id, user_id=user.id)
    member.user = user
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise PanelProblems({"email": f"{user.email} is already on this panel"}) from error
    audit.record(
        "panel.dragon_added",
        panel,
        actor=actor,
        after={"user_id": user.id, "email": user.email},
    )
    _invite(actor, panel, user, as_chair=False)
    db.session.commit()
    return member


def remove_dragon(actor: User, panel: Panel, member_id: int) -> User:
    """Take a dragon off the panel: not the chair, not a dragon who has started a score
    sheet on one of its pitches, and not one needed for quorum
    (``panel_reads.removal_refusals``).
    Audited as 'panel.dragon_removed'. Returns the person."""
    _check_round(panel.round, "member")
    member = db.session.get(PanelMember, member_id)
    if member is None or member.panel_id != panel.id:
        raise PanelProblems({"member": NOT_ON_PANEL})
    refusal = panel_reads.removal_refusal(panel, member)
    if refusal:
        raise PanelProblems({"member": refusal})
    person = member.user
    db.session.delete(member)
    audit.record(
        "panel.dragon_removed",
        panel,
        actor=actor,
        before={"user_id": person.id, "email": person.email},
    )
    db.session.commit()
    return person
