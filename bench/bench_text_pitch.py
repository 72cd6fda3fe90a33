"""How long does the checker take on a text-only pitch of about 400 words?

Median and slowest of --repeat runs after one warm-up (which loads textstat's dictionary);
each run's text differs so no cache helps. Target: <= 50 ms. Not a test: it prints figures.
bench_checker.py prints the same measurement as a row of its table (measure() below).

    .venv/bin/python bench/bench_text_pitch.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50

PARAGRAPH = (
    "Each year thousands of people renew a blue badge by post. The form asks for the same "
    "details every time and many people wait weeks for an answer. We think a short online "
    "service could check most details automatically and tell people the outcome the same day. "
    "Local councils told us that about half of their calls are about the progress of a renewal. "
)
WORDS = len((PARAGRAPH * 8).split())


def pitch(run: int):
    from spark.accessibility.pitch import PitchInput

    return PitchInput(
        title=f"Quicker blue badge renewals {run}",
        problem=PARAGRAPH * 3,
        idea="We will:\n- check details online\n- send a receipt\n\n" + PARAGRAPH * 3,
        benefits=PARAGRAPH * 2 + f"Green means done. Run {run}.",
        ask="£40,000 for a 3 month prototype.",
        team="Two developers and a designer.",
    )


def measure(repeat: int) -> list[float]:
    """Seconds for each of `repeat` checks of a different pitch, after one warm-up."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from spark.accessibility import check_pitch

    check_pitch(pitch(-1))
    times = []
    for run in range(repeat):
        started = time.perf_counter()
        check_pitch(pitch(run))
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    times = [seconds * 1000 for seconds in measure(args.repeat)]
    median = statistics.median(times)
    verdict = "ok" if median <= TARGET_MS else "MISSED"
    print(
        f"text-only pitch (~{WORDS} words): median {median:.1f} ms, slowest {max(times):.1f} ms "
        f"over {args.repeat} runs; target <= {TARGET_MS} ms {verdict}"
    )


if __name__ == "__main__":
    main()
