"""Product events (SPEC §7): ingest, list, and the names seen.

``ingest(raw_events, now=None, bulk=False) -> {"accepted", "duplicates", "errors"}``
    Up to ``MAX_EVENTS`` rows; each is checked on its own and a bad one is
    reported as ``{"index", "error": {"code", "message"}}`` while the others
    are kept. Codes: ``bad_event`` (not an object, unknown key, wrong type),
    ``bad_name``, ``bad_timestamp``, ``future_timestamp`` (more than
    ``FUTURE_SKEW`` ahead), ``too_old`` (older than ``EVENT_RETENTION_DAYS``),
    ``properties_too_large`` (over 8 KB of JSON), ``unknown_account``. An
    ``id`` seen before (or twice in the request) is a duplicate and changes
    nothing. One transaction: events (COPY on PostgreSQL, into the months'
    partitions, created as needed), seen ids, per-name stats and daily
    counts, the accounts' segment membership when a segment reads events, one
    audit entry, and the entry-by-event batches (``event_entries``, when a live
    journey enters on one of these names). After commit: their jobs, and
    ``accounts_changed(ids, "events")`` for the accounts whose journeys the
    events can change (``_to_recheck``). Raises Invalid for more than
    ``MAX_EVENTS`` rows.
``list_events(account=None, name=None, since=None, before=None, limit=50)``
    ``{"items": [...], "next_before": iso | None}``, newest first. Raises NotFound.
``event_names(now=None)`` → ``[{"name", "count_30d", "last_at", "properties"}]``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import orjson
from flask import current_app
from sqlalchemy import ARRAY, Text, any_, bindparam, func, select

from graph_engine.event_rules import uses_events
from graph_engine.rulespec import parse_iso_date

from .. import clock
from ..db import bulk_write
from ..db.bulk_sql import in_values, is_postgresql
from ..db.event_partitions import ensure_months
from ..segments.event_needs import entry_event_names, workspace_event_windows
from ..errors import Invalid, NotFound
from ..events import accounts_changed
from ..extensions import db
from ..models.accounts import Account
from ..models.events import (MAX_CLIENT_ID, MAX_PROPERTIES_BYTES, Event, EventClientId,
                             EventDailyCount, EventNameStat)
from ..models.segments import Segment
from ..segments.membership import reevaluate_accounts
from . import audit, event_entries
from .unit_of_work import transaction

MAX_EVENTS = 10_000
FUTURE_SKEW = timedelta(minutes=5)
_NAME = re.compile(r"[a-z0-9_.\-]{1,64}\Z")
_KEYS = frozenset({"id", "account", "name", "at", "properties"})
_COLUMNS = ("account_id", "name", "at", "properties", "client_id", "received_at")


def retention_days() -> int:
    """``EVENT_RETENTION_DAYS`` (default 400)."""
    return int(current_app.config.get("EVENT_RETENTION_DAYS") or 400)


def _error(index: int, code: str, message: str) -> tuple[int, dict]:
    return index, {"code": code, "message": message}


def _parse_at(value, now: datetime, keep_days: int, bounds: tuple[datetime, datetime]):
    if value is None:
        return now, None
    if not isinstance(value, str):
        return None, ("bad_timestamp", "at must be an ISO 8601 date-time text")
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None, ("bad_timestamp", f"at {value[:40]!r} is not an ISO 8601 date-time")
    zone = at.tzinfo
    if zone is None:
        at = at.replace(tzinfo=timezone.utc)
    elif zone is not timezone.utc:  # "+00:00" and "Z" parse as timezone.utc itself
        at = at.astimezone(timezone.utc)
    earliest, latest = bounds
    if at > latest:
        return None, ("future_timestamp", "at is more than 5 minutes in the future")
    if at < earliest:
        return None, ("too_old", f"at is older than the {keep_days} days events are kept")
    return at, None


@lru_cache(maxsize=4096)
def _good_name(name: str) -> bool:
    return _NAME.match(name) is not None


def check_row(index: int, raw, now: datetime, keep_days: int = 400, bounds=None):
    """One raw event → ``(index, fields)`` or ``(index, error)`` with the error's ``code``.
    ``bounds``: ``(oldest, latest)`` allowed ``at`` (computed from ``now`` when not given)."""
    if not isinstance(raw, dict):
        return None, _error(index, "bad_event", "an event must be a JSON object")
    if not _KEYS.issuperset(raw):
        return None, _error(index, "bad_event", f"unknown key {sorted(set(raw) - _KEYS)[0]!r}")
    client_id, account, name = raw.get("id"), raw.get("account"), raw.get("name")
    if client_id is not None and (not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID):
        return None, _error(index, "bad_event", f"id must be a text of 1 to {MAX_CLIENT_ID} characters")
    if not isinstance(account, str) or not account:
        return None, _error(index, "bad_event", "account (the account's external_id) is required")
    if not isinstance(name, str) or not _good_name(name):
        return None, _error(index, "bad_name", "name must be 1 to 64 of a-z 0-9 _ . -")
    at, problem = _parse_at(raw.get("at"), now, keep_days, bounds or _bounds(now, keep_days))
    if problem:
        return None, _error(index, *problem)
    properties = raw.get("properties", {})
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        return None, _error(index, "bad_event", "properties must be a JSON object")
    encoded = orjson.dumps(properties)
    if len(encoded) > MAX_PROPERTIES_BYTES:
        return None, _error(index, "properties_too_large",
                            f"properties are {len(encoded):,} bytes of JSON; at most 8 KB (8,192)")
    return (index, client_id, account, name, at, properties, encoded), None


def _bounds(now: datetime, keep_days: int) -> tuple[datetime, datetime]:
    return now - timedelta(days=keep_days), now + FUTURE_SKEW


def ingest(raw_events: list, now: datetime | None = None, bulk: bool = False) -> dict:
    """Validate and store events; see the module docstring. ``bulk`` (a file import): the
    follow-up work goes on the bulk lane however few accounts a chunk names."""
    if not isinstance(raw_events, list):
        raise Invalid("events must be a list")
    if len(raw_events) > MAX_EVENTS:
        raise Invalid(f"At most {MAX_EVENTS:,} events per request.")
    now = now or clock.now()
    rows, errors = [], []
    keep_days = retention_days()
    bounds = _bounds(now, keep_days)
    for index, raw in enumerate(raw_events):
        row, error = check_row(index, raw, now, keep_days, bounds)
        if error:
            errors.append(error)
        else:
            rows.append(row)
    entry_names = {row[3] for row in rows} & entry_event_names() if rows else set()
    batches, entry_accounts = [], 0
    with transaction():
        # entry by event is recorded with the events, so no lost job loses it (event_entries)
        claim = event_entries.claim_stamp(now) if entry_names else None
        stored, duplicates, more, moved = _store(rows, claim[1] if claim else now)
        errors += more
        if claim:
            batches, entry_accounts = event_entries.write_batches(claim, stored, entry_names)
        audit.record("event.ingest", "event", None,
                     f"Received {len(raw_events)} event(s): {len(stored)} accepted, "
                     f"{duplicates} duplicate, {len(errors)} refused",
                     {"rows": len(raw_events), "accepted": len(stored), "duplicates": duplicates,
                      "errors": len(errors)})
    account_ids = sorted({row[0] for row in stored})
    if stored:
        event_entries.announce(batches, entry_accounts, bulk)  # first: entry is what people wait for
        accounts_changed(_to_recheck(account_ids, moved), "bulk" if bulk else "events")
    errors.sort(key=lambda e: e[0])
    return {"accepted": len(stored), "duplicates": duplicates,
            "errors": [{"index": i, "error": e} for i, e in errors]}


def _store(rows: list, now: datetime) -> tuple[list, int, list]:
    """Write the valid rows; returns (stored rows, duplicates, unknown-account errors)."""
    if not rows:
        return [], 0, [], set()
    ids = _account_ids(sorted({row[2] for row in rows}))
    errors, known = [], []
    for row in rows:
        if row[2] in ids:
            known.append(row)
        else:
            errors.append(_error(row[0], "unknown_account", f"no account with external_id {row[2]!r}"))
    fresh, duplicates = _new_client_ids(known, now)
    stored = [(ids[row[2]], row[3], row[4], row[5], row[6], row[1]) for row in fresh]
    if not stored:
        return [], duplicates, errors, set()
    if is_postgresql():
        ensure_months({row[2].date() for row in stored})
    as_text = bulk_write.use_copy(len(stored))
    bulk_write.insert_rows(Event, _COLUMNS, [
        (account_id, name, at, encoded.decode() if as_text else props, client_id, now)
        for account_id, name, at, props, encoded, client_id in stored])
    _update_stats(stored)
    moved: set[int] = set()
    if _segments_read_events():
        moved = reevaluate_accounts(sorted({row[0] for row in stored}), now.date())
    return stored, duplicates, errors, moved


def _account_ids(externals: list[str]) -> dict[str, int]:
    """``{external_id: id}`` of the accounts that exist among ``externals``."""
    query = select(Account.external_id, Account.id)
    if is_postgresql():
        return dict(db.session.execute(
            query.where(Account.external_id == any_(_text_array(externals)))).all())
    ids: dict[str, int] = {}
    for start in range(0, len(externals), 5000):
        chunk = externals[start:start + 5000]
        ids.update(db.session.execute(query.where(in_values(Account.external_id, chunk))).all())
    return ids


def _to_recheck(account_ids: list[int], moved: set[int]) -> list[int]:
    """The accounts whose journeys new events can change: those whose segments moved, and,
    when a live journey reads events (rules or until_event waits), those with an active
    enrollment. Announcing the others would only queue work that finds nothing to do."""
    if not workspace_event_windows():
        return sorted(moved)
    from ..models.enrollments import Enrollment
    from ..models.statuses import EnrollmentStatus

    active = db.session.scalars(select(Enrollment.account_id).distinct().where(
        in_values(Enrollment.account_id, account_ids), Enrollment.status == EnrollmentStatus.ACTIVE))
    found = sorted(set(active) | moved)
    db.session.rollback()
    return found


def _new_client_ids(rows: list, now: datetime) -> tuple[list, int]:
    """The rows whose client id is new (or absent), recording the ids; and the duplicate count."""
    seen_here: set[str] = set()
    candidates, duplicates = [], 0
    for row in rows:
        client_id = row[1]
        if client_id is not None:
            if client_id in seen_here:
                duplicates += 1
                continue
            seen_here.add(client_id)
        candidates.append(row)
    if not seen_here:
        return candidates, duplicates
    fresh = _claim_ids(sorted(seen_here), now)
    kept = [row for row in candidates if row[1] is None or row[1] in fresh]
    return kept, duplicates + len(candidates) - len(kept)


def _claim_ids(client_ids: list[str], now: datetime) -> set[str]:
    """Insert these ids into ``event_client_ids``; returns those that were not there."""
    if is_postgresql():
        table = EventClientId.__table__
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return set(db.session.scalars(
            pg_insert(table).from_select(["client_id", "seen_at"], select(
                func.unnest(_text_array(client_ids)), bindparam("now", now, type_=table.c.seen_at.type)))
            .on_conflict_do_nothing(index_elements=["client_id"]).returning(table.c.client_id)))
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    table = EventClientId.__table__
    fresh: set[str] = set()
    statement = sqlite_insert(table).on_conflict_do_nothing().returning(table.c.client_id)
    for start in range(0, len(client_ids), 5000):
        fresh.update(row[0] for row in db.session.connection().execute(
            statement, [{"client_id": c, "seen_at": now} for c in client_ids[start:start + 5000]]))
    return fresh


_SEPARATOR = "\x1f"  # ASCII unit separator


def _text_array(values: list[str]):
    """``values`` as a PostgreSQL ``text[]`` expression: one text the server splits on
    ``_SEPARATOR`` (psycopg dumping a 10,000-text array parameter cost more than the statement
    it feeds), or an array parameter when a value holds the separator itself."""
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) == len(values) - 1:
        return func.string_to_array(bindparam(None, joined, type_=Text),
                                    bindparam(None, _SEPARATOR, type_=Text))
    return bindparam(None, list(values), type_=ARRAY(Text))


def property_type(value) -> str | None:
    """The SPEC §7 type of a property value (None for null, lists and objects)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "date" if parse_iso_date(value) or _is_datetime(value) else "text"
    return None


def _is_datetime(value: str) -> bool:
    if len(value) < 16 or value[4:5] != "-" or "T" not in value:
        return False
    try:
        datetime.fromisoformat(value)
        return True
    except ValueError:
        return False


def _update_stats(stored: list) -> None:
    """Per-name property types and last time; events per name per UTC day."""
    days: Counter = Counter()
    types: dict[str, dict] = defaultdict(dict)
    last: dict[str, datetime] = {}
    for _, name, at, props, _, _ in stored:
        days[(name, at.date())] += 1
        if name not in last or at > last[name]:
            last[name] = at
        seen = types[name]
        for key, value in props.items():
            if key not in seen and len(seen) < 100:
                kind = property_type(value)
                if kind:
                    seen[key] = kind
    names = sorted(last)
    query = select(EventNameStat).where(EventNameStat.name.in_(names))
    if is_postgresql():
        query = query.with_for_update()
    existing = {stat.name: stat for stat in db.session.scalars(query)}
    for name in names:
        stat = existing.get(name)
        if stat is None:
            bulk_write.upsert_rows(EventNameStat, ("name", "properties", "last_at"),
                                   [(name, types[name], last[name])], ("name",))
        else:
            merged = {**types[name], **(stat.properties or {})}
            if merged != stat.properties:
                stat.properties = merged
            stat.last_at = max(stat.last_at, last[name])
    _add_daily_counts(days)


def _add_daily_counts(days: Counter) -> None:
    rows = [(name, day, count) for (name, day), count in sorted(days.items())]
    table = EventDailyCount.__table__
    if is_postgresql():
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["name", "day"], set_={"count": table.c.count + statement.excluded.count})
    db.session.connection().execute(statement, [{"name": n, "day": d, "count": c} for n, d, c in rows])


def _segments_read_events() -> bool:
    return any(uses_events(rule) for rule in db.session.scalars(select(Segment.rule)))


# -- reading --------------------------------------------------------------------
def _iso(moment: datetime | None):
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def list_events(account: str | None = None, name: str | None = None, since: datetime | None = None,
                before: datetime | None = None, limit: int = 50) -> dict:
    """Events newest first (see module docstring). Raises NotFound for an unknown account."""
    query = select(Event.id, Account.external_id, Event.name, Event.at, Event.properties,
                   Event.client_id).join(Account, Account.id == Event.account_id)
    if account is not None:
        account_id = db.session.scalar(select(Account.id).where(Account.external_id == account))
        if account_id is None:
            raise NotFound(f"No account {account!r}.")
        query = query.where(Event.account_id == account_id)
    if name:
        query = query.where(Event.name == name)
    if since is not None:
        query = query.where(Event.at >= since)
    if before is not None:
        query = query.where(Event.at < before)
    rows = db.session.execute(query.order_by(Event.at.desc(), Event.id.desc()).limit(limit + 1)).all()
    items = [{"id": client_id, "account": ext, "name": ev_name, "at": _iso(at),
              "properties": props or {}} for _, ext, ev_name, at, props, client_id in rows[:limit]]
    return {"items": items, "next_before": items[-1]["at"] if len(rows) > limit else None}


def event_names(now: datetime | None = None) -> list[dict]:
    """Every event name seen: 30-day count, last time and property types (by name)."""
    now = now or clock.now()
    first_day: date = (now - timedelta(days=29)).date()
    counts = dict(db.session.execute(
        select(EventDailyCount.name, func.sum(EventDailyCount.count))
        .where(EventDailyCount.day >= first_day).group_by(EventDailyCount.name)).all())
    return [{"name": stat.name, "count_30d": int(counts.get(stat.name) or 0),
             "last_at": _iso(stat.last_at), "properties": dict(sorted((stat.properties or {}).items()))}
            for stat in db.session.scalars(select(EventNameStat).order_by(EventNameStat.name))]
