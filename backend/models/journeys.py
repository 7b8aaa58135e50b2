"""Journeys and their published versions (SPEC §1, §4 "Versions").

- :class:`Journey` — ``key`` (unique slug other graphs refer to), ``name``,
  ``description``, the editable ``draft_graph`` (journey/v1 JSON, may be
  invalid) with ``draft_version`` (bumped on every save: optimistic
  concurrency), ``enabled`` (+ ``enabled_at``, ``disabled_reason``) and
  ``published_version`` (the newest frozen version number, or None).
- :class:`JourneyVersion` — version ``n`` of a journey: the frozen, valid
  ``graph`` that enrollments walk, ``published_at``, ``published_by`` and the
  publisher's optional ``note``.

The engine enrolls accounts on ``Journey.published_version`` of enabled
journeys; an enrollment keeps the version it started on.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import (JSON, Boolean, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import KeyedNamed, utcnow

# A journey key: what graphs (exit.on_enroll_unenroll_from) refer to.
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


class Journey(KeyedNamed, db.Model):
    __tablename__ = "journeys"

    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    draft_graph: Mapped[dict] = mapped_column(JSON, nullable=False)
    draft_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    published_version: Mapped[int | None] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow,
                                                 onupdate=utcnow)

    versions: Mapped[list["JourneyVersion"]] = relationship(
        back_populates="journey", order_by="JourneyVersion.version",
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def status(self) -> str:
        """``live`` when enabled, ``disabled`` when published but off, else ``draft``."""
        if self.enabled:
            return "live"
        return "disabled" if self.published_version else "draft"


class JourneyVersion(db.Model):
    __tablename__ = "journey_versions"
    __table_args__ = (UniqueConstraint("journey_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    graph: Mapped[dict] = mapped_column(JSON, nullable=False)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)  # the publisher's note ("why"), optional

    journey: Mapped[Journey] = relationship(back_populates="versions")
