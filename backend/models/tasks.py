"""Human intervention tasks (HITs) for staff, created by journeys or by hand.

A task made by the engine carries ``source_key`` — the effect's idempotency key
— which is unique, so a step run twice can never create the task twice
(insert, and treat the unique violation as "already done").
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .journeys import utcnow
from .statuses import TaskPriority, TaskStatus, values

TASK_PRIORITIES = values(TaskPriority)
TASK_STATUSES = values(TaskStatus)


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_status_assignee", "status", "assignee_id"),
        Index("ix_tasks_account_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollments.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[str] = mapped_column(String(10), nullable=False, default=TaskPriority.MEDIUM)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=TaskStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    assignee = relationship("StaffUser", lazy="joined")
    account = relationship("Account", lazy="joined")
