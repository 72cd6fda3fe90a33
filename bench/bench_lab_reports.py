"""How fast are the lab's reports: the three CSV exports at 500 and 5,000 projects (50,000
benefit readings), and the portfolio PDF at 100 projects and at the most it is made for?

For each scale, builds a fresh database through the migrations and fills it with
gen_lab_data.py (as bench_lab.py does), then, through the Flask test client as the lab,
downloads each report (the median of --repeat downloads) and prints the time, the size and
the SQL statements per download. The PDF is measured only up to ``PDF_PROJECT_LIMIT``
projects: beyond that the page offers the CSV files instead. Not a test.

    .venv/bin/python bench/bench_lab_reports.py [--scales 500,5000] [--pdf-scales 100,300]
        [--repeat 3]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_lab import signed_in  # noqa: E402
from bench_panel import app_for, expect  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from gen_lab_data import generate  # noqa: E402
from gen_panel_data import fresh_database  # noqa: E402
from sqlalchemy import event  # noqa: E402

from spark.extensions import db  # noqa: E402
from spark.lab.report_pdf import PDF_PROJECT_LIMIT  # noqa: E402

CSV_PATHS = (
    ("projects.csv", "/lab/reports/projects.csv"),
    ("milestones.csv", "/lab/reports/milestones.csv"),
    ("readings.csv", "/lab/reports/readings.csv"),
)
PDF_PATH = ("portfolio.pdf", "/lab/reports/portfolio.pdf")


def measure(projects: int, paths, repeat: int, folder: Path) -> list[tuple]:
    url = f"sqlite:///{folder / f'lab_reports_{projects}.db'}"
    fresh_database(url)
    app = app_for(url, str(folder / "uploads"))
    found = []
    with app.app_context():
        upgrade()
        generate(projects)
        statements = [0]

        def count(*_args) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        client = signed_in(app, "lab@example.gov.uk")
        for label, path in paths:
            timings, size = [], 0
            for _ in range(repeat):
                statements[0] = 0
                started = time.perf_counter()
                response = expect(client.get(path), 200, path)
                timings.append(time.perf_counter() - started)
                size = len(response.data)
            found.append((projects, label, statistics.median(timings), size, statements[0]))
        event.remove(db.engine, "before_cursor_execute", count)
        db.engine.dispose()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="500,5000", help="projects for the CSV files")
    parser.add_argument("--pdf-scales", default=f"100,{PDF_PROJECT_LIMIT}", help="for the PDF")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="spark-bench-reports-"))
    rows = []
    for projects in (int(n) for n in args.scales.split(",")):
        rows += measure(projects, CSV_PATHS, args.repeat, folder)
    for projects in (int(n) for n in args.pdf_scales.split(",")):
        if projects > PDF_PROJECT_LIMIT:
            sys.exit(f"The PDF is made for up to {PDF_PROJECT_LIMIT} projects")
        rows += measure(projects, [PDF_PATH], max(1, args.repeat // 2), folder)
    print("| report | projects | median s | bytes | SQL statements |\n|---|--:|--:|--:|--:|")
    for projects, label, seconds, size, statements in rows:
        print(f"| {label} | {projects:,} | {seconds:.2f} | {size:,} | {statements} |")


if __name__ == "__main__":
    main()
