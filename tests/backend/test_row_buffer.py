"""The walker's buffered inserts: ids handed out, JSON as the API reads it, duplicates refused.

The same behaviour on SQLite (Core INSERT) and PostgreSQL (COPY): a duplicate
idempotency key must raise IntegrityError and write nothing, or a job run
twice could record an effect twice.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.extensions import db
from backend.models.enrollments import Effect
from backend.models.tasks import Task
from backend.db.row_buffer import RowBuffer

from .journey_workspace import add_account

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def _effect(buffer, key, payload=None):
    return buffer.add(Effect.__table__, key=key, kind="create_task", payload=payload or {},
                      status="done", attempts=1, created_at=NOW)


def test_rows_get_ids_and_json_is_stored_as_the_api_reads_it(app_ctx):
    account_id = add_account(app_ctx, "acme")
    buffer = RowBuffer()
    _effect(buffer, "e0", {"names_a_later_row": True})  # effects used first, tasks after
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
    payload = db.session.scalar(select(Effect.payload).where(Effect.key == "e1"))
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
    assert db.session.scalar(select(func.count()).select_from(Effect)) == 1


_COLUMNS = ("key", "kind", "payload", "status", "attempts", "created_at")


def test_tuple_rows_are_stored_like_rows_and_name_rows_added_after_them(app_ctx):
    """``add_tuple`` (the walker's step logs and effects) stores what ``add`` stores; a tuple's
    JSON may name a row buffered after it, and gets that row's id."""
    account_id = add_account(app_ctx, "acme")
    buffer = RowBuffer()
    task_holder = {}
    buffer.add_tuple(Effect.__table__, _COLUMNS, ("t1", "create_task", task_holder, "done", 1, NOW))
    task_holder["task"] = buffer.add(Task.__table__, need_id=True, title="Call", description="",
                                     account_id=account_id, priority="low", status="open",
                                     created_at=NOW, source_key="k")
    task_holder["due_on"] = date(2026, 12, 1)
    _effect(buffer, "e1", {"task": task_holder["task"]})
    buffer.add_tuple(Effect.__table__, _COLUMNS, ("t3", "send_email", {"tags": {"b", "a"}}, "done", 1, NOW))
    buffer.write()
    db.session.commit()

    task_id = task_holder["task"].id
    stored = dict(db.session.execute(select(Effect.key, Effect.payload)).all())
    assert stored["t1"] == {"task": task_id, "due_on": "2026-12-01"}
    assert stored["e1"] == {"task": task_id}
    assert stored["t3"] == {"tags": ["a", "b"]}


def test_a_duplicate_key_among_tuple_rows_raises_integrity_error_and_writes_nothing(app_ctx):
    first = RowBuffer()
    first.add_tuple(Effect.__table__, _COLUMNS, ("once", "create_task", {}, "done", 1, NOW))
    first.write()
    db.session.commit()

    again = RowBuffer()
    _effect(again, "another")
    again.add_tuple(Effect.__table__, _COLUMNS, ("fresh", "create_task", {}, "done", 1, NOW))
    again.add_tuple(Effect.__table__, _COLUMNS, ("once", "create_task", {}, "done", 1, NOW))
    with pytest.raises(IntegrityError):
        again.write()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Effect)) == 1
