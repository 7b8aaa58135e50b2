"""Account snapshots in ``graph_engine``'s shape (see ``graph_engine/rules.py``).

``build_snapshots(account_ids)`` is on the engine's hot path: it runs a fixed
number of batched queries per 5,000 accounts (accounts with their staff
emails, custom values, subscriptions, contacts, segment keys, milestone and
outcome keys, playbook enrollments), never one query per account. Each query is built and
compiled once for the process (``bulk_sql.fetch_many_with_ids``); on PostgreSQL the eight go
together in one round trip and run on the driver's cursor: SQLAlchemy's result rows for the
round's tens of thousands of rows cost more than the queries (a third of the snapshots' time).

Snapshot::

    {"account": {"external_id", "name", "stage", "status", "mrr", "amount",
                 "licenses", "created_on", "next_billing_on"},   # None = unset
     "custom": {key: float | str | date | bool},                 # only set keys
     "subscriptions": [{<SUBSCRIPTION_FIELDS>}], "contacts": [{"name", "email", "role"}],
     "segments": frozenset, "milestones": frozenset, "outcomes": frozenset,
     "playbooks": {key: {"status": "active" | "completed", "due_on": date | None}},
     "user": {"csm": email | None, "sales_manager": email | None},
     "events": {name: ((at, properties), ...)}, "now": datetime}   # SPEC §7, event_snapshots
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import aliased

from graph_engine.catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS

from .. import clock
from ..errors import NotFound
from ..extensions import db
from ..models.accounts import Account, Contact, Subscription
from ..models.achievements import AccountMilestone, AccountOutcome, Milestone, Outcome
from ..models.attributes import AccountAttributeValue as AAV
from ..models.playbooks import Playbook, PlaybookEnrollment
from ..models.segments import Segment, SegmentMembership
from ..models.users import StaffUser
from ..db.bulk_sql import any_ids, fetch_many_with_ids
from .event_snapshots import load_events, workspace_event_windows

CHUNK = 5000
ACCOUNT_SNAPSHOT_FIELDS = tuple(ACCOUNT_FIELDS)
_SUB_FIELDS = tuple(SUBSCRIPTION_FIELDS)


def chunks(ids: list[int], size: int = CHUNK):
    """Yield consecutive slices of ``ids`` of at most ``size``."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def build_snapshots(account_ids: Iterable[int], event_windows: dict | None = None,
                    now=None) -> dict[int, dict]:
    """Return ``{account_id: snapshot}`` for the accounts that exist (others are absent).

    Each snapshot also holds ``events`` (and ``now``): the events ``event_windows``
    names (default: what the workspace's live rules read), one query per chunk.
    """
    ids = sorted(set(account_ids))
    out: dict[int, dict] = {}
    windows = workspace_event_windows() if event_windows is None else event_windows
    now = now or clock.now()
    for chunk in chunks(ids):
        snaps = _build_chunk(chunk)
        load_events(snaps, chunk, windows, now)
        out.update(snaps)
    return out


def snapshot_for(external_id: str, event_windows: dict | None = None) -> dict:
    """The snapshot of one account by external id, with the events ``event_windows`` names
    (default: what the live rules read; simulate passes the simulated graph's). Raises NotFound."""
    account_id = db.session.scalar(select(Account.id).where(Account.external_id == external_id))
    if account_id is None:
        raise NotFound(f"No account {external_id!r}.")
    return build_snapshots([account_id], event_windows)[account_id]


# The snapshot's queries, each built and compiled once per database kind (bulk_sql.fetch_many_with_ids).

def _accounts_query():
    csm, manager = aliased(StaffUser), aliased(StaffUser)
    return (select(Account.id, *[getattr(Account, f) for f in ACCOUNT_SNAPSHOT_FIELDS],
                   csm.email, manager.email)
            .outerjoin(csm, csm.id == Account.csm_id)
            .outerjoin(manager, manager.id == Account.sales_manager_id)
            .where(any_ids(Account.id)))


def _custom_query():
    return select(AAV.account_id, AAV.key, AAV.num_value, AAV.text_value, AAV.date_value,
                  AAV.bool_value).where(any_ids(AAV.account_id))


def _subscriptions_query():
    return (select(Subscription.account_id, *[getattr(Subscription, f) for f in _SUB_FIELDS])
            .where(any_ids(Subscription.account_id)).order_by(Subscription.id))


def _contacts_query():
    return (select(Contact.account_id, Contact.name, Contact.email, Contact.role)
            .where(any_ids(Contact.account_id)).order_by(Contact.id))


def _keys_query(link, target, fk):
    return lambda: select(link.account_id, target.key).join(target, target.id == fk) \
        .where(any_ids(link.account_id))


_KEY_QUERIES = (("segments", _keys_query(SegmentMembership, Segment, SegmentMembership.segment_id)),
                ("milestones", _keys_query(AccountMilestone, Milestone, AccountMilestone.milestone_id)),
                ("outcomes", _keys_query(AccountOutcome, Outcome, AccountOutcome.outcome_id)))


def _playbooks_query():
    return (select(PlaybookEnrollment.account_id, Playbook.key, PlaybookEnrollment.status,
                   PlaybookEnrollment.due_on)
            .join(Playbook, Playbook.id == PlaybookEnrollment.playbook_id)
            .where(any_ids(PlaybookEnrollment.account_id)))


_QUERIES = (_accounts_query, _custom_query, _subscriptions_query, _contacts_query,
            *(query for _, query in _KEY_QUERIES), _playbooks_query)


def _build_chunk(ids: list[int]) -> dict[int, dict]:
    snaps: dict[int, dict] = {}
    # one round trip on PostgreSQL; each result is read when its turn comes (memory)
    results = fetch_many_with_ids(_QUERIES, ids)
    for row in next(results):
        account = dict(zip(ACCOUNT_SNAPSHOT_FIELDS, row[1:-2]))
        snaps[row[0]] = {"account": account, "custom": {}, "subscriptions": [], "contacts": [],
                         "user": {"csm": row[-2], "sales_manager": row[-1]}}
    if not snaps:
        results.close()
        return snaps
    for account_id, key, num, text, day, flag in next(results):
        value = next((v for v in (num, text, day, flag) if v is not None), None)
        if value is not None:
            snaps[account_id]["custom"][key] = value
    for row in next(results):
        snaps[row[0]]["subscriptions"].append(dict(zip(_SUB_FIELDS, row[1:])))
    for account_id, name, email, role in next(results):
        snaps[account_id]["contacts"].append({"name": name, "email": email, "role": role})
    for member, _ in _KEY_QUERIES:
        keys = defaultdict(set)
        for account_id, key in next(results):
            keys[account_id].add(key)
        for account_id, snap in snaps.items():
            snap[member] = frozenset(keys.get(account_id, ()))
    playbooks = defaultdict(dict)
    for account_id, key, status, due_on in next(results):
        playbooks[account_id][key] = {"status": status, "due_on": due_on}
    for account_id, snap in snaps.items():
        snap["playbooks"] = playbooks.get(account_id, {})
    results.close()
    return snaps
