"""Liveness of the background processes, kept in Redis.

RQ workers register themselves (``rq.Worker.all``) and refresh a key that expires
``WORKER_TTL`` seconds after their last heartbeat. The scheduler writes its own
key with a short expiry. Health reads both, and what the runner says it is
restarting (``mark_down``/``down_children``: a hash that expires ``DOWN_TTL``
seconds after the runner last wrote it, so a dead runner leaves nothing behind).
"""
from __future__ import annotations

import time
from datetime import datetime, timezone

from redis import Redis
from rq import Queue, Worker

WORKER_TTL = 30            # a silent worker disappears from the registry after this
SCHEDULER_TTL = 15
DOWN_TTL = 15


def down_key(queue_name: str) -> str:
    return f"journeys:{queue_name}:runner:down"


def mark_down(redis: Redis, queue_name: str, down: dict[str, str]) -> None:
    """Record the runner's children that are down now (``{name: why}``; empty clears)."""
    key = down_key(queue_name)
    with redis.pipeline() as pipe:
        pipe.delete(key)
        if down:
            pipe.hset(key, mapping=down)
            pipe.expire(key, DOWN_TTL)
        pipe.execute()


def down_children(redis: Redis, queue_name: str) -> dict[str, str]:
    """``{name: why}`` of the children the runner is restarting right now."""
    raw = redis.hgetall(down_key(queue_name))
    return {k.decode() if isinstance(k, bytes) else k: v.decode() if isinstance(v, bytes) else v
            for k, v in raw.items()}


def scheduler_key(queue_name: str) -> str:
    return f"journeys:{queue_name}:scheduler:heartbeat"


def beat_scheduler(redis: Redis, queue_name: str) -> None:
    """Record that the scheduler is alive (expires after SCHEDULER_TTL seconds)."""
    redis.set(scheduler_key(queue_name), str(time.time()), ex=SCHEDULER_TTL)


def scheduler_alive(redis: Redis, queue_name: str) -> bool:
    return bool(redis.exists(scheduler_key(queue_name)))


def live_workers(redis: Redis, queue_name: str, max_age_s: float = 60.0) -> list[Worker]:
    """Workers listening on ``queue_name`` whose last heartbeat is under ``max_age_s`` old."""
    now = datetime.now(timezone.utc)
    alive = []
    for worker in Worker.all(queue=Queue(queue_name, connection=redis)):
        beat = worker.last_heartbeat
        if beat is None:
            continue
        if beat.tzinfo is None:
            beat = beat.replace(tzinfo=timezone.utc)
        if (now - beat).total_seconds() <= max_age_s:
            alive.append(worker)
    return alive
