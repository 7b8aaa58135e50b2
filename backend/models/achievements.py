"""Milestones and outcomes: named achievements, and which accounts met them when."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import KeyedNamed, utcnow


class Milestone(KeyedNamed, db.Model):
    __tablename__ = "milestones"


class Outcome(KeyedNamed, db.Model):
    __tablename__ = "outcomes"


class AccountMilestone(db.Model):
    __tablename__ = "account_milestones"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"),
                                              primary_key=True, index=True)
    met_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                             nullable=False)


class AccountOutcome(db.Model):
    __tablename__ = "account_outcomes"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
    met_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                             nullable=False)
