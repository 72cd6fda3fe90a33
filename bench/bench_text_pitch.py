"""How long does the checker take on a text-only pitch of about 400 words?

Median and slowest of --repeat runs after one warm-up (which loads textstat's dictionary);
each run's text differs so no cache helps. Target: <= 50 ms. Not a test: it prints figures.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from spark.accessibility import check_pitch

    words = len((PARAGRAPH * 8).split())
    check_pitch(pitch(-1))
    times = []
    for run in range(args.repeat):
        started = time.perf_counter()
        check_pitch(pitch(run))
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    verdict = "ok" if median <= TARGET_MS else "MISSED"
    print(
        f"text-only pitch (~{words} words): median {median:.1f} ms, slowest {max(times):.1f} ms "
        f"over {args.repeat} runs; target <= {TARGET_MS} ms {verdict}"
    )


if __name__ == "__main__":
    main()
