"""Extensions created unbound and attached in ``create_app``.

``db`` and ``migrate`` are the Flask-SQLAlchemy and Flask-Migrate objects; ``api`` is
the flask-smorest Api that holds the blueprints and the OpenAPI document.
``get_redis()`` returns the app's Redis client and ``get_queue()`` its RQ queue;
both are created on first use from ``REDIS_URL`` and raise ``RuntimeError`` when
Redis is not configured.
"""
from __future__ import annotations

from flask import current_app
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from redis import Redis
from rq import Queue
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL and a busy timeout let the web, worker and scheduler share one SQLite file."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def get_redis() -> Redis:
    """The app's Redis client (one connection pool per app)."""
    ext = current_app.extensions
    if "journeys_redis" not in ext:
        url = current_app.config.get("REDIS_URL")
        if not url:
            raise RuntimeError("REDIS_URL is not set")
        ext["journeys_redis"] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10)
    return ext["journeys_redis"]


def get_queue() -> Queue:
    """The RQ queue the engine's jobs go to."""
    return Queue(current_app.config["JOURNEYS_QUEUE"], connection=get_redis())
