"""The RQ worker process: ``flask --app backend worker`` (or ``make run``).

Runs RQ's ``SimpleWorker`` (no fork per job: RQ's fork costs ~12 ms a job here)
with RQ's own scheduler for delayed retries. Each job runs inside a fresh Flask
app context, so it gets a clean database session. Start as many as you like
against the same Redis and database: they share the queue.
"""
from __future__ import annotations

import os
import socket

from flask import Flask
from rq import SimpleWorker

from .extensions import get_queue, get_redis
from .heartbeat import WORKER_TTL


class AppWorker(SimpleWorker):
    """A SimpleWorker that runs each job in its own app context."""

    flask_app: Flask

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context():
            return super().perform_job(job, queue, *args, **kwargs)


def make_worker(app: Flask, name: str | None = None) -> AppWorker:
    """A worker bound to ``app``'s queue and Redis."""
    with app.app_context():
        queue = get_queue()
        name = name or f"{socket.gethostname()}.{os.getpid()}"
        worker = AppWorker([queue], connection=get_redis(), name=name, worker_ttl=WORKER_TTL)
    worker.flask_app = app
    return worker


def run_worker(app: Flask, burst: bool = False, name: str | None = None) -> bool:
    """Work until stopped (or, with ``burst``, until the queue is empty)."""
    return make_worker(app, name).work(burst=burst, with_scheduler=True, logging_level="WARNING")
