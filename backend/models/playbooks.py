"""Playbooks (named sets of CSM tasks) and accounts' enrollments in them.

An account has at most one enrollment per playbook (its latest: re-enrolling
after completion restarts that row), which is what rules read. An enrollment
is ``active`` or ``completed``; "overdue" is derived: active and ``due_on``
before today (UTC calendar day).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import KeyedNamed, utcnow
from .statuses import PlaybookStatus, values

ENROLLMENT_STATUSES = values(PlaybookStatus)


class Playbook(KeyedNamed, db.Model):
    __tablename__ = "playbooks"

    due_in_days: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class PlaybookEnrollment(db.Model):
    __tablename__ = "playbook_enrollments"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            nullable=False)
    playbook_id: Mapped[int] = mapped_column(ForeignKey("playbooks.id", ondelete="CASCADE"),
                                             nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=PlaybookStatus.ACTIVE)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                  nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("account_id", "playbook_id"),
        Index("ix_playbook_enrollments_playbook_status", "playbook_id", "status"),
    )
