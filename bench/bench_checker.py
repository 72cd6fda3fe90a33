"""How long does the accessibility checker take on real-sized attachments, and how much memory?

Generates a 40-slide deck, a 20-page Word document and a 50-page PDF (bench/gen_documents.py),
then, for each in its own fresh process, times check_file() against merely opening the file
with python-pptx / python-docx / pikepdf (median of --repeat runs, after one warm-up), and
reports peak memory: Python's own allocations during one check (tracemalloc) and the process's
peak resident size (ru_maxrss, which includes the interpreter and the libraries). 'no words'
is the check again with text.check_extracted_text (words, acronyms, capitals, sentence
length) stubbed out, to show its share.

Targets: deck <= 1 s and <= 3x its open time; PDF <= 2 s; peak memory <= 300 MB.
Not a test: it prints figures, nothing fails.

    .venv/bin/python bench/bench_checker.py [--repeat 7] [--out bench/results/documents]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"deck": (1.0, 3.0), "docx": (None, None), "pdf": (2.0, None)}  # seconds, x open
MEMORY_TARGET_MB = 300


def _opener(kind: str):
    if kind == "deck":
        from pptx import Presentation

        return Presentation
    if kind == "docx":
        from docx import Document

        return Document
    import pikepdf

    def open_pdf(path):
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)

    return open_pdf


def _median_seconds(action, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child(kind: str, path: str, repeat: int) -> dict:
    """Runs in a fresh process: warm up, time open and check, measure memory."""
    sys.path.insert(0, str(ROOT))
    from spark.accessibility.files import check_file

    opener = _opener(kind)
    opener(path)
    findings = check_file(path)  # warm-up: imports, regex compilation
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    open_s = _median_seconds(opener, path, repeat)
    check_s = _median_seconds(check_file, path, repeat)
    tracemalloc.start()
    check_file(path)
    peak_py_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    from spark.accessibility import text

    text.check_extracted_text = lambda *args, **kwargs: []  # the wording rules' share
    no_wording_s = _median_seconds(check_file, path, repeat)
    return {
        "kind": kind,
        "findings": len(findings),
        "open_s": open_s,
        "check_s": check_s,
        "no_wording_s": no_wording_s,
        "peak_python_mb": peak_py_mb,
        "baseline_rss_mb": baseline_mb,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(kind: str, path: Path, repeat: int) -> dict:
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", kind, str(path), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


def verdict(row: dict) -> str:
    limit_s, times_open = TARGETS[row["kind"]]
    notes = []
    if limit_s is not None:
        notes.append(f"<= {limit_s:g} s {'ok' if row['check_s'] <= limit_s else 'MISSED'}")
    if times_open is not None:
        ratio = row["check_s"] / row["open_s"]
        notes.append(f"<= {times_open:g}x open {'ok' if ratio <= times_open else 'MISSED'}")
    memory_ok = row["peak_rss_mb"] <= MEMORY_TARGET_MB
    notes.append(f"<= {MEMORY_TARGET_MB} MB {'ok' if memory_ok else 'MISSED'}")
    return ", ".join(notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/documents")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.repeat)))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_documents import generate

    paths = generate(args.out)
    labels = {"deck": "40-slide deck", "docx": "20-page docx", "pdf": "50-page PDF"}
    header = (
        f"{'file':15} {'open':>8} {'check':>8} {'x open':>7} {'no words':>9} {'py peak':>8} "
        f"{'rss base':>9} {'rss peak':>9} {'findings':>8}  targets"
    )
    print(f"median of {args.repeat} runs each, one fresh process per file")
    print(header)
    for kind, path in paths.items():
        row = run_child(kind, path, args.repeat)
        print(
            f"{labels[kind]:15} {row['open_s'] * 1000:6.1f}ms {row['check_s'] * 1000:6.1f}ms "
            f"{row['check_s'] / row['open_s']:6.2f}x {row['no_wording_s'] * 1000:7.1f}ms "
            f"{row['peak_python_mb']:6.1f}MB "
            f"{row['baseline_rss_mb']:7.1f}MB {row['peak_rss_mb']:7.1f}MB {row['findings']:8}  "
            f"{verdict(row)}"
        )


if __name__ == "__main__":
    main()
