"""The command line: ``python -m spark.accessibility PATH [PATH ...] [--json]``.

A contract other tools rely on. A PATH is a .pptx, .docx or .pdf file, or a folder holding
pitch.json (or the pitch.json file itself). ``--json`` prints
``{"results": [{"path": ..., "findings": [{"rule", "severity", "location", "message", "fix",
"reference"}]}]}`` with one result for each PATH that could be read, in the order given;
without it, a readable report. Exit status: 0 nothing blocking, 1 something blocking, 2 a PATH
could not be read (which and why goes to stderr; the other PATHs are still checked). 2 wins over
1. Interrupted (Ctrl-C): 130. Never a traceback.

A PATH that cannot be read at all (missing, not a supported type, a bad pitch.json, an attachment
or media file that pitch.json names but the folder lacks) has no entry in the JSON results. A file
the checker cannot open — the PATH itself or an attachment — is reported by ``check_file`` as a
blocking file-unreadable finding: that result is kept (with the finding) and the exit status is 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spark.accessibility.findings import Finding, Report, Severity

EXIT_OK, EXIT_BLOCKING, EXIT_UNREADABLE, EXIT_INTERRUPTED = 0, 1, 2, 130
FILE_TYPES = (".pptx", ".docx", ".pdf")
UNREADABLE_RULE = "file-unreadable"  # check_file's finding for a file it cannot open
PROG = "python -m spark.accessibility"

EPILOG = """\
A PATH is a .pptx, .docx or .pdf file, or a folder holding pitch.json with its media and
attachments beside it.

exit status:
  0    nothing blocking was found
  1    at least one blocking finding
  2    at least one PATH could not be read (the reason is printed on stderr;
       the other PATHs are still checked). 2 takes precedence over 1.
  130  interrupted

--json prints {"results": [{"path": ..., "findings": [{"rule", "severity",
"location", "message", "fix", "reference"}]}]} in the order given. A PATH that
cannot be read at all has no result; a file that cannot be opened keeps its
result with a blocking file-unreadable finding (and the exit status is 2).
"""


class Unreadable(Exception):
    """A PATH that cannot be read; the message says why."""


@dataclass
class Result:
    path: str
    findings: list[Finding]


def _check_file(path: Path) -> list[Finding]:
    try:
        from spark.accessibility.files import check_file
    except ImportError as exc:
        raise Unreadable(f"Office and PDF files cannot be checked here ({exc})") from exc
    return check_file(path)


def check_path(arg: str) -> list[Finding]:
    """The findings for one PATH, most severe first. Raises Unreadable saying why not."""
    from spark.accessibility.pitch import PitchReadError, check_pitch, load_pitch_folder

    path = Path(arg)
    try:
        if not path.exists():
            raise Unreadable("there is no such file or folder")
        if path.is_dir() or path.name == "pitch.json":
            folder = path if path.is_dir() else path.parent
            findings = check_pitch(load_pitch_folder(folder)).findings
        elif path.suffix.lower() in FILE_TYPES:
            findings = _check_file(path)
        else:
            raise Unreadable(
                "it is not a .pptx, .docx or .pdf file, or a folder holding pitch.json"
            )
    except (Unreadable, PitchReadError):
        raise
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from exc
    except Exception as exc:  # a broken file must never give a traceback
        detail = str(exc).strip()
        raise Unreadable(
            f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        ) from exc
    return Report(findings=list(findings)).sorted()


def _counts(findings: list[Finding]) -> str:
    return ", ".join(
        f"{sum(1 for f in findings if f.severity == severity)} {severity}"
        for severity in (Severity.BLOCKING, Severity.WARNING, Severity.ADVICE)
    )


def render_text(results: list[Result], unreadable: int) -> str:
    lines: list[str] = []
    for result in results:
        lines += [result.path, f"  {_counts(result.findings)}", ""]
        if not result.findings:
            lines += ["  No accessibility problems found.", ""]
        for finding in result.findings:
            lines += [
                f"  {str(finding.severity).upper()}: {finding.rule}",
                f"    Where: {finding.location}",
                f"    {finding.message}",
                f"    How to fix it: {finding.fix}",
                f"    Reference: {finding.reference}",
                "",
            ]
    blocking = sum(1 for r in results if any(f.severity == Severity.BLOCKING for f in r.findings))
    summary = f"Checked {len(results)} path(s): {blocking} with blocking findings."
    if unreadable:
        summary += f" {unreadable} could not be read (see the error messages)."
    lines.append(summary)
    return "\n".join(lines) + "\n"


def render_json(results: list[Result]) -> str:
    data = {
        "results": [
            {"path": r.path, "findings": [f.as_dict() for f in r.findings]} for r in results
        ]
    }
    return json.dumps(data, indent=2) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Check pitches, slide decks, documents and PDFs for accessibility.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or pitch folder")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser


def _quiet_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    results: list[Result] = []
    unreadable = 0
    for arg in args.paths:
        try:
            results.append(Result(arg, check_path(arg)))
        except Exception as exc:  # Unreadable, PitchReadError, or anything unexpected
            unreadable += 1
            print(f"{PROG}: cannot read {arg}: {exc}", file=sys.stderr)
            continue
        # The file checker reports a file it cannot open as a file-unreadable finding: the
        # PATH (or an attachment in it) could not be read, so say so and exit 2.
        broken = [f for f in results[-1].findings if f.rule == UNREADABLE_RULE]
        for finding in broken:
            print(
                f"{PROG}: cannot read {arg}: {finding.location}: {finding.message}", file=sys.stderr
            )
        unreadable += bool(broken)
    output = render_json(results) if args.json else render_text(results, unreadable)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: stop writing, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if unreadable:
        return EXIT_UNREADABLE
    if any(f.severity == Severity.BLOCKING for r in results for f in r.findings):
        return EXIT_BLOCKING
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    _quiet_streams()
    try:
        return run(argv)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
