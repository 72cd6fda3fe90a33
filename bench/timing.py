"""What the page benchmarks share: a scale that counts SQL statements per request and times
each row's requests, and the turns the scales take so a busy machine slows every column
alike. Used by bench_panel.py and bench_lab.py."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import bench_layout
from sqlalchemy import event

from spark.extensions import db


class TimedScale:
    """Timings and statement counts per row key; ``calls`` maps each key to one request.
    Call ``count_statements`` inside the app context once the database is filled."""

    def __init__(self, keys: list[str]):
        self.queries = 0
        self.calls: dict[str, Callable[[], object]] = {}
        self.timings: dict[str, list[float]] = {key: [] for key in keys}
        self.counted: dict[str, set[int]] = {key: set() for key in keys}

    def count_statements(self) -> None:
        event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_args) -> None:
        self.queries += 1

    def run(self, key: str, count: int, *, timed: bool = True) -> None:
        for _ in range(count):
            self.queries = 0
            before = time.perf_counter()
            self.calls[key]()
            if timed:
                self.timings[key].append(time.perf_counter() - before)
                self.counted[key].add(self.queries)

    def figures(self, key: str) -> dict[str, float | str]:
        timings = sorted(self.timings[key])
        return {
            "p50_ms": statistics.median(timings) * 1000,
            "p95_ms": bench_layout.percentile(timings, 0.95) * 1000,
            "queries": "/".join(str(q) for q in sorted(self.counted[key])),
        }


def measure(
    scales: list[TimedScale], keys: list[str], requests: int, warmup: int, rounds: int = 10
) -> None:
    """Warm every row up, then time ``requests`` of each, the scales taking turns."""
    for scale in scales:
        for key in keys:
            scale.run(key, warmup, timed=False)
    for turn in range(rounds):
        share = requests // rounds + (1 if turn < requests % rounds else 0)
        for scale in scales:
            for key in keys:
                scale.run(key, share)


def figure_cells(scales: list[TimedScale], key: str) -> list[str]:
    cells = []
    for scale in scales:
        f = scale.figures(key)
        cells.append(f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} ms, {f['queries']} q")
    return cells
