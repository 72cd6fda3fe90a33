"""Image alt text rules: image-alt-missing, image-alt-filename, image-alt-redundant-prefix and
image-alt-too-long. Used for pitch media and for pictures in slide decks and documents.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.

- Decorative images (``"decorative": true`` in a pitch, or Office's decorative flag) get no
  findings at all.
- image-alt-missing (blocking): no alt text, or only spaces.
- image-alt-filename (blocking): the alt text is the file name (or its stem, when the stem has no
  spaces), contains a word with an image extension ('chart.png'), or looks like a camera or
  screenshot name: IMG_1234, DSC0001, PXL_20240101_..., 'Screenshot 2024-05-01 at ...',
  'Screen Shot 2024-...', 'WhatsApp Image 2024-...', 20240501_101500, or Office's default
  'Picture 3'. When it fires, the other alt rules are not reported (the text must be rewritten).
- image-alt-redundant-prefix (warning): starts 'image of', 'picture of', 'photo of',
  'photograph of' or 'graphic of' (with or without 'a', 'an' or 'the' in front).
- image-alt-too-long (advice): over 125 characters after trimming spaces; exactly 125 passes.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from spark.accessibility.findings import Finding, Severity

ALT_MAX_CHARS = 125

REF_ALT = "WCAG 2.2 1.1.1 Non-text content (A)"
REF_FILENAME = (
    "Microsoft Office Accessibility Checker: alt text must not contain file names or "
    "extensions; WCAG 2.2 1.1.1 Non-text content (A)"
)
REF_PREFIX = "GOV.UK and GOV.WALES image guidance; GCS 'Accessible by default'"
REF_TOO_LONG = (
    "GOV.WALES: alt text of around 125 characters; GOV.UK: alt text says what the image means"
)

_IMAGE_EXTENSION = re.compile(
    r"\S\.(?:png|jpe?g|jfif|gif|bmp|tiff?|webp|svg|heic|heif|avif|emf|wmf|ico)\b", re.IGNORECASE
)
_CAMERA_NAME = re.compile(
    r"""^\s*(?:
        (?:IMG|DSC|DSCN|DSCF|DCIM|PXL|MVIMG|VID|PANO|GOPR|DJI|P)[_\- ]?\d{3,}
      | screen\s?shot[\s_\-]*\d{4}
      | whatsapp\s+image\s+\d{4}
      | \d{8}[_\-]\d{6}
      | (?:picture|image|graphic|photo)\s*\d+\s*$
      | [0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_PREFIX = re.compile(
    r"^\s*(?:(?:an?|the)\s+)?(image|picture|photo|photograph|graphic)\s+of\b", re.IGNORECASE
)


def _is_file_name(alt: str, filename: str | None) -> bool:
    text = alt.strip().lower()
    if filename:
        name = PurePath(filename).name.lower()
        stem = PurePath(name).stem
        if text == name or (text == stem and " " not in stem):
            return True
    return bool(_IMAGE_EXTENSION.search(alt) or _CAMERA_NAME.search(alt))


def check_alt_text(
    alt: str | None, *, decorative: bool, where: str, filename: str | None = None
) -> list[Finding]:
    """The alt text rules for one image. ``where`` is a place a person understands."""
    if decorative:
        return []
    if alt is None or not alt.strip():
        return [
            Finding(
                rule="image-alt-missing",
                severity=Severity.BLOCKING,
                location=where,
                message="This image has no alt text, so people who use a screen reader will "
                "not know what it shows.",
                fix="Add alt text that says what the image means in this pitch, in a sentence "
                "or two. If the image is only decoration, mark it as decorative instead.",
                reference=REF_ALT,
            )
        ]
    if _is_file_name(alt, filename):
        return [
            Finding(
                rule="image-alt-filename",
                severity=Severity.BLOCKING,
                location=where,
                message=f"The alt text '{alt.strip()}' is a file name, not a description. "
                "Some tools fill it in with the file name automatically.",
                fix="Replace it with alt text that says what the image means in this pitch, "
                "with no file names or extensions.",
                reference=REF_FILENAME,
            )
        ]
    findings = []
    prefix = _PREFIX.match(alt)
    if prefix:
        findings.append(
            Finding(
                rule="image-alt-redundant-prefix",
                severity=Severity.WARNING,
                location=where,
                message=f"The alt text starts '{prefix.group().strip()}'. Screen readers "
                "already say that it is an image.",
                fix=f"Remove '{prefix.group().strip()}' and start with what the image shows.",
                reference=REF_PREFIX,
            )
        )
    length = len(alt.strip())
    if length > ALT_MAX_CHARS:
        findings.append(
            Finding(
                rule="image-alt-too-long",
                severity=Severity.ADVICE,
                location=where,
                message=f"The alt text is {length} characters long. Alt text is best kept to "
                f"around {ALT_MAX_CHARS} characters.",
                fix="Keep the alt text short and put the longer description in the body text "
                "next to the image.",
                reference=REF_TOO_LONG,
            )
        )
    return findings
