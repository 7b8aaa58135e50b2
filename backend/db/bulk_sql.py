"""PostgreSQL bulk-write helpers (psycopg 3 ``COPY``), inside the session's transaction.

Thousands of rows through ``COPY`` cost a tenth of an ``executemany`` INSERT, so
bulk paths on PostgreSQL use these; SQLite keeps SQLAlchemy Core. ``bulk_write`` is
where a write chooses between the two; these are its PostgreSQL tools.
Everything runs on the psycopg connection under ``db.session``, so it commits or rolls
back with the caller's transaction; driver errors are re-raised as SQLAlchemy's
(``IntegrityError`` for a unique violation, …) exactly as ``session.execute`` would.
Table and column names are identifiers from the code, never user input.

- ``is_postgresql()`` → whether the session's database is PostgreSQL.
- ``in_values(column, values)`` → ``column = ANY(:array)`` on PostgreSQL (one parameter,
  any length), ``column IN (...)`` elsewhere.
- ``any_ids(column)`` and ``fetch_with_ids(build, ids)`` → the rows, as plain tuples, of a SELECT
  that ``build()`` makes once, its WHERE ``any_ids(...)`` (the ids given at each call),
  compiled once per database kind: a round of a few accounts runs its snapshot queries
  without building and compiling them again (that was most of the time of a 40-account
  round's snapshots). On PostgreSQL the rows come from the driver's cursor, without
  SQLAlchemy's per-row result objects (for tens of thousands of rows a round those cost more
  than the queries). ``fetch_many_with_ids(builds, ids)`` sends several such queries in one
  round trip (psycopg's pipeline mode).
- ``fetch_sql(statement, params)`` → the rows, as plain tuples, of PostgreSQL SQL text
  (``%(name)s`` placeholders) run on the driver's cursor of the session's transaction.
- ``allocate_ids(table, count)`` → ``count`` fresh ids from the table's ``id`` sequence.
- ``copy_rows(table, columns, rows)`` → COPY rows (tuples in ``columns`` order) into a table.
- ``copy_temp(name, source, columns, rows, extra=None)`` → a temp table (dropped at commit)
  with ``columns`` typed as in table ``source`` plus ``extra`` {name: SQL type}, filled by COPY.
- ``upsert_from_temp(table, temp, columns, conflict, add=())`` → ``INSERT … SELECT`` from the
  temp table, updating the rows whose ``conflict`` columns already exist (``add``: columns
  whose value is added to the existing one, an unset one counting as 0).
- ``update_from_temp(table, temp, columns, masks, add=())`` → one ``UPDATE … FROM temp`` by
  ``id``, setting only each row's given columns (a bit mask per row, see its doc); ``add``
  columns are increased by the given value instead.
"""
from __future__ import annotations

from contextlib import contextmanager
from itertools import chain
from typing import Iterable, Iterator, Sequence

import psycopg
from psycopg import sql
from sqlalchemy import any_, bindparam
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import ARRAY

from ..extensions import db

_JSON_OID, _TEXT_OID = 114, 25  # json's binary COPY form is its text: send JSON text as text


def is_postgresql() -> bool:
    """True when the session's database is PostgreSQL."""
    return db.session.get_bind().dialect.name == "postgresql"


def in_values(column, values: Sequence):
    """``column IN values`` as ``= ANY(:array)`` on PostgreSQL: one parameter, any length."""
    if is_postgresql():
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))


def driver_connection() -> psycopg.Connection:
    """The psycopg connection of the session's current transaction (pending ORM rows flushed)."""
    db.session.flush()
    return db.session.connection().connection.driver_connection


IDS = "ids"


def any_ids(column):
    """``column`` is one of the ``ids`` given to ``fetch_with_ids`` (``= ANY(:ids)`` on
    PostgreSQL, an expanding ``IN`` elsewhere)."""
    if is_postgresql():
        return column == any_(bindparam(IDS, type_=ARRAY(column.type)))
    return column.in_(bindparam(IDS, expanding=True))


_PREPARED: dict = {}


def fetch_with_ids(build, ids: Sequence[int]) -> list[tuple]:
    """The rows (tuples in column order) of the SELECT ``build()`` returns — a statement that
    depends on nothing but the database kind, filtering with ``any_ids`` — for ``ids``.
    ``build`` (a module-level function: it is the cache's key) runs and the statement compiles
    once per database kind for the process. On PostgreSQL the statement runs on the psycopg
    cursor of the session's transaction and no result processor of SQLAlchemy's runs: only for
    columns whose driver values are what the code wants as they come (integers, text, dates,
    doubles, booleans)."""
    if len(_PREPARED) > 1000:  # a caller passing a new function each time: do not grow forever
        _PREPARED.clear()
    if not is_postgresql():
        statement = _PREPARED.get((build, "other"))
        if statement is None:
            statement = _PREPARED.setdefault((build, "other"), build())
        return db.session.execute(statement, {IDS: list(ids)}).all()
    text, params = _prepared_postgresql(build)
    with _sqlalchemy_errors(text), driver_connection().cursor() as cur:
        return cur.execute(text, {**params, IDS: _int_array(list(ids))}).fetchall()


def fetch_many_with_ids(builds: Sequence, ids: Sequence[int]) -> Iterator[list[tuple]]:
    """``fetch_with_ids(build, ids)`` for each of ``builds``, in order, the queries sent together
    on PostgreSQL (psycopg's pipeline mode: one round trip for all of them, not one each — a
    round's snapshots are eight queries, and a walk's other thread holding the interpreter
    lock made each wait longer than the query took). Yields each result's rows in turn, read
    from the driver only when asked for, so a caller that handles one before asking for the next
    never holds them all as Python rows at once (the replies are all in when the first is
    yielded: other statements may run between)."""
    if not is_postgresql():
        for build in builds:
            yield fetch_with_ids(build, ids)
        return
    prepared = [_prepared_postgresql(build) for build in builds]
    array = _int_array(list(ids))
    conn = driver_connection()
    cursors = [conn.cursor() for _ in prepared]
    try:
        with _sqlalchemy_errors(prepared[0][0] if prepared else ""):
            with conn.pipeline():
                for cur, (text, params) in zip(cursors, prepared):
                    cur.execute(text, {**params, IDS: array})
        for cur in cursors:
            with _sqlalchemy_errors(""):
                rows = cur.fetchall()
            cur.close()  # the driver's copy of the result goes now, not with the last one
            yield rows
    finally:
        for cur in cursors:
            cur.close()


def fetch_sql(statement: str, params: dict) -> list[tuple]:
    """The rows of ``statement`` — PostgreSQL SQL text with psycopg's ``%(name)s`` placeholders,
    written by the code, never from user input — run with ``params`` on the driver's cursor of
    the session's transaction (for a query whose plan SQLAlchemy's constructs cannot say)."""
    with _sqlalchemy_errors(statement), driver_connection().cursor() as cur:
        return cur.execute(statement, params).fetchall()


def _prepared_postgresql(build) -> tuple[str, dict]:
    """``build()``'s SQL text and fixed parameters for PostgreSQL, compiled once per process."""
    prepared = _PREPARED.get((build, "postgresql"))
    if prepared is None:
        compiled = build().compile(dialect=db.session.get_bind().dialect)
        params = {name: _int_array(value) for name, value in compiled.params.items() if name != IDS}
        prepared = _PREPARED.setdefault((build, "postgresql"), (str(compiled), params))
    return prepared


def _int_array(value):
    """A list of ints as PostgreSQL's array literal (the SQL casts it, ``in_values``): psycopg
    inspects every element of a list it adapts, which cost more than the query's own work."""
    if isinstance(value, list) and all(type(v) is int for v in value):
        return "{" + ",".join(map(str, value)) + "}"
    return value


@contextmanager
def _sqlalchemy_errors(statement: str):
    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def allocate_ids(table: str, count: int) -> list[int]:
    """``count`` new ids from ``table``'s serial ``id`` sequence (rows then COPY them in)."""
    if count <= 0:
        return []
    with _sqlalchemy_errors("allocate_ids"), driver_connection().cursor() as cur:
        sequence = _SEQUENCES.get(table)
        if sequence is None:  # a table's sequence never changes: asked once per process
            sequence = cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
            _SEQUENCES[table] = sequence
        # the sequence as a literal: resolved once, not once per row (6x quicker)
        cur.execute(sql.SQL("SELECT nextval({}::regclass) FROM generate_series(1, %s)")
                    .format(sql.Literal(sequence)), (count,))
        return [row[0] for row in cur.fetchall()]


_SEQUENCES: dict[str, str] = {}
_TYPES: dict[tuple, list[int]] = {}


def _copy_types(cur, table: str, columns: Sequence[str], key: tuple) -> list[int]:
    """The COPY types of ``columns`` of ``table`` (JSON as text), read from the catalog once per
    ``key`` for the process: a round writes to four or five tables, and small rounds (a wait
    waking 40 accounts) paid a round trip for each."""
    types = _TYPES.get(key)
    if types is None:
        found = dict(cur.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = "
                                 "%s::regclass AND attnum > 0", (table,)).fetchall())
        types = [_TEXT_OID if found[column] == _JSON_OID else found[column] for column in columns]
        if len(_TYPES) > 1000:  # column lists are the code's own: this never grows large
            _TYPES.clear()
        _TYPES[key] = types
    return types


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence], *,
              types_key: tuple | None = None) -> int:
    """COPY ``rows`` (tuples in ``columns`` order, None for NULL) into ``table``; returns the count.

    Binary COPY, typed from the catalog: Python values must suit the columns' types
    (int for integer, float for double precision, date, aware datetime, str, bool; JSON
    text, a str, for json — its binary form is its text). The types are read once per
    process for a table and column list (``types_key`` names them for a temp table, whose
    columns' types are its source's).
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    count = 1
    with _sqlalchemy_errors(statement.as_string()), driver_connection().cursor() as cur:
        types = _copy_types(cur, table, columns, types_key or (table, tuple(columns)))
        with cur.copy(statement) as copy:
            copy.set_types(types)
            write = copy.write_row
            write(first)
            for row in rows:
                write(row)
                count += 1
    return count


def copy_temp(name: str, source: str, columns: Sequence[str], rows: Iterable[Sequence],
              extra: dict[str, str] | None = None) -> int:
    """Create temp table ``name`` (dropped at commit; replaced if it exists) and COPY ``rows`` in.

    Its columns are ``columns`` with the types they have in table ``source`` (no
    constraints), followed by ``extra`` columns ``{name: SQL type}``; ``rows`` are tuples
    in that order. Returns the number of rows; with none, creates nothing and returns 0.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = chain((first,), rows)
    extra = extra or {}
    create = sql.SQL("DROP TABLE IF EXISTS {name}; CREATE TEMP TABLE {name} ON COMMIT DROP AS "
                     "SELECT {cols} FROM {source} WITH NO DATA").format(
        name=sql.Identifier(name), source=sql.Identifier(source),
        cols=sql.SQL(", ").join(map(sql.Identifier, columns)))
    with _sqlalchemy_errors(create.as_string()), driver_connection().cursor() as cur:
        cur.execute(create)
        for column, sql_type in extra.items():
            cur.execute(sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                sql.Identifier(name), sql.Identifier(column), sql.SQL(sql_type)))
    return copy_rows(name, [*columns, *extra], rows,
                     types_key=(name, source, tuple(columns), tuple(extra.items())))


def upsert_from_temp(table: str, temp: str, columns: Sequence[str],
                     conflict: Sequence[str], add: Sequence[str] = ()) -> None:
    """``INSERT INTO table (columns) SELECT columns FROM temp ON CONFLICT (conflict) DO UPDATE``.

    The rows of ``temp`` whose ``conflict`` columns (a unique key of ``table``) match an
    existing row update that row's other ``columns``; the rest are inserted. A column in
    ``add`` becomes ``COALESCE(existing, 0) + new``: the row's value at write time, under
    its lock, so concurrent increments all count.
    """
    cols = sql.SQL(", ").join(map(sql.Identifier, columns))
    statement = sql.SQL("INSERT INTO {t} ({cols}) SELECT {cols} FROM {s} ON CONFLICT ({keys}) "
                        "DO UPDATE SET {sets}").format(
        t=sql.Identifier(table), s=sql.Identifier(temp), cols=cols,
        keys=sql.SQL(", ").join(map(sql.Identifier, conflict)),
        sets=sql.SQL(", ").join(
            (sql.SQL("{c} = COALESCE({t}.{c}, 0) + EXCLUDED.{c}") if c in add else
             sql.SQL("{c} = EXCLUDED.{c}")).format(c=sql.Identifier(c), t=sql.Identifier(table))
            for c in columns if c not in conflict))
    with _sqlalchemy_errors(statement.as_string()), driver_connection().cursor() as cur:
        cur.execute(statement)


def update_from_temp(table: str, temp: str, columns: Sequence[str], masks: Iterable[int],
                     mask_column: str = "given", add: Sequence[str] = ()) -> int:
    """``UPDATE table SET … FROM temp WHERE table.id = temp.id``; returns the rows updated.

    ``temp`` holds ``id``, ``columns`` and an integer ``mask_column``: bit ``i`` set means
    the row gives ``columns[i]``; a column a row does not give keeps its value. ``masks``
    are the rows' masks (to leave out columns no row gives and skip the CASE for columns
    every row gives). A column in ``add`` is increased by the given value
    (``COALESCE(column, 0) + value``, computed from the row as it is when written).
    """
    union, common = 0, -1
    for mask in masks:
        union |= mask
        common &= mask
    target, source = sql.Identifier(table), sql.Identifier(temp)
    sets = []
    for bit, column in enumerate(columns):
        col = sql.Identifier(column)
        value = (sql.SQL("COALESCE({t}.{c}, 0) + {s}.{c}") if column in add else
                 sql.SQL("{s}.{c}")).format(c=col, s=source, t=target)
        if common & (1 << bit):
            sets.append(sql.SQL("{c} = {v}").format(c=col, v=value))
        elif union & (1 << bit):
            sets.append(sql.SQL("{c} = CASE WHEN {s}.{m} & {b} <> 0 THEN {v} ELSE {t}.{c} END")
                        .format(c=col, s=source, t=target, v=value, m=sql.Identifier(mask_column),
                                b=sql.Literal(1 << bit)))
    if not sets:
        return 0
    statement = sql.SQL("UPDATE {t} SET {sets} FROM {s} WHERE {t}.id = {s}.id").format(
        t=target, s=source, sets=sql.SQL(", ").join(sets))
    with _sqlalchemy_errors(statement.as_string()), driver_connection().cursor() as cur:
        cur.execute(statement)
        return cur.rowcount
