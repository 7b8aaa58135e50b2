"""Account changes a walker round makes, checked when made and written once at its end.

Set / copy / clear / increase attribute and assign CSM change the account
*in memory* first (the round's snapshot, so later steps see the new values at
once) and are staged here; ``AttributeWriter.write()`` then writes the
round's final values in a few statements (``db.bulk_write``: COPY into a temp table on
PostgreSQL): one UPDATE of ``accounts`` and one upsert / delete of custom values. The caller
holds the accounts' rows for the whole round (``walker._lock_accounts``), so
a value computed from the snapshot (an increment, a copy) is never a lost
update: no one else can change those accounts until the round commits.

``AttributeWriter.stage(account_id, attribute, value)`` → the value as stored
(raises ``ActionError`` when it does not fit the attribute's type);
``stage_column(account_id, column, value)`` for ``csm_id``/``sales_manager_id``;
``write()``; ``changed`` — the ids of accounts with staged changes.
"""
from __future__ import annotations

import math
from datetime import date, datetime

from sqlalchemy import select

from graph_engine.catalog import ACCOUNT_FIELDS
from graph_engine.rulespec import is_number, parse_iso_date

from ..db import bulk_write
from ..extensions import db
from ..models.accounts import ACCOUNT_TEXT_FIELDS, ACCOUNT_TEXT_LIMITS, Account
from ..models.attributes import VALUE_COLUMN, AccountAttributeValue as AAV, AttributeDefinition
from ..segments.compile import fold
from .errors import ActionError

_CUSTOM_TEXT_LIMIT = 100_000
_VALUE_COLUMNS = ("num_value", "text_value", "text_ci", "date_value", "bool_value")


def _problem(vtype: str, value, limit: int):
    """(stored value, None) or (None, why it does not fit ``vtype``)."""
    if vtype == "number":
        if is_number(value) and math.isfinite(value):
            return float(value), None
        return None, "must be a finite number"
    if vtype == "text":
        if isinstance(value, str) and "\x00" not in value and len(value) <= limit:
            return value, None
        return None, f"must be a text of at most {limit} characters"
    if vtype == "date":
        if isinstance(value, date) and not isinstance(value, datetime):
            return value, None
        parsed = parse_iso_date(value)
        return (parsed, None) if parsed else (None, "must be a date (YYYY-MM-DD)")
    if isinstance(value, bool):
        return value, None
    return None, "must be true or false"


class AttributeWriter:
    """The account changes of one round (see module docstring)."""

    def __init__(self):
        self._types: dict[str, str] | None = None
        self._columns: dict[int, dict] = {}
        self._custom: dict[tuple[int, str], tuple[str, object]] = {}

    @property
    def changed(self) -> set[int]:
        return set(self._columns) | {aid for aid, _ in self._custom}

    def custom_type(self, key: str) -> str | None:
        if self._types is None:
            self._types = dict(db.session.execute(
                select(AttributeDefinition.key, AttributeDefinition.type)).all())
        return self._types.get(key)

    def stage(self, account_id: int, attribute: str, value):
        """Stage ``attribute`` = ``value`` (None clears); returns the value as stored."""
        scope, _, name = attribute.partition(".")
        if scope == "account":
            vtype = ACCOUNT_FIELDS.get(name)
            if vtype is None or name == "external_id":
                raise ActionError(f"{attribute} cannot be changed by a journey")
        else:
            vtype = self.custom_type(name)
            if vtype is None:
                raise ActionError(f"custom attribute {name!r} does not exist")
        stored = None
        if vtype == "text" and isinstance(value, date):
            value = value.isoformat()  # a date set into a text attribute is stored as ISO text
        if value is not None:
            stored, why = _problem(vtype, value, ACCOUNT_TEXT_LIMITS.get(name, _CUSTOM_TEXT_LIMIT)
                                   if scope == "account" else _CUSTOM_TEXT_LIMIT)
            if why:
                raise ActionError(f"{attribute} cannot be set to {_wire(value)!r}: it {why}")
        if scope == "account":
            row = self._columns.setdefault(account_id, {})
            row[name] = stored
            if name in ACCOUNT_TEXT_FIELDS:
                row[f"{name}_ci"] = None if stored is None else fold(stored)
        else:
            self._custom[(account_id, name)] = (vtype, stored)
        return stored

    def stage_column(self, account_id: int, column: str, value) -> None:
        """Stage a raw ``accounts`` column (``csm_id``, ``sales_manager_id``)."""
        self._columns.setdefault(account_id, {})[column] = value

    def write(self, now: datetime) -> None:
        """Write every staged change (in the caller's transaction); empties the writer."""
        columns = sorted({c for row in self._columns.values() for c in row} | {"updated_at"})
        changes = []
        for account_id in sorted(set(self._columns) | {aid for aid, _ in self._custom}):
            row = {**self._columns.get(account_id, {}), "updated_at": now}
            mask = sum(1 << bit for bit, column in enumerate(columns) if column in row)
            changes.append((account_id, tuple(row.get(c) for c in columns), mask))
        bulk_write.update_by_id(Account, columns, changes)
        upserts, deletes = [], []
        for (account_id, key), (vtype, value) in sorted(self._custom.items()):
            if value is None:
                deletes.append((account_id, key))
                continue
            row = dict.fromkeys(_VALUE_COLUMNS)
            row[VALUE_COLUMN[vtype]] = value
            if vtype == "text":
                row["text_ci"] = fold(value)
            upserts.append((account_id, key, *(row[c] for c in _VALUE_COLUMNS)))
        bulk_write.delete_pairs(AAV, ("account_id", "key"), deletes)
        bulk_write.upsert_rows(AAV, ("account_id", "key", *_VALUE_COLUMNS), upserts,
                               ("account_id", "key"))
        self._columns.clear()
        self._custom.clear()


def _wire(value):
    return value.isoformat() if isinstance(value, date) else value
