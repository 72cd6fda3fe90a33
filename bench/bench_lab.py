"""How fast are the lab board and the showcase with 500 and with 5,000 projects (50,000
benefit readings)?

For each scale, builds a fresh database through the migrations and fills it
(gen_lab_data.py: a signed funded decision and a lab project per pitch, spread over the
stages, with timelines, milestones, metrics with five readings each, tranches, spend and
stories). Then, through the Flask test client (CSRF on, as served), times in the same run
the bare layout (GET /sign-in, bench_layout.py), the lab board as the lab sees it (all and
filtered), the portfolio's milestones and benefits, and the showcase as a colleague from another
department sees it (all and searched). Prints one table, the scales side by side: median and
p95 latency and SQL statements per request. The scales take turns (ten turns of a tenth of
the requests each), so a machine busy with something else slows every column alike. Not a
test.

    .venv/bin/python bench/bench_lab.py [--scales 500,5000] [--requests 100]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/spark_bench_lab]

--database-url uses PostgreSQL: <name>_500 and <name>_5000 are created if missing and
EMPTIED.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import bench_layout  # noqa: E402
from bench_panel import TOKEN, app_for, database_url, expect  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from gen_lab_data import METRICS_PER_PROJECT, READINGS_PER_METRIC, generate  # noqa: E402
from gen_panel_data import PASSWORD, fresh_database  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from timing import TimedScale, figure_cells, measure  # noqa: E402

from spark.extensions import db  # noqa: E402

# (key, label, who, path): who signs in ("lab" or "colleague"; None: nobody).
ROWS = (
    ("layout", "bare layout: GET /sign-in", None, "/sign-in"),
    ("board", "lab board: GET /lab", "lab", "/lab"),
    ("filtered", "board, overdue in a round", "lab", "/lab?round=2&status=overdue"),
    ("milestones", "portfolio milestones", "lab", "/lab/milestones"),
    ("benefits", "benefits across all projects", "lab", "/lab/benefits"),
    ("showcase", "showcase: GET /showcase", "colleague", "/showcase"),
    ("search", "showcase search", "colleague", "/showcase?q=plainer+letters"),
)


KEYS = [key for key, *_ in ROWS]


def signed_in(app, email: str):
    client = app.test_client()
    token = TOKEN.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    if client.post("/sign-in", data=form).status_code != 302:
        sys.exit(f"{email} could not sign in")
    return client


class Scale(TimedScale):
    """One scale: its database, filled; its app and signed-in people; each row's timings."""

    def __init__(self, projects: int, url: str, folder: Path):
        super().__init__(KEYS)
        fresh_database(url)
        self.app = app_for(url, str(folder / "uploads"))
        self.backend = make_url(url).get_backend_name()
        with self.app.app_context():
            started = time.perf_counter()
            upgrade()
            migrated = time.perf_counter()
            self.counts = generate(projects)
            self.migrate_s, self.generate_s = migrated - started, time.perf_counter() - migrated
            self.count_statements()
        clients = {
            "lab": signed_in(self.app, "lab@example.gov.uk"),
            "colleague": signed_in(self.app, "colleague@example.gov.uk"),
            None: bench_layout.build_app().test_client(),
        }
        self.calls = {
            key: (lambda c=clients[who], p=path: expect(c.get(p), 200, p))
            for key, _label, who, path in ROWS
        }


def table(results: dict[int, Scale]) -> str:
    width = 26
    lines = [f"{'':36}" + "".join(f"{f'{s:,} projects':>{width}}" for s in results)]

    def line(label: str, cells: Iterable[str]) -> None:
        lines.append(f"{label:36}" + "".join(f"{cell:>{width}}" for cell in cells))

    scales = list(results.values())
    line("benefit readings", (f"{s.counts['lab_metric_readings']:,}" for s in scales))
    line("rows generated (all tables)", (f"{sum(s.counts.values()):,}" for s in scales))
    line("migrate + generate", (f"{s.migrate_s:.1f} s + {s.generate_s:.1f} s" for s in scales))
    line("", ("median / p95, queries" for _ in scales))
    for key, label, *_ in ROWS:
        line(label, figure_cells(scales, key))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="500,5000", help="projects, comma-separated")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument(
        "--database-url", help="PostgreSQL; <name>_<projects> is created and emptied per scale"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="spark-bench-lab-") as name:
        folder, results = Path(name), {}
        for projects in (int(s) for s in args.scales.split(",")):
            print(f"{projects:,} projects: generating...", file=sys.stderr)
            url = database_url(args.database_url, folder, projects)
            results[projects] = Scale(projects, url, folder / str(projects))
        print("measuring, the scales taking turns...", file=sys.stderr)
        measure(list(results.values()), KEYS, args.requests, args.warmup)
        for scale in results.values():
            with scale.app.app_context():
                db.engine.dispose()
    backend = next(iter(results.values())).backend
    print(
        f"Lab board and showcase, {backend}, {METRICS_PER_PROJECT} metrics a project with "
        f"{READINGS_PER_METRIC} readings each, {args.requests} timed requests a row "
        "(Flask test client, one process)"
    )
    print(table(results))


if __name__ == "__main__":
    main()
