"""Severity and source of each rule the file checks raise, and a helper to make findings.

The text, image and link rules that files share with pitch fields come from text.py.
Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

from functools import lru_cache

from spark.accessibility.contrast import (
    RGB,
    TEXT_RATIO,
    contrast_ratio,
    format_ratio,
    meets,
    required_ratio,
    to_hex,
)
from spark.accessibility.findings import Finding, Severity

B, W, A = Severity.BLOCKING, Severity.WARNING, Severity.ADVICE

# A document uses a handful of colour pairs for thousands of runs: work each ratio out once.
_contrast_ratio = lru_cache(maxsize=4096)(contrast_ratio)

RULES: dict[str, tuple[Severity, str]] = {
    "file-unreadable": (B, "A file the checker cannot open cannot be checked for accessibility"),
    "file-unsupported": (W, "The checker reads .pptx, .docx and PDF files only"),
    "file-partly-checked": (A, "Very long files are checked in part, to keep checks quick"),
    "slide-title-missing": (
        B,
        "WCAG 2.2 2.4.2 Page Titled (A) and 2.4.6 Headings and Labels (AA). "
        "Microsoft Accessibility Checker: Missing slide title",
    ),
    "slide-title-duplicate": (
        W,
        "WCAG 2.2 2.4.6 Headings and Labels (AA). Microsoft Accessibility Checker: "
        "Duplicate slide title",
    ),
    "slide-reading-order": (
        W,
        "WCAG 2.2 1.3.2 Meaningful Sequence (A). Microsoft Accessibility Checker: "
        "Check reading order",
    ),
    "table-header-missing": (
        B,
        "WCAG 2.2 1.3.1 Info and Relationships (A). Microsoft Accessibility Checker: "
        "Missing table header. PDF/UA Matterhorn Protocol 15",
    ),
    "font-too-small": (
        A,
        "GCS accessibility standards: clear print, 12pt minimum (14pt for readers with sight "
        "loss). Slides: 18pt or more",
    ),
    "text-contrast-low": (B, "WCAG 2.2 1.4.3 Contrast (Minimum) (AA)"),
    "nontext-contrast-low": (W, "WCAG 2.2 1.4.11 Non-text Contrast (AA)"),
    "docx-heading-structure": (
        W,
        "WCAG 2.2 1.3.1 Info and Relationships (A) and 2.4.6 Headings and Labels (AA). "
        "Microsoft Accessibility Checker: use heading styles",
    ),
    "docx-title-missing": (W, "WCAG 2.2 2.4.2 Page Titled (A)"),
    "docx-lang-missing": (W, "WCAG 2.2 3.1.1 Language of Page (A)"),
    "italic-underline-misuse": (
        A,
        "GCS accessibility standards: clear print (avoid italics and underlining). "
        "GOV.UK style guide: do not use italics",
    ),
    "pdf-untagged": (B, "PDF/UA-1 7.1. Matterhorn Protocol 01-005. veraPDF 6.2-1"),
    "pdf-lang-missing": (
        W,
        "WCAG 2.2 3.1.1 Language of Page (A). Matterhorn Protocol 11-001 and 11-006",
    ),
    "pdf-title-missing": (
        W,
        "WCAG 2.2 2.4.2 Page Titled (A). Matterhorn Protocol 06-001 and 06-003",
    ),
    "pdf-display-doc-title-missing": (A, "Matterhorn Protocol 07-001 and 07-002"),
    "pdf-figure-alt-missing": (
        B,
        "WCAG 2.2 1.1.1 Non-text Content (A). Matterhorn Protocol 13-004",
    ),
}


def finding(
    rule: str, location: str, message: str, fix: str, *, severity: Severity | None = None
) -> Finding:
    """A finding for `rule`, with the rule's own severity unless one is given."""
    default, reference = RULES[rule]
    return Finding(rule, severity or default, location, message, fix, reference)


def quote(text: str, limit: int = 40) -> str:
    """A short quotation of document text for a message: 'Our costs for…'."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"'{text}'"


def listing(numbers: list[int], limit: int = 5) -> str:
    """'3', '3 and 7', '3, 7 and 9', '3, 7, 9, 12, 15 and 4 more'."""
    shown = [str(n) for n in numbers[:limit]]
    extra = len(numbers) - len(shown)
    if extra:
        return ", ".join(shown) + f" and {extra} more"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


class ContrastTally:
    """Collects text contrast for runs and reports the worst failing run of each place.

    Colours are (r, g, b) tuples, or anything else ('unknown') when they could not be worked
    out: those are reported once per `unknown_location` as advice, never as blocking.
    """

    def __init__(self) -> None:
        self.worst: dict[str, tuple[float, str, RGB, RGB, float, float]] = {}
        self.unknown: list[str] = []

    def add(
        self, where: str, text: str, fg: object, bg: object, size: float | None, bold: bool
    ) -> None:
        if fg is None or not text.strip():
            return  # invisible text (no fill) or only spaces
        if not isinstance(fg, tuple) or not isinstance(bg, tuple):
            if where not in self.unknown:
                self.unknown.append(where)
            return
        ratio = _contrast_ratio(fg, bg)
        required = required_ratio(size, bold)
        if meets(ratio, required):
            return
        score = ratio / required
        if where not in self.worst or score < self.worst[where][0]:
            self.worst[where] = (score, text, fg, bg, ratio, required)

    def findings(self, unknown_location: str, what: str) -> list[Finding]:
        """`what` names the kind of place in the unknown message: 'text in' / 'paragraphs'."""
        found = []
        for where, (_score, text, fg, bg, ratio, required) in self.worst.items():
            kind = "Large text" if required < TEXT_RATIO else "Text this size"
            found.append(
                finding(
                    "text-contrast-low",
                    where,
                    f"The text {quote(text)} has a contrast ratio of {format_ratio(ratio)} "
                    f"({to_hex(fg)} on {to_hex(bg)}). {kind} needs at least {required:g}:1.",
                    "Make the text darker or its background lighter (or the other way round) "
                    "until the contrast is at least 4.5:1, or 3:1 for text 18pt and over or "
                    "14pt bold and over.",
                )
            )
        if self.unknown:
            names = ", ".join(self.unknown[:5]) + (
                f" and {len(self.unknown) - 5} more" if len(self.unknown) > 5 else ""
            )
            found.append(
                finding(
                    "text-contrast-low",
                    unknown_location,
                    f"We could not work out the contrast of the {what} {names}: the colours "
                    "are unknown (a picture, a gradient, a see-through colour or a theme colour "
                    "we could not read).",
                    "Check the contrast by eye or with a contrast checker: at least 4.5:1, or "
                    "3:1 for large text.",
                    severity=Severity.ADVICE,
                )
            )
        return found


class Budget:
    """Caps on the work one file may cost (shapes, paragraphs, runs, characters of text).

    Shared by the whole check of a file, so no file, however built, can make it slow: when a
    cap is reached the check stops walking and says the file was checked in part.
    """

    def __init__(self, **limits: int) -> None:
        self.left = dict(limits)
        self.exhausted = False

    def spend(self, what: str, amount: int = 1) -> bool:
        """Take `amount` of `what`; False (and exhausted) once there is none left."""
        self.left[what] -= amount
        if self.left[what] < 0:
            self.exhausted = True
            return False
        return True

    def text(self, text: str) -> str:
        """As much of `text` as the character budget still allows."""
        allowed = max(self.left["chars"], 0)
        self.left["chars"] -= len(text)
        if len(text) > allowed:
            self.exhausted = True
        return text[:allowed]
