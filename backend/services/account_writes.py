"""The one write path for account data: check loaded rows, then write them in batches.

Used by the single-account API (a batch of one), bulk import (API and CLI). The
rows arrive loaded (``schemas.accounts.load_rows`` in the API and the CLI):

- ``prepare(rows, mode)`` → ``(items, errors)``: ``rows`` are ``(index, data)``
  checked against the database (a name for every account made or replaced,
  custom attributes and their types, staff emails, an external id twice in one
  request); ``errors`` are ``(index,
  external_id, error)`` with ``error`` in the SPEC error shape.
- ``write(items, mode)`` → ``(created_ids, updated_ids)``: new accounts inserted,
  existing ones updated by id, custom values, contacts and subscriptions
  replaced, in the caller's transaction (never commits). One path per table:
  ``backend.db.bulk_write`` decides how each table's rows go in (COPY on
  PostgreSQL for big batches, plain SQL otherwise); the results are the same.

Modes: ``put`` — standard fields absent from the row become unset and
``custom`` is replaced as a whole; ``patch`` — only the fields given change,
``custom`` keys given are set (null removes one). In both, ``contacts`` and
``subscriptions`` are replaced as a whole when given and kept when absent. Nothing refers
to a contact's or subscription's row, so a replacement loses nothing: unsubscribes are
kept by address (``models.suppressions``), whichever contact row names it. Two contacts
with one address (case aside) are refused, naming the later row: they would get every
journey email twice.

Increments (``patch`` only): a number field given as ``{"increase": by}`` — a
standard one (``licenses``) or a custom number attribute — is written as
``value = COALESCE(value, 0) + by`` in the UPDATE / upsert itself
(``bulk_write``'s ``add``), never read, added and written back, so concurrent
increments all count on SQLite and PostgreSQL; a new account gets ``by``.
``prepare`` refuses one on a non-number attribute, a ``by`` that is not a finite
number within ±``MAX_NUMBER``, and any in ``put`` mode, naming the field.

``lock_account(external_id)`` → the account's id (or None), its row held until the
caller's transaction ends, so what the caller reads next (the value before, the
version an ``If-Match`` names) stays true until it commits.
"""
from __future__ import annotations

import math
from datetime import datetime, timezone

from sqlalchemy import select, update

from graph_engine.bounds import MAX_NUMBER
from graph_engine.catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS
from graph_engine.rulespec import is_number, parse_iso_date

from ..db import bulk_write
from ..db.bulk_sql import in_values, is_postgresql
from ..errors import error_body, fields_message
from ..extensions import db
from ..models.accounts import ACCOUNT_NUMBER_FIELDS, Account, Contact, Subscription
from ..models.attributes import VALUE_COLUMN, AccountAttributeValue as AAV, AttributeDefinition
from ..models.users import NOT_ACCOUNT_STAFF, StaffUser
from ..segments.compile import fold

CHUNK = 5000
_STAFF = ("csm", "sales_manager")


def is_increase(value) -> bool:
    """True for a loaded ``{"increase": by}`` (an increment, not a value)."""
    return isinstance(value, dict) and "increase" in value


def _increase_problem(vtype: str, value: dict) -> str | None:
    if vtype != "number":
        return "cannot be increased: only number attributes can"
    by = value.get("increase") if set(value) == {"increase"} else None
    try:
        ok = is_number(by) and math.isfinite(by) and abs(by) <= MAX_NUMBER
    except OverflowError:  # an int too large to become a float
        ok = False
    return None if ok else f'must be {{"increase": <a finite number within ±{MAX_NUMBER:.0e}>}}'


def _custom_problem(vtype: str, value) -> str | None:
    if value is None:
        return None
    if is_increase(value):
        return _increase_problem(vtype, value)
    if vtype == "number":
        ok = is_number(value) and value == value and abs(value) != float("inf")
        return None if ok else "must be a number"
    if vtype == "text":
        ok = isinstance(value, str) and "\x00" not in value
        return None if ok else "must be a text"
    if vtype == "date":
        return None if parse_iso_date(value) else "must be an ISO date (YYYY-MM-DD) that exists"
    return None if isinstance(value, bool) else "must be true or false"


def prepare(rows: list[tuple[int, dict]], mode: str):
    """Check loaded ``(index, data)`` rows against the database; returns (items, errors).

    ``items`` are the rows' data ready for :func:`write` (staff emails resolved to
    ids); ``errors`` the rows refused, sorted by index. ``mode`` is put or patch.
    """
    attr_types = dict(db.session.execute(
        select(AttributeDefinition.key, AttributeDefinition.type)).all())
    loaded, errors = [], []
    nameless = _nameless(rows, mode)
    for index, data in rows:
        problems = {}
        if index in nameless:
            problems["name"] = [NAME_REQUIRED]
        custom = data.get("custom") or {}
        for key, value in custom.items():
            if key not in attr_types:
                problems.setdefault("custom", {})[key] = ["No such custom attribute."]
            elif (msg := _custom_problem(attr_types[key], value)):
                problems.setdefault("custom", {})[key] = [f"{msg} ({attr_types[key]})."]
            elif is_increase(value):
                custom[key] = {"increase": float(value["increase"])}
        if (twice := _repeated_contacts(data.get("contacts"))):
            problems["contacts"] = twice
        if mode == "put":  # PUT replaces the account: there is no value to add to
            for field in [f for f in ACCOUNT_NUMBER_FIELDS if is_increase(data.get(f))] + [
                    f"custom.{key}" for key, value in custom.items() if is_increase(value)]:
                scope, _, key = field.rpartition(".")
                (problems.setdefault(scope, {}) if scope else problems)[key] = [
                    "An increase is for PATCH (and bulk import); PUT replaces the account."]
        if problems:
            errors.append((index, data["external_id"], error_body(_fields_message(problems),
                                                                  problems)))
            continue
        loaded.append((index, data))
    items, more = _resolve_staff(loaded, attr_types)
    errors.extend(more)
    seen: dict[str, int] = {}
    unique = []
    for index, data in items:
        ext = data["external_id"]
        if ext in seen:
            errors.append((index, ext, error_body(
                f"external_id {ext!r} appears earlier in this request (index {seen[ext]}).",
                code="conflict")))
            continue
        seen[ext] = index
        unique.append(data)
    errors.sort(key=lambda e: e[0])
    return unique, errors


def _repeated_contacts(contacts) -> dict:
    """``{index: {"email": [message]}}`` for each contact whose address (case and spaces aside)
    an earlier contact of the list has: that person would get every journey email twice."""
    first: dict[str, int] = {}
    twice = {}
    for index, contact in enumerate(contacts or ()):
        address = (contact.get("email") or "").strip().lower()
        if address in first:
            twice[index] = {"email": [f"another contact above (contacts[{first[address]}]) has this "
                                      "address: one row per person, or they get every email twice."]}
        else:
            first[address] = index
    return twice


NAME_REQUIRED = "Required: an account needs a name."


def _nameless(rows, mode: str) -> set[int]:
    """The indexes of rows that would leave an account without a name: in ``put`` mode (which
    replaces the account) every row without ``name``; in ``patch`` mode those of them that
    would create one. (The schema refuses a blank or null name outright.)"""
    missing = [(index, data["external_id"]) for index, data in rows if "name" not in data]
    if mode == "put" or not missing:
        return {index for index, _ in missing}
    existing = _existing_ids(sorted({ext for _, ext in missing}))
    return {index for index, ext in missing if ext not in existing}


def _fields_message(problems: dict) -> str:
    """``fields_message`` naming custom attributes as ``custom.<key>``."""
    return fields_message([key for key in problems if key != "custom"]
                          + [f"custom.{key}" for key in problems.get("custom") or {}])


def lock_account(external_id: str) -> int | None:
    """The id of the account ``external_id`` (None if there is none), its row locked until the
    caller's transaction ends: PostgreSQL ``FOR NO KEY UPDATE`` (child rows can still be
    inserted); SQLite takes the database's write lock first (a write that changes nothing)."""
    query = select(Account.id).where(Account.external_id == external_id)
    if is_postgresql():
        query = query.with_for_update(key_share=True)
    else:
        db.session.execute(update(Account).where(Account.id == -1).values(id=Account.id))
    return db.session.scalar(query)


def _resolve_staff(loaded, attr_types):
    emails = {data[f].lower() for _, data in loaded for f in _STAFF if data.get(f)}
    ids = {}
    for start in range(0, len(emails), CHUNK):
        part = sorted(emails)[start:start + CHUNK]
        ids.update((email, None if role in NOT_ACCOUNT_STAFF else user_id) for email, user_id, role in
                   db.session.execute(select(StaffUser.email, StaffUser.id, StaffUser.role)
                                      .where(StaffUser.email.in_(part))))
    items, errors = [], []
    for index, data in loaded:
        problems = {}
        for field in _STAFF:
            if field in data:
                email = data.pop(field)
                if email is None:
                    data[f"{field}_id"] = None
                elif ids.get(email.lower()):
                    data[f"{field}_id"] = ids[email.lower()]
                elif email.lower() in ids:  # a support user: read-only, never an account's staff
                    problems[field] = [f"{email!r} is a support user and cannot be an account's "
                                       f"{field.replace('_', ' ').replace('csm', 'CSM')}."]
                else:
                    problems[field] = [f"No staff user {email!r}."]
        if problems:
            errors.append((index, data["external_id"], error_body(fields_message(problems),
                                                                  problems)))
        else:
            data["_types"] = attr_types
            items.append((index, data))
    return items, errors


# Account columns a row writes, the ``*_ci`` shadow after each text field, and the
# columns (as a bit mask over _ACCOUNT_COLUMNS) each field of a loaded row gives.
_FIELDS = tuple(f for f in ACCOUNT_FIELDS if f != "external_id") + tuple(f"{s}_id" for s in _STAFF)
_TEXT = frozenset(f for f, kind in ACCOUNT_FIELDS.items() if kind == "text")
_ACCOUNT_COLUMNS = tuple(c for f in _FIELDS for c in ((f, f"{f}_ci") if f in _TEXT else (f,)))
_FIELD_BITS = {f: sum(1 << _ACCOUNT_COLUMNS.index(c) for c in (f, f"{f}_ci")
                      if c in _ACCOUNT_COLUMNS) for f in _FIELDS}
_ALL_BITS = (1 << len(_ACCOUNT_COLUMNS)) - 1
_AAV_COLUMNS = ("account_id", "key", "num_value", "text_value", "text_ci", "date_value",
                "bool_value")
_SUBSCRIPTION_TEXT = tuple(f for f, kind in SUBSCRIPTION_FIELDS.items() if kind == "text")
_SUBSCRIPTION_COLUMNS = ("account_id", *SUBSCRIPTION_FIELDS, *(f"{f}_ci" for f in _SUBSCRIPTION_TEXT))
_CONTACT_COLUMNS = ("account_id", "name", "email", "role")


def _folded(value):
    return None if value is None else fold(value)


def _account_values(data: dict, mode: str) -> tuple[tuple, int]:
    """A row's values in ``_ACCOUNT_COLUMNS`` order, and the mask of the columns it gives.

    ``put`` gives every column (an absent field is unset); ``patch`` only its fields'.
    """
    values = []
    for field in _FIELDS:
        value = data.get(field)
        if is_increase(value):  # a new row: unset counts as 0; patch: added by _increments
            value = value["increase"] if mode == "put" else None
        values.append(value)
        if field in _TEXT:
            values.append(_folded(value))
    if mode == "put":
        return tuple(values), _ALL_BITS
    mask = 0
    for field, value in data.items():
        if not is_increase(value):
            mask |= _FIELD_BITS.get(field, 0)
    return tuple(values), mask


def _increments(data: dict) -> tuple[tuple, int]:
    """A patch row's increments in ``ACCOUNT_NUMBER_FIELDS`` order, and the mask of those given."""
    values, mask = [], 0
    for bit, field in enumerate(ACCOUNT_NUMBER_FIELDS):
        value = data.get(field)
        values.append(value["increase"] if is_increase(value) else None)
        mask |= (1 << bit) if is_increase(value) else 0
    return tuple(values), mask


def _custom_row(account_id: int, key: str, vtype: str, value) -> tuple:
    row = dict.fromkeys(_AAV_COLUMNS)
    row["account_id"], row["key"] = account_id, key
    if is_increase(value):  # a new value (unset counts as 0), or the amount upsert_rows adds
        value = value["increase"]
    if vtype == "number":
        row["num_value"] = float(value)
    elif vtype == "text":
        row["text_value"], row["text_ci"] = value, fold(value)
    elif vtype == "date":
        row["date_value"] = parse_iso_date(value)
    else:
        row[VALUE_COLUMN["boolean"]] = value
    return tuple(row.values())


def _subscription_row(account_id: int, sub: dict) -> tuple:
    return (account_id, *(sub.get(f) for f in SUBSCRIPTION_FIELDS),
            *(_folded(sub.get(f)) for f in _SUBSCRIPTION_TEXT))


def _contact_row(account_id: int, contact: dict) -> tuple:
    return account_id, contact.get("name"), contact["email"], contact.get("role")


def _existing_ids(external_ids: list[str]) -> dict[str, int]:
    found = {}
    for start in range(0, len(external_ids), CHUNK):
        found.update(db.session.execute(select(Account.external_id, Account.id).where(
            in_values(Account.external_id, external_ids[start:start + CHUNK]))).all())
    return found


def write(items: list[dict], mode: str) -> tuple[list[int], list[int]]:
    """Write prepared rows; returns (created ids, updated ids). Never commits."""
    now = datetime.now(timezone.utc)
    existing = _existing_ids([d["external_id"] for d in items])
    fresh = [d for d in items if d["external_id"] not in existing]
    old = [d for d in items if d["external_id"] in existing]
    new_ids = bulk_write.insert_with_ids(
        Account, ("external_id", "external_id_ci", *_ACCOUNT_COLUMNS, "created_at", "updated_at"),
        [(d["external_id"], fold(d["external_id"]), *_account_values(d, "put")[0], now, now)
         for d in fresh])
    ids = {**existing, **dict(zip((d["external_id"] for d in fresh), new_ids))}
    every_row = 1 << len(_ACCOUNT_COLUMNS)  # updated_at
    changes, increments = [], []
    for d in old:
        values, mask = _account_values(d, mode)
        changes.append((existing[d["external_id"]], (*values, now), mask | every_row))
        values, mask = _increments(d)
        if mask:
            increments.append((existing[d["external_id"]], values, mask))
    bulk_write.update_by_id(Account, (*_ACCOUNT_COLUMNS, "updated_at"), changes)
    bulk_write.update_by_id(Account, ACCOUNT_NUMBER_FIELDS, increments, add=ACCOUNT_NUMBER_FIELDS)
    _write_children(items, ids, mode, {existing[d["external_id"]] for d in old})
    return new_ids, [row_id for row_id, _, _ in changes]


def _write_children(items, ids, mode, old_ids) -> None:
    """Custom values, subscriptions and contacts of the rows that give them."""
    with_custom = [(ids[d["external_id"]], d) for d in items if "custom" in d]
    if mode == "put":  # replaced as a whole
        bulk_write.delete_in(AAV.account_id, [aid for aid, _ in with_custom if aid in old_ids])
    else:  # a key given as null is removed
        bulk_write.delete_pairs(AAV, ("account_id", "key"), [
            (aid, key) for aid, d in with_custom if aid in old_ids
            for key, value in d["custom"].items() if value is None])

    def values(upserted: bool, added: bool = False) -> list[tuple]:
        return [_custom_row(aid, key, d["_types"][key], value)
                for aid, d in with_custom if (mode == "patch" and aid in old_ids) == upserted
                for key, value in d["custom"].items()
                if value is not None and (not upserted or is_increase(value) == added)]

    # New rows straight in; existing accounts' values (patch) upserted: an update in place
    # skips the delete and the foreign-key checks a re-insert costs. Increments are added by
    # the upsert itself (num_value = COALESCE(num_value, 0) + by).
    bulk_write.insert_rows(AAV, _AAV_COLUMNS, values(False))
    bulk_write.upsert_rows(AAV, _AAV_COLUMNS, values(True), ("account_id", "key"))
    bulk_write.upsert_rows(AAV, _AAV_COLUMNS, values(True, added=True), ("account_id", "key"),
                           add=("num_value",))
    for field, model, make, columns in (
            ("subscriptions", Subscription, _subscription_row, _SUBSCRIPTION_COLUMNS),
            ("contacts", Contact, _contact_row, _CONTACT_COLUMNS)):
        given = [(ids[d["external_id"]], d) for d in items if field in d]
        bulk_write.delete_in(model.account_id, [aid for aid, _ in given if aid in old_ids])
        bulk_write.insert_rows(model, columns, [make(aid, row) for aid, d in given for row in d[field]])
