"""Journeys backend: the Flask app factory.

``create_app(config=None)`` builds the app: settings from the environment
(``backend.config``) with ``config`` overriding them, the database and
migrations attached, the ``/api`` blueprints, and the built front end served at
``/`` from one origin.
"""
from __future__ import annotations

from flask import Flask

from . import extensions
from .config import load_config


def create_app(config: dict | None = None) -> Flask:
    """Return a configured Flask app. Raises ConfigError for an unusable setting."""
    settings = load_config(config)
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"], static_folder=None)
    app.config.update(settings)

    from .api.json_output import ApiJSONProvider
    from .sqlite_time import install as aware_sqlite_timestamps

    app.json = ApiJSONProvider(app)   # whole numbers as integers, timestamps with their offset
    aware_sqlite_timestamps()         # SQLite reads DateTime(timezone=True) back aware, like PostgreSQL

    # ``extensions.db`` by attribute: the name ``backend.db`` is the bulk-SQL package.
    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(_migrations_dir()), render_as_batch=True)

    from . import models  # noqa: F401  (registers the tables on db.metadata)
    from .api import register_api
    from .web import web
    from .cli import register_cli

    from .jobs import wiring

    register_api(app)
    app.register_blueprint(web)
    register_cli(app)
    wiring.init_app(app)
    return app


def _migrations_dir():
    from .config import REPO_ROOT
    return REPO_ROOT / "migrations"
