"""The accessibility checker: a pure library (no flask, no sqlalchemy, nothing else from spark)
and a command line, ``python -m spark.accessibility PATH [PATH ...] [--json]``.

- ``check_pitch(PitchInput) -> Report``: text fields, media and attachments of one pitch.
- ``check_file(path) -> list[Finding]``: one .pptx, .docx or .pdf file.
- ``load_pitch_folder(folder) -> PitchInput``: a folder holding pitch.json.
"""

from __future__ import annotations

from pathlib import Path

from spark.accessibility.findings import Finding, Report, Severity
from spark.accessibility.media import MediaItem
from spark.accessibility.pitch import PitchInput, PitchReadError, check_pitch, load_pitch_folder

__all__ = [
    "Finding",
    "MediaItem",
    "PitchInput",
    "PitchReadError",
    "Report",
    "Severity",
    "check_file",
    "check_pitch",
    "load_pitch_folder",
]


def check_file(path: str | Path) -> list[Finding]:
    """Check one .pptx, .docx or .pdf file (the Office and PDF checks are imported on first use,
    so importing this package stays quick)."""
    from spark.accessibility.files import check_file as _check_file

    return _check_file(path)
