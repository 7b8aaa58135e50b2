"""Bulk writes by table, each choosing COPY or plain SQL in this one place.

Callers say *what* to write (rows as tuples in ``columns`` order); each function
takes PostgreSQL's ``COPY`` path (``bulk_sql``) for ``COPY_MIN_ROWS`` rows or more
and SQLAlchemy Core statements otherwise (SQLite always). Both give the same rows,
in the caller's transaction (nothing commits), and both raise SQLAlchemy's errors
(``IntegrityError`` for a unique violation).

- ``use_copy(count)`` → whether ``count`` rows go through COPY.
- ``insert_rows(model, columns, rows)`` → INSERT rows.
- ``insert_with_ids(model, columns, rows)`` → INSERT rows; returns their new ids in row order.
- ``update_by_id(model, columns, changes, add=())`` → UPDATE rows by id, each setting only
  the columns its bit mask gives.
- ``update_each(model, column, values, **same)`` → UPDATE rows by id, each to its own value of
  ``column`` (``values``: id → value) and all to the same ``same`` values; one statement.
- ``upsert_rows(model, columns, rows, key, add=())`` → INSERT rows, updating the existing row
  with the same ``key`` columns instead.
- ``delete_in(column, values)`` → DELETE the rows whose ``column`` is one of ``values``.
- ``delete_pairs(model, (a, b), pairs)`` → DELETE the rows whose ``(a, b)`` is one of ``pairs``.

``add`` names columns whose given value is an increment: written as ``column =
COALESCE(column, 0) + value`` in the statement itself (never read, added and written
back), so concurrent increments of one row all count, on either path and database.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from sqlalchemy import ARRAY, bindparam, delete, func, insert, text, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from . import bulk_sql

COPY_MIN_ROWS = 50  # below this, an executemany INSERT is as quick as setting up a COPY
_IN_CHUNK = 5000  # ids per IN (...) list off PostgreSQL (SQLite caps bound parameters)


def use_copy(count: int) -> bool:
    """True when ``count`` rows are written by COPY: PostgreSQL and ``COPY_MIN_ROWS`` or more."""
    return count >= COPY_MIN_ROWS and bulk_sql.is_postgresql()


def _dicts(columns: Sequence[str], rows) -> list[dict]:
    return [dict(zip(columns, row)) for row in rows]


def insert_rows(model, columns: Sequence[str], rows: list[Sequence]) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``model``'s table."""
    if not rows:
        return
    if use_copy(len(rows)):
        bulk_sql.copy_rows(model.__tablename__, columns, rows)
    else:
        db.session.execute(insert(model), _dicts(columns, rows))


def insert_with_ids(model, columns: Sequence[str], rows: list[Sequence]) -> list[int]:
    """INSERT ``rows`` into a table with a serial ``id``; returns the new ids in row order."""
    if not rows:
        return []
    table = model.__table__
    if use_copy(len(rows)):
        ids = bulk_sql.allocate_ids(table.name, len(rows))
        bulk_sql.copy_rows(table.name, ("id", *columns),
                           ((new_id, *row) for new_id, row in zip(ids, rows)))
        return ids
    result = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                _dicts(columns, rows))
    return [new_id for (new_id,) in result]


def update_by_id(model, columns: Sequence[str], changes: list[tuple[int, Sequence, int]],
                 add: Sequence[str] = ()) -> None:
    """UPDATE rows by ``id``: ``changes`` are ``(id, values in columns order, mask)``.

    Bit ``i`` of a row's mask set means the row gives ``columns[i]``; the columns it
    does not give keep their values. Columns in ``add`` are increased by the value given.
    """
    if not changes:
        return
    table = model.__table__
    if use_copy(len(changes)):
        temp = f"{table.name}_changes"
        bulk_sql.copy_temp(temp, table.name, ("id", *columns),
                           ((row_id, *values, mask) for row_id, values, mask in changes),
                           extra={"given": "integer"})
        bulk_sql.update_from_temp(table.name, temp, columns, [mask for _, _, mask in changes],
                                  add=add)
        return
    by_mask: dict[int, list[dict]] = defaultdict(list)
    for row_id, values, mask in changes:
        by_mask[mask].append({"_id": row_id, **{c: v for bit, (c, v) in enumerate(zip(columns, values))
                                                 if mask & 1 << bit}})
    connection = db.session.connection()
    for mask, params in by_mask.items():
        given = [c for bit, c in enumerate(columns) if mask & 1 << bit]
        if given:
            connection.execute(update(table).where(table.c.id == bindparam("_id"))
                               .values({c: _added(table.c[c], bindparam(c)) if c in add
                                        else bindparam(c) for c in given}), params)


def update_each(model, column: str, values: dict, **same) -> None:
    """UPDATE the rows whose ids are ``values``' keys: ``column`` to the id's value, the columns
    in ``same`` to their one value. On PostgreSQL one statement whatever the count (``UPDATE
    ... FROM unnest(ids, values)``, two array parameters); elsewhere an executemany."""
    if not values:
        return
    table = model.__table__
    if bulk_sql.is_postgresql():
        pairs = func.unnest(bindparam(None, list(values), type_=ARRAY(table.c.id.type)),
                            bindparam(None, list(values.values()), type_=ARRAY(table.c[column].type))) \
            .table_valued("id", "value").render_derived(name="pairs")
        db.session.connection().execute(update(table).where(table.c.id == pairs.c.id)
                                        .values({column: pairs.c.value, **same}))
        return
    db.session.connection().execute(
        update(table).where(table.c.id == bindparam("_id")).values({column: bindparam("_value"), **same}),
        [{"_id": row_id, "_value": value} for row_id, value in values.items()])


def _added(column, value):
    """``COALESCE(column, 0) + value``: an increment computed by the database, from the row as
    it is when written."""
    return func.coalesce(column, 0) + value


def upsert_rows(model, columns: Sequence[str], rows: list[Sequence], key: Sequence[str],
                add: Sequence[str] = ()) -> None:
    """INSERT ``rows``; a row whose ``key`` columns match an existing row updates that row
    (``add`` columns: increased by the row's value, an unset one counting as 0)."""
    if not rows:
        return
    table = model.__table__
    if use_copy(len(rows)):
        temp = f"{table.name}_upserts"
        bulk_sql.copy_temp(temp, table.name, columns, rows)
        bulk_sql.upsert_from_temp(table.name, temp, columns, key, add=add)
        return
    dialect = postgresql if bulk_sql.is_postgresql() else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=list(key),
        set_={c: _added(table.c[c], statement.excluded[c]) if c in add else statement.excluded[c]
              for c in columns if c not in key})
    db.session.connection().execute(statement, _dicts(columns, rows))


def delete_in(column, values: Sequence) -> None:
    """DELETE the rows of ``column``'s table whose ``column`` is one of ``values``."""
    values = list(values)
    table = column.table
    step = len(values) if bulk_sql.is_postgresql() else _IN_CHUNK  # ANY(array): any length
    for start in range(0, len(values), step or 1):
        db.session.execute(delete(table).where(bulk_sql.in_values(column, values[start:start + step])))


def delete_pairs(model, names: tuple[str, str], pairs: list[tuple]) -> None:
    """DELETE the rows of ``model``'s table whose columns ``names`` hold one of ``pairs``."""
    if not pairs:
        return
    table = model.__table__
    a, b = (table.c[name] for name in names)
    if use_copy(len(pairs)):  # two arrays, one statement
        types = [column.type.compile(dialect=db.session.get_bind().dialect) for column in (a, b)]
        db.session.execute(text(
            f"DELETE FROM {table.name} t USING unnest(CAST(:a AS {types[0]}[]),"
            f" CAST(:b AS {types[1]}[])) AS p(a, b) WHERE t.{a.name} = p.a AND t.{b.name} = p.b"),
            {"a": [pair[0] for pair in pairs], "b": [pair[1] for pair in pairs]})
        return
    db.session.connection().execute(
        delete(table).where(a == bindparam("_a"), b == bindparam("_b")),
        [{"_a": first, "_b": second} for first, second in pairs])
