"""Block capitals: the all-caps rule on plain text.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy. Every function takes plain
text (Markdown and URLs already removed by the caller) and a location a person understands.

- all-caps: 3 or more words of 2 or more letters in capitals in a row (single letters such as 'A'
  neither count nor break the run), or a text of at least 20 letters where more than half the
  letters are capitals. Reported once per location.
"""

from __future__ import annotations

import re

from spark.accessibility.findings import Finding, Severity

REF_CAPS = (
    "GOV.UK A to Z: capitals (block capitals are hard to read; screen readers may spell them out)"
)

_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_RUN_BREAK = re.compile(r"[.!?;:()\n\[\]]")
_MIN_LETTERS_FOR_RATIO = 20


# A word (as _CAPS_WORD finds them) of 2 or more letters, all capitals. A run needs 3 of them,
# so text with fewer (nearly all text) has no runs and skips the word-by-word walk.
_UPPER_WORD = re.compile(r"(?<![A-Za-z'’])['’]*[A-Z]['’]*[A-Z][A-Z'’]*(?![A-Za-z'’])")
_TWO_UPPER = re.compile(r"[A-Z]['’]*[A-Z]")  # in every _UPPER_WORD; found by a fast scan


def caps_runs(text: str) -> list[tuple[int, int]]:
    """Spans of 3 or more words (2+ letters) in capitals in a row, within a clause."""
    if not _TWO_UPPER.search(text) or len(_UPPER_WORD.findall(text)) < 3:
        return []
    runs: list[tuple[int, int]] = []
    start = end = -1
    count = 0
    last_end = 0
    for match in _CAPS_WORD.finditer(text):
        word = match.group().replace("'", "").replace("’", "")
        broken = bool(_RUN_BREAK.search(text, last_end, match.start()))
        last_end = match.end()
        if broken or not word.isupper():
            if count >= 3:
                runs.append((start, end))
            count = 0
            if not word.isupper():
                continue
        if len(word) < 2:  # 'A' or 'I': neither counts nor breaks the run
            if count:
                end = match.end()
            continue
        if count == 0:
            start = match.start()
        count += 1
        end = match.end()
    if count >= 3:
        runs.append((start, end))
    return runs


_NOT_ASCII_LETTER = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))
_ASCII_LOWER = bytes(range(97, 123))


def mostly_capitals(text: str) -> bool:
    if text.isascii():  # the same count, with bytes.translate instead of a loop in Python
        letters = text.encode("ascii").translate(None, _NOT_ASCII_LETTER)
        if len(letters) < _MIN_LETTERS_FOR_RATIO:
            return False
        return len(letters.translate(None, _ASCII_LOWER)) * 2 > len(letters)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _MIN_LETTERS_FOR_RATIO:
        return False
    return sum(c.isupper() for c in letters) * 2 > len(letters)


def check_all_caps(text: str, location: str) -> list[Finding]:
    """all-caps (warning): a run of 3+ capitalised words, or more than half the letters."""
    return all_caps_findings(text, location, caps_runs(text), mostly_capitals(text))


def all_caps_findings(
    text: str, location: str, runs: list[tuple[int, int]], mostly: bool
) -> list[Finding]:
    """check_all_caps with caps_runs(text) and mostly_capitals(text) already worked out."""
    if mostly:
        message = "More than half of this text is in capital letters."
    elif runs:
        start, end = runs[0]
        snippet = text[start:end]
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        more = f" and {len(runs) - 1} more place(s)" if len(runs) > 1 else ""
        message = f"'{snippet}'{more} is written in block capitals."
    else:
        return []
    return [
        Finding(
            rule="all-caps",
            severity=Severity.WARNING,
            location=location,
            message=message + " Block capitals are hard to read and screen readers may spell "
            "them out letter by letter.",
            fix="Write it in sentence case. Use bold or a heading for emphasis instead.",
            reference=REF_CAPS,
        )
    ]
