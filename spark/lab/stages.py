"""Which stage moves the lab may make on a project, and what each one does.

The rules (issue 6, modelled on the GDS service phases):

- **Forward one stage** needs the gate evidence and the gate assessment's outcome. *Met*
  moves the project to the next stage; *not met* records the assessment on the timeline
  (``assessed``) and the project stays where it is.
- **Skipping** (forward more than one stage) also needs a reason, and moves only when the
  assessment is met (``skip``); not met is recorded as an assessment, as above.
- **Back one stage** needs a reason (``back``); back more than one stage is refused.
- **Pause** an active project (with a reason) and **resume** a paused one. A paused project
  cannot move stage until it is resumed.
- **Stop** a project from any stage, active or paused, with a reason. A stopped project is
  ended: the lab cannot move, pause or resume it (only an amendment of the panel's decision
  reopens it, which ``lab.subscribers`` does).
- There is no forward from the last stage (there is no stage after it to name), and no move
  to the stage the project is in.

Every refusal is a GOV.UK message tied to the form field it is about. A refusal that no form
field can fix (the project stopped or was paused meanwhile) is a ``conflict``: the page the
person saw was out of date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

TEXT_MAX = 5000

ACTIVE, PAUSED, STOPPED = "active", "paused", "stopped"
MET, NOT_MET = "met", "not_met"
ASSESSMENT_LABELS = {MET: "Met", NOT_MET: "Not met"}

ENTER_STAGE = "Select the stage to move the project to"
ENTER_EVIDENCE = "Enter the evidence the project meets the gate"
ENTER_ASSESSMENT = "Select whether the project met the gate"
ENTER_SKIP_REASON = "Enter why the project is skipping a stage"
ENTER_BACK_REASON = "Enter why the project is moving back a stage"
ENTER_PAUSE_REASON = "Enter why the project is pausing"
ENTER_STOP_REASON = "Enter why the project is stopping"
IS_STOPPED = (
    "This project has stopped, so it cannot change. Only an amendment of the panel’s "
    "decision can reopen it"
)
IS_PAUSED = "This project is paused. Resume it before moving it to another stage"
ALREADY_PAUSED = "This project is already paused"
NOT_PAUSED = "This project is not paused"
NO_SUCH_STAGE = "This project is in a stage that no longer exists"


class Action(StrEnum):
    MOVE = "move"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


class Kind(StrEnum):
    """Kinds of timeline entry this module makes (``opened`` is the subscriber's)."""

    FORWARD = "forward"
    SKIP = "skip"
    BACK = "back"
    ASSESSED = "assessed"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@dataclass(frozen=True)
class StageInfo:
    key: str
    name: str


@dataclass(frozen=True)
class ProjectState:
    stage: str
    status: str


@dataclass(frozen=True)
class Request:
    """What the lab asked for, as typed (text trimmed by the form)."""

    action: Action
    to_stage: str = ""
    evidence: str = ""
    assessment: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Change:
    """What happens: the timeline entry and the project afterwards. For ``assessed``,
    ``to_stage`` is the stage the assessment was for; the project stays in ``stage``."""

    kind: Kind
    from_stage: str
    to_stage: str
    stage: str
    status: str
    status_reason: str
    evidence: str = ""
    assessment: str | None = None
    reason: str = ""

    @property
    def stage_changed(self) -> bool:
        return self.stage != self.from_stage


@dataclass(frozen=True)
class Refusal:
    """Field name -> GOV.UK message. ``conflict``: nothing on the form can fix it."""

    problems: dict[str, str] = field(default_factory=dict)
    conflict: bool = False

    @property
    def message(self) -> str:
        return next(iter(self.problems.values()), "")


@dataclass(frozen=True)
class Move:
    """A stage the project may move to from where it is."""

    stage: StageInfo
    kind: Kind  # forward, skip or back
    skipped: tuple[StageInfo, ...] = ()


def _index(stages: Sequence[StageInfo], key: str) -> int | None:
    return next((i for i, stage in enumerate(stages) if stage.key == key), None)


def possible_moves(stages: Sequence[StageInfo], state: ProjectState) -> list[Move]:
    """The stages an active project may move to: the next, the later ones (skips) and the
    previous one, in stage order. None for a paused or stopped project."""
    here = _index(stages, state.stage)
    if state.status != ACTIVE or here is None:
        return []
    moves = []
    if here > 0:
        moves.append(Move(stages[here - 1], Kind.BACK))
    for i in range(here + 1, len(stages)):
        kind = Kind.FORWARD if i == here + 1 else Kind.SKIP
        moves.append(Move(stages[i], kind, tuple(stages[here + 1 : i])))
    return moves


def actions(state: ProjectState) -> list[Action]:
    """What the lab may do to a project in ``state``."""
    if state.status == ACTIVE:
        return [Action.MOVE, Action.PAUSE, Action.STOP]
    if state.status == PAUSED:
        return [Action.RESUME, Action.STOP]
    return []


def _too_long(problems: dict[str, str], request: Request) -> None:
    for name, what in (("evidence", "The evidence"), ("reason", "The reason")):
        if len(getattr(request, name)) > TEXT_MAX and name not in problems:
            problems[name] = f"{what} must be {TEXT_MAX:,} characters or fewer"


def decide(stages: Sequence[StageInfo], state: ProjectState, request: Request) -> Change | Refusal:
    """What ``request`` does to a project in ``state``, or why it is refused."""
    if state.status == STOPPED:
        field_name = "to_stage" if request.action == Action.MOVE else "reason"
        return Refusal({field_name: IS_STOPPED}, conflict=True)
    if request.action == Action.MOVE:
        return _move(stages, state, request)
    return _status(state, request)


def _status(state: ProjectState, request: Request) -> Change | Refusal:
    if request.action == Action.PAUSE and state.status == PAUSED:
        return Refusal({"reason": ALREADY_PAUSED}, conflict=True)
    if request.action == Action.RESUME and state.status != PAUSED:
        return Refusal({"reason": NOT_PAUSED}, conflict=True)
    problems: dict[str, str] = {}
    if not request.reason:
        if request.action == Action.PAUSE:
            problems["reason"] = ENTER_PAUSE_REASON
        elif request.action == Action.STOP:
            problems["reason"] = ENTER_STOP_REASON
    _too_long(problems, request)
    if problems:
        return Refusal(problems)
    kind, status = {
        Action.PAUSE: (Kind.PAUSE, PAUSED),
        Action.RESUME: (Kind.RESUME, ACTIVE),
        Action.STOP: (Kind.STOP, STOPPED),
    }[request.action]
    return Change(
        kind=kind,
        from_stage=state.stage,
        to_stage=state.stage,
        stage=state.stage,
        status=status,
        status_reason="" if status == ACTIVE else request.reason,
        reason=request.reason,
    )


def _move(stages: Sequence[StageInfo], state: ProjectState, request: Request) -> Change | Refusal:
    if state.status == PAUSED:
        return Refusal({"to_stage": IS_PAUSED}, conflict=True)
    here, there = _index(stages, state.stage), _index(stages, request.to_stage)
    if here is None:
        return Refusal({"to_stage": NO_SUCH_STAGE}, conflict=True)
    problems: dict[str, str] = {}
    if there is None:
        problems["to_stage"] = ENTER_STAGE
    elif there == here:
        problems["to_stage"] = (
            f"The project is already in {stages[here].name}. Select another stage"
        )
    elif there < here - 1:
        problems["to_stage"] = (
            f"A project can only move back one stage at a time. Select {stages[here - 1].name}"
        )
    forward = there is not None and there > here
    back = there is not None and there == here - 1
    if forward:
        if not request.evidence:
            problems["evidence"] = ENTER_EVIDENCE
        if request.assessment not in (MET, NOT_MET):
            problems["assessment"] = ENTER_ASSESSMENT
    if forward and there > here + 1 and not request.reason:
        problems["reason"] = ENTER_SKIP_REASON
    if back and not request.reason:
        problems["reason"] = ENTER_BACK_REASON
    _too_long(problems, request)
    if problems or there is None:
        return Refusal(problems)
    if back:
        kind, stage, assessment = Kind.BACK, request.to_stage, None
    elif request.assessment == NOT_MET:
        kind, stage, assessment = Kind.ASSESSED, state.stage, NOT_MET
    else:
        kind = Kind.FORWARD if there == here + 1 else Kind.SKIP
        stage, assessment = request.to_stage, MET
    return Change(
        kind=kind,
        from_stage=state.stage,
        to_stage=request.to_stage,
        stage=stage,
        status=ACTIVE,
        status_reason="",
        evidence=request.evidence,
        assessment=assessment,
        reason=request.reason,
    )


def describe(kind: str, from_name: str | None, to_name: str, skipped: Sequence[str] = ()) -> str:
    """What a timeline entry says happened ("Moved from Discovery to Alpha")."""
    if kind == "opened":
        return f"Opened in {to_name}"
    if kind == Kind.FORWARD:
        return f"Moved from {from_name} to {to_name}"
    if kind == Kind.SKIP:
        return f"Skipped {in_words(skipped)}: moved from {from_name} to {to_name}"
    if kind == Kind.BACK:
        return f"Moved back from {from_name} to {to_name}"
    if kind == Kind.ASSESSED:
        return f"Gate assessment not met for {to_name}: stayed in {from_name}"
    return {Kind.PAUSE: "Paused", Kind.RESUME: "Resumed", Kind.STOP: "Stopped"}.get(kind, "Changed")


def skipped_between(stages: Sequence[StageInfo], from_key: str | None, to_key: str) -> list[str]:
    """The names of the stages strictly between two stages (those a skip jumped over)."""
    here, there = _index(stages, from_key or ""), _index(stages, to_key)
    if here is None or there is None or there <= here + 1:
        return []
    return [stage.name for stage in stages[here + 1 : there]]


def in_words(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# The stages themselves, as the lab edits them ------------------------------------------------

NAME_MAX = 80
RESERVED_NAMES = ("stopped", "paused")


def stage_problems(
    name: str, description: str, guidance: str, other_names: Sequence[str]
) -> dict[str, str]:
    """What is wrong with a stage as the lab typed it: a name (unique among the other
    stages, ignoring case, and not a project status), and text within the limit."""
    problems = {}
    if not name:
        problems["name"] = "Enter a name for the stage"
    elif len(name) > NAME_MAX:
        problems["name"] = f"The stage name must be {NAME_MAX} characters or fewer"
    elif name.casefold() in (other.casefold() for other in other_names):
        problems["name"] = f"There is already a stage called {name}. Enter a different name"
    elif name.casefold() in RESERVED_NAMES:
        problems["name"] = (
            f"Enter a different name: ‘{name.capitalize()}’ is how a project’s status is shown"
        )
    for field_name, what, text in (
        ("description", "The description", description),
        ("guidance", "The gate guidance", guidance),
    ):
        if len(text) > TEXT_MAX:
            problems[field_name] = f"{what} must be {TEXT_MAX:,} characters or fewer"
    return problems
