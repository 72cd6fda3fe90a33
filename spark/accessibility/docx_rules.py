"""The document-wide Word rules, from what docx_check.DocumentCheck collected in its walk.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spark.accessibility.doc_rules import finding, quote
from spark.accessibility.docx_styles import W
from spark.accessibility.findings import Finding

if TYPE_CHECKING:
    from spark.accessibility.docx_check import DocumentCheck

HEADING_FIX = (
    "Use Word's heading styles (Home > Styles): Heading 1 for the main heading, Heading 2 for "
    "sections, Heading 3 inside those, without skipping a level."
)


def places(wheres: list[str], limit: int = 5) -> str:
    """'paragraph 3', 'paragraph 3 and table 2', '..., and 4 more' (each place once)."""
    unique = list(dict.fromkeys(wheres))
    shown, extra = unique[:limit], len(unique) - limit
    if extra > 0:
        return ", ".join(shown) + f" and {extra} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def heading_findings(check: DocumentCheck) -> list[Finding]:
    found = []
    if not check.headings:
        found.append(
            finding(
                "docx-heading-structure",
                "document",
                "This document does not use heading styles, so screen reader users cannot "
                "see its structure or move from section to section.",
                HEADING_FIX,
            )
        )
    else:
        where, level, text = check.headings[0]
        if level != 1:
            found.append(
                finding(
                    "docx-heading-structure",
                    where,
                    f"The first heading, {quote(text)}, is a Heading {level}. A document "
                    "should start with a Heading 1.",
                    HEADING_FIX,
                )
            )
        for (_, before, _), (where, level, text) in zip(
            check.headings, check.headings[1:], strict=False
        ):
            if level > before + 1:
                found.append(
                    finding(
                        "docx-heading-structure",
                        where,
                        f"The heading {quote(text)} is a Heading {level} after a Heading "
                        f"{before}: a level is skipped.",
                        HEADING_FIX,
                    )
                )
    if check.fake:
        examples = ", ".join(quote(text, 30) for _, text in check.fake[:3])
        lines = "1 line looks" if len(check.fake) == 1 else f"{len(check.fake)} lines look"
        found.append(
            finding(
                "docx-heading-structure",
                places([where for where, _ in check.fake]),
                f"{lines} like headings (short, bold, 14pt or larger) "
                f"but use the Normal style, so screen readers do not know they are headings: "
                f"{examples}.",
                "Apply a heading style to these lines instead of making Normal text bold and "
                "large.",
            )
        )
    return found


def _has_lang(check: DocumentCheck) -> bool:
    def named(element) -> bool:
        return any(element.get(f"{W}{a}") for a in ("val", "eastAsia", "bidi"))

    if any(named(el) for el in check.styles_root.iter(f"{W}lang")):
        return True
    return any(named(el) for el in check.doc.element.body.iter(f"{W}lang"))


def document_findings(check: DocumentCheck) -> list[Finding]:
    found = heading_findings(check)
    if not (check.doc.core_properties.title or "").strip():
        found.append(
            finding(
                "docx-title-missing",
                "document",
                "The document has no title in its properties. Screen readers announce it, "
                "and it becomes the title of a PDF saved from it.",
                "In Word, go to File > Info > Properties and add a title.",
            )
        )
    if not _has_lang(check):
        found.append(
            finding(
                "docx-lang-missing",
                "document",
                "The document does not say what language it is in, so screen readers may "
                "read it with the wrong pronunciation.",
                "In Word, select all the text, then Review > Language > Set Proofing Language, "
                "choose English (United Kingdom) and click 'Set As Default'.",
            )
        )
    if check.small:
        smallest = min(size for size, _ in check.small)
        found.append(
            finding(
                "font-too-small",
                places([where for _, where in check.small]),
                f"Some text is smaller than 12pt: the smallest is {smallest:g}pt.",
                "Use 12pt or larger for all text (14pt helps people with sight loss).",
            )
        )
    if check.italic:
        found.append(
            finding(
                "italic-underline-misuse",
                places(check.italic),
                "Some text is in italics, which is harder to read, especially for people with "
                "dyslexia or sight loss.",
                "Remove the italics. Use bold sparingly for emphasis, or quotation marks for "
                "titles.",
            )
        )
    if check.underline:
        found.append(
            finding(
                "italic-underline-misuse",
                places(check.underline),
                "Some text is underlined but is not a link. People expect underlined text to "
                "be a link, and underlining makes words harder to read.",
                "Remove the underline. Keep underlining for links only.",
            )
        )
    return found
