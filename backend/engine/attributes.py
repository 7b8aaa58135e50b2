"""Account changes a walker round makes, checked when made and written once at its end.

Set / copy / clear / increase attribute and assign CSM change the account
*in memory* first (the round's snapshot, so later steps see the new values at
once) and are staged here; ``AttributeWriter.write()`` then writes the
round's final values in a few statements: one bulk UPDATE of ``accounts`` per
set of changed columns and one upsert / delete of custom values. The caller
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

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from graph_engine.catalog import ACCOUNT_FIELDS
from graph_engine.rulespec import is_number, parse_iso_date

from ..extensions import db
from ..models.accounts import ACCOUNT_TEXT_FIELDS, Account
from ..models.attributes import VALUE_COLUMN, AccountAttributeValue as AAV, AttributeDefinition
from ..segments.compile import fold
from .errors import ActionError

# The longest text each standard field takes (the account schema's limits).
_TEXT_LIMITS = {"name": 1000, "stage": 200, "status": 200}
_CUSTOM_TEXT_LIMIT = 100_000


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
            stored, why = _problem(vtype, value, _TEXT_LIMITS.get(name, _CUSTOM_TEXT_LIMIT))
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
        groups: dict[tuple, list[dict]] = {}
        for account_id, columns in self._columns.items():
            groups.setdefault(tuple(sorted(columns)), []).append(
                {"id": account_id, **columns, "updated_at": now})
        for account_id in {aid for aid, _ in self._custom} - set(self._columns):
            groups.setdefault((), []).append({"id": account_id, "updated_at": now})
        for rows in groups.values():  # ORM bulk UPDATE by primary key: one executemany
            db.session.execute(update(Account), rows)
        upserts, deletes = [], []
        for (account_id, key), (vtype, value) in sorted(self._custom.items()):
            if value is None:
                deletes.append({"aid": account_id, "k": key})
                continue
            row = {"account_id": account_id, "key": key, "num_value": None, "text_value": None,
                   "text_ci": None, "date_value": None, "bool_value": None}
            row[VALUE_COLUMN[vtype]] = value
            if vtype == "text":
                row["text_ci"] = fold(value)
            upserts.append(row)
        table = AAV.__table__
        if deletes:
            db.session.connection().execute(delete(table).where(
                table.c.account_id == bindparam("aid"), table.c.key == bindparam("k")), deletes)
        if upserts:
            dialect = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
            statement = dialect(table)
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.account_id, table.c.key],
                set_={c: statement.excluded[c] for c in
                      ("num_value", "text_value", "text_ci", "date_value", "bool_value")})
            db.session.connection().execute(statement, upserts)
        self._columns.clear()
        self._custom.clear()


def _wire(value):
    return value.isoformat() if isinstance(value, date) else value
