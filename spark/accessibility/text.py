"""Text rules for pitch fields and for text taken from attachments — the public API.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.

``check_fields`` runs every text rule on the pitch fields (Markdown: links as ``[text](url)``,
bullets as lines starting "- "):

- reading-age-high (warning): the Flesch-Kincaid grade of problem + idea + benefits, with URLs
  and Markdown removed, when they hold at least 100 words. Reading age is about FK + 5. Warns when
  FK is over 9; the message always gives the score against GOV.UK's target, a reading age of 9.
  Under the threshold nothing is reported: the UI shows ``pitch_reading_age(fields).summary``.
- sentence-too-long (warning): over 25 words (25 passes). Sentences end at . ! ? followed by a
  space, at line breaks and at bullets — not at decimal points, 'e.g.' or 'i.e.'.
- words-to-avoid, acronym-unexpanded, all-caps (warnings): see ``wording``, ``wording_acronyms``
  and ``wording_capitals``. Acronym first use is judged across the fields in order (title,
  problem, idea, benefits, ask, team).
- link-text-vague (warning): Markdown link text such as 'click here', 'read more' or the bare web
  address; a bare URL in the text (it becomes its own link text); the bare phrase 'click here'.
- bullet-punctuation (advice): a list needs a lead-in line ending ':'; items start in lower case
  (a proper noun is allowed), and do not end in . ; , or in 'and' / 'or'.
- colour-only-meaning (advice): a hint ('in red', 'green means', 'colour-coded', 'RAG status')
  that the text may rely on colour; the team confirms it by hand.

``check_extracted_text`` runs the subset for attachments (words, acronyms, capitals, sentence
length), ``check_link_text`` and ``check_alt_text`` one link or one image.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spark.accessibility.alt_text import check_alt_text
from spark.accessibility.bullets import check_bullets
from spark.accessibility.findings import Finding, Severity
from spark.accessibility.wording import check_words_to_avoid
from spark.accessibility.wording_acronyms import check_acronyms
from spark.accessibility.wording_capitals import all_caps_findings, caps_runs, mostly_capitals

__all__ = [
    "FIELD_LABELS",
    "ReadingAge",
    "check_alt_text",
    "check_extracted_text",
    "check_fields",
    "check_link_text",
    "pitch_reading_age",
    "plain_text",
    "reading_age",
    "sentences",
]

FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",  # the web form's short summary; not in pitch.json
    "problem": "The problem",
    "idea": "Your idea",
    "benefits": "Who benefits and how",
    "ask": "What you need",
    "team": "Your team",
}
READING_AGE_FIELDS = ("problem", "idea", "benefits")
READING_AGE_MIN_WORDS = 100
FK_GRADE_LIMIT = 9.0  # warn above this: a reading age over 14
TARGET_READING_AGE = 9
SENTENCE_MAX_WORDS = 25

REF_READING_AGE = "GOV.UK content design: write for a reading age of 9"
REF_SENTENCE = "GOV.UK content design: sentences of 25 words or fewer"
REF_LINK = "WCAG 2.2 2.4.4 Link purpose (in context) (A); GOV.UK style: links"
REF_COLOUR = "WCAG 2.2 1.4.1 Use of colour (A)"

# ---------------------------------------------------------------- Markdown to plain text

MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
BARE_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+", re.MULTILINE)


def plain_text(markdown: str, *, keep_bullets: bool = False) -> str:
    """The words a reader sees: link text kept, URLs and Markdown marks removed."""
    text = MD_LINK.sub(lambda m: m.group(1), markdown)
    text = BARE_URL.sub(" ", text)
    text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = _HEADING.sub("", text)
    if not keep_bullets:
        text = BULLET.sub("", text)
    return text


# ---------------------------------------------------------------- sentences

_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|eg|ie|cf|vs|approx|Mr|Mrs|Ms|Dr|Prof|St)\.", re.I)
# The same in lower case, for ASCII text in lower case: it matches in the same places and is
# faster (the regex engine skips alternatives by their first letter when case matters).
_ABBREVIATION_LOWER = re.compile(_ABBREVIATION.pattern.lower())
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n|•")


# What _ABBREVIATION_LOWER matches after its \b.
_ABBREVIATIONS = ("e.g.", "i.e.", "eg.", "ie.", "cf.", "vs.", "approx.", "mr.", "mrs.", "ms.")
_ABBREVIATIONS = (*_ABBREVIATIONS, "dr.", "prof.", "st.")


def _has_abbreviation(text: str) -> bool:
    """_ABBREVIATION.search(text) is not None, quicker: every match ends at a full stop."""
    if not text.isascii():
        return _ABBREVIATION.search(text) is not None
    lower = text.lower()
    stop = lower.find(".")
    while stop != -1:
        # A match ends at this stop only if one of the words does; then the regex (whose \b
        # sees the character before the window) decides. The longest word has 7 characters.
        if lower.endswith(_ABBREVIATIONS, 0, stop + 1) and _ABBREVIATION_LOWER.search(
            lower, max(0, stop - 7), stop + 1
        ):
            return True
        stop = lower.find(".", stop + 1)
    return False


def sentences(text: str) -> list[str]:
    """Split plain text into sentences (at . ! ? and a space, line breaks and bullets)."""
    masked = text
    if _has_abbreviation(text):
        masked = _ABBREVIATION.sub(lambda m: m.group().replace(".", "\x00"), text)
    parts = (p.replace("\x00", ".").strip() for p in _SENTENCE_END.split(masked))
    return [p for p in parts if p]


_ALNUM = re.compile(r"[^\W_]")  # one character for which str.isalnum() is true


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or a digit."""
    return sum(1 for _ in filter(_ALNUM.search, text.split()))


def check_sentences(text: str, location: str) -> list[Finding]:
    """sentence-too-long (warning): one finding for each sentence over 25 words."""
    findings = []
    for sentence in sentences(text):
        if len(sentence.split()) <= SENTENCE_MAX_WORDS:
            continue  # count_words() is at most the number of tokens
        words = count_words(sentence)
        if words > SENTENCE_MAX_WORDS:
            start = " ".join(sentence.split()[:8])
            findings.append(
                Finding(
                    rule="sentence-too-long",
                    severity=Severity.WARNING,
                    location=location,
                    message=f"The sentence starting '{start} ...' has {words} words. Long "
                    "sentences are harder to read and understand.",
                    fix=f"Split it into sentences of {SENTENCE_MAX_WORDS} words or fewer.",
                    reference=REF_SENTENCE,
                )
            )
    return findings


# ---------------------------------------------------------------- reading age


@dataclass(frozen=True)
class ReadingAge:
    """A Flesch-Kincaid score shown against GOV.UK's target of reading age 9."""

    grade: float  # Flesch-Kincaid grade (textstat 0.7.8)
    words: int

    @property
    def age(self) -> int:
        """Reading age, about FK grade + 5 (never under 5)."""
        return max(5, math.floor(self.grade + 5 + 0.5))

    @property
    def too_high(self) -> bool:
        return self.grade > FK_GRADE_LIMIT

    @property
    def summary(self) -> str:
        return (
            f"reading age about {self.age} (Flesch-Kincaid grade {self.grade:.1f}); "
            f"GOV.UK aims for {TARGET_READING_AGE}"
        )


def _for_scoring(markdown: str) -> str:
    """Plain text where every line ends a sentence, so bullets are not one long sentence."""
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), plain_text(markdown))
    lines = (line.strip() for line in text.splitlines())
    return " ".join(line if line[-1] in ".!?:" else line + "." for line in lines if line)


def reading_age(text: str) -> ReadingAge | None:
    """The reading age of Markdown text, or None when it has under 100 words."""
    scored = _for_scoring(text)
    words = count_words(scored)
    if words < READING_AGE_MIN_WORDS:
        return None
    import textstat  # imported on first use: it loads its hyphenation dictionary then

    return ReadingAge(grade=float(textstat.flesch_kincaid_grade(scored)), words=words)


def pitch_reading_age(fields: dict[str, str]) -> ReadingAge | None:
    """The reading age of problem + idea + benefits, the text the reading-age rule scores."""
    return reading_age("\n\n".join(fields.get(name) or "" for name in READING_AGE_FIELDS))


def check_reading_age(fields: dict[str, str]) -> list[Finding]:
    """reading-age-high (warning) when the FK grade of problem + idea + benefits is over 9."""
    score = pitch_reading_age(fields)
    if score is None or not score.too_high:
        return []
    labels = ", ".join(FIELD_LABELS[name] for name in READING_AGE_FIELDS)
    return [
        Finding(
            rule="reading-age-high",
            severity=Severity.WARNING,
            location=f"fields: {labels}",
            message=f"These answers have a {score.summary}. Text above a reading age of "
            f"{math.floor(FK_GRADE_LIMIT + 5)} is hard for many people to read. Scores differ "
            "between tools by a grade or so, so treat it as a guide.",
            fix="Use shorter sentences and everyday words. Explain or cut jargon and say who "
            "does what.",
            reference=REF_READING_AGE,
        )
    ]


# ---------------------------------------------------------------- links

VAGUE_LINK_TEXT = frozenset(
    {
        "click here",
        "click",
        "click this link",
        "here",
        "go here",
        "see here",
        "read more",
        "read more here",
        "more",
        "more here",
        "more info",
        "more information",
        "link",
        "this link",
        "the link",
        "find out more",
        "find out more here",
        "learn more",
        "learn out more",
        "learn more here",
        "this",
    }
)
_LINKISH = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:uk|com|org|net|gov|io)(?:/\S*)?$")
_CLICK_HERE = re.compile(r"\bclick\s+here\b", re.IGNORECASE)


def _bare_address(url: str) -> str:
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    return url.removeprefix("www.").rstrip("/")


def check_link_text(text: str, url: str | None, where: str) -> list[Finding]:
    """link-text-vague (warning): link text that does not say where the link goes."""
    shown = " ".join((text or "").split())
    norm = re.sub(r"^[^\w]+|[^\w]+$", "", shown.lower())
    if shown == "GOV.UK":  # the name of the site, written as GOV.UK style asks
        return []
    if not norm:
        message = "This link has no text, so nobody can tell where it goes."
    elif norm in VAGUE_LINK_TEXT:
        message = f"The link text '{shown}' does not say where the link goes."
    elif _LINKISH.match(shown.lower()) or (url and _bare_address(shown) == _bare_address(url)):
        message = (
            f"The link text is the web address '{shown}'. Screen readers read it out "
            "character by character and it does not say what the page is."
        )
    else:
        return []
    return [
        Finding(
            rule="link-text-vague",
            severity=Severity.WARNING,
            location=where,
            message=message,
            fix="Write link text that makes sense on its own and says where the link goes, "
            "for example 'read the discovery report' rather than 'click here' or a web address.",
            reference=REF_LINK,
        )
    ]


def check_links(markdown: str, location: str) -> list[Finding]:
    """Markdown links, bare URLs and the bare phrase 'click here' in one field."""
    findings = []
    for match in MD_LINK.finditer(markdown):
        findings += check_link_text(match.group(1), match.group(2), location)
    rest = MD_LINK.sub(" ", markdown)
    for match in BARE_URL.finditer(rest):
        findings += check_link_text(match.group(), match.group(), location)
    if _CLICK_HERE.search(BARE_URL.sub(" ", rest)):
        findings += check_link_text("click here", None, location)
    return findings


# ---------------------------------------------------------------- colour

_COLOURS = r"(?:red|green|amber|orange|yellow|blue|purple|pink|grey|gray|brown)"
_COLOUR_HINT = re.compile(
    rf"\b(?:in|using|shown in|marked in|highlighted in|coloured)\s+(?:the\s+colou?r\s+)?"
    rf"{_COLOURS}\b"
    rf"|\b{_COLOURS}\s+(?:means?|meaning|shows?|indicates?|represents?|signals?|marks?)\b"
    r"|\bcolou?r[\s-]?cod(?:ed|ing|es?)\b|\btraffic[\s-]lights?\b"
    r"|\bRAG\s+(?:status|rating|rated)\b",
    re.IGNORECASE,
)


def check_colour(text: str, location: str) -> list[Finding]:
    """colour-only-meaning (advice): a hint to confirm by hand that colour is not the only cue."""
    hint = _COLOUR_HINT.search(text)
    if not hint:
        return []
    return [
        Finding(
            rule="colour-only-meaning",
            severity=Severity.ADVICE,
            location=location,
            message=f"'{hint.group()}' suggests colour may carry meaning here. People who "
            "cannot tell colours apart will miss it.",
            fix="Check that colour is not the only way you show meaning: add a word, label, "
            "pattern or symbol as well.",
            reference=REF_COLOUR,
        )
    ]


# ---------------------------------------------------------------- entry points


def _wording(text: str, location: str, seen: set[str]) -> list[Finding]:
    findings = check_words_to_avoid(text, location)
    runs, mostly = caps_runs(text), mostly_capitals(text)  # once each, for both rules
    findings += all_caps_findings(text, location, runs, mostly)
    if not mostly:
        findings += check_acronyms(text, location, seen, skip=runs)
    findings += check_sentences(text, location)
    return findings


def check_fields(fields: dict[str, str]) -> list[Finding]:
    """Every text rule on the pitch fields; locations are 'field: The problem' and so on."""
    order = [name for name in FIELD_LABELS if name in fields]
    order += [name for name in fields if name not in FIELD_LABELS]
    seen: set[str] = set()
    findings: list[Finding] = []
    for name in order:
        raw = fields.get(name) or ""
        if not raw.strip():
            continue
        location = f"field: {FIELD_LABELS.get(name, name)}"
        text = plain_text(raw)
        findings += _wording(text, location, seen)
        findings += check_links(raw, location)
        findings += check_bullets(plain_text(raw, keep_bullets=True), location)
        findings += check_colour(text, location)
    findings += check_reading_age(fields)
    return findings


def check_extracted_text(
    text: str, where: str, *, seen_acronyms: set[str] | None = None
) -> list[Finding]:
    """words-to-avoid, acronym-unexpanded, all-caps and sentence-too-long on attachment text.

    Each call is judged on its own: an acronym's first use counts within ``text``. To judge a
    whole file whose text comes in parts (slide by slide), pass the same ``seen_acronyms`` set
    to every call for that file.
    """
    seen = set() if seen_acronyms is None else seen_acronyms
    text = text or ""
    if "://" in text or "www." in text.lower():  # else BARE_URL cannot match: skip its scan
        text = BARE_URL.sub(" ", text)
    return _wording(text, where, seen)
