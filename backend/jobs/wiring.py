"""Connects the engine to the rest of the app (called from ``create_app``).

- account data changed (``events.accounts_changed``) → ``enqueue_touch``: the
  accounts' segment events are consumed and their journeys re-checked at once
  (goal, exits, until_rule waits), in a worker;
- the scheduler's ticks are registered by importing ``tasks.ticks``.
- ``journey_enabled(id)`` / ``enrollment_retried(id)`` — what services call after
  committing an enable or a retry.
"""
from __future__ import annotations

import logging

from flask import Flask

from ..events import on_accounts_changed
from .queueing import enqueue_once, enqueue_touch

log = logging.getLogger(__name__)


def _touch(account_ids: list[int], reason: str) -> None:
    enqueue_touch(account_ids)


def init_app(app: Flask) -> None:
    from . import ticks  # noqa: F401  (registers the scheduler ticks)

    on_accounts_changed(_touch)


def journey_enabled(journey_id: int) -> None:
    """After enable: enroll existing members when the entry says so (overdue waits fire on the next tick)."""
    try:
        enqueue_once(f"enroll-existing-{journey_id}", "enroll_existing_job", journey_id)
    except Exception:  # Redis down: the journey is enabled; enroll_existing is retried on enable
        log.exception("could not queue enroll_existing for journey %s", journey_id)


def enrollment_retried(enrollment_id: int, email_ids: list[int]) -> None:
    """After support retried a failed enrollment: resend its failed emails and walk it.

    If this job is lost, the scheduler still finds the enrollment (due now) and the
    emails (queued) in the database.
    """
    from ..extensions import get_queue
    from .queueing import JOBS

    try:
        get_queue().enqueue(JOBS + "retry_job", enrollment_id, email_ids,
                            job_id=f"retry-{enrollment_id}-{len(email_ids)}", result_ttl=0)
    except Exception:
        log.exception("could not queue the retry of enrollment %s; the scheduler will", enrollment_id)
