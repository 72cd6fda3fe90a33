"""How fast are the dragon's panel page and a sheet submit, with 500 and with 50,000 pitches?

For each scale, builds a fresh database through the migrations and fills it
(gen_panel_data.py: 2,000 dragons, panels of 8 dragons hearing 10 pitches, about 5 score
rows per pitch, so 250,000 at 50,000 pitches). Then, through the Flask test client signed in
as dragons (CSRF on, as served), times the bare layout (GET /sign-in, bench_layout.py), the
dragon's panel page, a pitch page with its score sheet, and a sheet submit (every criterion
scored and a verdict, each on a different sheet of a pitch whose scoring is open). Prints
one table, the scales side by side: median and p95 latency and SQL statements per request.
Not a test: nothing fails.

The measured panels have the same shape at every scale (10 pitches, 8 dragons), so a
difference between the columns is the size of the database, not of the page.

    .venv/bin/python bench/bench_panel.py [--scales 500,50000] [--requests 300]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/spark_bench]
"""

from __future__ import annotations

import argparse
import logging
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import bench_layout  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from gen_panel_data import (  # noqa: E402
    DRAGONS,
    HASH_METHOD,
    PASSWORD,
    PER_PANEL,
    SEATS,
    Plan,
    fresh_database,
    generate,
)
from sqlalchemy import event, func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from spark import create_app  # noqa: E402
from spark.extensions import db  # noqa: E402
from spark.panels.models import ScoreSheet  # noqa: E402


def app_for(url: str, upload_dir: str):
    return create_app(
        {
            "SPARK_ENV": "test",
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_STORAGE_URI": "memory://",
            "WTF_CSRF_ENABLED": True,  # as served: every form carries a token
            "TESTING": False,
            "SPARK_UPLOAD_DIR": upload_dir,
            "SPARK_NOTIFY_BACKEND": "log",
            "SPARK_PASSWORD_HASH_METHOD": HASH_METHOD,
        }
    )


# The measurements ---------------------------------------------------------------------------

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Dragons:
    """A signed-in test client per dragon (signed in through the sign-in form, not timed)."""

    def __init__(self, app):
        self.app, self.clients = app, {}

    def __call__(self, dragon: int):
        if dragon not in self.clients:
            client = self.app.test_client()
            token = TOKEN.search(client.get("/sign-in").get_data(as_text=True)).group(1)
            email = f"dragon{dragon}@example.gov.uk"
            form = {"email": email, "password": PASSWORD, "csrf_token": token}
            if client.post("/sign-in", data=form).status_code != 302:
                sys.exit(f"{email} could not sign in")
            self.clients[dragon] = (client, token)
        return self.clients[dragon]


def sheet_form(token: str, criteria: int, n: int) -> dict[str, str]:
    """Every criterion scored, a verdict and a reason, and the submit button: a new sheet
    (spark/panels/sheet_forms.py names the fields)."""
    form = {"csrf_token": token, "version": "", "submit_sheet": "Submit score sheet"}
    form |= {"verdict": "out" if n % 2 else "in", "reason": "The evidence is thin"}
    for c in range(1, criteria + 1):
        form[f"score_{c}"] = str((n + c) % 5 + 1)
        form[f"comment_{c}"] = "Good evidence from users" if c == 1 else ""
    return form


def timed(call: Callable[[int], object], count: int, queries: list[int]) -> dict[str, float]:
    """Run ``call(i)`` ``count`` times: median and p95 in ms, and SQL statements per call."""
    timings, counted = [], set()
    for i in range(count):
        queries[0] = 0
        before = time.perf_counter()
        call(i)
        timings.append(time.perf_counter() - before)
        counted.add(queries[0])
    timings.sort()
    return {
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": bench_layout.percentile(timings, 0.95) * 1000,
        "queries": "/".join(str(q) for q in sorted(counted)),
    }


def expect(response, status: int, what: str):
    if response.status_code != status:
        body = response.get_data(as_text=True)[:300]
        sys.exit(f"{what} answered {response.status_code}, not {status}: {body}")
    return response


def measure(app, plan: Plan, requests: int, warmup: int) -> dict[str, dict]:
    queries = [0]

    def count(*_args) -> None:
        queries[0] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    dragons = Dragons(app)
    viewer, _ = dragons(plan.viewer)
    show = plan.show_panel
    scoring_pitch = (show - 1) * PER_PANEL + 7
    panel_page = f"/panels/{show}"
    pitch_page = f"{panel_page}/pitches/{scoring_pitch}"
    for _ in range(warmup):
        expect(viewer.get(panel_page), 200, panel_page)
        expect(viewer.get(pitch_page), 200, pitch_page)
    figures = {
        "panel": timed(lambda _i: expect(viewer.get(panel_page), 200, "panel"), requests, queries),
        "pitch": timed(lambda _i: expect(viewer.get(pitch_page), 200, "pitch"), requests, queries),
    }
    triples = [
        (panel, pitch, dragon)
        for panel in plan.submit_panels
        for pitch in plan.pitch_ids(panel)
        for dragon in plan.members(panel)
    ]
    for _panel, _pitch, dragon in triples[: requests + warmup]:
        dragons(dragon)  # sign every submitter in before the clock starts

    def submit(i: int) -> None:
        panel, pitch, dragon = triples[i]
        client, token = dragons(dragon)
        url = f"/panels/{panel}/pitches/{pitch}"
        expect(client.post(url, data=sheet_form(token, 6, i)), 302, f"submit {url}")

    for i in range(warmup):
        submit(i)
    figures["submit"] = timed(lambda i: submit(warmup + i), requests, queries)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", count)
        first = plan.pitch_ids(plan.submit_panels[0])[0]
        last = plan.pitch_ids(plan.submit_panels[-1])[-1]
        submitted = db.session.scalar(
            select(func.count()).where(
                ScoreSheet.status == "submitted", ScoreSheet.pitch_id.between(first, last)
            )
        )
    if submitted != warmup + requests:  # a 302 to the sign-in page would pass for a submit
        sys.exit(f"{warmup + requests} submits made {submitted} submitted sheets")
    return figures


def run_scale(pitches: int, url: str | None, requests: int, warmup: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="spark-bench-") as folder:
        url = url or f"sqlite:///{Path(folder) / 'bench.db'}"
        fresh_database(url)
        app = app_for(url, str(Path(folder) / "uploads"))
        plan = Plan(pitches, requests + warmup)
        with app.app_context():
            started = time.perf_counter()
            upgrade()
            migrated = time.perf_counter()
            counts = generate(plan)
            generated = time.perf_counter()
        figures = measure(app, plan, requests, warmup)
        figures["layout"] = bench_layout.run("/sign-in", requests, warmup) | {"queries": "0"}
        with app.app_context():
            db.engine.dispose()
    return {
        "figures": figures,
        "counts": counts,
        "migrate_s": migrated - started,
        "generate_s": generated - migrated,
        "backend": make_url(url).get_backend_name(),
    }


ROWS = (
    ("layout", "bare layout: GET /sign-in"),
    ("panel", "panel page: GET /panels/<id>"),
    ("pitch", "pitch page: GET /panels/<id>/pitches/<id>"),
    ("submit", "sheet submit: POST (302)"),
)


def table(results: dict[int, dict]) -> str:
    scales = list(results)
    width = 26
    lines = [f"{'':44}" + "".join(f"{f'{s:,} pitches':>{width}}" for s in scales)]

    def line(label: str, cells: Iterable[str]) -> None:
        lines.append(f"{label:44}" + "".join(f"{cell:>{width}}" for cell in cells))

    line("score rows", (f"{r['counts']['scores']:,}" for r in results.values()))
    line(
        "rows generated (all tables)", (f"{sum(r['counts'].values()):,}" for r in results.values())
    )
    line(
        "migrate + generate",
        (f"{r['migrate_s']:.1f} s + {r['generate_s']:.1f} s" for r in results.values()),
    )
    line("", ("median / p95, queries" for _ in scales))
    for key, label in ROWS:
        cells = []
        for r in results.values():
            f = r["figures"][key]
            cells.append(f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} ms, {f['queries']} q")
        line(label, cells)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="500,50000", help="pitches, comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--database-url", help="PostgreSQL to use (emptied!); default SQLite")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)  # the migrations' INFO lines stay quiet
    results = {}
    for scale in (int(s) for s in args.scales.split(",")):
        print(f"{scale:,} pitches: generating and measuring...", file=sys.stderr)
        results[scale] = run_scale(scale, args.database_url, args.requests, args.warmup)
    backend = next(iter(results.values()))["backend"]
    print(
        f"Panel pages, {backend}, {DRAGONS:,} dragons, panels of {SEATS} hearing {PER_PANEL} "
        f"pitches, {args.requests} timed requests a row (Flask test client, one process)"
    )
    print(table(results))


if __name__ == "__main__":
    main()
