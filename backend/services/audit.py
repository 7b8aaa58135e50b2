"""Who did what: the audit log (SPEC §10).

Every service that changes something for a person or token calls
:func:`record` *before* its commit, so the entry is written in the same
transaction as the change (and vanishes with it when the change rolls back)::

    audit.record("segment.update", "segment", key, f"Changed segment {key!r}",
                 audit.diff(before, after))

- ``record(action, target_type, target_id, summary, changes=None)`` — adds an
  ``AuditEntry`` for the current actor to the session; returns it.
- ``current_actor() -> (actor, actor_type)`` — the request's principal (a
  staff user's email, or an API token's name), else the operating-system user
  of a ``flask`` command such as ``token create`` (``cli``), else ``system`` (the
  scheduler and workers, also when started as ``flask worker``/``scheduler``; first start).
- ``diff(before, after, secret=())`` — ``{field: {"from", "to"}}`` for the
  fields whose values differ; fields in ``secret`` (and any whose name says
  password, secret or token) show only that they changed.
- ``redact(value)`` — the same redaction for a whole dict.
- ``list_entries(...)`` — the ``GET /api/audit`` query, newest first.

Bulk writes (account imports) are one entry with counts, never one per row.
"""
from __future__ import annotations

import getpass
import re
from datetime import date, datetime, time, timezone

from flask import has_request_context
from sqlalchemy import func, select

from .. import clock
from ..errors import Invalid
from ..extensions import db
from ..models.audit import AuditEntry

REDACTED = "[redacted]"
_SECRET_NAME = re.compile(r"password|secret|token|signing|api_key|credential", re.I)
MAX_VALUE = 2000  # characters of one before/after value kept in ``changes``
# flask commands that run the app's own processes: what they change is the system's doing
_PROCESSES = frozenset({"worker", "scheduler", "serve", "run"})


def current_actor() -> tuple[str, str]:
    """``(actor, actor_type)`` of whoever is writing now (see module docstring)."""
    if has_request_context():
        from ..auth import current_principal

        principal = current_principal()
        if principal is not None:
            if principal.kind == "token":
                return principal.name, "token"
            return principal.email or principal.name, "user"
    import click

    command = click.get_current_context(silent=True)
    if command is not None and command.command_path.split()[-1] not in _PROCESSES:
        try:
            return getpass.getuser(), "cli"
        except Exception:  # no login name (containers): still a person at a terminal
            return "command line", "cli"
    return "system", "system"


def record(action: str, target_type: str, target_id, summary: str,
           changes: dict | list | None = None) -> AuditEntry:
    """Add one audit entry to the current transaction (committed with the change)."""
    actor, actor_type = current_actor()
    entry = AuditEntry(at=clock.now(), actor=actor[:254], actor_type=actor_type, action=action,
                       target_type=target_type,
                       target_id=None if target_id is None else str(target_id)[:254],
                       summary=summary, changes=_jsonable(redact(changes)))
    db.session.add(entry)
    return entry


def is_secret(name) -> bool:
    """Whether a field name says it holds a secret."""
    return isinstance(name, str) and bool(_SECRET_NAME.search(name))


def redact(value, secret=()):
    """A copy of ``value`` in which every secret field shows only whether it is set."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if key in secret or is_secret(key):
                out[key] = (_redact_change(inner) if _is_change(inner)
                            else None if inner is None else REDACTED)
            else:
                out[key] = redact(inner, secret)
        return out
    if isinstance(value, list):
        return [redact(item, secret) for item in value]
    return value


def _is_change(value) -> bool:
    return isinstance(value, dict) and value != {} and set(value) <= {"from", "to"}


def _redact_change(change: dict) -> dict:
    return {side: (REDACTED if change.get(side) is not None else None) for side in ("from", "to")}


def diff(before: dict | None, after: dict | None, secret=(), ignore=("updated_at",)) -> dict:
    """``{field: {"from": old, "to": new}}`` for each top-level field whose value differs."""
    before, after = before or {}, after or {}
    out = {}
    for key in list(before) + [k for k in after if k not in before]:
        if key in ignore:
            continue
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = {"from": old, "to": new}
    return redact(out, secret)


def _jsonable(value):
    """JSON-safe copy: dates as ISO text, long texts cut to ``MAX_VALUE`` characters."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_VALUE:
        return value[:MAX_VALUE] + "…"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def entry_json(entry: AuditEntry) -> dict:
    """The API shape of one entry."""
    return {"id": entry.id, "at": entry.at, "actor": entry.actor, "actor_type": entry.actor_type,
            "action": entry.action, "target_type": entry.target_type, "target_id": entry.target_id,
            "object": f"{entry.target_type}:{entry.target_id}" if entry.target_id else entry.target_type,
            "summary": entry.summary, "changes": entry.changes}


def _moment(value, end: bool = False) -> datetime:
    """A filter bound: an aware datetime, or a date (start of day; ``end``: end of day)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time.max if end else time.min, tzinfo=timezone.utc)
    raise Invalid(f"Not a date or time: {value!r}")


def list_entries(actor: str | None = None, object_: str | None = None, target_type: str | None = None,
                 target_id: str | None = None, action: str | None = None, since=None, until=None,
                 limit: int = 50, offset: int = 0) -> dict:
    """``{"items", "total", "limit", "offset"}``: entries matching every filter, newest first.

    ``actor`` matches the actor exactly (case-insensitive); ``object_`` is
    ``type`` or ``type:id``; ``action`` is exact, or a prefix when it ends with
    ``.`` or ``*`` (``journey.``); ``since``/``until`` are datetimes or dates
    (a date ``until`` includes that whole day).
    """
    query = select(AuditEntry)
    if actor:
        query = query.where(func.lower(AuditEntry.actor) == actor.strip().lower())
    if object_:
        kind, _, ident = object_.partition(":")
        target_type = target_type or kind
        target_id = target_id or (ident or None)
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    if target_id:
        query = query.where(AuditEntry.target_id == target_id)
    if action:
        if action.endswith(("*", ".")):
            stem = action.rstrip("*")
            query = query.where(AuditEntry.action.like(_escape_like(stem) + "%", escape="\\"))
        else:
            query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.at >= _moment(since))
    if until is not None:
        query = query.where(AuditEntry.at <= _moment(until, end=True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                              .limit(limit).offset(offset))
    return {"items": [entry_json(e) for e in rows], "total": total, "limit": limit, "offset": offset}


def actors() -> list[str]:
    """Everyone who appears in the log (for the Audit page's filter), A–Z."""
    return list(db.session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def flush_or_conflict(message: str) -> None:
    """Flush now (a new row gets its id for the entry); a unique key taken meanwhile rolls
    back and raises ``Conflict(message)``."""
    from sqlalchemy.exc import IntegrityError

    from ..errors import Conflict

    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(message) from None
