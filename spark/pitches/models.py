"""Stage 1 records: rounds (the call for pitches), pitches, their files and checker reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spark.accounts.models import Team, User
from spark.core.audit import utcnow
from spark.extensions import db

ROUND_STATUSES = ("draft", "open", "judging", "closed")
PITCH_STATUSES = (
    "draft",
    "submitted",
    "eligible",
    "assigned",
    "pitched",
    "decided",
    "returned",
    "withdrawn",
)
FILE_KINDS = ("deck", "document", "pdf", "image", "audio", "video", "captions")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Round(db.Model):
    """A Dragons' Den cycle, e.g. "Spark! spring 2027": the call for pitches."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    pitches: Mapped[list[Pitch]] = relationship(back_populates="round")

    __table_args__ = (
        CheckConstraint(_one_of("status", ROUND_STATUSES), name="status_known"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )


class Pitch(db.Model):
    """A team's pitch. ``version`` is an optimistic lock and names the checked version."""

    __tablename__ = "pitches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Given on first submission, e.g. SPK-2027-0042.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="RESTRICT"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(String(300), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    idea: Mapped[str] = mapped_column(Text, default="")
    benefits: Mapped[str] = mapped_column(Text, default="")
    ask_pence: Mapped[int | None] = mapped_column(BigInteger)
    ask_details: Mapped[str] = mapped_column(Text, default="")
    team_details: Mapped[str] = mapped_column(Text, default="")
    # Task-list sections the team has marked as completed.
    completed_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    returned_reason: Mapped[str | None] = mapped_column(Text)
    # The pitch this one was copied from (refine and resubmit), keeping its history.
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("pitches.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    team: Mapped[Team] = relationship()
    round: Mapped[Round] = relationship(back_populates="pitches")
    created_by: Mapped[User | None] = relationship()
    files: Mapped[list[PitchFile]] = relationship(
        back_populates="pitch",
        cascade="all, delete-orphan",
        order_by="PitchFile.id",
        foreign_keys="PitchFile.pitch_id",
    )
    reports: Mapped[list[AccessibilityReport]] = relationship(
        back_populates="pitch", cascade="all, delete-orphan", order_by="AccessibilityReport.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_one_of("status", PITCH_STATUSES), name="status_known"),
        CheckConstraint("ask_pence is null or ask_pence >= 0", name="ask_not_negative"),
    )


class PitchFile(db.Model):
    """A file in the pitch's materials, stored by SHA-256 (spark.core.storage)."""

    __tablename__ = "pitch_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mimetype: Mapped[str] = mapped_column(String(120))
    original_name: Mapped[str] = mapped_column(String(200))
    # Images: alt text, or decorative.
    alt_text: Mapped[str] = mapped_column(Text, default="")
    decorative: Mapped[bool] = mapped_column(Boolean, default=False)
    # Audio and video: a typed transcript, and companion files.
    transcript: Mapped[str] = mapped_column(Text, default="")
    captions_id: Mapped[int | None] = mapped_column(
        ForeignKey("pitch_files.id", ondelete="SET NULL")
    )
    audio_description_id: Mapped[int | None] = mapped_column(
        ForeignKey("pitch_files.id", ondelete="SET NULL")
    )
    bsl_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("pitch_files.id", ondelete="SET NULL")
    )
    # The team states the soundtrack already carries all visual information.
    audio_description_not_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    pitch: Mapped[Pitch] = relationship(back_populates="files", foreign_keys=[pitch_id])
    captions: Mapped[PitchFile | None] = relationship(remote_side=[id], foreign_keys=[captions_id])
    audio_description: Mapped[PitchFile | None] = relationship(
        remote_side=[id], foreign_keys=[audio_description_id]
    )
    bsl_version: Mapped[PitchFile | None] = relationship(
        remote_side=[id], foreign_keys=[bsl_version_id]
    )

    __table_args__ = (CheckConstraint(_one_of("kind", FILE_KINDS), name="kind_known"),)


class AccessibilityReport(db.Model):
    """The checker's findings for one version of a pitch."""

    __tablename__ = "accessibility_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    pitch_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    blocking: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    advice: Mapped[int] = mapped_column(Integer, default=0)
    reading_age: Mapped[float | None] = mapped_column()
    warnings_acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    warnings_acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    pitch: Mapped[Pitch] = relationship(back_populates="reports")
    findings: Mapped[list[ReportFinding]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportFinding.position"
    )

    __table_args__ = (
        UniqueConstraint("pitch_id", "pitch_version", name="uq_reports_pitch_version"),
    )


class ReportFinding(db.Model):
    __tablename__ = "report_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("accessibility_reports.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(200))  # "Pitch text" or a file's name
    rule: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(300))
    message: Mapped[str] = mapped_column(Text)
    fix: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(300))

    report: Mapped[AccessibilityReport] = relationship(back_populates="findings")

    __table_args__ = (
        CheckConstraint("severity in ('blocking', 'warning', 'advice')", name="severity_known"),
    )
