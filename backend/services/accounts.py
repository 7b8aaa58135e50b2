"""Account use cases: upsert, patch, read, list, bulk import, milestone/outcome marks.

Writes take rows already loaded by the caller (``schemas.accounts.load_rows``:
``(index, data)`` rows and the rows that did not load, as per-row errors). Each
write checks the rest, writes in one transaction (account data, then segment
membership and its events), commits, and only then calls
``backend.events.accounts_changed``. A failure rolls back everything.
Responses are plain dicts shaped like ``schemas.accounts.AccountOutSchema``.

Versions: ``etag(account)`` is the account's version, a hash of everything its JSON
shows (data, custom values, contacts, subscriptions, segments, marks, playbooks,
``updated_at``), so a change by anyone — a person, an import, a journey's step, a
mark — gives a new one. ``save_account(..., if_match=...)`` compares it with the
account's current version while holding the account's row (``account_writes.
lock_account``): a mismatch is ``PreconditionFailed`` (412) and nothing is written.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone

from sqlalchemy import delete, func, or_, select

from ..errors import Invalid, NotFound, PreconditionFailed
from ..events import accounts_changed
from ..extensions import db
from ..models.accounts import ACCOUNT_NUMBER_FIELDS, Account
from ..models.achievements import AccountMilestone, AccountOutcome, Milestone, Outcome
from ..models.segments import Segment, SegmentMembership
from ..models.users import StaffUser
from ..segments.compile import fold
from ..segments.membership import reevaluate_accounts, utc_today
from ..engine.snapshots import build_snapshots
from . import account_writes, audit
from .unit_of_work import transaction

MAX_BULK = 10_000


def account_id_for(external_id: str) -> int:
    """The id of the account with ``external_id``. Raises NotFound."""
    account_id = db.session.scalar(select(Account.id).where(Account.external_id == external_id))
    if account_id is None:
        raise NotFound(f"No account {external_id!r}.")
    return account_id


def accounts_json(account_ids: list[int]) -> list[dict]:
    """Account dicts (for AccountOutSchema) in the order of ``account_ids``."""
    snaps = build_snapshots(account_ids)
    stamps = dict(db.session.execute(select(Account.id, Account.updated_at)
                                     .where(Account.id.in_(account_ids))).all())
    out = []
    for account_id in account_ids:
        snap = snaps.get(account_id)
        if snap is None:
            continue
        out.append({**snap["account"], **snap["user"], "custom": snap["custom"],
                    "subscriptions": snap["subscriptions"], "contacts": snap["contacts"],
                    "segments": sorted(snap["segments"]), "milestones": sorted(snap["milestones"]),
                    "outcomes": sorted(snap["outcomes"]), "playbooks": snap["playbooks"],
                    "updated_at": stamps[account_id]})
    return out


def get_account(external_id: str) -> dict:
    """One account's JSON. Raises NotFound."""
    return accounts_json([account_id_for(external_id)])[0]


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} in an account's JSON")


def etag(account: dict) -> str:
    """The version of an account's JSON (``accounts_json``): a hash of all it shows."""
    text = json.dumps(account, sort_keys=True, default=_canonical, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _check_if_match(if_match, before: dict | None) -> None:
    """Raise PreconditionFailed unless ``if_match`` (None: no condition; else the tags the
    caller accepts, ``"*"`` for any) names the current version ``before``."""
    if if_match is None:
        return
    current = etag(before) if before is not None else None
    if current is not None and ("*" in if_match or current in if_match):
        return
    message = ("The account changed since you read it: read it again (its ETag is its version), "
               "then retry with the new one." if current else "There is no such account to match.")
    error = PreconditionFailed(message, details={"etag": current})
    if current:
        error.headers = {"ETag": f'"{current}"'}
    raise error


def save_account(external_id: str, rows: list, errors: list, *, partial: bool,
                 if_match=None) -> tuple[dict, bool]:
    """PUT (``partial=False``, upsert) or PATCH (``partial=True``, must exist) one account.

    ``rows``/``errors``: the body as ``load_rows([body], external_ids=[external_id])``
    loaded it. ``if_match``: None, or the versions (``etag``) the caller accepts (``"*"``:
    any existing account). Returns (account JSON, created?) — the values as written,
    increments included. Raises NotFound, then Invalid (422, field details) for the
    body's first problem, then PreconditionFailed (412) when the account's version is not
    one of ``if_match``.
    """
    if partial:
        account_id_for(external_id)
    mode = "patch" if partial else "put"
    with transaction():
        if not errors:
            items, errors = account_writes.prepare(rows, mode)
        if errors:
            error = errors[0][2]
            raise Invalid(error["message"], details=error["details"])
        existing = account_writes.lock_account(external_id)  # held to the commit
        before = accounts_json([existing])[0] if existing is not None else None
        _check_if_match(if_match, before)
        created, updated = _write(items, mode)
        account = accounts_json(created + updated)[0]
        changes = audit.diff(before, account)
        increments = _increments(items[0])
        if increments:
            changes["increase"] = increments
        audit.record("account.create" if created else "account.update", "account", external_id,
                     # said in words: a PUT replaces the account's fields, a PATCH changes some
                     f"{'Created' if created else 'Changed' if partial else 'Replaced the fields of'} account "
                     f"{account['name']} ({external_id})", changes)
    accounts_changed(created + updated, "patch" if partial else "upsert")
    return account, bool(created)


def _increments(data: dict) -> dict:
    """``{"licenses": 2.0, "custom.n": 1.0}``: the increments a loaded row asks for."""
    found = {field: data[field]["increase"] for field in ACCOUNT_NUMBER_FIELDS
             if account_writes.is_increase(data.get(field))}
    found.update({f"custom.{key}": value["increase"] for key, value in
                  (data.get("custom") or {}).items() if account_writes.is_increase(value)})
    return found


def import_accounts(rows: list, errors: list = ()) -> dict:
    """Bulk upsert (patch semantics for existing accounts) of loaded rows; valid rows are kept.

    ``rows``/``errors`` as ``load_rows`` gives them. Returns ``{"created", "updated",
    "errors": [{"index", "external_id", "error"}]}``, the errors by index. Raises Invalid
    when more than MAX_BULK rows are given.
    """
    if len(rows) + len(errors) > MAX_BULK:
        raise Invalid(f"At most {MAX_BULK} accounts per request.")
    with transaction():
        items, more = account_writes.prepare(rows, "patch")
        created, updated = _write(items, "patch")
        refused = len(errors) + len(more)
        audit.record("account.import", "account", None,  # one entry for the lot, never one per row
                     f"Imported {len(created) + len(updated)} account(s): {len(created)} created, "
                     f"{len(updated)} updated, {refused} refused",
                     {"rows": len(rows) + len(errors), "created": len(created), "updated": len(updated),
                      "errors": refused})
    errors = sorted([*errors, *more], key=lambda error: error[0])
    accounts_changed(created + updated, "bulk")
    return {"created": len(created), "updated": len(updated),
            "errors": [{"index": i, "external_id": ext, "error": err} for i, ext, err in errors]}


def _write(items: list[dict], mode: str) -> tuple[list[int], list[int]]:
    created, updated = account_writes.write(items, mode)
    # write() inserted or updated every one of them: their rows are ours already
    reevaluate_accounts(created + updated, utc_today(), locked=True, new=created)
    return created, updated


def list_accounts(q: str | None = None, segment: str | None = None, limit: int = 50,
                  offset: int = 0, csm: str | None = None) -> dict:
    """``{"items", "total"}``: accounts by external id, filtered by text, segment and CSM.

    ``q`` matches name or external id (case-insensitive substring); ``csm`` is the CSM's
    email (case-insensitive), or ``none`` for accounts with no CSM. Raises NotFound for an
    unknown segment key, Invalid for a ``csm`` that is no staff user.
    """
    query = select(Account.id)
    if csm is not None:
        email = csm.strip().lower()
        if email == "none":
            query = query.where(Account.csm_id.is_(None))
        else:
            user_id = db.session.scalar(select(StaffUser.id).where(StaffUser.email == email))
            if user_id is None:
                raise Invalid(f"No staff user {csm!r}: csm takes a staff user's email, 'me' or 'none'.",
                              details={"csm": [f"No staff user {csm!r}."]})
            query = query.where(Account.csm_id == user_id)
    if q:
        needle = f"%{_escape_like(fold(q))}%"
        query = query.where(or_(Account.name_ci.like(needle, escape="\\"),
                                Account.external_id_ci.like(needle, escape="\\")))
    if segment:
        segment_id = db.session.scalar(select(Segment.id).where(Segment.key == segment))
        if segment_id is None:
            raise NotFound(f"No segment {segment!r}.")
        query = query.join(SegmentMembership, (SegmentMembership.account_id == Account.id)
                           & (SegmentMembership.segment_id == segment_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    ids = list(db.session.scalars(query.order_by(Account.external_id).limit(limit).offset(offset)))
    return {"items": accounts_json(ids), "total": total}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_MARKS = {"milestone": (Milestone, AccountMilestone, "milestone_id"),
          "outcome": (Outcome, AccountOutcome, "outcome_id")}


def set_mark(external_id: str, kind: str, key: str, met: bool) -> dict:
    """Mark (``met=True``) or unmark milestone/outcome ``key`` for an account.

    Idempotent; returns ``{"key", "met", "met_at"}``. Raises NotFound for an
    unknown account or key.
    """
    model, link, fk = _MARKS[kind]
    with transaction():
        account_id = account_id_for(external_id)
        target_id = db.session.scalar(select(model.id).where(model.key == key))
        if target_id is None:
            raise NotFound(f"No {kind} {key!r}.")
        where = (link.account_id == account_id, getattr(link, fk) == target_id)
        row = db.session.scalar(select(link).where(*where))
        changed = (row is None) == met
        if met and row is None:
            row = link(account_id=account_id, met_at=datetime.now(timezone.utc))
            setattr(row, fk, target_id)
            db.session.add(row)
        elif not met and row is not None:
            db.session.execute(delete(link).where(*where))
        if changed:
            db.session.flush()
            reevaluate_accounts([account_id], utc_today())
            audit.record(f"account.{kind}_{'mark' if met else 'unmark'}", "account", external_id,
                         f"{'Marked' if met else 'Unmarked'} {kind} {key!r} for account {external_id}",
                         {f"{kind}s": {"from": None if met else key, "to": key if met else None}})
    if changed:
        accounts_changed([account_id], kind)
    return {"key": key, "met": met, "met_at": row.met_at if met else None}
