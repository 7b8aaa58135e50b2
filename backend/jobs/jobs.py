"""RQ job functions: ids in, a service call, safe to run twice.

Each runs inside an app context: ``backend.worker.AppWorker`` provides one;
under any other RQ worker (``rq worker journeys``, which forks per job) the
job builds the app from the environment itself.
"""
from __future__ import annotations

import functools

from flask import has_app_context

from ..engine.delivery import deliver_outbox
from ..engine.enrolling import active_enrollment_ids, enroll_existing, process_segment_events
from ..engine.walker import advance_enrollments
from .queueing import release, release_once

_APP = None


def in_app_context(job):
    """Run ``job`` inside an app context, creating the app when the worker has none."""
    @functools.wraps(job)
    def run(*args, **kwargs):
        global _APP
        if has_app_context():
            return job(*args, **kwargs)
        if _APP is None:
            from .. import create_app
            _APP = create_app()
        with _APP.app_context():
            return job(*args, **kwargs)
    return run


@in_app_context
def advance_job(enrollment_ids: list[int]) -> int:
    """Walk these enrollments as far as they go now; returns steps taken."""
    try:
        return advance_enrollments(enrollment_ids).steps
    finally:
        release(enrollment_ids)


@in_app_context
def touch_accounts_job(account_ids: list[int]) -> int:
    """These accounts' data changed: enroll from their segment events, re-check their journeys."""
    to_walk = process_segment_events(account_ids) | set(active_enrollment_ids(account_ids))
    return advance_enrollments(sorted(to_walk)).steps


@in_app_context
def segment_events_job() -> int:
    """Consume every pending segment event (the scheduler's safety net)."""
    try:
        total = 0
        while True:
            to_walk = process_segment_events()
            if not to_walk:
                return total
            total += advance_enrollments(sorted(to_walk)).steps
    finally:
        release_once("segment-events")


@in_app_context
def enroll_existing_job(journey_id: int) -> int:
    """On enable: enroll the accounts already in the tracked segments, and walk them."""
    try:
        return advance_enrollments(sorted(enroll_existing(journey_id))).steps
    finally:
        release_once(f"enroll-existing-{journey_id}")


@in_app_context
def deliver_job(email_ids: list[int]) -> dict:
    """Send due outbox emails."""
    try:
        return deliver_outbox(email_ids)
    finally:
        release_once("deliver")


@in_app_context
def retry_job(enrollment_id: int, email_ids: list[int]) -> int:
    """Support retried a failed enrollment: resend its failed emails, then walk it on."""
    if email_ids:
        deliver_outbox(email_ids)
    return advance_enrollments([enrollment_id]).steps
