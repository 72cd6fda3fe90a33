"""How long does the accessibility checker take on a pitch and on real-sized attachments?

One table, one run: a text-only pitch (bench_text_pitch.py's measurement), then a 40-slide
deck, a 20-page Word document and a 50-page PDF (bench/gen_documents.py). Each row runs in its
own fresh process. For each file it times check_file() against merely opening the file with
python-pptx / python-docx / pikepdf (median of --repeat runs, after one warm-up), and reports
peak memory: Python's own allocations during one check (tracemalloc) and the process's peak
resident size (ru_maxrss, which includes the interpreter and the libraries).

And how much memory? Columns:
- open: Presentation(path) / Document(path) / pikepdf.open(path). python-pptx and python-docx
  parse every XML part of the package here (slides included), so this is open and parse.
- +touch: open, then make the library's object for every slide's shapes (python-pptx), every
  body paragraph and table (python-docx) or every page (pikepdf). A floor for any checker that
  walks the file through the library. Shown for comparison only: the target is against open.
- check: check_file(path): read the file, vet the zip (safety.inspect_office), open, walk.
- x open: check / open. 'no words' is the check again with text.check_extracted_text (words,
  acronyms, capitals, sentence length) stubbed out, to show its share.

Targets: text pitch <= 50 ms; deck <= 1 s and <= 3x its open time; PDF <= 2 s; peak memory
<= 300 MB. Not a test: it prints figures, nothing fails.

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
BENCH = Path(__file__).resolve().parent
TARGETS = {  # seconds, times open
    "pitch": (0.050, None),
    "deck": (1.0, 3.0),
    "docx": (None, None),
    "pdf": (2.0, None),
}
MEMORY_TARGET_MB = 300
PITCH_REPEAT = 50  # a pitch check takes milliseconds: more runs for a steady median
LABELS = {
    "pitch": "text-only pitch",
    "deck": "40-slide deck",
    "docx": "20-page docx",
    "pdf": "50-page PDF",
}


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


def _toucher(kind: str):
    """Open, then make the library's object for each slide's shapes, block or page."""
    if kind == "deck":
        from pptx import Presentation

        def touch_deck(path):
            for slide in Presentation(path).slides:
                for _shape in slide.shapes:
                    pass

        return touch_deck
    if kind == "docx":
        from docx import Document

        def touch_docx(path):
            for _block in Document(path).iter_inner_content():
                pass

        return touch_docx
    import pikepdf

    def touch_pdf(path):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                page.obj.keys()

    return touch_pdf


def _median_seconds(action, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_pitch() -> dict:
    """Runs in a fresh process: bench_text_pitch.py's measurement, and memory."""
    sys.path.insert(0, str(BENCH))
    from bench_text_pitch import measure, pitch

    from spark.accessibility import check_pitch

    times = measure(PITCH_REPEAT)  # its first, untimed check is the warm-up
    baseline_mb = _rss_mb()
    tracemalloc.start()
    report = check_pitch(pitch(PITCH_REPEAT))
    peak_py_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return {
        "kind": "pitch",
        "findings": len(report.findings),
        "check_s": statistics.median(times),
        "peak_python_mb": peak_py_mb,
        "baseline_rss_mb": baseline_mb,
        "peak_rss_mb": _rss_mb(),
    }


def child(kind: str, path: str, repeat: int) -> dict:
    """Runs in a fresh process: warm up, time open, open+touch and check, measure memory."""
    sys.path.insert(0, str(ROOT))
    if kind == "pitch":
        return child_pitch()
    from spark.accessibility.files import check_file

    opener, toucher = _opener(kind), _toucher(kind)
    opener(path)
    toucher(path)
    findings = check_file(path)  # warm-up: imports, regex compilation
    baseline_mb = _rss_mb()
    open_s = _median_seconds(opener, path, repeat)
    touch_s = _median_seconds(toucher, path, repeat)
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
        "touch_s": touch_s,
        "check_s": check_s,
        "no_wording_s": no_wording_s,
        "peak_python_mb": peak_py_mb,
        "baseline_rss_mb": baseline_mb,
        "peak_rss_mb": _rss_mb(),
    }


def run_child(kind: str, path: Path | None, repeat: int) -> dict:
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
        limit = f"{limit_s * 1000:g} ms" if limit_s < 1 else f"{limit_s:g} s"
        notes.append(f"<= {limit} {'ok' if row['check_s'] <= limit_s else 'MISSED'}")
    if times_open is not None:
        ratio = row["check_s"] / row["open_s"]
        notes.append(f"<= {times_open:g}x open {'ok' if ratio <= times_open else 'MISSED'}")
    memory_ok = row["peak_rss_mb"] <= MEMORY_TARGET_MB
    notes.append(f"<= {MEMORY_TARGET_MB} MB {'ok' if memory_ok else 'MISSED'}")
    return ", ".join(notes)


def _ms(row: dict, key: str, width: int) -> str:
    return f"{row[key] * 1000:{width - 2}.1f}ms" if key in row else f"{'-':>{width}}"


def line(row: dict) -> str:
    ratio = f"{row['check_s'] / row['open_s']:6.2f}x" if "open_s" in row else f"{'-':>7}"
    return (
        f"{LABELS[row['kind']]:15} {_ms(row, 'open_s', 8)} {_ms(row, 'touch_s', 8)} "
        f"{_ms(row, 'check_s', 8)} {ratio} {_ms(row, 'no_wording_s', 9)} "
        f"{row['peak_python_mb']:6.1f}MB {row['baseline_rss_mb']:7.1f}MB "
        f"{row['peak_rss_mb']:7.1f}MB {row['findings']:8}  {verdict(row)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/documents")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.repeat)))
        return
    sys.path.insert(0, str(BENCH))
    from gen_documents import generate

    paths = generate(args.out)
    header = (
        f"{'':15} {'open':>8} {'+touch':>8} {'check':>8} {'x open':>7} {'no words':>9} "
        f"{'py peak':>8} {'rss base':>9} {'rss peak':>9} {'findings':>8}  targets"
    )
    print(f"median of {args.repeat} runs each ({PITCH_REPEAT} for the pitch), fresh process a row")
    print("+touch: open, then every slide's shapes / body block / page (not a target)")
    print(header)
    print(line(run_child("pitch", None, args.repeat)))
    for kind, path in paths.items():
        print(line(run_child(kind, path, args.repeat)))


if __name__ == "__main__":
    main()
