"""What several models share: the UTC clock for timestamps and the catalog row's columns.

- ``utcnow()`` → the current time, timezone-aware UTC (the default of every timestamp).
- :class:`KeyedNamed` — ``id``, a unique ``key`` (at most 100 characters: what graphs and
  rules refer to), a ``name`` (at most 200) and ``created_at``: journeys, segments,
  milestones, outcomes and playbooks.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


class KeyedNamed:
    """Columns of a row people create and graphs name by ``key`` (see the module docstring)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 nullable=False)
