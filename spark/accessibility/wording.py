"""Words to avoid: the words-to-avoid rule on plain text.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy. Every function takes plain
text (Markdown and URLs already removed by the caller) and a location a person understands.

- words-to-avoid: the GOV.UK list in ``data/words_to_avoid.json``, matched case-insensitively as
  whole words with their inflections ('land' matches 'landed' but not 'peatland' or 'landscape').
  Reported once per word per location, with the replacement; always a warning, because several
  words have an acceptable sense ('unless ...').

The other word-level rules: acronym-unexpanded in wording_acronyms, all-caps in
wording_capitals.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spark.accessibility.findings import Finding, Severity

REF_WORDS = "GOV.UK A to Z: words to avoid"
REF_METAPHORS = "GOV.UK A to Z: words to avoid (avoid using metaphors)"

DATA_FILE = Path(__file__).parent / "data" / "words_to_avoid.json"

# ---------------------------------------------------------------- words to avoid


@dataclass(frozen=True)
class AvoidWord:
    word: str
    forms: tuple[str, ...]
    replacement: str
    unless: str | None
    kind: str  # "word" or "metaphor"
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()


_SEPARATORS = re.compile(r"[\s\-]+")


def _norm(phrase: str) -> str:
    return _SEPARATORS.sub(" ", phrase.strip().lower())


@cache
def _avoid_table() -> tuple[re.Pattern[str], dict[str, AvoidWord], re.Pattern[str]]:
    """The pattern, each form's entry, and the pattern for ASCII text in lower case.

    On ASCII text, the case-insensitive pattern matches exactly where the case-sensitive one
    matches the same text in lower case (same length, same word boundaries), and the second
    is about twice as fast: the regex engine skips alternatives by their first letter.
    """
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_form: dict[str, AvoidWord] = {}
    for raw in data["entries"]:
        entry = AvoidWord(
            word=raw["word"],
            forms=tuple(raw["forms"]),
            replacement=raw["replacement"],
            unless=raw.get("unless"),
            kind=raw["kind"],
            not_after=frozenset(raw.get("not_after", ())),
            not_before=frozenset(raw.get("not_before", ())),
        )
        for form in entry.forms:
            by_form[_norm(form)] = entry
    source = r"\b" + _trie_pattern(list(by_form)) + r"\b"
    return re.compile(source, re.IGNORECASE), by_form, re.compile(source)


_SEPARATOR = r"[\s\-]+"  # between the words of a phrase: 'slim down', 'slim-down'


def _trie_pattern(forms: list[str]) -> str:
    """One regex for every form, its alternatives nested by shared prefix ('lands?|landing').

    It matches exactly what the plain alternation of the forms, longest first, matches: the
    forms are lower case with single spaces, so the longest form that matches (with its
    trailing word boundary) wins at each place, as 'drive out' does over 'drive'. A nested
    alternation tests a few letters at each place instead of all 176 forms, so it is several
    times faster.
    """
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def nest(node: dict[str, dict]) -> str:
        branches = [
            (_SEPARATOR if char == " " else re.escape(char)) + nest(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a form ends here: longer forms are tried first, then this one
            body = f"(?:{body})?"
        return body

    return nest(trie)


def avoid_words() -> list[AvoidWord]:
    """Every entry of the words-to-avoid list, once each (for documentation and the UI)."""
    return list(dict.fromkeys(_avoid_table()[1].values()))


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_WORD_AFTER = re.compile(r"^\W*([A-Za-z]+)")


def check_words_to_avoid(text: str, location: str) -> list[Finding]:
    """words-to-avoid (warning): once per listed word per location, with its replacement."""
    pattern, by_form, lower_pattern = _avoid_table()
    found: dict[str, tuple[str, int]] = {}  # headword -> (first form as written, count)
    entries: dict[str, AvoidWord] = {}
    ascii_text = text.isascii()
    matches = (lower_pattern if ascii_text else pattern).finditer(
        text.lower() if ascii_text else text
    )
    for match in matches:
        start, end = match.span()
        written = text[start:end]
        entry = by_form[_norm(written)]
        if entry.not_after:
            before = _WORD_BEFORE.search(text, max(0, start - 30), start)
            if before and before.group(1).lower() in entry.not_after:
                continue
        if entry.not_before:
            after = _WORD_AFTER.search(text[end : end + 30])
            if after and after.group(1).lower() in entry.not_before:
                continue
        first, count = found.get(entry.word, (written, 0))
        found[entry.word] = (first, count + 1)
        entries[entry.word] = entry
    findings = []
    for word, (first, count) in found.items():
        entry = entries[word]
        times = "" if count == 1 else f" ({count} times)"
        if entry.kind == "metaphor":
            message = f"'{first}'{times} is a metaphor that GOV.UK asks you to avoid."
        else:
            message = f"'{first}'{times} is on GOV.UK's list of words to avoid."
        fix = f"Instead of '{first}', use: {entry.replacement}."
        if entry.unless:
            fix += f" You can keep it if {entry.unless}."
        findings.append(
            Finding(
                rule="words-to-avoid",
                severity=Severity.WARNING,
                location=location,
                message=message,
                fix=fix,
                reference=REF_METAPHORS if entry.kind == "metaphor" else REF_WORDS,
            )
        )
    return findings
