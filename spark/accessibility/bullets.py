"""bullet-punctuation (advice): GOV.UK bullet point style for lists in pitch fields.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.

A list is a run of lines starting '- ', '* ', '+ ' or '• ' (blank lines between items are
allowed). GOV.UK style:

- the list has a lead-in line, and that line ends with a colon
- each item starts in lower case, unless it starts with a proper noun or an acronym
- no item ends with a full stop, semicolon or comma, or with 'and' or 'or'

Proper nouns cannot be known for sure, so a capitalised first word is accepted when it is an
acronym or has a capital inside (DfE, iPhone), is 'I', is followed by another capitalised word
(Met Office, Jane Smith), or appears capitalised elsewhere in the text in mid-sentence.
Each kind of problem is reported once per list, naming the items.
"""

from __future__ import annotations

import re

from spark.accessibility.findings import Finding, Severity

REF_BULLETS = "GOV.UK A to Z: bullet points"

_ITEM = re.compile(r"^[ \t]*[-*+•][ \t]+(.*\S)?[ \t]*$")
_FIRST_WORDS = re.compile(r"[\"'‘“(]*([A-Za-z][\w'’-]*)(?:[\s,]+([A-Za-z][\w'’-]*))?")
_END_JOIN = re.compile(r"\b(?:and|or)\W*$", re.IGNORECASE)


def _lists(text: str) -> list[tuple[str | None, list[str]]]:
    """(lead-in line or None, items) for each bullet list in the text."""
    found: list[tuple[str | None, list[str]]] = []
    previous: str | None = None  # last non-blank line that is not an item
    items: list[str] | None = None
    for line in text.splitlines():
        item = _ITEM.match(line)
        if item:
            if items is None:
                items = []
                found.append((previous, items))
            items.append((item.group(1) or "").strip())
        elif line.strip():
            items = None
            previous = line.strip()
    return found


def _proper(item: str, text: str) -> bool:
    words = _FIRST_WORDS.match(item)
    if not words:
        return True
    first, second = words.group(1), words.group(2)
    if first == "I" or first.startswith(("I'", "I’")):
        return True
    if sum(c.isupper() for c in first) >= 2:
        return True
    if second and second[0].isupper():
        return True
    return bool(re.search(rf"[a-z0-9,;] +{re.escape(first)}\b", text))


def _items(items: list[str], verb: str) -> str:
    """'1 item starts' / '3 items start'."""
    if len(items) == 1:
        return f"1 item {verb}s"
    return f"{len(items)} items {verb}"


def _quote(items: list[str]) -> str:
    shown = [f"'{i if len(i) <= 40 else i[:37] + '...'}'" for i in items[:3]]
    more = f" and {len(items) - 3} more" if len(items) > 3 else ""
    return ", ".join(shown) + more


def _finding(location: str, message: str, fix: str) -> Finding:
    return Finding(
        rule="bullet-punctuation",
        severity=Severity.ADVICE,
        location=location,
        message=message,
        fix=fix,
        reference=REF_BULLETS,
    )


def check_bullets(text: str, location: str) -> list[Finding]:
    """bullet-punctuation (advice) for every bullet list in the (plain) text."""
    lists = _lists(text)
    findings = []
    for number, (lead_in, items) in enumerate(lists, start=1):
        where = f"{location}, bullet list {number}" if len(lists) > 1 else f"{location}, bullets"
        items = [i for i in items if i]
        if lead_in is None:
            findings.append(
                _finding(
                    where,
                    "The list has no lead-in line before it.",
                    "Introduce the list with a lead-in line that ends with a colon, for "
                    "example 'The service will:'.",
                )
            )
        elif not lead_in.endswith(":"):
            findings.append(
                _finding(
                    where,
                    f"The lead-in line before the list, '{lead_in[-40:]}', does not end with "
                    "a colon.",
                    "End the line before the list with a colon.",
                )
            )
        capitals = [i for i in items if i[0].isupper() and not _proper(i, text)]
        if capitals:
            findings.append(
                _finding(
                    where,
                    f"{_items(capitals, 'start')} with a capital letter: {_quote(capitals)}.",
                    "Start each bullet point in lower case, unless it starts with a name.",
                )
            )
        punctuated = [i for i in items if i[-1] in ".;,"]
        if punctuated:
            findings.append(
                _finding(
                    where,
                    f"{_items(punctuated, 'end')} with a full stop, semicolon or comma: "
                    f"{_quote(punctuated)}.",
                    "Do not put a full stop, semicolon or comma at the end of bullet points.",
                )
            )
        joined = [i for i in items if _END_JOIN.search(i)]
        if joined:
            findings.append(
                _finding(
                    where,
                    f"{_items(joined, 'end')} with 'and' or 'or': {_quote(joined)}.",
                    "Do not end a bullet point with 'and' or 'or'. The lead-in line should "
                    "make clear whether all the items apply or only some.",
                )
            )
    return findings
