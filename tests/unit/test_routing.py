"""Routing (spark/panels/routing.py): quorum, balance, reasons, determinism."""

from __future__ import annotations

import itertools
import random

import pytest

from spark.panels.routing import (
    Placement,
    Plan,
    RoutingPanel,
    RoutingPitch,
    Unplaced,
    assignment_refusal,
    free_dragons,
    plan_routing,
    removal_shortfall,
    removal_shortfall_message,
)


def panel(id_: int, *members: int, name: str | None = None, count: int = 0) -> RoutingPanel:
    return RoutingPanel(id_, name or f"Panel {id_}", frozenset(members), count)


def pitches(*ids: int) -> list[RoutingPitch]:
    return [RoutingPitch(i) for i in ids]


def sizes(plan: Plan, panels: list[RoutingPanel]) -> dict[int, int]:
    counts = {p.id: p.pitch_count for p in panels}
    for placement in plan.placements:
        counts[placement.panel_id] += 1
    return counts


A = panel(1, 10, 11, 12, name="Panel A")
B = panel(2, 20, 21, 22, name="Panel B")


def test_pitches_are_spread_evenly_in_pitch_and_panel_order():
    plan = plan_routing(pitches(101, 102, 103, 104, 105), [A, B], set(), 3)
    assert [(p.pitch_id, p.panel_id) for p in plan.placements] == [
        (101, 1),
        (102, 2),
        (103, 1),
        (104, 2),
        (105, 1),
    ]
    assert plan.unplaced == ()
    assert plan.by_panel() == {1: [101, 103, 105], 2: [102, 104]}
    assert plan.placements[0].reason == (
        "Keeps the number of pitches per panel even among the 2 panels with at least "
        "3 dragons free of conflict with this pitch (Panel A and Panel B)"
    )


def test_pitches_already_on_a_panel_count_towards_balance():
    fuller = panel(1, 10, 11, 12, name="Panel A", count=3)
    plan = plan_routing(pitches(1, 2, 3, 4), [fuller, B], set(), 3)
    assert plan.by_panel() == {2: [1, 2, 3], 1: [4]}
    assert sizes(plan, [fuller, B]) == {1: 4, 2: 3}


def test_a_conflicted_panel_is_skipped_and_the_reason_says_it_was_the_only_one():
    plan = plan_routing(pitches(7), [A, B], {(7, 10)}, 3)
    assert plan.placements == (
        Placement(7, 2, "The only panel with at least 3 dragons free of conflict with this pitch"),
    )


def test_the_chair_and_spare_dragons_count_towards_quorum():
    big = panel(1, 10, 11, 12, 13, name="Panel A")
    plan = plan_routing(pitches(7), [big], {(7, 10)}, 3)
    assert plan.panel_of(7) == 1
    assert plan.panel_of(8) is None


def test_most_constrained_pitch_goes_first():
    # Pitch 1 may go anywhere; pitch 2 only to Panel A. Taking pitches in id order would put
    # pitch 1 on Panel A and then pitch 2 beside it (2 and 0).
    plan = plan_routing(pitches(1, 2), [A, B], {(2, 20)}, 3)
    assert plan.by_panel() == {1: [2], 2: [1]}


def test_a_later_move_evens_out_what_greedy_placement_leaves_uneven():
    # C already has 10. Pitch 1 may go to A or B, pitches 2 and 3 to A or C. Greedy in
    # order (all have two panels) gives A: 1, 2, 3 and B: none; the plan moves pitch 1 to B.
    c = panel(3, 30, 31, 32, name="Panel C", count=10)
    conflicts = {(1, 30), (2, 20), (3, 20)}
    plan = plan_routing(pitches(1, 2, 3), [A, B, c], conflicts, 3)
    assert plan.by_panel() == {2: [1], 1: [2, 3]}


def test_a_chain_of_moves_evens_out_what_no_single_move_can():
    # One dragon per panel, quorum 1. A and B hold 3 pitches already, C and D 2.
    # Pitch 15 may go to B, C or D; pitch 24 to A, B or C. Greedy: 15 to C (fewest, lower
    # id), then 24 to A (all three now have 3): A 4, B 3, C 3, D 2. No single move helps,
    # but 24 to C and 15 from C to D gives 3 each.
    panels_ = [panel(i, i * 10, count=n) for i, n in ((1, 3), (2, 3), (3, 2), (4, 2))]
    plan = plan_routing(pitches(15, 24), panels_, {(15, 10), (24, 40)}, 1)
    assert plan.by_panel() == {4: [15], 3: [24]}
    assert set(sizes(plan, panels_).values()) == {3}


def test_no_panels():
    plan = plan_routing(pitches(1, 2), [], set(), 3)
    assert plan.placements == ()
    assert plan.unplaced == (
        Unplaced(1, "There are no panels in this round yet"),
        Unplaced(2, "There are no panels in this round yet"),
    )


def test_every_panel_conflicted():
    plan = plan_routing(pitches(5), [A, B], {(5, 10), (5, 20), (5, 21)}, 3)
    assert plan.placements == ()
    assert plan.unplaced == (
        Unplaced(
            5,
            "No panel has 3 dragons free of conflict with this pitch: Panel A has 2, Panel B has 1",
        ),
    )


def test_every_dragon_conflicted_says_none():
    small = panel(1, 10, name="Panel A")
    plan = plan_routing(pitches(5), [small], {(5, 10)}, 1)
    assert plan.unplaced[0].reason == (
        "No panel has 1 dragon free of conflict with this pitch: Panel A has none"
    )


def test_quorum_above_every_panels_size():
    plan = plan_routing(pitches(1), [A, B], set(), 4)
    assert plan.placements == ()
    assert "No panel has 4 dragons" in plan.unplaced[0].reason
    assert plan.unplaced[0].reason.endswith("Panel A has 3, Panel B has 3")


def test_more_pitches_than_balance_allows_go_where_they_can():
    # Every pitch conflicts with Panel B: all go to Panel A, and the plan says why.
    conflicts = {(i, 20) for i in range(1, 6)}
    plan = plan_routing(pitches(1, 2, 3, 4, 5), [A, B], conflicts, 3)
    assert plan.by_panel() == {1: [1, 2, 3, 4, 5]}
    assert all("The only panel" in p.reason for p in plan.placements)


def test_no_pitches_no_plan():
    plan = plan_routing([], [A, B], set(), 3)
    assert plan == Plan((), ())
    assert plan.fingerprint() == ";"


def test_the_same_input_in_any_order_gives_the_same_plan():
    items = pitches(*range(1, 12))
    c = panel(3, 30, 31, 32, 33, name="Panel C")
    conflicts = {(2, 10), (2, 30), (5, 20), (9, 31), (9, 32)}
    first = plan_routing(items, [A, B, c], conflicts, 3)
    shuffled = random.Random(4).sample(items, len(items))
    second = plan_routing(shuffled, [c, B, A], sorted(conflicts, reverse=True), 3)
    assert first == second
    assert first.fingerprint() == second.fingerprint()


def test_fingerprint_changes_when_the_plan_does():
    before = plan_routing(pitches(1, 2), [A, B], set(), 3)
    after = plan_routing(pitches(1, 2), [A, B], {(1, 10)}, 3)
    assert before.fingerprint() == "1:1,2:2;"
    assert after.fingerprint() != before.fingerprint()


def test_free_dragons_and_assignment_refusal():
    conflicts = {(1, 10), (1, 11)}
    assert free_dragons(A, 1, conflicts) == 1
    assert assignment_refusal(1, A, conflicts, 3) == (
        "Panel A has only 1 of the 3 dragons free of conflict with this pitch that it needs. "
        "Choose another panel, or add dragons to Panel A"
    )
    assert assignment_refusal(1, A, {(1, 10), (1, 11), (1, 12)}, 1).startswith(
        "Panel A has none of the 1 dragon free"
    )
    assert assignment_refusal(1, B, conflicts, 3) is None


# Many random inputs: the invariants hold, and the plan is as even as any plan could be. -------


def _random_case(rng: random.Random):
    panel_count = rng.randint(0, 4)
    panels_ = [
        RoutingPanel(
            100 + i,
            f"Panel {i}",
            frozenset(rng.sample(range(1, 13), rng.randint(1, 5))),
            rng.choice([0, 0, 0, 1, 2, 5]),
        )
        for i in range(panel_count)
    ]
    items = pitches(*rng.sample(range(1, 60), rng.randint(0, 7)))
    conflicts = {(pitch.id, user) for pitch in items for user in range(1, 13) if rng.random() < 0.2}
    return items, panels_, conflicts, rng.randint(1, 4)


def _best_sum_of_squares(items, panels_, conflicts, quorum) -> int:
    options = []
    for pitch in items:
        allowed = [p.id for p in panels_ if free_dragons(p, pitch.id, conflicts) >= quorum]
        if allowed:
            options.append(allowed)
    best = None
    for choice in itertools.product(*options):
        counts = {p.id: p.pitch_count for p in panels_}
        for panel_id in choice:
            counts[panel_id] += 1
        total = sum(c * c for c in counts.values())
        best = total if best is None else min(best, total)
    return best if best is not None else sum(p.pitch_count**2 for p in panels_)


def _random_choices(rng: random.Random):
    """One dragon per panel and quorum 1, so each pitch may go to a random set of panels:
    the cases where placing pitches one by one needs chains of moves to even out."""
    count = rng.randint(1, 5)
    panels_ = [panel(100 + i, i, count=rng.choice([0, 0, 1, 2, 3])) for i in range(count)]
    items = pitches(*rng.sample(range(1, 60), rng.randint(0, 8)))
    conflicts = set()
    for pitch in items:
        allowed = set(rng.sample(range(count), rng.randint(0, min(3, count))))
        conflicts |= {(pitch.id, i) for i in range(count) if i not in allowed}
    return items, panels_, conflicts, 1


@pytest.mark.parametrize("seed", range(600))
def test_invariants_over_random_inputs(seed):
    rng = random.Random(seed)
    items, panels_, conflicts, quorum = (_random_choices if seed % 2 else _random_case)(rng)
    plan = plan_routing(items, panels_, conflicts, quorum)
    by_id = {p.id: p for p in panels_}

    # Every pitch is either placed once or unplaced with a reason.
    placed = [p.pitch_id for p in plan.placements]
    left = [u.pitch_id for u in plan.unplaced]
    assert sorted(placed + left) == sorted(p.id for p in items)
    assert placed == sorted(placed) and left == sorted(left)
    assert all(u.reason for u in plan.unplaced)

    # Quorum: no pitch on a panel with too few dragons free of conflict; unplaced ones had none.
    for placement in plan.placements:
        assert free_dragons(by_id[placement.panel_id], placement.pitch_id, conflicts) >= quorum
        assert placement.reason
    for unplaced in plan.unplaced:
        assert all(free_dragons(p, unplaced.pitch_id, conflicts) < quorum for p in panels_)

    # Balance: no placed pitch could move to another allowed panel with two fewer pitches,
    # and no other plan is more even.
    counts = sizes(plan, panels_)
    for placement in plan.placements:
        for other in panels_:
            if free_dragons(other, placement.pitch_id, conflicts) >= quorum:
                assert counts[other.id] >= counts[placement.panel_id] - 1
    assert sum(c * c for c in counts.values()) == _best_sum_of_squares(
        items, panels_, conflicts, quorum
    )

    # Determinism whatever the order of the input.
    again = plan_routing(
        rng.sample(items, len(items)), rng.sample(panels_, len(panels_)), set(conflicts), quorum
    )
    assert again == plan


# Removing a dragon must not leave a pitch below quorum ---------------------------------------


def test_removal_shortfall_names_the_pitches_that_would_fall_below_quorum():
    crew = panel(1, 10, 11, 12, 13, name="Panel A")
    ideas = [RoutingPitch(1, "Idea 1"), RoutingPitch(2, "Idea 2"), RoutingPitch(3, "Idea 3")]
    conflicts = {(2, 11), (3, 11), (3, 12)}
    # Without 10: Idea 1 keeps 3, Idea 2 has 2 (11 conflicted), Idea 3 has 1.
    assert removal_shortfall(crew, 10, ideas, conflicts, 3) == [(ideas[1], 2), (ideas[2], 1)]
    # A conflicted dragon's leaving changes nothing for that pitch.
    assert removal_shortfall(crew, 11, ideas[1:2], conflicts, 3) == []
    assert removal_shortfall(crew, 10, ideas, conflicts, 1) == []
    assert removal_shortfall(crew, 99, ideas, set(), 4) == []


def test_removal_shortfall_message_gives_names_and_counts():
    one = removal_shortfall_message("Dee Dragon", [(RoutingPitch(2, "Idea 2"), 2)], 3)
    assert one == (
        "You cannot remove Dee Dragon because ‘Idea 2’ would then have only 2 of the 3 "
        "dragons free of conflict it needs. Add another dragon to the panel first"
    )
    two = removal_shortfall_message(
        "Dee Dragon", [(RoutingPitch(2, "Idea 2"), 2), (RoutingPitch(3, ""), 0)], 3
    )
    assert two == (
        "You cannot remove Dee Dragon because 2 pitches would then have fewer than the 3 "
        "dragons free of conflict they need: ‘Idea 2’ (2) and ‘Untitled pitch’ (none). "
        "Add another dragon to the panel first"
    )


@pytest.mark.parametrize(
    ("current", "removed", "after"),
    [(None, 2, None), (1, 2, 1), (3, 2, 2), (2, 2, None), (5, 1, 4)],
)
def test_now_pitching_follows_a_pitch_taken_off_the_running_order(current, removed, after):
    from spark.panels.routing import current_after_removal

    assert current_after_removal(current, removed) == after
