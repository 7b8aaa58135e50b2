"""What one walker round shares: the accounts' snapshots and everything its effects write.

A ``Round`` lives for one transaction (made in ``walker._walk_round``, written by
``walker._write_round``, on the commit thread when rounds overlap). It holds

- ``snapshots`` — ``{account_id: snapshot}``, changed in memory by each
  account-changing effect (``apply``: the new snapshot, its segments
  recomputed in Python, and ``versions[account_id]`` bumped so the walker
  re-checks the account's other enrollments walked before the change);
- ``rows`` — buffered inserts (step logs, tasks, outbox emails,
  playbook enrollments); ``attributes`` — staged account changes;
- ``delivery`` — the workspace's default time zone and frequency cap, and the
  emails counted against the cap, shared by every snapshot (``delivery_limits``;
  ``carried_sends``: the counted emails of a round whose commit overlaps this one);
- caches loaded once per round on first use: staff users, templates,
  playbooks, the segment rules;
- CSM choices from a pool, made for the whole wave at once (``resolve``) and never waiting for
  another round's commit: one upsert takes as many round-robin turns as the wave needs; a
  least-accounts choice counts committed accounts plus the live claims of other rounds
  (``models.users.CsmClaim``), under a lock held for the count alone. The round's own choices
  become claims at once (a short transaction of their own) and ``write`` deletes them, so at
  its commit they swap for the accounts' new CSMs; a round that fails gives them back as soon
  as its transaction is rolled back (``release_claims``). (SQLite, one writer at a time: the
  pool's row, locked until commit.)

``write()`` writes it all (account changes, reactivated playbooks, buffered
rows) in the caller's transaction.
"""
from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime
from typing import Callable

from flask import current_app
from sqlalchemy import Integer, Text, bindparam, cast, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..db import bulk_write
from ..db.bulk_sql import in_values, is_postgresql
from ..db.row_buffer import RowBuffer
from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Enrollment
from ..models.journeys import Journey
from ..models.playbooks import Playbook, PlaybookEnrollment
from ..models.settings import AppSetting, default_sender, pool_turn_key
from ..models.statuses import EnrollmentStatus, PlaybookStatus
from ..models.templates import EmailTemplate
from ..models.users import CLAIM_MINUTES, CsmClaim, StaffUser
from ..rendering.merge import context_from_snapshot
from ..segments.evaluate import SegmentRules
from .attributes import AttributeWriter
from .delivery_limits import DeliveryLimits
from .email_links import LinkSettings, SuppressedAddresses, link_settings
from .errors import ActionError

ACTIVE, UNENROLLED = EnrollmentStatus.ACTIVE.value, EnrollmentStatus.UNENROLLED.value
log = logging.getLogger(__name__)


class Round:
    """See module docstring."""

    def __init__(self, now: datetime, snapshots: dict[int, dict], enrollments: list = (),
                 carried_sends=()):
        self.now = now
        self.enrollments = {e.id: e for e in enrollments}  # the round's EnrollmentRows
        self.today: date = now.date()
        self.snapshots = snapshots
        self.versions: dict[int, int] = {}  # only changed accounts have a key
        self.rows = RowBuffer()
        self.attributes = AttributeWriter()
        self.emails: list = []
        self.webhooks: list = []  # queued webhook_calls rows, delivered after commit
        self._staff: dict | None = None
        self._staff_names: dict = {}
        self._templates: dict = {}
        self._contexts: dict = {}
        self.deliver = bool(current_app.config.get("SMTP_URL"))  # else emails are kept
        self.suppressed = SuppressedAddresses(snapshots)  # unsubscribed addresses (SPEC §8)
        # time zones and the frequency cap (SPEC §8); carried_sends: a round still committing
        self.delivery = DeliveryLimits(now, snapshots, carried_sends)
        self._links: LinkSettings | None = None
        self._sender: str | None = None
        self._playbooks: dict | None = None
        self._segments: SegmentRules | None = None
        self._csm_requests: list = []
        self._csm_delta: dict[int, int] = defaultdict(int)
        self._claimed: dict[int, int] = {}  # what other rounds can see of _csm_delta
        self._key = uuid.uuid4().hex  # its claims' key
        self._reactivated: list[dict] = []
        self._unenroll_requests: list = []

    # -- reads, cached for the round ------------------------------------------------
    @property
    def changed(self) -> set[int]:
        """Accounts this round changed."""
        return set(self.versions)

    def _load_staff(self) -> dict:
        if self._staff is None:
            self._staff = {u.email.lower(): u for u in db.session.scalars(select(StaffUser))}
            self._staff_names = {u.email: u.name for u in self._staff.values()}
        return self._staff

    def staff_user(self, email: str | None) -> StaffUser | None:
        """The staff user with this email (any case), or None."""
        return self._load_staff().get(email.strip().lower()) if email else None

    def user(self, snapshot: dict, field: str) -> StaffUser | None:
        """The account's ``csm`` or ``sales_manager``, from its snapshot."""
        return self.staff_user((snapshot.get("user") or {}).get(field))

    def render_context(self, account_id: int, contact: dict | None = None) -> dict:
        """The merge fields for the account as it is now in the round (built once per change)."""
        key = (account_id, self.versions.get(account_id, 0))
        base = self._contexts.get(key)
        if base is None:
            self._load_staff()
            base = self._contexts[key] = context_from_snapshot(self.snapshots[account_id],
                                                               self._staff_names)
        if contact is None:
            return base
        return {**base, "contact": dict(contact)}

    @property
    def sender(self) -> str:
        """Where an email goes from when no other sender applies (``default_sender``)."""
        if self._sender is None:
            self._sender = default_sender(self.delivery.stored)
        return self._sender

    def template(self, key: str) -> tuple[str, str, str | None] | None:
        """(subject, body, html_body) of a saved template, or None."""
        if key not in self._templates:
            row = db.session.execute(select(EmailTemplate.subject, EmailTemplate.body,
                                            EmailTemplate.html_body)
                                     .where(EmailTemplate.key == key)).first()
            self._templates[key] = tuple(row) if row else None
        return self._templates[key]

    @property
    def links(self) -> LinkSettings:
        """The workspace's public URL, tracking switch and signing key (read once a round)."""
        if self._links is None:
            self._links = link_settings()
        return self._links

    def playbook(self, key: str) -> Playbook | None:
        if self._playbooks is None:
            self._playbooks = {p.key: p for p in db.session.scalars(select(Playbook))}
        return self._playbooks.get(key)

    # -- changes -----------------------------------------------------------------------
    def apply(self, account_id: int, change: Callable[[dict], dict],
              changed: str | None = None) -> None:
        """Replace the account's snapshot with ``change(snapshot)``, its segments recomputed
        (``changed``: the one property that changed, so only segments reading it are)."""
        if self._segments is None:
            self._segments = SegmentRules.load()
        snapshot = change(self.snapshots[account_id])
        snapshot["segments"] = self._segments.members(snapshot, self.today, changed)
        self.snapshots[account_id] = snapshot
        self.versions[account_id] = self.versions.get(account_id, 0) + 1

    def set_csm(self, account_id: int, user: StaffUser) -> None:
        previous = self.user(self.snapshots[account_id], "csm")
        if previous is not None:
            self._csm_delta[previous.id] -= 1
        self._csm_delta[user.id] += 1
        self.attributes.stage_column(account_id, "csm_id", user.id)
        self.apply(account_id, lambda snap: {
            **snap, "user": {**(snap.get("user") or {}), "csm": user.email}}, "user.csm")

    def defer_csm(self, effect, enrollment, result: dict) -> None:
        """Choose a CSM from ``effect.pool`` after the wave (``resolve``); fills ``result``."""
        self._csm_requests.append((effect, enrollment, result))

    def defer_unenroll(self, effect, enrollment, journey, result: dict) -> None:
        """End the account's other active enrollments after the wave (``resolve``)."""
        self._unenroll_requests.append((effect, enrollment, journey, result))

    def reactivate_playbook(self, account_id: int, playbook_id: int, due_on: date) -> None:
        self._reactivated.append({"aid": account_id, "pid": playbook_id, "due": due_on})

    def resolve(self) -> None:
        """What the wave asked for that is decided for all of it at once: other enrollments
        ended by exit rules, CSMs from pools (in the order they were asked)."""
        self._resolve_unenroll()
        requests, self._csm_requests = self._csm_requests, []
        by_pool: dict[tuple, list] = {}
        for request in requests:
            effect = request[0]
            pool = tuple(e.strip().lower() for e in (effect.pool or ()))
            by_pool.setdefault((effect.strategy, pool), []).append(request)
        for (strategy, pool), asked in by_pool.items():
            # Support staff cannot own accounts (the accounts API refuses them too).
            users = [u for u in (self.staff_user(e) for e in pool) if u is not None and u.role != "support"]
            if strategy == "round_robin":
                first = _take_turns(pool, len(asked), held=False) if pool else 0
                for index, (effect, enrollment, result) in enumerate(asked):
                    chosen = self.staff_user(pool[(first + index) % len(pool)]) if pool else None
                    self._assign(effect, strategy, pool, enrollment, result, chosen if chosen in users else None)
            elif is_postgresql():  # least_accounts: counted with other rounds' claims (CsmClaim)
                with _counting() as own:
                    counts = self._claimed_counts(own, users)
                    for effect, enrollment, result in asked:
                        self._assign(effect, strategy, pool, enrollment, result, self._fewest(users, counts))
                    self._claim(own)
            else:  # least_accounts on SQLite: the pool's turn row serialises the counting
                if pool:
                    _take_turns(pool, len(asked), held=True)
                counts = self._account_counts(users)
                for effect, enrollment, result in asked:
                    self._assign(effect, strategy, pool, enrollment, result, self._fewest(users, counts))
        if requests and is_postgresql() and self._unclaimed():
            with db.engine.connect() as own:  # round robin's choices count for others from now
                self._claim(own)

    def _fewest(self, users: list[StaffUser], counts: dict[int, int]) -> StaffUser | None:
        return min(users, key=lambda u: (counts.get(u.id, 0) + self._csm_delta[u.id], u.email),
                   default=None)

    def _assign(self, effect, strategy, pool, enrollment, result: dict,
                chosen: StaffUser | None) -> None:
        if chosen is None:
            raise ActionError(f"no staff user to assign as CSM ({strategy}: {list(pool)})").at(effect)
        self.set_csm(enrollment.account_id, chosen)
        result["csm"] = chosen.email

    def _claimed_counts(self, own, users: list[StaffUser]) -> dict[int, int]:
        """Each user's accounts as committed plus other rounds' live claims, read in one
        statement (one snapshot: a round committing meanwhile is counted once, either as its
        claims or as its accounts)."""
        if not users:
            return {}
        return dict(own.execute(_CLAIMED_COUNTS, {"ids": [u.id for u in users], "key": self._key}).all())

    def _unclaimed(self) -> list[dict]:
        return [{"round_key": self._key, "user_id": user_id, "delta": delta - self._claimed.get(user_id, 0)}
                for user_id, delta in self._csm_delta.items() if delta != self._claimed.get(user_id, 0)]

    def _claim(self, own) -> None:
        """Record (and commit, on ``own``) what this round has given and taken since its last
        claim; ``write`` deletes them with the round's own changes."""
        rows = self._unclaimed()
        if rows:
            own.execute(insert(CsmClaim), rows)
            self._claimed.update(self._csm_delta)
        own.commit()

    def release_claims(self) -> None:
        """Give back this round's claims at once: it will not commit (it failed, and its
        transaction is rolled back). Left alone they would count on the CSMs' books for
        ``CLAIM_MINUTES``, steering other rounds' least-accounts choices — the retry of the same
        accounts among them — away from those CSMs. Called only after the round's transaction
        ended: its ``write`` locks its claims until then (the lock timeout guards that)."""
        if not self._claimed:
            return
        try:
            with db.engine.connect() as own:
                own.execute(text("SET LOCAL lock_timeout = '2s'"))
                own.execute(delete(CsmClaim).where(CsmClaim.round_key == self._key))
                own.commit()
            self._claimed = {}
        except SQLAlchemyError:  # they stop counting after CLAIM_MINUTES anyway
            log.warning("could not give back the CSM claims of a failed round", exc_info=True)

    def _resolve_unenroll(self) -> None:
        requests, self._unenroll_requests = self._unenroll_requests, []
        if not requests:
            return
        table = Enrollment.__table__
        accounts = sorted({enrollment.account_id for _, enrollment, _, _ in requests})
        candidates = db.session.execute(
            select(table.c.id, table.c.account_id, Journey.key)
            .join(Journey, Journey.id == table.c.journey_id)
            .where(in_values(table.c.account_id, accounts), table.c.status == ACTIVE)
            .order_by(table.c.id).with_for_update(of=table)).all()
        by_account: dict[int, list] = {}
        for row in candidates:
            by_account.setdefault(row.account_id, []).append(row)
        ended: dict[int, str] = {}
        for effect, enrollment, journey, result in requests:
            reason = f"enrolled in {journey.key}"
            keys = []
            for row in by_account.get(enrollment.account_id, ()):
                if row.id == enrollment.id or row.id in ended:
                    continue
                if effect.mode == "specific" and row.key not in effect.journeys:
                    continue
                ended[row.id] = reason
                keys.append(row.key)
                if row.id in self.enrollments:  # walked in this round too: its write keeps it ended
                    self.enrollments[row.id].end(UNENROLLED, reason, self.now)
            result["unenrolled_from"] = sorted(keys)
        changes = [(other_id, (UNENROLLED, reason, self.now, None), 0b1111)
                   for other_id, reason in ended.items() if other_id not in self.enrollments]
        bulk_write.update_by_id(Enrollment, ("status", "reason", "ended_at", "wake_at"), changes)

    def _account_counts(self, users: list[StaffUser]) -> dict[int, int]:
        return dict(db.session.execute(
            select(Account.csm_id, func.count()).where(Account.csm_id.in_([u.id for u in users]))
            .group_by(Account.csm_id)).all())

    def write(self) -> None:
        """Write the round's account changes and buffered rows (caller's transaction)."""
        self.attributes.write(self.now)
        if self._claimed:  # they swap for the accounts' new CSMs when this commits
            db.session.execute(delete(CsmClaim).where(CsmClaim.round_key == self._key))
        if self._reactivated:
            table = PlaybookEnrollment.__table__
            db.session.connection().execute(
                update(table).where(table.c.account_id == bindparam("aid"),
                                    table.c.playbook_id == bindparam("pid"))
                .values(status=PlaybookStatus.ACTIVE.value, due_on=bindparam("due"),
                        enrolled_at=self.now, completed_at=None), self._reactivated)
            self._reactivated = []
        self.rows.write()


def _take_turns(pool: tuple, count: int, *, held: bool) -> int:
    """Atomically take ``count`` consecutive turns of the pool; returns the first.

    ``held`` (least_accounts on SQLite): the UPDATE takes the turn row's write lock until the
    round commits, so rounds count the pool's accounts one after another.

    Not ``held`` (round robin): on PostgreSQL the turns are taken in a short transaction of
    their own, committed at once. The next round — this worker's, overlapped with this one's
    commit, or another worker's — takes its turns without waiting for this round to commit
    (it waited for the whole of it: a fifth of a round-robin walk). Turns are still never
    handed out twice; a round that dies after taking its turns leaves them unused, and the
    rotation skips them. (SQLite has one writer at a time: there it is the round's own UPDATE.)
    """
    key = pool_turn_key(pool)
    if not held and is_postgresql():
        statement = (postgresql.insert(AppSetting).values(key=key, value=str(count - 1))
                     .on_conflict_do_update(index_elements=[AppSetting.key], set_={
                         "value": cast(cast(AppSetting.value, Integer) + count, Text)})
                     .returning(AppSetting.value))
        with db.engine.connect() as own:
            last = int(own.execute(statement).scalar_one())
            own.commit()
        return last - count + 1
    bumped = db.session.execute(update(AppSetting).where(AppSetting.key == key)
                                .values(value=cast(cast(AppSetting.value, Integer) + count, Text)))
    if bumped.rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(AppSetting(key=key, value=str(count - 1)))
            return 0
        except IntegrityError:  # another worker created it first: take turns on it
            return _take_turns(pool, count, held=held)
    return int(db.session.scalar(select(AppSetting.value).where(AppSetting.key == key))) - count + 1


# Least-accounts choices are made one round at a time (the transaction-scoped advisory lock,
# held for milliseconds: the count, the choice and the claims), never waiting for a commit.
_COUNTING_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('journeys:csm-counting'))")
_CLAIMED_COUNTS = text(
    "SELECT u.id, (SELECT count(*) FROM accounts a WHERE a.csm_id = u.id) + COALESCE(("
    "SELECT sum(c.delta) FROM csm_claims c WHERE c.user_id = u.id AND c.round_key <> :key), 0) "
    "FROM unnest(CAST(:ids AS integer[])) AS u(id)")


@contextmanager
def _counting():
    """A connection of its own, in a transaction holding the counting lock (committed by
    ``Round._claim``); claims older than ``CLAIM_MINUTES`` (rounds that died) are dropped."""
    with db.engine.connect() as own:
        own.execute(_COUNTING_LOCK)
        own.execute(delete(CsmClaim).where(
            CsmClaim.created_at < func.now() - text(f"interval '{CLAIM_MINUTES} minutes'")))
        yield own
