"""``services.bulk_sql`` on PostgreSQL: ANY(array) lookups and the COPY helpers."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.accounts import Account
from backend.db import bulk_sql

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture()
def pg(app_ctx):
    if not bulk_sql.is_postgresql():
        pytest.skip("PostgreSQL's COPY helpers; SQLite has none. These run in CI's PostgreSQL pass "
                    "(TEST_DATABASE_URL=postgresql://..., see .ci/run)")
    yield
    db.session.rollback()


def test_in_values_and_copy_helpers(pg):
    ids = bulk_sql.allocate_ids("accounts", 3)
    assert len(set(ids)) == 3
    names = ['a"b', "c\\d", "e,f"]
    assert bulk_sql.copy_rows("accounts", ("id", "external_id", "external_id_ci", "created_at",
                                           "updated_at"),
                              [(i, n, n, NOW, NOW) for i, n in zip(ids, names)]) == 3
    found = dict(db.session.execute(select(Account.external_id, Account.id).where(
        bulk_sql.in_values(Account.external_id, names + ["zzz"]))).all())
    assert found == dict(zip(names, ids))
    assert bulk_sql.copy_temp("t_changes", "accounts", ("id", "name", "mrr"),
                              [(ids[0], "One", 5.0, 3), (ids[1], None, 7.0, 2)],
                              extra={"given": "integer"}) == 2
    assert bulk_sql.update_from_temp("accounts", "t_changes", ("name", "mrr"), [3, 2]) == 2
    rows = dict(db.session.execute(select(Account.id, Account.name).where(
        bulk_sql.in_values(Account.id, ids))).all())
    assert rows == {ids[0]: "One", ids[1]: None, ids[2]: None}
    assert bulk_sql.copy_rows("accounts", ("id",), []) == 0


def _names_query():
    return (select(Account.id, Account.name, Account.mrr, Account.created_on)
            .where(bulk_sql.any_ids(Account.id), Account.mrr > 0).order_by(Account.id))


def test_fetch_with_ids_gives_what_sqlalchemy_gives(app_ctx):
    """Runs on both databases: plain tuples with the same values and types, for many ids, none,
    or unknown ones, from a statement built and compiled once (its literal kept)."""
    from datetime import date

    rows = [Account(external_id=f"f-{i}", external_id_ci=f"f-{i}", name=f"F {i}" if i % 2 else None,
                    mrr=i * 1.5, created_on=date(2026, 1, 1 + i) if i % 3 else None,
                    created_at=NOW, updated_at=NOW) for i in range(7)]
    db.session.add_all(rows)
    db.session.commit()
    ids = [row.id for row in rows]
    for values in (ids, ids[2:], [], [ids[0], -5], [ids[3]]):
        expected = [tuple(row) for row in db.session.execute(_names_query(), {"ids": values})]
        got = bulk_sql.fetch_with_ids(_names_query, values)
        assert [tuple(row) for row in got] == expected
        assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected]
    assert [row[0] for row in bulk_sql.fetch_with_ids(_names_query, ids)] == ids[1:]  # mrr > 0


def _mrr_query():
    return select(Account.id, Account.mrr).where(bulk_sql.any_ids(Account.id)).order_by(Account.id.desc())


def _failing_query():
    return select(Account.id, (Account.mrr / 0).label("boom")).where(bulk_sql.any_ids(Account.id))


def test_fetch_many_with_ids_gives_what_each_query_gives(app_ctx):
    """Several queries sent together (one round trip on PostgreSQL): each gives what
    fetch_with_ids gives alone, in order, one result per step of the iterator; a query that fails raises SQLAlchemy's error and
    the transaction rolls back as after any failed statement."""
    from sqlalchemy.exc import DBAPIError

    rows = [Account(external_id=f"m-{i}", external_id_ci=f"m-{i}", name=f"M {i}", mrr=float(i),
                    created_at=NOW, updated_at=NOW) for i in range(5)]
    db.session.add_all(rows)
    db.session.commit()
    ids = [row.id for row in rows]
    for values in (ids, ids[1:3], []):
        builds = (_mrr_query, _names_query, _mrr_query, _mrr_query)
        together = list(bulk_sql.fetch_many_with_ids(builds, values))
        alone = [bulk_sql.fetch_with_ids(build, values) for build in builds]
        assert [[tuple(r) for r in rows] for rows in together] == [[tuple(r) for r in rows] for rows in alone]
    assert [r[0] for r in next(bulk_sql.fetch_many_with_ids((_mrr_query,), ids))] == ids[::-1]
    if bulk_sql.is_postgresql():  # SQLite divides by zero into NULL: no error to raise there
        with pytest.raises(DBAPIError):
            list(bulk_sql.fetch_many_with_ids((_names_query, _failing_query), ids))
        db.session.rollback()
    assert len(next(bulk_sql.fetch_many_with_ids((_mrr_query,), ids))) == 5
