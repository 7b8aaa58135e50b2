"""The HTTP API under ``/api`` (SPEC §5): one blueprint module per resource."""
from __future__ import annotations

from flask import Flask

from .errors import register_error_handlers


def register_api(app: Flask) -> None:
    """Attach every API blueprint and the JSON error handlers to ``app``."""
    from .health import bp as health_bp

    register_error_handlers(app)
    app.register_blueprint(health_bp, url_prefix="/api")
