"""The accessibility check of a pitch, stored per pitch version.

Business rules:

- A report belongs to one version of a pitch. Any change to the pitch's text or materials
  bumps ``Pitch.version`` and the caller runs ``refresh`` again, so the check page and the
  submit step only ever read the report for the version people are looking at.
- Blocking findings ("Must fix") stop submission; warnings must be acknowledged once per
  version (a checkbox on the check page); advice never blocks.
- Files are stored by content, so the findings for a slide deck, document or PDF depend only on
  its bytes: they are kept in a small in-process cache keyed by SHA-256, and changing the pitch
  text does not open the deck again.

``refresh`` flushes but never commits: the caller's use case commits the change, its audit
event and the new report together.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from threading import Lock

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from spark.accessibility import Finding, MediaItem, PitchInput, PitchReadError, check_pitch
from spark.accessibility.findings import SEVERITY_ORDER, Severity
from spark.accessibility.text import pitch_reading_age
from spark.accounts.models import User
from spark.core import audit
from spark.core.audit import utcnow
from spark.core.storage import path_for
from spark.extensions import db
from spark.pitches.models import AccessibilityReport, Pitch, PitchFile, ReportFinding
from spark.pitches.workflow import EDITABLE, Status

PITCH_TEXT = "Pitch text"
ATTACHMENT_KINDS = ("deck", "document", "pdf")
MEDIA_KINDS = ("image", "audio", "video")
COMPANION_LINKS = ("captions_id", "audio_description_id", "bsl_version_id")


class CheckRefused(Exception):
    """The check cannot do what was asked; the message says why, in plain English."""


# ---------------------------------------------------------------- the pitch as the checker sees it


@dataclass
class WebPitchInput(PitchInput):
    """The web form's pitch: pitch.json's fields plus the one-line summary."""

    summary: str = ""

    def fields(self) -> dict[str, str]:
        return {"title": self.title, "summary": self.summary, **super().fields()}


def text_input(pitch: Pitch) -> WebPitchInput:
    return WebPitchInput(
        title=pitch.title or "",
        summary=pitch.summary or "",
        problem=pitch.problem or "",
        idea=pitch.idea or "",
        benefits=pitch.benefits or "",
        ask=pitch.ask_details or "",
        team=pitch.team_details or "",
    )


def companion_ids(files: list[PitchFile]) -> set[int]:
    """Files that belong to another file: captions, audio-described and BSL versions."""
    return {
        linked
        for item in files
        for linked in (getattr(item, name) for name in COMPANION_LINKS)
        if linked is not None
    }


def main_files(pitch: Pitch) -> list[PitchFile]:
    """The pitch's materials people listed, without the files that belong to another one."""
    companions = companion_ids(pitch.files)
    return [item for item in pitch.files if item.id not in companions and item.kind != "captions"]


def _path(item: PitchFile | None) -> Path | None:
    if item is None:
        return None
    return path_for(current_app.config["SPARK_UPLOAD_DIR"], item.sha256)


def media_item(item: PitchFile) -> MediaItem:
    return MediaItem(
        kind=item.kind,
        filename=item.original_name,
        alt_text=item.alt_text if item.kind == "image" else None,
        decorative=bool(item.decorative),
        transcript=item.transcript if item.kind == "audio" else None,
        captions=_path(item.captions),
        audio_description=_path(item.audio_description),
        bsl_version=_path(item.bsl_version),
        audio_description_not_needed=bool(item.audio_description_not_needed),
    )


# ---------------------------------------------------------------- running the checker

_CACHE_SIZE = 64
_attachment_cache: OrderedDict[str, list[Finding]] = OrderedDict()
_cache_lock = Lock()


def _named(finding: Finding, names: dict[str, str], item: str) -> Finding:
    """Say the file names people know instead of the stored SHA-256 paths; drop the item name
    from the start of the location, since the report groups findings under it."""
    location, message, fix = finding.location, finding.message, finding.fix
    for sha256, name in names.items():
        location = location.replace(sha256, name)
        message = message.replace(sha256, name)
        fix = fix.replace(sha256, name)
    if location.startswith(item + ", "):
        location = location[len(item) + 2 :]
    elif location == item:
        location = "The whole file"
    return replace(finding, location=location, message=message, fix=fix)


def _unreadable(item: PitchFile, reason: str) -> list[Finding]:
    return [
        Finding(
            "file-unreadable",
            Severity.BLOCKING,
            item.original_name,
            f"We could not check this file: {reason}.",
            "Remove the file and upload it again. If this keeps happening, save it again on "
            "your computer first.",
            "A file the checker cannot open cannot be checked for accessibility",
        )
    ]


def _attachment_findings(item: PitchFile) -> list[Finding]:
    with _cache_lock:
        cached = _attachment_cache.get(item.sha256)
        if cached is not None:
            _attachment_cache.move_to_end(item.sha256)
            return cached
    try:
        found = check_pitch(PitchInput(attachments=[_path(item)])).findings  # type: ignore[list-item]
    except PitchReadError as exc:
        return _unreadable(item, str(exc))  # not cached: it may work next time
    with _cache_lock:
        _attachment_cache[item.sha256] = found
        while len(_attachment_cache) > _CACHE_SIZE:
            _attachment_cache.popitem(last=False)
    return found


def _item_findings(item: PitchFile) -> list[Finding]:
    if item.kind in ATTACHMENT_KINDS:
        return _attachment_findings(item)
    if item.kind in MEDIA_KINDS:
        try:
            return check_pitch(PitchInput(media=[media_item(item)])).findings
        except PitchReadError as exc:
            return _unreadable(item, str(exc))
    return []


@dataclass
class ItemFindings:
    item: str
    findings: list[Finding] = field(default_factory=list)


def check(pitch: Pitch) -> list[ItemFindings]:
    """The checker's findings for the pitch text, then each file in upload order."""
    results = [ItemFindings(PITCH_TEXT, check_pitch(text_input(pitch)).findings)]
    names = {item.sha256: item.original_name for item in pitch.files}
    for item in main_files(pitch):
        found = [_named(f, names, item.original_name) for f in _item_findings(item)]
        results.append(ItemFindings(item.original_name, found))
    return results


# ---------------------------------------------------------------- the stored report


def latest_report(pitch: Pitch) -> AccessibilityReport | None:
    """The report for the pitch's current version, or None when it is missing or out of date."""
    if pitch.id is None:
        return None
    return db.session.scalar(
        select(AccessibilityReport).where(
            AccessibilityReport.pitch_id == pitch.id,
            AccessibilityReport.pitch_version == pitch.version,
        )
    )


def last_report(pitch: Pitch) -> AccessibilityReport | None:
    """The newest report of any version: what a pitch that can no longer change was checked as."""
    return db.session.scalar(
        select(AccessibilityReport)
        .where(AccessibilityReport.pitch_id == pitch.id)
        .order_by(AccessibilityReport.pitch_version.desc())
        .limit(1)
    )


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def refresh(pitch: Pitch) -> AccessibilityReport:
    """Check the pitch as it is now and store the report for its current version.

    Pending changes are flushed first, so ``pitch.version`` is the version being checked. A
    report already stored for that version is replaced (and any acknowledgement with it).
    Flushes, never commits.
    """
    db.session.flush()
    results = check(pitch)
    score = pitch_reading_age(text_input(pitch).fields())
    report = latest_report(pitch)
    if report is None:
        report = AccessibilityReport(pitch_id=pitch.id, pitch_version=pitch.version)
        db.session.add(report)
    else:
        report.findings.clear()
        report.created_at = utcnow()
        report.warnings_acknowledged_at = None
        report.warnings_acknowledged_by_id = None
    ordered = sorted(
        ((result.item, finding) for result in results for finding in result.findings),
        key=lambda pair: SEVERITY_ORDER[pair[1].severity],
    )
    report.findings = [
        ReportFinding(
            position=position,
            item=_cut(item, 200),
            rule=_cut(finding.rule, 60),
            severity=str(finding.severity),
            location=_cut(finding.location, 300),
            message=finding.message,
            fix=finding.fix,
            reference=_cut(finding.reference, 300),
        )
        for position, (item, finding) in enumerate(ordered, start=1)
    ]
    severities = [finding.severity for _item, finding in ordered]
    report.blocking = severities.count(Severity.BLOCKING)
    report.warnings = severities.count(Severity.WARNING)
    report.advice = severities.count(Severity.ADVICE)
    report.reading_age = float(score.age) if score is not None else None
    db.session.flush()
    return report


def current_report(pitch: Pitch) -> AccessibilityReport:
    """The report for the pitch's current version, checking the pitch now (and committing the
    report) when there is none yet. Checking changes nothing in the pitch itself."""
    report = latest_report(pitch)
    if report is None:
        try:
            report = refresh(pitch)
            db.session.commit()
        except (IntegrityError, StaleDataError):
            # Someone else checked (or changed) the pitch at the same moment: use theirs.
            db.session.rollback()
            report = latest_report(pitch)
            if report is None:
                report = refresh(pitch)
                db.session.commit()
    return report


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary_sentence(blocking: int, warnings: int, advice: int) -> str:
    """'2 things to fix before you can submit, 5 warnings, 3 suggestions'; 'Nothing to fix'
    first when nothing blocks; warnings and suggestions only when there are some."""
    parts = [
        _count(
            blocking, "thing to fix before you can submit", "things to fix before you can submit"
        )
        if blocking
        else "Nothing to fix"
    ]
    if warnings:
        parts.append(_count(warnings, "warning", "warnings"))
    if advice:
        parts.append(_count(advice, "suggestion", "suggestions"))
    return ", ".join(parts)


def submission_problems(pitch: Pitch) -> list[str]:
    """What stops the pitch being submitted, as far as accessibility goes; empty when nothing.

    Blocking findings stop it; warnings stop it until acknowledged for this version; advice
    never does.
    """
    report = latest_report(pitch)
    if report is None:
        return ["Run the accessibility check"]
    problems = []
    if report.blocking == 1:
        problems.append("Fix the accessibility problem marked 'Must fix'")
    elif report.blocking > 1:
        problems.append(f"Fix the {report.blocking} accessibility problems marked 'Must fix'")
    if report.warnings and report.warnings_acknowledged_at is None:
        problems.append("Confirm you have read the warnings")
    return problems


def acknowledge_warnings(pitch: Pitch, user: User) -> AccessibilityReport:
    """The team confirms it has read this version's warnings. Audited; commits.

    Only an editable pitch with a current report can be acknowledged; a later change to the
    pitch makes a new report whose warnings must be read again.
    """
    if Status(pitch.status) not in EDITABLE:
        raise CheckRefused("You cannot change this pitch now")
    report = latest_report(pitch)
    if report is None:
        raise CheckRefused("Run the accessibility check first")
    report.warnings_acknowledged_at = utcnow()
    report.warnings_acknowledged_by_id = user.id
    audit.record(
        "pitch.warnings_acknowledged",
        pitch,
        actor=user,
        after={"version": pitch.version, "report_id": report.id, "warnings": report.warnings},
    )
    db.session.commit()
    return report
