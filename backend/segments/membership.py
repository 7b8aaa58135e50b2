"""Keep segment membership current and write ``SegmentEvent`` rows for each change.

All functions work inside the caller's transaction (they flush, never
commit) except ``recompute_date_sensitive``, which the scheduler calls once
a day and which commits. Every membership change writes one event
(``entered``/``left``) in the same transaction.

- ``ordered_segments()`` → segments, each after the segments its rule reads.
- ``dependency_problem(key, rule)`` → a message when saving ``rule`` under
  ``key`` would make segments depend on each other in a cycle, else None.
- ``recompute_segments(segments, today)`` → ``{segment_id: (entered, left)}``:
  full recompute, in SQL (INSERT … SELECT), of the given segments plus every
  segment that depends on them, in a safe order.
- ``reevaluate_accounts(account_ids, today, locked=False)`` → ids of accounts
  whose membership changed: incremental re-evaluation after their data changed.
- ``recompute_date_sensitive(today)`` → ``{segment key: (entered, left)}``.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Iterable

from sqlalchemy import delete, insert, literal, not_, select, text

from .. import clock
from ..extensions import db
from ..models.accounts import Account
from ..models.segments import Segment, SegmentEvent, SegmentMembership as SM
from ..db.bulk_sql import in_values, is_postgresql
from ..db.bulk_write import insert_rows
from .compile import compile_rule_sql, referenced_segments

CHUNK = 5000


def utc_today() -> date:
    """Today's UTC calendar day (what relative dates count from)."""
    return datetime.now(timezone.utc).date()


def _graph(segments) -> dict[str, set[str]]:
    """key → keys of existing segments its rule reads."""
    keys = {s.key for s in segments}
    return {s.key: referenced_segments(s.rule) & keys for s in segments}


def _topological(deps: dict[str, set[str]]) -> list[str] | None:
    """Keys ordered dependencies-first, or None when there is a cycle."""
    order, done, visiting = [], set(), set()

    def visit(key) -> bool:
        if key in done:
            return True
        if key in visiting:
            return False
        visiting.add(key)
        if not all(visit(dep) for dep in sorted(deps.get(key, ()))):
            return False
        visiting.discard(key)
        done.add(key)
        order.append(key)
        return True

    return order if all(visit(k) for k in sorted(deps)) else None


def ordered_segments(*, lock: str | None = None) -> list[Segment]:
    """Every segment, dependencies first. ``lock``: "share" / "update" row locks (PostgreSQL)."""
    query = select(Segment).order_by(Segment.id)
    if lock:
        query = query.with_for_update(read=lock == "share")
    segments = list(db.session.scalars(query))
    order = _topological(_graph(segments)) or [s.key for s in segments]
    by_key = {s.key: s for s in segments}
    return [by_key[k] for k in order]


def dependency_problem(key: str, rule) -> str | None:
    """Why saving ``rule`` as segment ``key`` would create a dependency cycle (None: fine)."""
    segments = list(db.session.scalars(select(Segment)))
    deps = {s.key: referenced_segments(s.rule) for s in segments if s.key != key}
    deps[key] = referenced_segments(rule)
    known = set(deps)
    deps = {k: v & known for k, v in deps.items()}
    if key in deps[key]:
        return f"segment {key!r} cannot refer to itself"
    if _topological(deps) is None:
        return f"segment {key!r} would take part in a cycle of segments referring to each other"
    return None


def _dependents(roots: set[str], segments: list[Segment]) -> set[str]:
    """``roots`` plus every segment that reads one of them, transitively."""
    deps = _graph(segments)
    out = set(roots)
    changed = True
    while changed:
        changed = False
        for key, reads in deps.items():
            if key not in out and reads & out:
                out.add(key)
                changed = True
    return out


def recompute_segments(keys: Iterable[str], today: date) -> dict[int, tuple[int, int]]:
    """Fully recompute segments ``keys`` and their dependents; returns {id: (entered, left)}."""
    segments = ordered_segments(lock="update")
    wanted = _dependents(set(keys), segments)
    now = clock.now()  # when memberships began and events happened: the app's clock
    return {s.id: _recompute_one(s, today, now) for s in segments if s.key in wanted}


def _recompute_one(segment: Segment, today: date, now: datetime) -> tuple[int, int]:
    expr = compile_rule_sql(segment.rule, today, clock.now(), whole=True)  # event windows: app clock
    sid = segment.id
    if is_postgresql():  # an event count groups a window's events in memory, not in batches on disk
        db.session.execute(text("SET LOCAL work_mem = '64MB'"))
    is_member = (select(1).where(SM.segment_id == sid, SM.account_id == Account.id)
                 .correlate(Account).exists())
    cols = ["account_id", "segment_id", "kind", "at"]
    session = db.session
    entered = session.execute(insert(SegmentEvent).from_select(cols, select(
        Account.id, literal(sid), literal("entered"), literal(now, SegmentEvent.at.type))
        .where(expr, not_(is_member)))).rowcount
    left = session.execute(insert(SegmentEvent).from_select(cols, select(
        SM.account_id, literal(sid), literal("left"), literal(now, SegmentEvent.at.type))
        .join(Account, Account.id == SM.account_id)
        .where(SM.segment_id == sid, not_(expr)))).rowcount
    mine = (SegmentEvent.segment_id == sid, SegmentEvent.at == now)
    if entered:
        session.execute(insert(SM).from_select(["segment_id", "account_id", "since"], select(
            literal(sid), SegmentEvent.account_id, literal(now, SM.since.type))
            .where(*mine, SegmentEvent.kind == "entered")))
    if left:
        session.execute(delete(SM).where(SM.segment_id == sid, SM.account_id.in_(
            select(SegmentEvent.account_id).where(*mine, SegmentEvent.kind == "left"))))
    segment.recomputed_at = now
    session.flush()
    return entered, left


def reevaluate_accounts(account_ids: Iterable[int], today: date, *, locked: bool = False,
                        new: Iterable[int] = ()) -> set[int]:
    """Re-evaluate every segment for these accounts; returns ids whose membership changed.

    Locks the accounts' rows and shares the segments' (PostgreSQL) so a full
    recompute of a segment cannot interleave with this. ``locked=True``: the
    caller has just inserted or updated every one of these accounts in this
    transaction, so it already holds their rows (new ones are invisible to
    others until commit) and they are not locked again. ``new``: those of
    them created in this transaction (no memberships to look up yet).
    """
    ids = sorted(set(account_ids))
    if not ids:
        return set()
    segments = ordered_segments(lock="share")
    if not segments:
        return set()
    changed: set[int] = set()
    now = clock.now()  # when memberships began and events happened: the app's clock
    levels = _levels(segments)
    new = set(new)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        if not locked:
            list(db.session.scalars(select(Account.id).where(in_values(Account.id, chunk))
                                    .order_by(Account.id).with_for_update()))
        for level in levels:
            changed |= _reevaluate_level(level, chunk, today, now, new)
    return changed


def _levels(segments: list[Segment]) -> list[list[Segment]]:
    """Group ordered segments so each group only reads segments of earlier groups."""
    deps = _graph(segments)
    depth: dict[str, int] = {}
    for s in segments:  # dependencies first
        depth[s.key] = 1 + max((depth[d] for d in deps[s.key]), default=-1)
    levels: list[list[Segment]] = [[] for _ in range(max(depth.values()) + 1)]
    for s in segments:
        levels[depth[s.key]].append(s)
    return levels


def _reevaluate_level(level: list[Segment], chunk: list[int], today: date,
                      now: datetime, new: set[int]) -> set[int]:
    session = db.session
    columns = [compile_rule_sql(s.rule, today, clock.now()).label(f"s{i}") for i, s in enumerate(level)]
    should = {(s.id, row[0]) for row in session.execute(
        select(Account.id, *columns).where(in_values(Account.id, chunk)))
        for i, s in enumerate(level) if row[i + 1]}
    old = [aid for aid in chunk if aid not in new]
    current = set(map(tuple, session.execute(select(SM.segment_id, SM.account_id).where(
        in_values(SM.account_id, old), SM.segment_id.in_([s.id for s in level]))).all())) \
        if old else set()
    entered, left = should - current, current - should
    if entered:
        insert_rows(SM, ("segment_id", "account_id", "since"),
                    [(sid, aid, now) for sid, aid in sorted(entered)])
    for sid in {sid for sid, _ in left}:
        session.execute(delete(SM).where(SM.segment_id == sid, in_values(
            SM.account_id, [aid for s, aid in left if s == sid])))
    insert_rows(SegmentEvent, ("account_id", "segment_id", "kind", "at"),
                [(aid, sid, kind, now) for kind, pairs in (("entered", entered), ("left", left))
                 for sid, aid in sorted(pairs)])
    return {aid for _, aid in entered | left}


def recompute_date_sensitive(today: date | None = None) -> dict[str, tuple[int, int]]:
    """Daily rollover: recompute segments whose rules read the date (and dependents); commits.

    Returns ``{segment key: (entered, left)}``; also tells ``accounts_changed``
    listeners (reason ``segments``) about the accounts that moved.
    """
    from ..events import accounts_changed

    today = today or utc_today()
    keys = [s.key for s in db.session.scalars(select(Segment).where(Segment.date_sensitive))]
    if not keys:
        return {}
    started = clock.now()
    counts = recompute_segments(keys, today)
    moved = list(db.session.scalars(select(SegmentEvent.account_id).distinct().where(
        SegmentEvent.at >= started, SegmentEvent.segment_id.in_(list(counts)))))
    names = dict(db.session.execute(select(Segment.id, Segment.key)).all())
    db.session.commit()
    accounts_changed(moved, "segments")
    return {names[sid]: c for sid, c in counts.items()}
