"""Every status a row can be in, as ``str`` enums: one place per lifecycle.

Members are strings (``EnrollmentStatus.ACTIVE == "active"``), so they go into
queries, JSON and the database as they are, and rows read back as plain
strings still compare equal.

- :class:`EnrollmentStatus` — a journey enrollment (SPEC §4); the values are
  ``graph_engine.state``'s, which decides them.
- :class:`PlaybookStatus` — an account's playbook enrollment ("overdue" is
  derived: active with ``due_on`` before today).
- :class:`TaskStatus`, :class:`TaskPriority` — human tasks.
- :class:`OutboxStatus` — an email's fate: ``queued`` → ``sending`` (claimed by
  a delivery job) → ``sent`` | back to ``queued`` (retry) | ``failed``; ``kept``
  when no SMTP server is configured; ``uncertain`` when a worker stopped between
  sending and recording (it may have gone out; never resent on its own);
  ``suppressed`` when the address was suppressed after the email was queued (not sent).
"""
from __future__ import annotations

from enum import StrEnum

from graph_engine import state


class EnrollmentStatus(StrEnum):
    ACTIVE = state.ACTIVE
    COMPLETED = state.COMPLETED
    GOAL_EXITED = state.GOAL_EXITED
    UNENROLLED = state.UNENROLLED
    FAILED = state.FAILED


class PlaybookStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class TaskPriority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    KEPT = "kept"
    UNCERTAIN = "uncertain"  # the worker died between sending and recording: never resent on its own
    SUPPRESSED = "suppressed"  # the address unsubscribed between queueing and sending: not sent


class WebhookStatus(StrEnum):
    """A webhook call (SPEC §9): ``queued`` → ``sending`` → ``sent`` | ``queued`` again (retry)
    | ``failed``. ``uncertain``: a worker died mid-call (found when its lease passed); it is
    resent with the same Idempotency-Key and stays ``uncertain`` until that is recorded."""
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's values as plain strings, in declaration order (for schemas and OpenAPI)."""
    return tuple(member.value for member in enum)
