"""How fast are the dragon's panel page and a sheet submit, with 500 and with 50,000 pitches?

For each scale, builds a fresh database through the migrations and fills it
(gen_panel_data.py: 2,000 dragons, panels of 8 dragons hearing 10 pitches, about 5 score
rows per pitch, so 250,000 at 50,000 pitches). Then, through the Flask test client signed in
as dragons (CSRF on, as served), times the bare layout (GET /sign-in, bench_layout.py), the
dragon's panel page, a pitch page with its score sheet, and a sheet submit (every criterion
scored and a verdict, each on a different sheet of a pitch whose scoring is open). Prints
one table, the scales side by side: median and p95 latency and SQL statements per request.
Both databases are built first, then the scales take turns (ten turns of a tenth of the
requests each), so a machine busy with something else slows every column alike. Not a test.

The measured panels have the same shape at every scale (10 pitches, 8 dragons), so a
difference between the columns is the size of the database, not of the page.

    .venv/bin/python bench/bench_panel.py [--scales 500,50000] [--requests 300]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/spark_bench]

--database-url uses PostgreSQL: spark_bench_500 and spark_bench_50000 are created if
missing and EMPTIED.
"""

from __future__ import annotations

import argparse
import logging
import re
import secrets
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
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from timing import TimedScale, figure_cells, measure  # noqa: E402

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


def expect(response, status: int, what: str):
    if response.status_code != status:
        body = response.get_data(as_text=True)[:300]
        sys.exit(f"{what} answered {response.status_code}, not {status}: {body}")
    return response


ROWS = (
    ("layout", "bare layout: GET /sign-in"),
    ("panel", "panel page: GET /panels/<id>"),
    ("pitch", "pitch page: GET /panels/<id>/pitches/<id>"),
    ("submit", "sheet submit: POST (302)"),
)


KEYS = [key for key, _label in ROWS]


class Scale(TimedScale):
    """One scale: its database, filled; its app and signed-in dragons; and each row's timings.
    ``run`` measures a few requests at a time so the scales can take turns: a busy machine
    then slows every column alike."""

    def __init__(self, pitches: int, url: str, folder: Path, submits: int):
        super().__init__(KEYS)
        fresh_database(url)
        self.app, self.plan = app_for(url, str(folder / "uploads")), Plan(pitches, submits)
        self.backend = make_url(url).get_backend_name()
        with self.app.app_context():
            started = time.perf_counter()
            upgrade()
            migrated = time.perf_counter()
            self.counts = generate(self.plan)
            self.migrate_s, self.generate_s = migrated - started, time.perf_counter() - migrated
            self.count_statements()
        self.submits = 0
        plan, dragons = self.plan, Dragons(self.app)
        viewer, _ = dragons(plan.viewer)
        panel_page = f"/panels/{plan.show_panel}"
        pitch_page = f"{panel_page}/pitches/{(plan.show_panel - 1) * PER_PANEL + 7}"
        self.triples = [
            (dragons(dragon), f"/panels/{panel}/pitches/{pitch}")  # signed in before any timing
            for panel in plan.submit_panels
            for pitch in plan.pitch_ids(panel)
            for dragon in plan.members(panel)
        ][:submits]
        layout = bench_layout.build_app().test_client()
        self.calls = {
            "layout": lambda: expect(layout.get("/sign-in"), 200, "/sign-in"),
            "panel": lambda: expect(viewer.get(panel_page), 200, panel_page),
            "pitch": lambda: expect(viewer.get(pitch_page), 200, pitch_page),
            "submit": self._submit,
        }

    def _submit(self) -> None:
        (client, token), url = self.triples[self.submits]
        form = sheet_form(token, 6, self.submits)
        self.submits += 1
        expect(client.post(url, data=form), 302, f"submit {url}")

    def finish(self) -> None:
        """Check every submit made a submitted sheet (a 302 to the sign-in page would pass
        for one), then let the database go."""
        first = self.plan.pitch_ids(self.plan.submit_panels[0])[0]
        last = self.plan.pitch_ids(self.plan.submit_panels[-1])[-1]
        with self.app.app_context():
            submitted = db.session.scalar(
                select(func.count()).where(
                    ScoreSheet.status == "submitted", ScoreSheet.pitch_id.between(first, last)
                )
            )
            db.engine.dispose()
        if submitted != self.submits:
            sys.exit(f"{self.submits} submits made {submitted} submitted sheets")


def table(results: dict[int, Scale]) -> str:
    width = 26
    lines = [f"{'':44}" + "".join(f"{f'{s:,} pitches':>{width}}" for s in results)]

    def line(label: str, cells: Iterable[str]) -> None:
        lines.append(f"{label:44}" + "".join(f"{cell:>{width}}" for cell in cells))

    scales = list(results.values())
    line("score rows", (f"{s.counts['scores']:,}" for s in scales))
    line("rows generated (all tables)", (f"{sum(s.counts.values()):,}" for s in scales))
    line("migrate + generate", (f"{s.migrate_s:.1f} s + {s.generate_s:.1f} s" for s in scales))
    line("", ("median / p95, queries" for _ in scales))
    for key, label in ROWS:
        line(label, figure_cells(scales, key))
    return "\n".join(lines)


def database_url(base: str | None, folder: Path, pitches: int) -> str:
    """SQLite in ``folder``, or the PostgreSQL database ``base`` names with ``_<pitches>``
    added (both scales are kept at once, to take turns)."""
    if not base:
        return f"sqlite:///{folder / f'bench-{pitches}.db'}"
    url = make_url(base)
    return url.set(database=f"{url.database}_{pitches}").render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="500,50000", help="pitches, comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--database-url", help="PostgreSQL; <name>_<pitches> is created and emptied per scale"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)  # the migrations' INFO lines stay quiet
    with tempfile.TemporaryDirectory(prefix="spark-bench-") as name:
        folder, results = Path(name), {}
        for pitches in (int(s) for s in args.scales.split(",")):
            print(f"{pitches:,} pitches: generating...", file=sys.stderr)
            url = database_url(args.database_url, folder, pitches)
            results[pitches] = Scale(
                pitches, url, folder / str(pitches), args.requests + args.warmup
            )
        print("measuring, the scales taking turns...", file=sys.stderr)
        measure(list(results.values()), KEYS, args.requests, args.warmup)
        for scale in results.values():
            scale.finish()
    backend = next(iter(results.values())).backend
    print(
        f"Panel pages, {backend}, {DRAGONS:,} dragons, panels of {SEATS} hearing {PER_PANEL} "
        f"pitches, {args.requests} timed requests a row (Flask test client, one process)"
    )
    print(table(results))


if __name__ == "__main__":
    main()
