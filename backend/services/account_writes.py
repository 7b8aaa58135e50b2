"""The one write path for account data: validate rows, then write them in batches.

Used by the single-account API (a batch of one), bulk import (API and CLI).

- ``prepare(raw_rows, mode)`` → ``(items, errors)``: each raw JSON row loaded
  with ``AccountSchema`` and checked against the database (custom attributes
  and their types, staff emails); ``errors`` are ``(index, external_id,
  error)`` with ``error`` in the SPEC error shape.
- ``write(items, mode)`` → ``(created_ids, updated_ids)``: Core INSERT …
  RETURNING / bulk UPDATE / replace of custom values, contacts and
  subscriptions, in the caller's transaction (flushes, never commits). On
  PostgreSQL, batches of ``bulk_sql.COPY_MIN_ROWS`` or more go through ``COPY``
  instead (``bulk_sql``): ids drawn from the sequence for new accounts, one
  ``UPDATE … FROM`` a temp table for existing ones; same results.

Modes: ``put`` — standard fields absent from the row become unset and
``custom`` is replaced as a whole; ``patch`` — only the fields given change,
``custom`` keys given are set (null removes one). In both, ``contacts`` and
``subscriptions`` are replaced as a whole when given and kept when absent.
"""
from __future__ import annotations

from datetime import datetime, timezone

from marshmallow import ValidationError
from sqlalchemy import bindparam, delete, insert, select, text, update

from graph_engine.catalog import SUBSCRIPTION_FIELDS
from graph_engine.rulespec import is_number, parse_iso_date

from ..extensions import db
from ..models.accounts import (
    ACCOUNT_DATE_FIELDS, ACCOUNT_NUMBER_FIELDS, ACCOUNT_TEXT_FIELDS, SUBSCRIPTION_TEXT_FIELDS,
    Account, Contact, Subscription,
)
from ..models.attributes import VALUE_COLUMN, AccountAttributeValue as AAV, AttributeDefinition
from ..models.users import StaffUser
from ..schemas.accounts import AccountSchema, fast_load
from ..segments.compile import fold
from ..db import bulk_sql

CHUNK = 5000
_SCHEMA = AccountSchema()
_PLAIN = ACCOUNT_NUMBER_FIELDS + ACCOUNT_DATE_FIELDS


def error_body(message: str, details=None, code: str = "invalid") -> dict:
    """An error in the SPEC shape's inner object: ``{"code", "message", "details"}``."""
    return {"code": code, "message": message, "details": details}


def _custom_problem(vtype: str, value) -> str | None:
    if value is None:
        return None
    if vtype == "number":
        ok = is_number(value) and value == value and abs(value) != float("inf")
        return None if ok else "must be a number"
    if vtype == "text":
        ok = isinstance(value, str) and "\x00" not in value
        return None if ok else "must be a text"
    if vtype == "date":
        return None if parse_iso_date(value) else "must be an ISO date (YYYY-MM-DD) that exists"
    return None if isinstance(value, bool) else "must be true or false"


def prepare(raw_rows: list, mode: str, *, external_ids: list | None = None):
    """Validate rows; returns (items, errors). ``external_ids`` overrides the rows' own."""
    attr_types = dict(db.session.execute(
        select(AttributeDefinition.key, AttributeDefinition.type)).all())
    loaded = []
    errors = []
    for index, raw in enumerate(raw_rows):
        ext = external_ids[index] if external_ids else (
            raw.get("external_id") if isinstance(raw, dict) else None)
        if not isinstance(raw, dict):
            errors.append((index, None, error_body("Each account must be a JSON object.")))
            continue
        data = fast_load(raw)  # the schema's own answer for plainly valid rows, only quicker
        if data is None:
            try:
                data = _SCHEMA.load(raw)
            except ValidationError as exc:
                errors.append((index, ext, error_body(_fields_message(exc.messages),
                                                      exc.messages)))
                continue
        if external_ids:
            if "external_id" in data and data["external_id"] != ext:
                errors.append((index, ext, error_body(
                    "external_id in the body differs from the URL.",
                    {"external_id": ["Must match the URL."]})))
                continue
            data["external_id"] = ext
        elif "external_id" not in data:
            errors.append((index, None, error_body("Some fields are not valid: external_id",
                                                   {"external_id": ["Missing data."]})))
            continue
        problems = {}
        for key, value in (data.get("custom") or {}).items():
            if key not in attr_types:
                problems.setdefault("custom", {})[key] = ["No such custom attribute."]
            elif (msg := _custom_problem(attr_types[key], value)):
                problems.setdefault("custom", {})[key] = [f"{msg} ({attr_types[key]})."]
        if problems:
            errors.append((index, ext, error_body(_fields_message(problems), problems)))
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


def _fields_message(messages) -> str:
    return "Some fields are not valid: " + ", ".join(sorted(map(str, messages)))


def _resolve_staff(loaded, attr_types):
    emails = {data[f].lower() for _, data in loaded for f in ("csm", "sales_manager")
              if data.get(f)}
    ids = {}
    for start in range(0, len(emails), CHUNK):
        part = sorted(emails)[start:start + CHUNK]
        ids.update(db.session.execute(select(StaffUser.email, StaffUser.id)
                                      .where(StaffUser.email.in_(part))).all())
    items, errors = [], []
    for index, data in loaded:
        problems = {}
        for field in ("csm", "sales_manager"):
            if field in data:
                email = data.pop(field)
                if email is None:
                    data[f"{field}_id"] = None
                elif email.lower() in ids:
                    data[f"{field}_id"] = ids[email.lower()]
                else:
                    problems[field] = [f"No staff user {email!r}."]
        if problems:
            errors.append((index, data["external_id"], error_body(_fields_message(problems),
                                                                  problems)))
        else:
            data["_types"] = attr_types
            items.append((index, data))
    return items, errors


def _columns(data: dict, mode: str) -> dict:
    """Account column values from a prepared row (shadows included)."""
    out = {}
    for field in ACCOUNT_TEXT_FIELDS:
        if field in data or (mode == "put" and field != "external_id"):
            value = data.get(field)
            out[field] = value
            out[f"{field}_ci"] = None if value is None else fold(value)
    for field in _PLAIN + ("csm_id", "sales_manager_id"):
        if field in data or mode == "put":
            out[field] = data.get(field)
    return out


def _custom_row(account_id: int, key: str, vtype: str, value) -> dict:
    row = {"account_id": account_id, "key": key, "num_value": None, "text_value": None,
           "text_ci": None, "date_value": None, "bool_value": None}
    if vtype == "number":
        row["num_value"] = float(value)
    elif vtype == "text":
        row["text_value"], row["text_ci"] = value, fold(value)
    elif vtype == "date":
        row["date_value"] = parse_iso_date(value)
    else:
        row[VALUE_COLUMN["boolean"]] = value
    return row


def _subscription_row(account_id: int, sub: dict) -> dict:
    row = {"account_id": account_id, **{f: sub.get(f) for f in SUBSCRIPTION_FIELDS}}
    for field in SUBSCRIPTION_TEXT_FIELDS:
        value = sub.get(field)
        row[field] = value
        row[f"{field}_ci"] = None if value is None else fold(value)
    return row


def _contact_row(account_id: int, contact: dict) -> dict:
    return {"account_id": account_id, "name": contact.get("name"), "email": contact["email"],
            "role": contact.get("role")}


def write(items: list[dict], mode: str) -> tuple[list[int], list[int]]:
    """Write prepared rows; returns (created ids, updated ids). Flushes, never commits."""
    if len(items) >= bulk_sql.COPY_MIN_ROWS and bulk_sql.is_postgresql():
        return _write_copy(items, mode)
    session = db.session
    now = datetime.now(timezone.utc)
    created, updated = [], []
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        existing = dict(session.execute(select(Account.external_id, Account.id).where(
            Account.external_id.in_([d["external_id"] for d in chunk]))).all())
        fresh = [d for d in chunk if d["external_id"] not in existing]
        if fresh:
            rows = [{**_columns(d, "put"), "external_id": d["external_id"],
                     "external_id_ci": fold(d["external_id"]), "created_at": now,
                     "updated_at": now} for d in fresh]
            got = session.execute(insert(Account).returning(Account.external_id, Account.id),
                                  rows)
            new_ids = dict(got.all())
            created += list(new_ids.values())
            existing.update(new_ids)
        fresh_ext = {d["external_id"] for d in fresh}
        changes = [{**_columns(d, mode), "id": existing[d["external_id"]], "updated_at": now}
                   for d in chunk if d["external_id"] not in fresh_ext]
        if changes:
            session.execute(update(Account), changes)
            updated += [c["id"] for c in changes]
        _write_children(chunk, existing, mode, fresh)
    session.flush()
    return created, updated


def _write_children(chunk, ids, mode, fresh) -> None:
    session = db.session
    fresh_ids = {ids[d["external_id"]] for d in fresh}
    with_custom = [d for d in chunk if "custom" in d]
    replace_all = [ids[d["external_id"]] for d in with_custom
                   if mode == "put" and ids[d["external_id"]] not in fresh_ids]
    if replace_all:
        session.execute(delete(AAV).where(AAV.account_id.in_(replace_all)))
    if mode == "patch":
        pairs = [{"aid": ids[d["external_id"]], "k": k} for d in with_custom
                 for k in d["custom"] if ids[d["external_id"]] not in fresh_ids]
        if pairs:
            table = AAV.__table__  # executemany DELETE is Core-only in SQLAlchemy 2
            session.connection().execute(delete(table).where(table.c.account_id == bindparam("aid"),
                                                             table.c.key == bindparam("k")), pairs)
    values = [_custom_row(ids[d["external_id"]], k, d["_types"][k], v)
              for d in with_custom for k, v in d["custom"].items() if v is not None]
    if values:
        session.execute(insert(AAV), values)
    for field, model, make in (("subscriptions", Subscription, _subscription_row),
                               ("contacts", Contact, _contact_row)):
        given = [d for d in chunk if field in d]
        stale = [ids[d["external_id"]] for d in given if ids[d["external_id"]] not in fresh_ids]
        if stale:
            session.execute(delete(model).where(model.account_id.in_(stale)))
        rows = [make(ids[d["external_id"]], row) for d in given for row in d[field]]
        if rows:
            session.execute(insert(model), rows)


# The COPY path (PostgreSQL): account columns as written there, and which ones each field gives.
_ACCOUNT_COLUMNS = ("name", "name_ci", "mrr", "amount", "licenses", "created_on",
                    "next_billing_on", "stage", "stage_ci", "status", "status_ci", "csm_id",
                    "sales_manager_id")
_FIELD_BITS = {field: sum(1 << _ACCOUNT_COLUMNS.index(c) for c in (field, f"{field}_ci")
                          if c in _ACCOUNT_COLUMNS)
               for field in (*ACCOUNT_TEXT_FIELDS, *_PLAIN, "csm_id", "sales_manager_id")}
_ALL_BITS = (1 << len(_ACCOUNT_COLUMNS)) - 1
_AAV_COLUMNS = ("account_id", "key", "num_value", "text_value", "text_ci", "date_value",
                "bool_value")
_SUBSCRIPTION_COLUMNS = ("account_id", *SUBSCRIPTION_FIELDS,
                         *(f"{f}_ci" for f in SUBSCRIPTION_TEXT_FIELDS))
_CONTACT_COLUMNS = ("account_id", "name", "email", "role")


def _folded(value):
    return None if value is None else fold(value)


def _account_values(data: dict, mode: str) -> tuple[tuple, int]:
    """``_columns`` as a tuple in ``_ACCOUNT_COLUMNS`` order, and the mask of columns given."""
    get = data.get
    name, stage, status = get("name"), get("stage"), get("status")
    values = (name, _folded(name), get("mrr"), get("amount"), get("licenses"), get("created_on"),
              get("next_billing_on"), stage, _folded(stage), status, _folded(status),
              get("csm_id"), get("sales_manager_id"))
    if mode == "put":
        return values, _ALL_BITS
    mask = 0
    for field in data:
        mask |= _FIELD_BITS.get(field, 0)
    return values, mask


def _write_copy(items: list[dict], mode: str) -> tuple[list[int], list[int]]:
    session = db.session
    now = datetime.now(timezone.utc)
    existing = dict(session.execute(select(Account.external_id, Account.id).where(
        bulk_sql.in_values(Account.external_id, [d["external_id"] for d in items]))).all())
    fresh = [d for d in items if d["external_id"] not in existing]
    old = [d for d in items if d["external_id"] in existing]
    ids = dict(existing)
    ids.update(zip((d["external_id"] for d in fresh), bulk_sql.allocate_ids("accounts", len(fresh))))
    bulk_sql.copy_rows("accounts", ("id", "external_id", "external_id_ci", *_ACCOUNT_COLUMNS,
                                    "created_at", "updated_at"), (
        (ids[d["external_id"]], d["external_id"], fold(d["external_id"]),
         *_account_values(d, "put")[0], now, now) for d in fresh))
    if old:
        changes = [(existing[d["external_id"]], *_account_values(d, mode)) for d in old]
        bulk_sql.copy_temp("account_changes", "accounts", ("id", *_ACCOUNT_COLUMNS, "updated_at"), (
            (account_id, *values, now, mask) for account_id, values, mask in changes),
            extra={"given": "integer"})
        every_row = 1 << len(_ACCOUNT_COLUMNS)  # updated_at
        bulk_sql.update_from_temp("accounts", "account_changes", (*_ACCOUNT_COLUMNS, "updated_at"),
                                  [mask | every_row for _, _, mask in changes])
    _write_children_copy(items, ids, mode, {existing[d["external_id"]] for d in old})
    return [ids[d["external_id"]] for d in fresh], [existing[d["external_id"]] for d in old]


def _write_children_copy(items, ids, mode, old_ids) -> None:
    session = db.session
    with_custom = [(ids[d["external_id"]], d) for d in items if "custom" in d]
    if mode == "put":
        stale = [aid for aid, _ in with_custom if aid in old_ids]
        if stale:
            session.execute(delete(AAV).where(bulk_sql.in_values(AAV.account_id, stale)))
    else:
        removed = [(aid, key) for aid, d in with_custom if aid in old_ids
                   for key, value in d["custom"].items() if value is None]
        if removed:
            session.execute(text(
                "DELETE FROM account_attribute_values v USING"
                " unnest(CAST(:aids AS integer[]), CAST(:keys AS text[])) AS p(aid, k)"
                " WHERE v.account_id = p.aid AND v.key = p.k"),
                {"aids": [a for a, _ in removed], "keys": [k for _, k in removed]})

    def values(upserted: bool):
        return ([row[c] for c in _AAV_COLUMNS]
                for aid, d in with_custom if (mode == "patch" and aid in old_ids) == upserted
                for key, value in d["custom"].items() if value is not None
                for row in (_custom_row(aid, key, d["_types"][key], value),))

    # New rows straight in; existing accounts' values (patch) upserted: an update in place
    # skips the delete and the foreign-key checks a re-insert costs.
    bulk_sql.copy_rows("account_attribute_values", _AAV_COLUMNS, values(False))
    if bulk_sql.copy_temp("custom_changes", "account_attribute_values", _AAV_COLUMNS, values(True)):
        bulk_sql.upsert_from_temp("account_attribute_values", "custom_changes", _AAV_COLUMNS,
                                  ("account_id", "key"))
    for field, model, make, columns in (
            ("subscriptions", Subscription, _subscription_row, _SUBSCRIPTION_COLUMNS),
            ("contacts", Contact, _contact_row, _CONTACT_COLUMNS)):
        given = [(ids[d["external_id"]], d) for d in items if field in d]
        stale = [aid for aid, _ in given if aid in old_ids]
        if stale:
            session.execute(delete(model).where(bulk_sql.in_values(model.account_id, stale)))
        rows = [make(aid, row) for aid, d in given for row in d[field]]
        if rows:
            bulk_sql.copy_rows(model.__tablename__, columns,
                               ([row[c] for c in columns] for row in rows))
