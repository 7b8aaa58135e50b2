"""The RQ worker process: ``flask --app backend worker`` (or ``make run``).

Runs RQ's ``SimpleWorker`` (no fork per job: RQ's fork costs ~12 ms a job here)
with RQ's own scheduler for delayed retries. Each job runs inside a fresh Flask
app context, so it gets a clean database session. Start as many as you like
against the same Redis and database: they share the queue.

Every heartbeat (every ``IDLE_BEAT_S`` seconds while idle, before each job
while busy) checks that Redis still knows the worker and re-registers it when
it does not: after a FLUSHALL or a Redis restart without its data, health
sees the worker again within seconds (``backend.heartbeat``).
"""
from __future__ import annotations

import gc
import logging
import os
import socket
import time

from flask import Flask
from rq import SimpleWorker, worker_registration

from .extensions import get_redis
from .heartbeat import WORKER_TTL

log = logging.getLogger(__name__)
IDLE_BEAT_S = 3            # an idle worker blocks on the queue this long between heartbeats
_REGISTRATION_CHECK_S = 1.0


class AppWorker(SimpleWorker):
    """A SimpleWorker that runs each job in its own app context and re-registers itself."""

    flask_app: Flask
    _registration_checked = 0.0

    @property
    def dequeue_timeout(self) -> int:
        return IDLE_BEAT_S

    def heartbeat(self, timeout=None, pipeline=None):
        super().heartbeat(timeout, pipeline)
        if pipeline is None:
            self.ensure_registered()

    def ensure_registered(self) -> bool:
        """Re-create the worker's registration when Redis lost it; True when it did."""
        now = time.monotonic()
        if now - self._registration_checked < _REGISTRATION_CHECK_S:
            return False
        self._registration_checked = now
        with self.connection.pipeline() as pipe:
            pipe.sismember(self.redis_workers_keys, self.key)
            pipe.hexists(self.key, "birth")
            registered, born = pipe.execute()
        if registered and born:
            return False
        log.warning("worker %s: Redis lost its registration (FLUSHALL or restart?); registering again",
                    self.name)
        with self.connection.pipeline() as pipe:
            pipe.hset(self.key, mapping=self.serialize())
            worker_registration.register(self, pipe)
            pipe.expire(self.key, self.worker_ttl + 60)
            pipe.execute()
        return True

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context():
            return super().perform_job(job, queue, *args, **kwargs)


# A walk round allocates a few hundred thousand short-lived objects (snapshots, rows, step
# details) that reference counting frees; at CPython's default threshold (700) the cyclic
# collector ran over them (and over every long-lived module object) thousands of times a
# round: a fifth of an email walk's time (bench/engine.py: email shape 11,400 -> 14,400
# steps/s, attributes 15,200 -> 19,000). 50,000 allocations between young collections, and
# what the process loaded before work frozen out of the collector's sight.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Set the worker process's garbage-collector thresholds (idempotent)."""
    if gc.get_threshold() != GC_THRESHOLDS:
        gc.freeze()  # what is loaded by now lives as long as the process
        gc.set_threshold(*GC_THRESHOLDS)


def make_worker(app: Flask, name: str | None = None, interactive_only: bool = False) -> AppWorker:
    """A worker bound to ``app``'s queues and Redis: the interactive lane, then the bulk lane
    (``interactive_only``: the interactive lane alone, so people's changes never wait for a
    bulk round to finish)."""
    with app.app_context():
        from .jobs.lanes import INTERACTIVE, queue, queues

        name = name or f"{socket.gethostname()}.{os.getpid()}"
        # Interactive lane first: RQ takes the next job from the first non-empty queue.
        listens = [queue(INTERACTIVE)] if interactive_only else queues()
        worker = AppWorker(listens, connection=get_redis(), name=name, worker_ttl=WORKER_TTL)
    worker.flask_app = app
    return worker


def run_worker(app: Flask, burst: bool = False, name: str | None = None,
               interactive_only: bool = False) -> bool:
    """Work until stopped (or, with ``burst``, until the queue is empty)."""
    tune_gc()
    return make_worker(app, name, interactive_only).work(burst=burst, with_scheduler=True,
                                                         logging_level="WARNING")
