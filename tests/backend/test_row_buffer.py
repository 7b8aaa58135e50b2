"""The walker's buffered inserts: ids handed out, JSON as the API reads it, duplicates refused.

The same behaviour on SQLite (Core INSERT) and PostgreSQL (COPY): a duplicate
idempotency key must raise IntegrityError and write nothing, or a job run
twice could record an effect twice.
"""
from __future__ import annotations

import itertools
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.extensions import db
from backend.models.enrollments import StepLog
from backend.models.journeys import Journey
from backend.models.tasks import Task
from backend.db.row_buffer import RowBuffer

from .journey_workspace import add_account

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


_SEQ = itertools.count(1)
_STEPS = StepLog.__table__  # JSON (detail) and a unique key (effect_key): what the tests need


@pytest.fixture
def app_ctx(app_ctx):
    """With journey 1, which step logs name (SQLite's report rollup triggers count them)."""
    if db.session.get(Journey, 1) is None:
        db.session.add(Journey(id=1, key="buffered", name="Buffered", draft_graph={}))
        db.session.commit()
    return app_ctx


def _effect(buffer, key, payload=None):
    """A step log that performed an effect keyed ``key``, its detail ``payload``."""
    return buffer.add(_STEPS, enrollment_id=1, journey_id=1, seq=next(_SEQ), node_id="n",
                      type="action", at=NOW, outcome="done", detail=payload or {}, effect_key=key)


def _step_tuple(key, detail):
    return (key, 1, 1, next(_SEQ), "n", "action", NOW, detail)


def test_rows_get_ids_and_json_is_stored_as_the_api_reads_it(app_ctx):
    account_id = add_account(app_ctx, "acme")
    buffer = RowBuffer()
    _effect(buffer, "e0", {"names_a_later_row": True})  # step logs used first, tasks after
    tasks = [buffer.add(Task.__table__, need_id=True, title=f"Call {i}", description="",
                        account_id=account_id, priority="low", status="open", created_at=NOW,
                        source_key=f"k{i}") for i in range(3)]
    _effect(buffer, "e1", {"due_on": date(2026, 12, 1), "task": tasks[1], "tags": {"b", "a"},
                           "nested": [{"when": NOW}], 7: "seven"})
    buffer.write()
    db.session.commit()

    ids = [t.id for t in tasks]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == 3
    assert [db.session.get(Task, i).title for i in ids] == ["Call 0", "Call 1", "Call 2"]
    payload = db.session.scalar(select(StepLog.detail).where(StepLog.effect_key == "e1"))
    assert payload == {"due_on": "2026-12-01", "task": ids[1], "tags": ["a", "b"],
                       "nested": [{"when": "2026-11-29T12:00:00+00:00"}], "7": "seven"}


def test_a_duplicate_key_raises_integrity_error_and_writes_nothing(app_ctx):
    first = RowBuffer()
    _effect(first, "once")
    first.write()
    db.session.commit()

    again = RowBuffer()
    _effect(again, "another")
    _effect(again, "once")
    with pytest.raises(IntegrityError):
        again.write()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(StepLog)) == 1


_COLUMNS = ("effect_key", "enrollment_id", "journey_id", "seq", "node_id", "type", "at", "detail")


def test_tuple_rows_are_stored_like_rows_and_name_rows_added_after_them(app_ctx):
    """``add_tuple`` (the walker's step logs) stores what ``add`` stores; a tuple's
    JSON may name a row buffered after it, and gets that row's id."""
    account_id = add_account(app_ctx, "acme")
    buffer = RowBuffer()
    task_holder = {}
    buffer.add_tuple(_STEPS, _COLUMNS, _step_tuple("t1", task_holder))
    task_holder["task"] = buffer.add(Task.__table__, need_id=True, title="Call", description="",
                                     account_id=account_id, priority="low", status="open",
                                     created_at=NOW, source_key="k")
    task_holder["due_on"] = date(2026, 12, 1)
    _effect(buffer, "e1", {"task": task_holder["task"]})
    buffer.add_tuple(_STEPS, _COLUMNS, _step_tuple("t3", {"tags": {"b", "a"}}))
    buffer.write()
    db.session.commit()

    task_id = task_holder["task"].id
    stored = dict(db.session.execute(select(StepLog.effect_key, StepLog.detail)).all())
    assert stored["t1"] == {"task": task_id, "due_on": "2026-12-01"}
    assert stored["e1"] == {"task": task_id}
    assert stored["t3"] == {"tags": ["a", "b"]}


def test_a_duplicate_key_among_tuple_rows_raises_integrity_error_and_writes_nothing(app_ctx):
    first = RowBuffer()
    first.add_tuple(_STEPS, _COLUMNS, _step_tuple("once", {}))
    first.write()
    db.session.commit()

    again = RowBuffer()
    _effect(again, "another")
    again.add_tuple(_STEPS, _COLUMNS, _step_tuple("fresh", {}))
    again.add_tuple(_STEPS, _COLUMNS, _step_tuple("once", {}))
    with pytest.raises(IntegrityError):
        again.write()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(StepLog)) == 1
