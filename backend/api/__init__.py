"""The HTTP API under ``/api`` (SPEC §5): one blueprint module per resource.

Blueprints are ``flask_smorest.Blueprint``s registered on ``extensions.api`` so
their marshmallow schemas make up ``/api/openapi.json``. Every endpoint needs a
token or a browser session (``backend.auth``) unless marked ``@public``.
"""
from __future__ import annotations

from flask import Flask

from ..extensions import api
from .errors import register_error_handlers
from .input_guard import guard_request


def register_api(app: Flask) -> None:
    """Attach every API blueprint, auth and the JSON error handlers to ``app``."""
    from .. import auth, security_headers
    from .health import bp as health_bp
    from .session import bp as session_bp

    app.config.setdefault("API_TITLE", "Journeys")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer"}}}, "security": [{"bearer": []}]})
    for blueprint in (health_bp, session_bp):
        api.register_blueprint(blueprint, url_prefix="/api")
    # Resource blueprints: one line each (keep sorted).
    from .accounts import bp as accounts_bp
    api.register_blueprint(accounts_bp, url_prefix="/api")
    from .audit import bp as audit_bp
    api.register_blueprint(audit_bp, url_prefix="/api")
    from .catalog import bp as catalog_bp
    api.register_blueprint(catalog_bp, url_prefix="/api")
    from .enrollments import bp as enrollments_bp
    api.register_blueprint(enrollments_bp, url_prefix="/api")
    from .events import bp as events_bp
    api.register_blueprint(events_bp, url_prefix="/api")
    from .journey_changes import bp as journey_changes_bp
    api.register_blueprint(journey_changes_bp, url_prefix="/api")
    from .journeys import bp as journeys_bp
    api.register_blueprint(journeys_bp, url_prefix="/api")
    from .outbox import bp as outbox_bp
    api.register_blueprint(outbox_bp, url_prefix="/api")
    from .reports import bp as reports_bp
    api.register_blueprint(reports_bp, url_prefix="/api")
    from .segments import bp as segments_bp
    api.register_blueprint(segments_bp, url_prefix="/api")
    from .settings import bp as settings_bp
    api.register_blueprint(settings_bp, url_prefix="/api")
    from .suppressions import bp as suppressions_bp
    api.register_blueprint(suppressions_bp, url_prefix="/api")
    from .tasks import bp as tasks_bp
    api.register_blueprint(tasks_bp, url_prefix="/api")
    from .templates import bp as templates_bp
    api.register_blueprint(templates_bp, url_prefix="/api")
    from .tokens import bp as tokens_bp
    api.register_blueprint(tokens_bp, url_prefix="/api")
    from .users import bp as users_bp
    api.register_blueprint(users_bp, url_prefix="/api")
    from .webhooks import bp as webhooks_bp
    api.register_blueprint(webhooks_bp, url_prefix="/api")

    from .email_links import bp as email_links_bp  # /u/<token>, /t/o/<token>, /t/c/<token>: no login
    app.register_blueprint(email_links_bp)

    auth.init_app(app)
    security_headers.init_app(app)  # CSP, nosniff, frames, referrer, Secure cookies (every response)
    app.before_request(guard_request)  # after auth: strangers get 401, not 422
    register_error_handlers(app)  # after flask-smorest, so ours answer
