"""Word-level text rules: words-to-avoid, acronym-unexpanded and all-caps.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy. Every function takes plain
text (Markdown and URLs already removed by the caller) and a location a person understands.

- words-to-avoid: the GOV.UK list in ``data/words_to_avoid.json``, matched case-insensitively as
  whole words with their inflections ('land' matches 'landed' but not 'peatland' or 'landscape').
  Reported once per word per location, with the replacement; always a warning, because several
  words have an acceptable sense ('unless ...').
- acronym-unexpanded: a word with 2 or more capitals that is an acronym (2 capitals in a row, or at
  least as many capitals as lower-case letters, so 'PowerPoint' and 'GitHub' are not acronyms but
  'HMRC', 'APIs' and 'DfE' are). UK, US, EU, VAT, MP, DVLA and GOV.UK are allowed; Roman numerals
  are ignored. The first use must be 'Full Name (ACR)' or 'ACR (Full Name)': the initials of the
  full name match the acronym, small words such as of/and/the/for may be skipped. Reported once
  per acronym, at its first use. Words inside a run of block capitals are left to all-caps.
- all-caps: 3 or more words of 2 or more letters in capitals in a row (single letters such as 'A'
  neither count nor break the run), or a text of at least 20 letters where more than half the
  letters are capitals. Reported once per location.
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
REF_ACRONYMS = "GOV.UK A to Z: abbreviations and acronyms"
REF_CAPS = (
    "GOV.UK A to Z: capitals (block capitals are hard to read; screen readers may spell them out)"
)

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


# ---------------------------------------------------------------- capitals

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


# ---------------------------------------------------------------- acronyms

ALLOWED_ACRONYMS = frozenset({"UK", "US", "EU", "VAT", "MP", "DVLA"})
SMALL_WORDS = frozenset(
    [
        "of",
        "and",
        "the",
        "for",
        "to",
        "in",
        "on",
        "a",
        "an",
        "at",
        "by",
        "with",
        "or",
        "from",
        "&",
        "its",
    ]
)
_TOKEN = re.compile(r"(?<![\w.])(?:GOV\.UK|[A-Za-z][A-Za-z0-9]*)\b")
# The _TOKEN words that can be acronyms: an acronym has 2 or more capitals, so the lookahead
# skips every other word (GOV.UK still matches, so 'UK' in it is not taken for a word).
_ACRONYM_CANDIDATE = re.compile(
    r"(?<![\w.])(?:GOV\.UK|(?=[a-z0-9]*[A-Z][a-z0-9]*[A-Z])[A-Za-z][A-Za-z0-9]*)\b"
)
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
_CAPITALS_IN_A_WORD = re.compile(r"[A-Z][A-Za-z0-9]*[A-Z]")  # every candidate holds one
_ROMAN = re.compile(r"(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})")
_NAME_WORD = re.compile(r"[A-Za-z0-9&][A-Za-z0-9'’]*")


def acronym_of(token: str) -> str | None:
    """The acronym a token is ('APIs' -> 'API'), or None when it is not one we check."""
    if token == "GOV.UK":  # noqa: S105 - the domain name, not an acronym
        return None
    base = token
    if len(base) > 2 and base.endswith("s") and _is_acronym(base[:-1]):
        base = base[:-1]
    if not _is_acronym(base) or base in ALLOWED_ACRONYMS or _ROMAN.fullmatch(base):
        return None
    return base


def _is_acronym(word: str) -> bool:
    upper = sum(c.isupper() for c in word)
    if upper < 2:
        return False
    lower = sum(c.islower() for c in word)
    return upper >= lower or bool(_TWO_CAPITALS.search(word))


def _contributions(word: str) -> set[str]:
    letters = {word[0].upper()}
    capitals = "".join(c for c in word if c.isupper())
    if len(capitals) >= 2:  # 'HM Revenue and Customs (HMRC)'
        letters.add(capitals)
    if word.lower() in SMALL_WORDS:
        letters.add("")
    return letters


def _spells(words: list[str], letters: str) -> bool:
    """Do all these words, in order, give these initials (small words optional)?"""

    def go(i: int, j: int) -> bool:
        if i == len(words):
            return j == len(letters)
        return any(
            letters.startswith(part, j) and go(i + 1, j + len(part))
            for part in _contributions(words[i])
        )

    return go(0, 0)


def _targets(acronym: str) -> set[str]:
    letters = re.sub(r"[^A-Za-z0-9]", "", acronym)
    return {
        letters.upper(),
        "".join(c for c in letters if c.isupper() or c.isdigit()),
        "".join(c for c in letters if c.isupper()),  # 'business to business (B2B)'
    }


def _name_words(text: str) -> list[re.Match[str]]:
    return list(_NAME_WORD.finditer(text.replace("-", " ")))


def _name_start(text: str, paren: int, acronym: str) -> int | None:
    """Where 'Full Name' starts when text[paren] is the '(' of 'Full Name (ACR)', else None."""
    targets = _targets(acronym)
    offset = max(0, paren - 200)
    words = _name_words(text[offset:paren])
    for size in range(1, min(len(words), 12) + 1):
        tail = words[-size:]
        if tail[0].group().lower() in SMALL_WORDS:
            continue
        if any(_spells([w.group() for w in tail], t) for t in targets):
            return offset + tail[0].start()
    return None


def is_expanded(text: str, start: int, end: int, acronym: str) -> bool:
    """Is the acronym at text[start:end] written 'Full Name (ACR)' or 'ACR (Full Name)'?"""
    before = text[:start].rstrip()
    after = text[end:]
    full_name_first = before.endswith("(") and re.match(r"\s*\)", after)  # Full Name (ACR)
    if full_name_first and _name_start(text, len(before) - 1, acronym) is not None:
        return True
    inside = re.match(r"\s*\(([^()]{1,200})\)", after)  # ACR (Full Name)
    if inside:
        words = [w.group() for w in _name_words(inside.group(1))]
        if words and any(_spells(words, t) for t in _targets(acronym)):
            return True
    return False


_BRACKETED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9]*)\s*\)")


def _full_names(text: str) -> list[tuple[int, int]]:
    """Spans of every 'Full Name' in 'Full Name (ACR)': words there ('HM') are not acronyms."""
    spans = []
    for match in _BRACKETED.finditer(text):
        acronym = acronym_of(match.group(1))
        start = _name_start(text, match.start(), acronym) if acronym else None
        if start is not None:
            spans.append((start, match.start()))
    return spans


def check_acronyms(
    text: str, location: str, seen: set[str] | None = None, skip: list[tuple[int, int]] = ()
) -> list[Finding]:
    """acronym-unexpanded (warning): once per acronym, at its first use.

    ``seen`` carries the acronyms already used earlier (in earlier fields of the same pitch) and
    is updated; ``skip`` holds spans (block-capital runs) where words are not acronyms.
    """
    seen = set() if seen is None else seen
    if not _CAPITALS_IN_A_WORD.search(text):
        return []  # no word with 2 capitals, so no acronym (a quick scan of most text)
    skip = [*skip, *_full_names(text)] if "(" in text else list(skip)
    findings = []
    for match in _ACRONYM_CANDIDATE.finditer(text):  # _TOKEN words with 2 or more capitals
        acronym = acronym_of(match.group())
        if acronym is None or acronym in seen:
            continue
        if any(a <= match.start() < b for a, b in skip):
            continue
        seen.add(acronym)
        if is_expanded(text, match.start(), match.end(), acronym):
            continue
        findings.append(
            Finding(
                rule="acronym-unexpanded",
                severity=Severity.WARNING,
                location=location,
                message=f"'{acronym}' is not spelled out the first time it is used.",
                fix=f"The first time you use '{acronym}', write it out in full followed by the "
                f"acronym in brackets, for example 'Full Name ({acronym})'. If you do not use it "
                "again, just use the full name.",
                reference=REF_ACRONYMS,
            )
        )
    return findings
