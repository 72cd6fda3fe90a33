"""Text rules for pitch fields and for text taken from attachments (public API).

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
The rule bodies land in the next commit; the signatures below are the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from spark.accessibility.findings import Finding


@dataclass(frozen=True)
class ReadingAge:
    grade: float  # Flesch-Kincaid grade
    age: int  # reading age, about grade + 5
    words: int


def reading_age(text: str) -> ReadingAge | None:
    return None


def check_fields(fields: dict[str, str]) -> list[Finding]:
    return []


def check_extracted_text(text: str, where: str) -> list[Finding]:
    return []


def check_link_text(text: str, url: str | None, where: str) -> list[Finding]:
    return []


def check_alt_text(
    alt: str | None, *, decorative: bool, where: str, filename: str | None = None
) -> list[Finding]:
    return []
