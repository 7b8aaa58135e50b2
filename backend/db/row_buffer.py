"""Rows a walker round writes, buffered and inserted in one statement per table.

The walker's round produces thousands of rows (step logs, tasks, emails); ORM
objects cost ~50 µs each to build, track and flush, so the round collects plain
rows here and writes them at the end, in the same transaction:

- PostgreSQL: ``COPY`` (``bulk_sql.copy_rows``, about 10x an executemany
  INSERT). Rows whose id someone needs (a task's id in the step log) get it
  from the table's sequence first, in one query (``bulk_sql.allocate_ids``).
- SQLite: one Core ``INSERT … RETURNING`` executemany.

A unique violation raises SQLAlchemy's ``IntegrityError`` on both, so callers
treat "another run already wrote this" the same way whatever the path.

``RowBuffer.add(table, **values) -> PendingRow``; ``RowBuffer.add_tuple(table, columns,
values)`` for the many rows nobody needs the id of (step logs: a tuple in a fixed
column order, no per-row dict or object, about half the cost); ``RowBuffer.write()``;
``to_json(value)`` serialises JSON column values with orjson (dates → ISO,
sets → sorted lists, pending rows and ORM rows → their ids).
"""
from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from itertools import chain
from operator import itemgetter

import orjson
from sqlalchemy import JSON, Table, insert

from ..extensions import db
from . import bulk_sql


class PendingRow:
    """One row to insert; ``id`` is known once the buffer has been written."""

    __slots__ = ("values", "id")

    def __init__(self, values: dict):
        self.values = values
        self.id: int | None = None


def _json_default(value):
    if isinstance(value, (PendingRow, db.Model)):
        return value.id
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(value) -> str:
    """JSON text of ``value`` (dates as ISO strings, sets as sorted lists, rows as their ids)."""
    return orjson.dumps(value, default=_json_default, option=orjson.OPT_NON_STR_KEYS).decode()


class RowBuffer:
    """Rows per table, to be written together."""

    def __init__(self):
        self._rows: dict[Table, list[PendingRow]] = defaultdict(list)
        self._need_ids: set[Table] = set()
        self._tuples: dict[tuple[Table, tuple[str, ...]], list[tuple]] = defaultdict(list)

    def add(self, table: Table, *, need_id: bool = False, **values) -> PendingRow:
        """Buffer one row of ``table``; ``need_id``: its id is read before the round ends."""
        row = PendingRow(values)
        self._rows[table].append(row)
        if need_id:
            self._need_ids.add(table)
        return row

    def add_tuple(self, table: Table, columns: tuple[str, ...], values: tuple) -> None:
        """Buffer one row given as ``values`` in ``columns`` order (no id: see module docstring).
        Pass the same ``columns`` tuple for every row of a kind."""
        self._tuples[table, columns].append(values)

    def write(self) -> None:
        """Insert every buffered row, tables with ``need_id`` rows first; empties the buffer.

        Raises IntegrityError on a unique (or foreign key) violation."""
        postgres = db.engine.dialect.name == "postgresql"
        # Tables whose ids others read go first: a row's JSON may name a row added after it.
        order = sorted(self._rows, key=lambda t: t not in self._need_ids)
        for table in order:
            rows = self._rows[table]
            if postgres:
                _copy(table, rows, table in self._need_ids)
            else:
                _insert(table, rows)
        # After the rows above: a tuple's JSON may name one of them (a task in a step's result).
        for (table, columns), rows in self._tuples.items():
            if postgres:
                _copy_tuples(table, columns, rows)
            else:
                _insert(table, [PendingRow(dict(zip(columns, row))) for row in rows])
        self._rows.clear()
        self._need_ids.clear()
        self._tuples.clear()


def _columns(table: Table, rows: list[PendingRow]) -> list[str]:
    """Every column any of the rows gives, in the order first given."""
    return list(dict.fromkeys(chain.from_iterable(row.values for row in rows)))


def _insert(table: Table, rows: list[PendingRow]) -> None:
    names = _columns(table, rows)
    json_cols = [n for n in names if isinstance(table.c[n].type, JSON)]
    params = []
    for row in rows:
        values = {n: row.values.get(n) for n in names}
        for n in json_cols:  # normalise through JSON text: the column type encodes it again
            values[n] = json.loads(to_json(values[n]))
        params.append(values)
    result = db.session.connection().execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), params)
    for row, (new_id,) in zip(rows, result.all()):
        row.id = new_id


def _copy(table: Table, rows: list[PendingRow], need_ids: bool) -> None:
    if need_ids:
        for row, new_id in zip(rows, bulk_sql.allocate_ids(table.name, len(rows))):
            row.id = row.values["id"] = new_id
    names = _columns(table, rows)
    json_cols = [i for i, n in enumerate(names) if isinstance(table.c[n].type, JSON)]
    width = len(names)
    pick = itemgetter(*names) if width > 1 else None

    def values(row: PendingRow) -> list:
        given = row.values
        # the rows of a kind usually give every column: one C call picks them all
        out = list(pick(given)) if pick is not None and len(given) == width else \
            [given.get(n) for n in names]
        for i in json_cols:
            out[i] = None if out[i] is None else to_json(out[i])
        return out

    bulk_sql.copy_rows(table.name, names, map(values, rows))


def _copy_tuples(table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    json_cols = [i for i, n in enumerate(columns) if isinstance(table.c[n].type, JSON)]
    if json_cols:
        def values(row: tuple) -> list:
            out = list(row)
            for i in json_cols:
                out[i] = None if out[i] is None else to_json(out[i])
            return out
        rows = map(values, rows)
    bulk_sql.copy_rows(table.name, columns, rows)
