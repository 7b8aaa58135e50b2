"""Rebuilding the report rollups from enrollments and step logs (``flask reports rebuild``).

The rollups are kept by triggers (``backend/db/report_rollups.py``); a rebuild recounts them
from scratch, for one journey or all, in one transaction, e.g. after restoring a backup or
deleting accounts whose history should leave the numbers. On PostgreSQL the rollup table is
locked against writers first (reports keep reading): a walk that wrote its step logs before
the lock is waited for and counted by the rebuild; one that writes after it waits, then adds
its own counts, so nothing is missed or counted twice.

- ``rebuild(journey_id=None) -> int`` — the number of rollup rows written; audited.
- ``rollup_counts(journey_id) -> {(day, metric, node_id, key): n}`` — the kept counts, shards
  added up and zeros dropped (what the reports read; the tests compare it with a rebuild).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text

from ..db import report_rollups
from ..errors import NotFound
from ..extensions import db
from ..models.journeys import Journey
from ..models.reporting import ReportRollup
from . import audit
from .unit_of_work import transaction


def rebuild(journey_id: int | None = None) -> int:
    """Recount the rollups of ``journey_id`` (or of every journey); returns the rows written.
    Raises NotFound for an unknown journey."""
    dialect = db.engine.dialect.name
    with transaction() as session:
        if journey_id is not None and session.get(Journey, journey_id) is None:
            raise NotFound(f"Journey {journey_id} not found.")
        if dialect == "postgresql":
            session.execute(text("LOCK TABLE report_rollups IN EXCLUSIVE MODE"))
        params = {"journey": journey_id} if journey_id is not None else {}
        for statement in report_rollups.rebuild_sql(dialect, journey_id is not None):
            session.execute(text(statement), params)
        if dialect == "postgresql":  # fresh statistics, or the planner sorts 25,000 rows it thinks are 1
            session.execute(text("ANALYZE report_rollups"))
        query = select(func.count()).select_from(ReportRollup)
        if journey_id is not None:
            query = query.where(ReportRollup.journey_id == journey_id)
        rows = session.scalar(query)
        audit.record("reports.rebuild", "journey" if journey_id else "reports", journey_id,
                     f"Rebuilt the report rollups of {'journey ' + str(journey_id) if journey_id else 'every journey'}",
                     {"rows": rows})
    return rows


def rollup_counts(journey_id: int) -> dict[tuple[date, str, str, str], int]:
    """The journey's kept counts by (day, metric, node_id, key), shards added, zeros dropped."""
    rows = db.session.execute(
        select(ReportRollup.day, ReportRollup.metric, ReportRollup.node_id, ReportRollup.key,
               func.sum(ReportRollup.n))
        .where(ReportRollup.journey_id == journey_id)
        .group_by(ReportRollup.day, ReportRollup.metric, ReportRollup.node_id, ReportRollup.key))
    return {(day, metric, node, key): int(n) for day, metric, node, key, n in rows if n}
