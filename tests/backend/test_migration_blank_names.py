"""Migration 0020: names stored blank before the API refused them get a readable fallback, and
the spaces around names go, on SQLite and PostgreSQL (``TEST_DATABASE_URL``).

A database of its own is migrated to 0019, given rows as the old API let them be saved, and
then upgraded to the head.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from tests.conftest import make_test_database

SPACES = "\u00a0\t \n"  # no-break space, tab, space, newline: all blank to the Name field


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, redis_url):
    """``(app, ids)``: the app on its own database, upgraded to 0019, filled, upgraded to head."""
    from flask_migrate import upgrade

    from backend import create_app
    from backend.extensions import db
    from backend.models.accounts import Account
    from backend.models.achievements import Milestone, Outcome
    from backend.models.attributes import AttributeDefinition
    from backend.models.journeys import Journey
    from backend.models.playbooks import Playbook
    from backend.models.segments import Segment
    from backend.models.tasks import Task
    from backend.models.templates import EmailTemplate
    from backend.models.users import ApiToken, StaffUser

    app = create_app({"TESTING": True, "DATABASE_URL": make_test_database(tmp_path_factory, "blank_names"),
                      "REDIS_URL": redis_url, "INSTANCE_PATH": str(tmp_path_factory.mktemp("blank-names")),
                      "JOURNEYS_QUEUE": "test-blank-names", "SECRET_KEY": "test-secret"})
    graph = {"format": "journey/v1", "nodes": [], "edges": []}
    with app.app_context():
        upgrade(revision="0019")
        accounts = [Account(external_id=ext, external_id_ci=ext.lower(), name=name,
                            name_ci=None if name is None else name.lower())
                    for ext, name in (("acme-1", None), ("acme-2", SPACES), ("beta", "  Beta "),
                                      ("gamma", "Gamma"))]
        rows = [
            Journey(key="onboarding", name="   ", draft_graph=graph),
            Journey(key="trial", name="  Trial  ", draft_graph=graph),
            Journey(key="renewal", name="Renewal", draft_graph=graph),
            Segment(key="vip", name="\t", rule={"property": "account.mrr", "op": "gt", "value": 1000}),
            Segment(key="acme-named", name=" Acme named ",
                    rule={"property": "account.name", "op": "contains", "value": "acme"}),
            AttributeDefinition(key="plan", label="", type="text"),
            Milestone(key="kickoff", name=" "), Outcome(key="renewed", name=" Renewed"),
            Playbook(key="rescue", name="  ", due_in_days=7),
            EmailTemplate(key="welcome", subject=SPACES, body="Hi"),
            StaffUser(email="dana@example.com", name="  ", role="csm"),
            ApiToken(name="   ", role="csm", token_hash="a" * 64),
            *accounts,
        ]
        db.session.add_all(rows)
        db.session.flush()
        task = Task(title=" ", account_id=accounts[3].id)
        db.session.add(task)
        db.session.commit()
        ids = {"journey": rows[0].id, "token": rows[11].id, "task": task.id}
        db.session.remove()
        upgrade()
    yield app, ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def names(app, model, key="key", column="name") -> dict:
    from backend.extensions import db

    with app.app_context():
        return dict(db.session.execute(select(getattr(model, key), getattr(model, column))).all())


def test_blank_names_take_their_key_and_spaces_around_names_go(migrated):
    from backend.models.achievements import Milestone, Outcome
    from backend.models.attributes import AttributeDefinition
    from backend.models.journeys import Journey
    from backend.models.playbooks import Playbook
    from backend.models.segments import Segment
    from backend.models.templates import EmailTemplate

    app, _ids = migrated
    assert names(app, Journey) == {"onboarding": "onboarding", "trial": "Trial", "renewal": "Renewal"}
    assert names(app, Segment) == {"vip": "vip", "acme-named": "Acme named"}
    assert names(app, AttributeDefinition, column="label") == {"plan": "plan"}
    assert names(app, Milestone) == {"kickoff": "kickoff"}
    assert names(app, Outcome) == {"renewed": "Renewed"}
    assert names(app, Playbook) == {"rescue": "rescue"}
    assert names(app, EmailTemplate, column="subject") == {"welcome": "welcome"}


def test_people_tokens_tasks_and_accounts_get_their_own_fallback(migrated):
    from backend.extensions import db
    from backend.models.accounts import Account
    from backend.models.tasks import Task
    from backend.models.users import ApiToken, StaffUser

    app, ids = migrated
    assert names(app, StaffUser, key="email") == {"dana@example.com": "dana@example.com"}
    assert names(app, ApiToken, key="id") == {ids["token"]: f"Untitled token {ids['token']}"}
    assert names(app, Task, key="id", column="title") == {ids["task"]: f"Untitled task {ids['task']}"}
    with app.app_context():
        accounts = {a.external_id: (a.name, a.name_ci) for a in db.session.scalars(select(Account))}
    assert accounts == {"acme-1": ("acme-1", "acme-1"), "acme-2": ("acme-2", "acme-2"),
                        "beta": ("Beta", "beta"), "gamma": ("Gamma", "gamma")}


def test_each_rename_is_in_the_audit_log(migrated):
    from backend.extensions import db
    from backend.models.audit import AuditEntry

    app, ids = migrated
    with app.app_context():
        log = {(e.action, e.target_id): e for e in db.session.scalars(select(AuditEntry))}
    assert set(log) == {("journey.update", str(ids["journey"])), ("journey.update", str(ids["journey"] + 1)),
                        ("segment.update", "vip"), ("segment.update", "acme-named"),
                        ("attribute.update", "plan"), ("milestone.update", "kickoff"),
                        ("outcome.update", "renewed"), ("playbook.update", "rescue"),
                        ("template.update", "welcome"), ("user.update", "dana@example.com"),
                        ("token.update", str(ids["token"])), ("task.update", None), ("account.update", None)}
    onboarding = log[("journey.update", str(ids["journey"]))]
    assert (onboarding.actor, onboarding.actor_type) == ("system", "system")
    assert onboarding.changes == {"name": {"from": "   ", "to": "onboarding"}}
    assert "its name was blank" in onboarding.summary
    assert log[("template.update", "welcome")].changes == {"subject": {"from": SPACES, "to": "welcome"}}
    accounts = log[("account.update", None)]
    assert accounts.changes == {"named": 2, "trimmed": 1, "external_ids": ["acme-1", "acme-2"]}
    assert accounts.summary.startswith("Named 2 account(s) whose name was blank")


def test_segments_that_read_account_names_are_recomputed_once(migrated):
    """An account's name is rule data: the renamed accounts enter the segment on "name contains
    acme" at the scheduler's next housekeeping round, and the request is then gone."""
    from backend.extensions import db
    from backend.jobs.ticks import RECOMPUTE_KEY, housekeeping, requested_recompute
    from backend.models.accounts import Account
    from backend.models.segments import Segment, SegmentMembership
    from backend.models.settings import AppSetting

    app, _ids = migrated
    with app.app_context():
        assert json.loads(db.session.get(AppSetting, RECOMPUTE_KEY).value) == ["acme-named"]
        housekeeping(datetime.now(timezone.utc))  # the scheduler's minute round
        members = set(db.session.scalars(
            select(Account.external_id).join(SegmentMembership, SegmentMembership.account_id == Account.id)
            .join(Segment, Segment.id == SegmentMembership.segment_id).where(Segment.key == "acme-named")))
        assert members == {"acme-1", "acme-2"}
        assert db.session.get(AppSetting, RECOMPUTE_KEY) is None
        assert requested_recompute(datetime.now(timezone.utc)) == {}
