"""Stage 3 records: a panel's decision on a pitch and each member's vote behind it.

A decision is *recorded* by the panel's chair, may be changed until the chair *signs* it, and
is immutable once signed: a correction is an *amendment*, a new decision that supersedes the
signed one with a reason. Both stay. The guard at the end of this module refuses, at flush
time, any change to a signed decision or its votes, whatever code asks for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from spark.accounts.models import User
from spark.core.audit import utcnow
from spark.extensions import db
from spark.panels.models import DECISION_RULES, Panel
from spark.pitches.models import Pitch, Round

KINDS = ("unanimous", "split")
OUTCOMES = ("funded", "not_funded", "refine_and_resubmit")
RULE_OUTCOMES = ("funded", "not_funded", "no_decision")
VOTES = ("in", "out", "recused", "absent")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Decision(db.Model):
    """The panel's decision on one pitch, with the tally and figures it was made on.

    The tally, kind, rule result and scores are a snapshot taken when the decision is recorded
    (and refreshed while it is unsigned), so the letter always says what the panel saw.
    ``kind`` is None when nobody voted. ``signed_at`` set means final.
    """

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="RESTRICT"), index=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="RESTRICT"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)

    # The tally and what the round's rule made of it.
    kind: Mapped[str | None] = mapped_column(String(20))
    votes_in: Mapped[int] = mapped_column(Integer, default=0)
    votes_out: Mapped[int] = mapped_column(Integer, default=0)
    recused: Mapped[int] = mapped_column(Integer, default=0)
    absent: Mapped[int] = mapped_column(Integer, default=0)
    rule: Mapped[str] = mapped_column(String(40))
    quorum: Mapped[int] = mapped_column(Integer)
    quorum_met: Mapped[bool] = mapped_column(Boolean)
    rule_outcome: Mapped[str] = mapped_column(String(20))
    casting_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    rule_explanation: Mapped[str] = mapped_column(Text, default="")
    # The pitch's mean of the submitted sheets' weighted means, and their spread (population sd).
    mean_score: Mapped[float | None] = mapped_column(Float)
    spread: Mapped[float | None] = mapped_column(Float)

    # What the chair decided.
    outcome: Mapped[str] = mapped_column(String(30))
    amount_pence: Mapped[int | None] = mapped_column(BigInteger)
    conditions: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")
    # Whether the team's feedback names the dragons: the round's setting when recorded.
    feedback_names: Mapped[bool] = mapped_column(Boolean, default=False)
    # Required when the outcome departs from the rule's; the flag shows wherever it appears.
    departs_from_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    justification: Mapped[str] = mapped_column(Text, default="")

    # An amendment supersedes one signed decision, with a reason; one amendment each.
    # (NO ACTION, not RESTRICT: checked at the end of a statement, so a table can be emptied.)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), unique=True)
    amendment_reason: Mapped[str] = mapped_column(Text, default="")

    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    pitch: Mapped[Pitch] = relationship()
    panel: Mapped[Panel] = relationship()
    round: Mapped[Round] = relationship()
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    supersedes: Mapped[Decision | None] = relationship(remote_side=[id])
    votes: Mapped[list[DecisionVote]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionVote.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # One first decision per pitch; every later one is an amendment of the one before.
        Index(
            "uq_decisions_first_per_pitch",
            "pitch_id",
            unique=True,
            sqlite_where=db.text("supersedes_id IS NULL"),
            postgresql_where=db.text("supersedes_id IS NULL"),
        ),
        CheckConstraint(f"kind is null or {_one_of('kind', KINDS)}", name="kind_known"),
        CheckConstraint(_one_of("outcome", OUTCOMES), name="outcome_known"),
        CheckConstraint(_one_of("rule_outcome", RULE_OUTCOMES), name="rule_outcome_known"),
        CheckConstraint(_one_of("rule", DECISION_RULES), name="rule_known"),
        CheckConstraint(
            "(outcome = 'funded' and amount_pence > 0) "
            "or (outcome <> 'funded' and amount_pence is null)",
            name="amount_only_when_funded",
        ),
        CheckConstraint(
            "quorum_met or outcome = 'refine_and_resubmit'", name="no_quorum_only_refine"
        ),
        CheckConstraint(
            "supersedes_id is null or amendment_reason <> ''", name="amendment_has_reason"
        ),
        CheckConstraint(
            "(signed_at is null) = (signed_by_id is null)", name="signed_with_signatory"
        ),
    )

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class DecisionVote(db.Model):
    """One panel member's vote on the pitch, named, as it stood when the decision was
    recorded: in, out, recused or absent (did not vote), with their sheet's reason."""

    __tablename__ = "decision_votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    vote: Mapped[str] = mapped_column(String(10))
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The weighted mean of the member's submitted sheet, when they scored.
    mean_score: Mapped[float | None] = mapped_column(Float)

    decision: Mapped[Decision] = relationship(back_populates="votes")
    user: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("decision_id", "user_id", name="uq_decision_votes_member"),
        CheckConstraint(_one_of("vote", VOTES), name="vote_known"),
    )


class SignedDecisionChanged(Exception):
    """Something tried to change or delete a signed decision or its votes."""


def _was_signed(session: Session, decision: Decision) -> bool:
    """Whether the decision was signed in the database before this flush. An expired
    object (after any commit) has nothing loaded, so the database is asked."""
    state = inspect(decision)
    if state.key is None:
        return False  # not stored yet
    if "signed_at" in state.unloaded:
        stored = session.connection().execute(
            select(Decision.signed_at).where(Decision.id == state.key[1][0])
        )
        return stored.scalar() is not None
    history = state.attrs.signed_at.history
    before = history.deleted[0] if history.deleted else history.unchanged
    if isinstance(before, (list, tuple)):
        before = before[0] if before else None
    return before is not None


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_signed_decisions(session: Session, *_: Any) -> None:
    """Signed decisions are immutable: refuse any flush that changes or deletes one, or
    changes, adds or deletes its votes. Signing itself (setting ``signed_at``) is allowed."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Decision):
            if obj in session.deleted and _was_signed(session, obj):
                raise SignedDecisionChanged(f"Decision {obj.id} is signed and cannot be deleted")
            if obj in session.dirty and session.is_modified(obj) and _was_signed(session, obj):
                raise SignedDecisionChanged(f"Decision {obj.id} is signed and cannot be changed")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, DecisionVote):
            decision = obj.decision
            if decision is not None and _was_signed(session, decision):
                raise SignedDecisionChanged(
                    f"Decision {decision.id} is signed: its votes cannot be changed"
                )


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: Any) -> None:
    """Bulk UPDATE or DELETE statements would slip past the flush guard: decisions and their
    votes are only ever changed one object at a time, through the session."""
    mapper = state.bind_mapper
    if (
        (state.is_update or state.is_delete)
        and mapper
        and mapper.class_ in (Decision, DecisionVote)
    ):
        raise SignedDecisionChanged(
            "Decisions are changed one at a time through the session, never in bulk"
        )
