"""Migration 0022: the outbox's search indexes replace the status index (and, on PostgreSQL, the
frequency cap's plain address index), and back, on SQLite and PostgreSQL (``TEST_DATABASE_URL``).
No row changes: an outbox filled at 0021 reads the same after."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from tests.conftest import make_test_database

NEW = {"ix_outbox_emails_account_id", "ix_outbox_emails_uncommon_status"}


@pytest.fixture(scope="module")
def app_at_0021(tmp_path_factory, redis_url):
    from flask_migrate import upgrade

    from backend import create_app
    from backend.extensions import db

    app = create_app({"TESTING": True, "DATABASE_URL": make_test_database(tmp_path_factory, "outbox_indexes"),
                      "REDIS_URL": redis_url, "INSTANCE_PATH": str(tmp_path_factory.mktemp("outbox-indexes")),
                      "JOURNEYS_QUEUE": "test-outbox-indexes", "SECRET_KEY": "test-secret"})
    with app.app_context():
        upgrade(revision="0021")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _indexes() -> set[str]:
    from backend.extensions import db

    with db.engine.connect() as conn:
        return {ix["name"] for ix in inspect(conn).get_indexes("outbox_emails")}


def test_upgrade_and_downgrade(app_at_0021):
    from flask_migrate import downgrade, upgrade

    from backend.extensions import db
    from backend.models.outbox import OutboxEmail

    with app_at_0021.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
        db.session.add_all([OutboxEmail(to_address=f"Ann{n}@Acme.test", from_address="a@b.test", subject="s",
                                        body="b", status=status, effect_key=f"e:{n}")
                            for n, status in enumerate(("sent", "failed", "kept"))])
        db.session.commit()
        rows = db.session.execute(
            select(OutboxEmail.to_address, OutboxEmail.status).order_by(OutboxEmail.id)).all()
        before = _indexes()
        assert {"ix_outbox_emails_status", "ix_outbox_emails_cap"} <= before and not NEW & before
        db.session.remove()

        upgrade(revision="0022")
        after = _indexes()
        assert NEW <= after and "ix_outbox_emails_status" not in after
        if postgresql:
            assert "ix_outbox_emails_address" in after and "ix_outbox_emails_cap" not in after
        else:
            assert "ix_outbox_emails_cap" in after and "ix_outbox_emails_address" not in after
        assert db.session.execute(
            select(OutboxEmail.to_address, OutboxEmail.status).order_by(OutboxEmail.id)).all() == rows
        db.session.remove()

        downgrade(revision="0021")
        assert _indexes() == before
        db.session.remove()
        upgrade()
        assert _indexes() == after
