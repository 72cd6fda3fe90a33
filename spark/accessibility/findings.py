"""What the checker reports: findings with a rule id, severity, place, message, fix and source.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    BLOCKING = "blocking"  # stops submission
    WARNING = "warning"  # must be acknowledged
    ADVICE = "advice"  # shown only


SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.ADVICE: 2}


@dataclass(frozen=True)
class Finding:
    rule: str  # rule id from a11y-rules.md, e.g. "image-alt-missing"
    severity: Severity
    location: str  # a place a person understands: "slide 3, picture 'Chart'", "field: The problem"
    message: str  # what is wrong, in plain English
    fix: str  # how to fix it
    reference: str  # WCAG criterion or guidance it comes from

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.BLOCKING]

    @property
    def has_blocking(self) -> bool:
        return any(f.severity == Severity.BLOCKING for f in self.findings)

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: SEVERITY_ORDER[f.severity])
