"""The audit log: one row per write a person or token made (SPEC §10).

:class:`AuditEntry`
    ``at`` when; ``actor`` who (a staff user's email, an API token's name, the
    operating-system user of a ``flask`` command, or ``system`` for the
    scheduler's own changes) and ``actor_type`` (``user`` | ``token`` | ``cli``
    | ``system``); ``action`` what (``journey.publish``, ``segment.update``,
    ``account.import``, ...); ``target_type``/``target_id`` the object it
    changed (``journey``/``12``, ``segment``/``vip``); ``summary`` one sentence
    for people; ``changes`` a JSON summary of before/after (``{field: {"from",
    "to"}}`` or counts), secrets already redacted.

Rows are written by ``services.audit.record`` in the same transaction as the
change they describe, and never updated or deleted by the app (kept at least a
year: nothing prunes them).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .journeys import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_target", "target_type", "target_id", "at"),
        Index("ix_audit_log_actor", "actor", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(254), nullable=False)
    actor_type: Mapped[str] = mapped_column(String(20), nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    target_type: Mapped[str] = mapped_column(String(40), nullable=False)
    target_id: Mapped[str | None] = mapped_column(String(254))
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    changes: Mapped[dict | None] = mapped_column(JSON)
