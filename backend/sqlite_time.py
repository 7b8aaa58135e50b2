"""Timestamps read from SQLite carry their offset, as they do from PostgreSQL.

SQLite has no time-zone type: SQLAlchemy stores ``DateTime(timezone=True)`` as
text and reads it back naive, so on SQLite the same column gave ``2026-01-01T09:00:00``
where PostgreSQL gives ``2026-01-01T09:00:00+00:00`` (and an aware value compared
with it raised). ``install()`` gives the SQLite dialect a DATETIME that, for
``timezone=True`` columns only, stores every aware value in UTC and reads values
back as aware UTC. Naive columns (``timezone=False``) are untouched. Idempotent.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import types
from sqlalchemy.dialects.sqlite import base as sqlite_base


class AwareSQLiteDateTime(sqlite_base.DATETIME):
    """SQLite DATETIME: UTC on the way in, aware UTC on the way out when ``timezone``."""

    def bind_processor(self, dialect):
        process = super().bind_processor(dialect)
        if not self.timezone:
            return process

        def to_utc(value):
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(timezone.utc)
            return process(value) if process else value
        return to_utc

    def result_processor(self, dialect, coltype):
        process = super().result_processor(dialect, coltype)
        if not self.timezone:
            return process

        def aware(value):
            value = process(value) if process else value
            if isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value
        return aware


def _dialects(cls):
    yield cls
    for sub in cls.__subclasses__():
        yield from _dialects(sub)


def install() -> None:
    """Make every SQLite dialect (pysqlite keeps its own copy of the type map) use
    :class:`AwareSQLiteDateTime` for DateTime columns."""
    from sqlalchemy.dialects.sqlite import pysqlite  # noqa: F401  (loads the driver dialects)

    for dialect in _dialects(sqlite_base.SQLiteDialect):
        if dialect.colspecs.get(types.DateTime) is not AwareSQLiteDateTime:
            dialect.colspecs = {**dialect.colspecs, types.DateTime: AwareSQLiteDateTime}
