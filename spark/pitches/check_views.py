"""The accessibility check page: what the checker found in the pitch and its materials.

The team sees the report for the pitch's current version (checked now if there is none yet)
and confirms it has read the warnings; organisers see it read-only; anyone else gets 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from spark.core.permissions import signed_in
from spark.pitches import access, checks, materials
from spark.pitches.checks import CheckRefused
from spark.pitches.materials_forms import AcknowledgeWarningsForm
from spark.pitches.models import AccessibilityReport, Pitch, PitchFile, ReportFinding

bp = Blueprint("checks", __name__, url_prefix="/pitches/<int:pitch_id>/accessibility")

SEVERITY_TAGS = {
    "blocking": ("Must fix", "govuk-tag--red"),
    "warning": ("Warning", "govuk-tag--yellow"),
    "advice": ("Suggestion", "govuk-tag--grey"),
}
TARGET_READING_AGE = 9

# WCAG 2.2 success criteria the checker cites, with their Understanding pages.
WCAG = {
    "1.1.1": ("Non-text content", "non-text-content"),
    "1.2.1": ("Audio-only and video-only", "audio-only-and-video-only-prerecorded"),
    "1.2.2": ("Captions", "captions-prerecorded"),
    "1.2.3": (
        "Audio description or media alternative",
        "audio-description-or-media-alternative-prerecorded",
    ),
    "1.2.5": ("Audio description", "audio-description-prerecorded"),
    "1.2.6": ("Sign language", "sign-language-prerecorded"),
    "1.3.1": ("Info and relationships", "info-and-relationships"),
    "1.3.2": ("Meaningful sequence", "meaningful-sequence"),
    "1.4.1": ("Use of colour", "use-of-color"),
    "1.4.3": ("Contrast (minimum)", "contrast-minimum"),
    "1.4.11": ("Non-text contrast", "non-text-contrast"),
    "2.4.2": ("Page titled", "page-titled"),
    "2.4.4": ("Link purpose (in context)", "link-purpose-in-context"),
    "2.4.6": ("Headings and labels", "headings-and-labels"),
    "3.1.1": ("Language of page", "language-of-page"),
}
WCAG_URL = "https://www.w3.org/WAI/WCAG22/Understanding/{}"
STYLE = "https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style"
# GOV.UK guidance the checker cites, by words in its reference.
GUIDANCE = (
    ("words to avoid", "GOV.UK style guide: words to avoid", f"{STYLE}#words-to-avoid"),
    (
        "abbreviations and acronyms",
        "GOV.UK style guide: abbreviations and acronyms",
        f"{STYLE}#abbreviations-and-acronyms",
    ),
    ("bullet points", "GOV.UK style guide: bullet points", f"{STYLE}#bullet-points-steps"),
    ("capitals", "GOV.UK style guide: capitals", f"{STYLE}#capitals"),
    ("italics", "GOV.UK style guide: italics", f"{STYLE}#italics"),
    (
        "reading age",
        "GOV.UK guidance: writing for GOV.UK",
        "https://www.gov.uk/guidance/content-design/writing-for-gov-uk",
    ),
    (
        "sentences of 25 words",
        "GOV.UK guidance: writing for GOV.UK",
        "https://www.gov.uk/guidance/content-design/writing-for-gov-uk",
    ),
    (
        "GOV.UK style: links",
        "GOV.UK guidance: links",
        "https://www.gov.uk/guidance/content-design/links",
    ),
    (
        "image guidance",
        "GOV.UK guidance: images",
        "https://www.gov.uk/guidance/content-design/images",
    ),
)
_CRITERION = re.compile(r"\b(\d\.\d{1,2}\.\d{1,2})\b")


@dataclass(frozen=True)
class Guidance:
    text: str
    url: str


def guidance_links(reference: str) -> list[Guidance]:
    """Links to the WCAG Understanding pages and GOV.UK guidance a reference names."""
    links: list[Guidance] = []
    if "WCAG" in reference:
        for number in dict.fromkeys(_CRITERION.findall(reference)):
            if number in WCAG:
                name, slug = WCAG[number]
                links.append(Guidance(f"Understanding WCAG {number} {name}", WCAG_URL.format(slug)))
    for words, text, url in GUIDANCE:
        if words.lower() in reference.lower() and all(link.url != url for link in links):
            links.append(Guidance(text, url))
    return links


FIX_LINKS = {
    "deck": "Replace {name} with a new version",
    "document": "Replace {name} with a new version",
    "pdf": "Replace {name} with a new version",
    "image": "Change the alt text of {name}",
    "audio": "Change the transcript of {name}",
    "video": "Add or replace the captions and versions of {name}",
}


@dataclass
class ItemGroup:
    item: str
    findings: list[ReportFinding]
    file: PitchFile | None = None

    @property
    def fix_link_text(self) -> str:
        kind = self.file.kind if self.file is not None else ""
        return FIX_LINKS.get(kind, "").format(name=self.item)


def grouped(pitch: Pitch, report: AccessibilityReport) -> list[ItemGroup]:
    """Pitch text first, then each file in the order it was added (each shown even when
    nothing was found), then anything else the report names; findings keep blocking-first
    order within each group."""
    groups = {"Pitch text": ItemGroup("Pitch text", [])}
    for item in checks.main_files(pitch):
        groups.setdefault(item.original_name, ItemGroup(item.original_name, [], item))
    for finding in report.findings:
        groups.setdefault(finding.item, ItemGroup(finding.item, [])).findings.append(finding)
    return list(groups.values())


def _page(pitch: Pitch, report: AccessibilityReport, form: AcknowledgeWarningsForm):
    is_team = access.is_team_member(pitch, current_user)
    page = render_template(
        "pitches/check-report.html",
        pitch=pitch,
        report=report,
        groups=grouped(pitch, report),
        summary=checks.summary_sentence(report.blocking, report.warnings, report.advice),
        problems=checks.submission_problems(pitch),
        is_team=is_team,
        can_change=is_team and materials.can_change(pitch),
        can_acknowledge=is_team
        and materials.can_change(pitch)
        and report.warnings > 0
        and report.warnings_acknowledged_at is None,
        severity_tags=SEVERITY_TAGS,
        guidance_links=guidance_links,
        target_reading_age=TARGET_READING_AGE,
        form=form,
    )
    return page, 400 if form.errors else 200


def _report(pitch: Pitch) -> AccessibilityReport:
    if materials.can_change(pitch):
        return checks.current_report(pitch)
    # A submitted pitch keeps the report it was submitted with.
    return checks.latest_report(pitch) or checks.last_report(pitch) or checks.current_report(pitch)


@bp.route("")
@signed_in
def report(pitch_id: int):
    pitch = access.pitch_for_viewer_or_404(pitch_id, current_user)
    return _page(pitch, _report(pitch), AcknowledgeWarningsForm())


@bp.route("/warnings-read", methods=["POST"])
@signed_in
def acknowledge(pitch_id: int):
    pitch = access.pitch_for_team_or_404(pitch_id, current_user)
    form = AcknowledgeWarningsForm()
    if not form.validate_on_submit():
        return _page(pitch, _report(pitch), form)
    try:
        checks.acknowledge_warnings(pitch, current_user)
    except CheckRefused as refused:
        flash(str(refused), "information")
    else:
        flash("You have confirmed that you have read the warnings", "success")
    return redirect(url_for("checks.report", pitch_id=pitch.id))
