"""Routing: which panel hears which eligible pitch.

Pure: the standard library only.

The rules:

- **Quorum.** A pitch may go only to a panel where at least ``quorum`` dragons (the chair
  counts: they score like the others) are free of conflict with it. Conflicts are the
  detected ones (on the pitch's team, same department as the team's lead) and the declared
  ones; the caller passes them as (pitch id, user id) pairs.
- **Unplaced pitches.** A pitch with no such panel is not placed; the reason names every
  panel and how many dragons it has free of conflict with the pitch.
- **Balance.** Among the panels a pitch may go to, the plan keeps the number of pitches per
  panel (counting pitches already on each panel, which are never moved) as even as the
  conflicts allow: no chain of moves of newly placed pitches, each to another panel it may
  go to, could take a pitch off one panel and onto a panel with two or more fewer. Where
  conflicts force it (a pitch only one panel may hear), panels may differ by more.
- **Method.** Most constrained pitch first (fewest panels it may go to, then the lowest
  pitch id), each onto the panel it may go to with the fewest pitches (ties: lowest panel
  id); then, while a chain of moves as above exists, make it (each move strictly lowers
  the sum of the squared panel sizes, so this ends, at the most even plan possible).
- **Determinism.** Inputs are sorted by id first, so the same pitches, panels, conflicts
  and quorum always give the same plan whatever order they come in. A panel's new pitches
  join the end of its running order, lowest pitch id first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RoutingPitch:
    id: int
    title: str = ""


@dataclass(frozen=True)
class RoutingPanel:
    id: int
    name: str
    member_ids: frozenset[int]
    pitch_count: int = 0  # pitches already on the panel


@dataclass(frozen=True)
class Placement:
    pitch_id: int
    panel_id: int
    reason: str


@dataclass(frozen=True)
class Unplaced:
    pitch_id: int
    reason: str


@dataclass(frozen=True)
class Plan:
    """Placements and unplaced pitches, each ordered by pitch id."""

    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]

    def panel_of(self, pitch_id: int) -> int | None:
        return next((p.panel_id for p in self.placements if p.pitch_id == pitch_id), None)

    def by_panel(self) -> dict[int, list[int]]:
        """Panel id -> the pitch ids the plan adds to it, in running order."""
        result: dict[int, list[int]] = {}
        for placement in self.placements:
            result.setdefault(placement.panel_id, []).append(placement.pitch_id)
        return result

    def fingerprint(self) -> str:
        """A short text that is equal for two plans exactly when they place the same pitches
        on the same panels and leave out the same pitches (reasons aside)."""
        placed = ",".join(f"{p.pitch_id}:{p.panel_id}" for p in self.placements)
        left = ",".join(str(u.pitch_id) for u in self.unplaced)
        return f"{placed};{left}"


def dragons(count: int) -> str:
    return f"{count} dragon{'' if count == 1 else 's'}"


def free_dragons(panel: RoutingPanel, pitch_id: int, conflicts: Collection[tuple[int, int]]) -> int:
    """How many of the panel's dragons are free of conflict with the pitch."""
    return sum(1 for user_id in panel.member_ids if (pitch_id, user_id) not in conflicts)


def assignment_refusal(
    pitch_id: int, panel: RoutingPanel, conflicts: Collection[tuple[int, int]], quorum: int
) -> str | None:
    """Why the pitch may not go to the panel (too few dragons free of conflict), or None."""
    free = free_dragons(panel, pitch_id, conflicts)
    if free >= quorum:
        return None
    has = "none" if free == 0 else f"only {free}"
    return (
        f"{panel.name} has {has} of the {dragons(quorum)} free of conflict with this pitch "
        f"that it needs. Choose another panel, or add dragons to {panel.name}"
    )


def removal_shortfall(
    panel: RoutingPanel,
    user_id: int,
    pitches: Iterable[RoutingPitch],
    conflicts: Collection[tuple[int, int]],
    quorum: int,
) -> list[tuple[RoutingPitch, int]]:
    """The quorum rule holds after routing too: the pitches that would have fewer than
    ``quorum`` dragons free of conflict if ``user_id`` left the panel, each with how many it
    would have, in the order given. The caller passes the pitches still to be scored."""
    remaining = RoutingPanel(panel.id, panel.name, panel.member_ids - {user_id}, panel.pitch_count)
    short = []
    for pitch in pitches:
        free = free_dragons(remaining, pitch.id, conflicts)
        if free < quorum:
            short.append((pitch, free))
    return short


def removal_shortfall_message(
    name: str, shortfall: list[tuple[RoutingPitch, int]], quorum: int
) -> str:
    """Why ``name`` cannot leave the panel, naming each pitch that would fall below quorum."""
    titles = [f"‘{pitch.title or 'Untitled pitch'}’" for pitch, _free in shortfall]
    end = "Add another dragon to the panel first"
    if len(shortfall) == 1:
        free = shortfall[0][1]
        has = "none" if free == 0 else f"only {free}"
        return (
            f"You cannot remove {name} because {titles[0]} would then have {has} of the "
            f"{dragons(quorum)} free of conflict it needs. {end}"
        )
    listed = [
        f"{title} ({free or 'none'})" for title, (_p, free) in zip(titles, shortfall, strict=True)
    ]
    return (
        f"You cannot remove {name} because {len(shortfall)} pitches would then have fewer "
        f"than the {dragons(quorum)} free of conflict they need: "
        f"{', '.join(listed[:-1])} and {listed[-1]}. {end}"
    )


def current_after_removal(current: int | None, removed: int) -> int | None:
    """The running-order position of the pitch now pitching once the pitch at ``removed``
    comes off the panel and the pitches after it move up one place: the same pitch, or None
    when it was the one that came off (nothing is pitching now)."""
    if current is None or current == removed:
        return None
    return current - 1 if current > removed else current


def _names(panels: list[RoutingPanel]) -> str:
    names = [panel.name for panel in panels]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _unplaced_reason(
    pitch_id: int, panels: list[RoutingPanel], conflicts: Collection[tuple[int, int]], quorum: int
) -> str:
    if not panels:
        return "There are no panels in this round yet"
    counts = ", ".join(
        f"{panel.name} has {free_dragons(panel, pitch_id, conflicts) or 'none'}" for panel in panels
    )
    return f"No panel has {dragons(quorum)} free of conflict with this pitch: {counts}"


def _placed_reason(chosen: RoutingPanel, eligible: list[RoutingPanel], quorum: int) -> str:
    enough = f"at least {dragons(quorum)} free of conflict with this pitch"
    if len(eligible) == 1:
        return f"The only panel with {enough}"
    return (
        f"Keeps the number of pitches per panel even among the {len(eligible)} panels with "
        f"{enough} ({_names(eligible)})"
    )


def _improving_chain(
    counts: dict[int, int],
    placed: dict[int, int],
    eligible: dict[int, list[int]],
) -> list[tuple[int, int]] | None:
    """A chain of moves [(pitch id, to panel id), ...] taking one pitch off the fullest
    possible panel and adding one to a panel with at least two fewer, or None."""
    for start in sorted(counts, key=lambda panel_id: (-counts[panel_id], panel_id)):
        # Breadth-first over panels: from a panel, a placed pitch may move to any panel it
        # may go to. Visiting in id order keeps the search deterministic.
        came_from: dict[int, tuple[int, int] | None] = {start: None}
        queue = deque([start])
        while queue:
            panel_id = queue.popleft()
            if counts[panel_id] <= counts[start] - 2:
                chain: list[tuple[int, int]] = []
                step = panel_id
                while came_from[step] is not None:
                    pitch_id, previous = came_from[step]  # type: ignore[misc]
                    chain.append((pitch_id, step))
                    step = previous
                return list(reversed(chain))
            for pitch_id in sorted(p for p, on in placed.items() if on == panel_id):
                for target in eligible[pitch_id]:
                    if target not in came_from:
                        came_from[target] = (pitch_id, panel_id)
                        queue.append(target)
    return None


def plan_routing(
    pitches: Iterable[RoutingPitch],
    panels: Iterable[RoutingPanel],
    conflicts: Collection[tuple[int, int]],
    quorum: int,
) -> Plan:
    """Route the pitches to the panels as the module docstring says."""
    pitch_list = sorted({pitch.id: pitch for pitch in pitches}.values(), key=lambda p: p.id)
    panel_list = sorted(panels, key=lambda panel: panel.id)
    by_id = {panel.id: panel for panel in panel_list}
    conflict_set = frozenset(conflicts)
    eligible = {
        pitch.id: [
            panel.id
            for panel in panel_list
            if free_dragons(panel, pitch.id, conflict_set) >= quorum
        ]
        for pitch in pitch_list
    }
    unplaced = tuple(
        Unplaced(pitch.id, _unplaced_reason(pitch.id, panel_list, conflict_set, quorum))
        for pitch in pitch_list
        if not eligible[pitch.id]
    )
    counts = {panel.id: panel.pitch_count for panel in panel_list}
    placed: dict[int, int] = {}
    for pitch in sorted(
        (pitch for pitch in pitch_list if eligible[pitch.id]),
        key=lambda pitch: (len(eligible[pitch.id]), pitch.id),
    ):
        target = min(eligible[pitch.id], key=lambda panel_id: (counts[panel_id], panel_id))
        placed[pitch.id] = target
        counts[target] += 1
    while chain := _improving_chain(counts, placed, eligible):
        counts[placed[chain[0][0]]] -= 1
        counts[chain[-1][1]] += 1
        for pitch_id, target in chain:
            placed[pitch_id] = target
    placements = tuple(
        Placement(
            pitch_id,
            panel_id,
            _placed_reason(by_id[panel_id], [by_id[i] for i in eligible[pitch_id]], quorum),
        )
        for pitch_id, panel_id in sorted(placed.items())
    )
    return Plan(placements=placements, unplaced=unplaced)
