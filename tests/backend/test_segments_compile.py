"""The SQL rule compiler agrees with graph_engine's Python predicate.

Random rules (every property kind and operator, nested all/any/not, unset
values, wrong-typed custom values) over random accounts written through the
real write path: the accounts the SQL expression selects must be exactly
those for which ``graph_engine.rules.compile_rule(rule)(snapshot, today)``
holds on ``build_snapshots``. Runs on SQLite, and on PostgreSQL under
TEST_DATABASE_URL.
"""
from __future__ import annotations

import json

from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from sqlalchemy import delete, insert, select

from backend.extensions import db
from backend.models.accounts import Account
from backend.models.achievements import AccountMilestone, AccountOutcome, Milestone, Outcome
from backend.models.attributes import AttributeDefinition
from backend.models.playbooks import Playbook, PlaybookEnrollment
from backend.models.segments import Segment, SegmentMembership
from backend.models.users import StaffUser
from backend.schemas.accounts import load_rows
from backend.segments.compile import compile_rule_sql, is_date_sensitive, referenced_segments
from backend.segments.membership import recompute_segments
from backend.services import accounts as account_service
from backend.engine.snapshots import build_snapshots
from graph_engine.errors import RuleError
from graph_engine.rules import compile_rule

from . import segment_strategies as S

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture()
def catalog(app_ctx):
    """The strategies' catalog in the database (removed by the ``clean`` fixture)."""
    for email in S.STAFF:
        db.session.add(StaffUser(email=email, name=email.split("@")[0], role="csm"))
    for key, vtype in S.ATTRIBUTES.items():
        db.session.add(AttributeDefinition(key=key, label=key, type=vtype))
    db.session.add_all([Milestone(key=k, name=k) for k in S.MILESTONES])
    db.session.add_all([Outcome(key=k, name=k) for k in S.OUTCOMES])
    db.session.add_all([Playbook(key=k, name=k, due_in_days=3) for k in S.PLAYBOOKS])
    for key, rule in S.SEGMENTS.items():
        db.session.add(Segment(key=key, name=key, rule=rule, date_sensitive=False))
    db.session.commit()
    return app_ctx


def load_accounts(generated) -> dict[int, dict]:
    """Replace all accounts with ``generated``; return their snapshots by id."""
    db.session.execute(delete(Account))
    db.session.commit()
    rows = [dict(row, external_id=f"acc-{i}") for i, (row, _) in enumerate(generated)]
    result = account_service.import_accounts(*load_rows(rows))
    assert result["errors"] == [] and result["created"] == len(rows), result
    ids = dict(db.session.execute(select(Account.external_id, Account.id)).all())
    keyed = {k: db.session.scalar(select(m.id).where(m.key == k))
             for m in (Milestone, Outcome, Playbook) for k in
             (S.MILESTONES if m is Milestone else S.OUTCOMES if m is Outcome else S.PLAYBOOKS)}
    for i, (_, marks) in enumerate(generated):
        account_id = ids[f"acc-{i}"]
        db.session.add_all([AccountMilestone(account_id=account_id, milestone_id=keyed[k])
                            for k in marks["milestones"]])
        db.session.add_all([AccountOutcome(account_id=account_id, outcome_id=keyed[k])
                            for k in marks["outcomes"]])
        db.session.add_all([PlaybookEnrollment(account_id=account_id, playbook_id=keyed[k],
                                               status=status, due_on=marks["due"][k])
                            for k, status in marks["playbooks"].items()])
    db.session.commit()
    # Marks were written behind the services' back: recompute every segment.
    recompute_segments(list(S.SEGMENTS), S.TODAY)
    db.session.commit()
    return build_snapshots(ids.values())


def sql_matches(rule, today: date) -> set[int]:
    expr = compile_rule_sql(rule, today)
    where = set(db.session.scalars(select(Account.id).where(expr)))
    # The same expression as a selected column (how incremental re-evaluation uses it).
    column = {row[0] for row in db.session.execute(select(Account.id, expr.label("m"))) if row[1]}
    assert where == column, "WHERE and column forms disagree"
    return where


def python_matches(rule, snapshots, today: date) -> set[int]:
    predicate = compile_rule(rule)
    return {account_id for account_id, snap in snapshots.items() if predicate(snap, today)}


@SETTINGS
@given(generated=st.lists(S.accounts(), min_size=4, max_size=12),
       rules=st.lists(S.rules, min_size=10, max_size=30))
def test_sql_equals_python_on_random_rules_and_accounts(catalog, generated, rules):
    snapshots = load_accounts(generated)
    for key, rule in S.SEGMENTS.items():  # membership written by the services is current
        members = set(db.session.scalars(select(SegmentMembership.account_id).join(Segment)
                                         .where(Segment.key == key)))
        assert members == python_matches(rule, snapshots, S.TODAY), key
    for rule in rules:
        expected = python_matches(rule, snapshots, S.TODAY)
        event("rule splits the accounts" if 0 < len(expected) < len(snapshots) else "rule does not split")
        assert sql_matches(rule, S.TODAY) == expected, rule


def test_a_malformed_rule_is_refused():
    with pytest.raises(RuleError):
        compile_rule_sql({"all": [{"property": "account.mrr", "op": "resembles", "value": 1}]},
                         S.TODAY)


def test_date_sensitivity_and_references():
    assert is_date_sensitive({"any": [{"property": "account.created_on", "op": "within_last",
                                       "value": {"days": 7}}]})
    assert is_date_sensitive({"not": {"property": "playbook", "op": "is_overdue", "value": "x"}})
    assert is_date_sensitive({"property": "account.created_on", "op": "between",
                              "value": ["2026-01-01", {"days_from_now": 0}]})
    assert not is_date_sensitive({"property": "account.created_on", "op": "before",
                                  "value": "2026-01-01"})
    assert referenced_segments({"all": [{"not": {"property": "segment", "op": "has_met",
                                                 "value": "a"}}]}) == {"a"}


def load_events(snapshots: dict[int, dict], generated_events) -> dict[int, dict]:
    """Store each account's generated events; return the snapshots with their events at S.NOW."""
    from datetime import timedelta

    from backend.engine.event_snapshots import load_events as snapshot_events
    from backend.models.events import Event

    db.session.execute(delete(Event))
    ids = sorted(snapshots)
    rows = [{"account_id": account_id, "name": name, "at": S.NOW - timedelta(hours=hours),
             "properties": props, "received_at": S.NOW}
            for account_id, events in zip(ids, generated_events) for name, hours, props in events]
    if rows:
        from backend.db.bulk_sql import is_postgresql
        from backend.db.event_partitions import ensure_months

        if is_postgresql():
            ensure_months({row["at"].date() for row in rows})
        db.session.execute(insert(Event), rows)
    db.session.commit()
    snapshot_events(snapshots, ids, {name: None for name in S.EVENT_NAMES}, S.NOW)
    return snapshots


@SETTINGS
@given(generated=st.lists(S.accounts(), min_size=4, max_size=8),
       events=st.lists(S.account_events(), min_size=8, max_size=8),
       rules=st.lists(S.event_rules, min_size=10, max_size=25))
def test_sql_equals_python_on_random_event_rules(catalog, generated, events, rules):
    """Event conditions (counts in windows, last days, where over properties) agree too."""
    snapshots = load_events(load_accounts(generated), events)
    for rule in rules:
        predicate = compile_rule(rule)
        expected = {aid for aid, snap in snapshots.items() if predicate(snap, S.TODAY)}
        event("event rule splits the accounts" if 0 < len(expected) < len(snapshots) else "does not split")
        expr = compile_rule_sql(rule, S.TODAY, S.NOW)
        assert set(db.session.scalars(select(Account.id).where(expr))) == expected, json.dumps(rule)
        whole = compile_rule_sql(rule, S.TODAY, S.NOW, whole=True)  # a full recompute's form
        assert set(db.session.scalars(select(Account.id).where(whole))) == expected, json.dumps(rule)
