"""Putting engine work on the RQ queue, safely and cheaply.

Scheduler work has deterministic job ids (``advance-<hash of ids>``,
``segment-events``...), so enqueueing the same work twice is harmless; a data
change gets a job of its own, so no change is missed. Enrollments carry an *in-flight*
mark in Redis while a job for them is queued or running, so the scheduler's
frequent rounds do not enqueue them again; the mark expires by itself, so work
that Redis lost (a restart, FLUSHDB) is simply enqueued again by the next
round: the database is the truth.

- ``enqueue_advance(ids)`` — walk these enrollments (batches of ``BATCH``).
- ``enqueue_touch(account_ids)`` — accounts' data changed: enroll/exit/goal checks.
- ``enqueue_once(name, func_path, *args)`` — a singleton job (segment events, ...).
- ``release(ids)`` — clear in-flight marks (the job calls it when done).
"""
from __future__ import annotations

import hashlib

from flask import current_app

from ..extensions import get_queue, get_redis

BATCH = 500  # enrollments per job: one walker round (walker.BATCH) amortises its ~15 queries
INFLIGHT_TTL = 120  # seconds; a job that died leaves its marks this long at most
JOBS = "backend.jobs.jobs."


def _hash(ids) -> str:
    return hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:16]


def _key(kind: str, ident) -> str:
    return f"journeys:{current_app.config['JOURNEYS_QUEUE']}:inflight:{kind}:{ident}"


def enqueue_advance(enrollment_ids, *, guard: bool = True) -> int:
    """Queue jobs that walk these enrollments; returns how many enrollments were queued."""
    ids = sorted(set(enrollment_ids))
    if guard and ids:
        redis = get_redis()
        pipe = redis.pipeline(transaction=False)
        for enrollment_id in ids:
            pipe.set(_key("enrollment", enrollment_id), 1, nx=True, ex=INFLIGHT_TTL)
        ids = [i for i, fresh in zip(ids, pipe.execute()) if fresh]
    queue = get_queue()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        queue.enqueue(JOBS + "advance_job", chunk, job_id=f"advance-{_hash(chunk)}",
                      result_ttl=0, failure_ttl=86400)
    return len(ids)


def release(enrollment_ids) -> None:
    keys = [_key("enrollment", i) for i in enrollment_ids]
    if keys:
        get_redis().delete(*keys)


def enqueue_touch(account_ids) -> None:
    ids = sorted(set(account_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        # A fresh id each time: every change must be looked at, even while an earlier
        # job for the same accounts is running (a reused id would be dropped with it).
        get_queue().enqueue(JOBS + "touch_accounts_job", chunk, result_ttl=0, failure_ttl=86400)


def enqueue_once(name: str, function: str, *args, ttl: int = INFLIGHT_TTL) -> bool:
    """Queue ``function(*args)`` unless a job of that name is already in flight."""
    if not get_redis().set(_key("job", name), 1, nx=True, ex=ttl):
        return False
    get_queue().enqueue(JOBS + function, *args, job_id=name, result_ttl=0, failure_ttl=86400)
    return True


def release_once(name: str) -> None:
    get_redis().delete(_key("job", name))
