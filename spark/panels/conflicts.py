"""Conflicts of interest between a dragon and a pitch.

Pure: the standard library only.

A dragon has a conflict with a pitch, and so does not score it (is "recused"), when:

- they are a member of the pitch's team ("On the pitch's team"),
- they work in the same department as the team's lead ("Same department as the team's lead"),
  compared without regard to case or surrounding spaces, or
- they declared one themselves, with a reason.

The first two are found from the records each time they are needed, so they follow changes
to teams; declared conflicts are stored.
"""

from __future__ import annotations

from dataclasses import dataclass

ON_TEAM = "On the pitch's team"
SAME_DEPARTMENT = "Same department as the team's lead"


@dataclass(frozen=True)
class Dragon:
    id: int
    department: str


@dataclass(frozen=True)
class PitchTeam:
    pitch_id: int
    member_ids: frozenset[int]
    lead_department: str


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def detected_reason(dragon: Dragon, team: PitchTeam) -> str | None:
    """Why the records show a conflict, or None when they show none."""
    if dragon.id in team.member_ids:
        return ON_TEAM
    if _same(dragon.department, team.lead_department):
        return SAME_DEPARTMENT
    return None


def conflict_reason(
    dragon: Dragon, team: PitchTeam, declared: dict[tuple[int, int], str]
) -> str | None:
    """The reason a dragon is recused from a pitch, or None. ``declared`` maps
    (pitch id, dragon id) to the reason the dragon gave. A detected conflict comes first."""
    return detected_reason(dragon, team) or declared.get((team.pitch_id, dragon.id))
