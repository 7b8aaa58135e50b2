"""The walker's enrollments as plain rows: locked in one query, written in one statement.

A round walks hundreds of enrollments; ORM objects cost ~100 µs each to load,
track and flush, more than walking them. So the walker reads the columns it
needs into ``EnrollmentRow`` (``lock``) and writes the changed columns back with
``bulk_write.update_by_id`` (``write``: COPY into a temp table and one UPDATE on
PostgreSQL, an executemany UPDATE on SQLite).

``lock(ids, wait)`` → the active enrollments among ``ids`` that this
transaction now holds (PostgreSQL ``FOR UPDATE SKIP LOCKED``; ``wait``: wait up
to ``LOCK_WAIT`` for rounds that hold them, then skip; SQLite: a write that
changes nothing takes the database's write lock first, so nothing read after it
can change before commit).
"""
from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

import graph_engine as ge

from ..db import bulk_write
from ..db.bulk_sql import in_values, is_postgresql
from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.statuses import EnrollmentStatus

ACTIVE = EnrollmentStatus.ACTIVE.value
LOCK_WAIT = "2s"
_READ = ("id", "journey_id", "journey_version_id", "account_id", "status", "state", "step_seq",
         "current_node", "goal_achieved_at")
_WRITE = ("state", "current_node", "wake_at", "goal_achieved_at", "attempts", "updated_at",
          "step_seq", "status", "reason", "ended_at")
_ALL = (1 << len(_WRITE)) - 1


class EnrollmentRow:
    """One enrollment as the walker reads and changes it."""

    __slots__ = (*_READ, "reason", "ended_at", "wake_at", "touched", "next_state")

    def __init__(self, values):
        for name, value in zip(_READ, values):
            setattr(self, name, value)
        self.reason = self.ended_at = self.wake_at = self.next_state = None
        self.touched = False

    def interpreter_state(self) -> ge.EnrollmentState:
        if self.state:
            return ge.EnrollmentState.from_dict(self.state)
        return ge.EnrollmentState.new(str(self.id))

    def store(self, state: ge.EnrollmentState, due_now: bool, now: datetime) -> None:
        """Take the interpreter's state (``due_now``: more to do at once, e.g. the step cap)."""
        self.touched = True
        self.next_state = state
        self.current_node = state.node_id
        self.wake_at = now if due_now else state.wake_at
        self.goal_achieved_at = self.goal_achieved_at or state.goal_achieved_at
        if state.status != ACTIVE:
            self.status, self.reason = state.status, state.reason
            self.ended_at, self.wake_at = now, None

    def end(self, status: str, reason: str, now: datetime) -> None:
        """Ended from outside the walk (another enrollment's exit rule)."""
        self.touched = True
        self.status, self.reason, self.ended_at, self.wake_at = status, reason, now, None


def lock(ids: list[int], wait: bool) -> list[EnrollmentRow]:
    query = (select(*(getattr(Enrollment, c) for c in _READ))
             .where(in_values(Enrollment.id, ids), Enrollment.status == ACTIVE).order_by(Enrollment.id))
    if not is_postgresql():
        db.session.execute(update(Enrollment).where(Enrollment.id == -1)
                           .values(attempts=Enrollment.attempts))
        return [EnrollmentRow(r) for r in db.session.execute(query)]
    if wait:
        try:
            with db.session.begin_nested():
                db.session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
                rows = [EnrollmentRow(r) for r in db.session.execute(
                    query.with_for_update(of=Enrollment))]
            db.session.execute(text("SET LOCAL lock_timeout = 0"))
            return rows
        except OperationalError:  # held longer than that: skip them (they are made due)
            db.session.execute(text("SET LOCAL lock_timeout = 0"))
    return [EnrollmentRow(r) for r in db.session.execute(
        query.with_for_update(skip_locked=True, of=Enrollment))]


def write(rows: list[EnrollmentRow], now: datetime) -> None:
    """Write every touched row's changes (caller's transaction)."""
    touched = [r for r in rows if r.touched]
    as_text = bulk_write.use_copy(len(touched))  # COPY takes JSON as its text
    changes = []
    for row in touched:
        state = row.next_state.to_dict() if row.next_state is not None else row.state
        if as_text and state is not None:
            state = orjson.dumps(state).decode()
        changes.append((row.id, (state, row.current_node, row.wake_at, row.goal_achieved_at, 0, now,
                                 row.step_seq, row.status, row.reason, row.ended_at), _ALL))
    bulk_write.update_by_id(Enrollment, _WRITE, changes)
