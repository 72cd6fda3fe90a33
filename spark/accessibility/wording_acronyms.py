"""Acronyms: the acronym-unexpanded rule on plain text.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy. Every function takes plain
text (Markdown and URLs already removed by the caller) and a location a person understands.

- acronym-unexpanded: a word with 2 or more capitals that is an acronym (2 capitals in a row, or at
  least as many capitals as lower-case letters, so 'PowerPoint' and 'GitHub' are not acronyms but
  'HMRC', 'APIs' and 'DfE' are). UK, US, EU, VAT, MP, DVLA and GOV.UK are allowed; Roman numerals
  are ignored. The first use must be 'Full Name (ACR)' or 'ACR (Full Name)': the initials of the
  full name match the acronym, small words such as of/and/the/for may be skipped. Reported once
  per acronym, at its first use. Words inside a run of block capitals are left to all-caps.
"""

from __future__ import annotations

import re

from spark.accessibility.findings import Finding, Severity

REF_ACRONYMS = "GOV.UK A to Z: abbreviations and acronyms"

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
