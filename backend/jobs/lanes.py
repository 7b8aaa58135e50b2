"""The one place that puts jobs on RQ: two lanes, in-flight marks.

- Lanes: ``interactive`` (``<JOURNEYS_QUEUE>-interactive``: what people wait on —
  account changes made through the API and UI, events for a few accounts, support's
  retries) and ``bulk`` (``<JOURNEYS_QUEUE>``: due waits, enable, imports' follow-ups,
  the scheduler's safety nets, email and webhook delivery and retries).
  Workers listen to ``[interactive, bulk]``, and RQ always takes the next job
  from the first non-empty queue, so interactive work never waits behind bulk
  work for more than the job being run; bulk walks also stop between rounds
  when interactive work is waiting (``interactive_waiting``) and put the rest
  back at the front of the bulk lane.
- ``enqueue(function, *args, lane, job_id=None, at_front=False)`` — by function
  reference, never by name.
- In-flight marks: ``mark_new(kind, ids)`` returns the ids that had no mark
  (and marks them); ``release(kind, ids)``; ``claim_once(name)`` /
  ``release_once(name)`` for singleton jobs. Marks expire (``INFLIGHT_TTL``),
  so work that Redis lost is simply found again in the database.
"""
from __future__ import annotations

from typing import Callable

from flask import current_app
from rq import Queue

from ..extensions import get_redis

INTERACTIVE, BULK = "interactive", "bulk"
INFLIGHT_TTL = 120  # seconds; a job that died leaves its marks this long at most
FAILURE_TTL = 86400


def queue_name(lane: str) -> str:
    base = current_app.config["JOURNEYS_QUEUE"]
    return base if lane == BULK else f"{base}-{lane}"


def queue(lane: str = BULK) -> Queue:
    """The RQ queue of ``lane``."""
    return Queue(queue_name(lane), connection=get_redis())


def queues() -> list[Queue]:
    """What a worker listens to, in priority order."""
    return [queue(INTERACTIVE), queue(BULK)]


def enqueue(function: Callable, *args, lane: str = BULK, job_id: str | None = None,
            at_front: bool = False):
    """Put ``function(*args)`` on ``lane``; returns the RQ job."""
    return queue(lane).enqueue(function, *args, job_id=job_id, at_front=at_front, result_ttl=0,
                               failure_ttl=FAILURE_TTL)


def interactive_waiting() -> bool:
    """Whether interactive work is queued (a bulk walk yields to it between rounds)."""
    return get_redis().llen(queue(INTERACTIVE).key) > 0


def _prefix(kind: str) -> str:
    return f"journeys:{current_app.config['JOURNEYS_QUEUE']}:inflight:{kind}:"


def _key(kind: str, ident) -> str:
    return f"{_prefix(kind)}{ident}"


# SET NX EX for each key, in one command: the 1-based positions of the keys it set. (A
# pipeline of one SET per id cost the client ~12 µs an id, 1.2 s of CPU to queue 100,000.)
_MARK_NEW = """
local fresh = {}
for i = 1, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) then fresh[#fresh + 1] = i end
end
return fresh
"""
MARK_CHUNK = 5000  # keys per script call: Redis runs a script alone, so keep each one short


def mark_new(kind: str, ids: list) -> list:
    """Mark ``ids`` in flight; returns those that were not marked already."""
    if not ids:
        return []
    script = get_redis().register_script(_MARK_NEW)
    prefix, fresh = _prefix(kind), []
    for start in range(0, len(ids), MARK_CHUNK):
        chunk = ids[start:start + MARK_CHUNK]
        positions = script(keys=[f"{prefix}{i}" for i in chunk], args=[INFLIGHT_TTL])
        fresh += [chunk[int(p) - 1] for p in positions]
    return fresh


def release(kind: str, ids) -> None:
    prefix = _prefix(kind)
    keys = [f"{prefix}{i}" for i in ids]
    if keys:
        get_redis().delete(*keys)


def claim_once(name: str, ttl: int = INFLIGHT_TTL) -> bool:
    """Mark the singleton job ``name`` in flight; False when it already is."""
    return bool(get_redis().set(_key("job", name), 1, nx=True, ex=ttl))


def release_once(name: str) -> None:
    get_redis().delete(_key("job", name))
