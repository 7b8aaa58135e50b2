"""``engine.snapshots``: what the walker reads of each account.

On PostgreSQL the snapshot queries run together on the driver's cursor
(``bulk_sql.fetch_many_with_ids``),
not through SQLAlchemy's result rows; the snapshots must be the very values, of the very types,
that SQLAlchemy gives (a Decimal where a float was, or a str where a date was, would change
what rules decide). Random accounts from the segment strategies (NULLs, every custom type,
subscriptions, contacts, marks, playbooks). Runs on SQLite, and on PostgreSQL under
TEST_DATABASE_URL, where it matters.
"""
from __future__ import annotations

from hypothesis import given, strategies as st

from backend.engine import snapshots as snapshot_module
from backend.extensions import db

from . import segment_strategies as S
from .test_segments_compile import SETTINGS, catalog, load_accounts  # noqa: F401 (fixture)


def typed(value):
    """``value`` with the type of every leaf beside it, so equal-but-differently-typed differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [typed(item) for item in value]
    if isinstance(value, frozenset):
        return sorted(typed(item) for item in value)
    return (type(value).__name__, value)


def through_sqlalchemy(builds, ids):
    for build in builds:
        yield db.session.execute(build(), {"ids": list(ids)}).all()


@SETTINGS
@given(generated=st.lists(S.accounts(), min_size=1, max_size=10))
def test_snapshots_are_what_sqlalchemy_reads(catalog, generated, monkeypatch):  # noqa: F811
    snapshots = load_accounts(generated)
    assert snapshots and all(snap["contacts"] is not None for snap in snapshots.values())
    with monkeypatch.context() as patched:
        patched.setattr(snapshot_module, "fetch_many_with_ids", through_sqlalchemy)
        expected = snapshot_module.build_snapshots(snapshots.keys(), now=next(
            iter(snapshots.values()))["now"])
    for account_id, snapshot in snapshots.items():
        assert typed(snapshot) == typed(expected[account_id]), account_id
