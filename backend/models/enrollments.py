"""Enrollments — one account's walk through one published journey version —
with their step logs and the effects they perform (SPEC §4).

:class:`Enrollment`
    ``status``: active | completed | goal_exited | unenrolled | failed;
    ``reason`` says why it ended. ``current_node`` is where the walk is (the
    node it waits at, or the last one it ran). A wait *is* the row: ``wake_at``
    set, status active; the scheduler polls ``ix_enrollments_due``. ``state``
    holds the interpreter's extra state (JSON, e.g. an ``until_rule``
    deadline). ``attempts`` counts failed tries of the current step;
    ``step_seq`` is the seq of the newest StepLog. At most one *active*
    enrollment per (journey, account): a partial unique index, so a racing
    second enrollment fails with IntegrityError instead of walking twice.
:class:`StepLog`
    one row per node an enrollment processed: ``seq`` (1, 2, ... per
    enrollment, unique), ``node_id``, ``type``, ``at``, ``outcome`` (for
    branching nodes the branch taken: yes/no, met/timeout, the split key) and
    ``detail`` (JSON: condition values and verdicts, effect ids, ...).
    ``journey_id`` is copied from the enrollment so per-node stats are one
    indexed GROUP BY. ``effect_key``: on the step that performed an action's
    effect, the interpreter's idempotency key (``enrollment:node:visit``),
    unique — the record of that effect, written in the same transaction as
    what it did (SPEC §4): a round that would perform it again cannot commit.
    The rows an effect writes carry the same key, unique too (outbox emails'
    and webhook calls' ``effect_key``, tasks' ``source_key``). (Until
    migration 0018 these keys had a table of their own, ``effects``.)
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .journeys import utcnow
from .statuses import EnrollmentStatus, values

ENROLLMENT_STATUSES = values(EnrollmentStatus)

_ACTIVE = text(f"status = '{EnrollmentStatus.ACTIVE}'")
_KEYED = text("effect_key IS NOT NULL")  # only steps that performed an effect are indexed


class Enrollment(db.Model):
    __tablename__ = "enrollments"
    __table_args__ = (
        Index("uq_enrollments_active_account", "journey_id", "account_id", unique=True,
              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
        Index("ix_enrollments_due", "wake_at", sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
        Index("ix_enrollments_journey_status_node", "journey_id", "status", "current_node"),
        Index("ix_enrollments_account_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"), nullable=False)
    journey_version_id: Mapped[int] = mapped_column(
        ForeignKey("journey_versions.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=EnrollmentStatus.ACTIVE)
    reason: Mapped[str | None] = mapped_column(String(200))
    current_node: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[dict | None] = mapped_column(JSON)
    wake_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    goal_achieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow,
                                                 onupdate=utcnow)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    step_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    journey = relationship("Journey")
    journey_version = relationship("JourneyVersion")
    account = relationship("Account")
    steps: Mapped[list["StepLog"]] = relationship(
        back_populates="enrollment", order_by="StepLog.seq", viewonly=True,
        primaryjoin="Enrollment.id == foreign(StepLog.enrollment_id)")


class StepLog(db.Model):
    __tablename__ = "step_logs"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "seq"),
        Index("uq_step_logs_effect_key", "effect_key", unique=True, sqlite_where=_KEYED,
              postgresql_where=_KEYED),
        Index("ix_step_logs_journey_node_outcome", "journey_id", "node_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # enrollment_id, journey_id: references kept by the code, not
    # by foreign keys (migration 0017: the walker writes these rows most; delete_journey
    # deletes them as the cascade did)
    enrollment_id: Mapped[int] = mapped_column(Integer, nullable=False)
    journey_id: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    node_id: Mapped[str] = mapped_column(String(200), nullable=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict | None] = mapped_column(JSON)
    effect_key: Mapped[str | None] = mapped_column(String(200))

    enrollment: Mapped[Enrollment] = relationship(back_populates="steps", viewonly=True,
                                                  primaryjoin="foreign(StepLog.enrollment_id) == Enrollment.id")
