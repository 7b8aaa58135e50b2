"""One error shape for every ``/api`` response (SPEC §5).

``{"error": {"code": "...", "message": "...", "details": ...}}``

Services raise the domain's errors (``backend.errors``); ``register_error_handlers``
maps them, and every HTTP error Flask raises under ``/api``, to JSON. Nothing
else in the app builds error bodies.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from ..errors import ApiError

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 412: "precondition_failed", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
    500: "internal_error", 503: "unavailable",
}


def error_response(status: int, code: str, message: str, details=None):
    """A Flask response in the SPEC's error shape."""
    body = {"error": {"code": code, "message": message, "details": details}}
    return jsonify(body), status


def register_error_handlers(app: Flask) -> None:
    """Make every error under /api (ours and werkzeug's) answer in the SPEC shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        response, status = error_response(exc.status, exc.code, exc.message, exc.details)
        response.headers.update(getattr(exc, "headers", None) or {})  # e.g. Retry-After on a 429
        return response, status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if not request.path.startswith("/api"):
            return exc
        status = exc.code or 500
        message = exc.description or exc.name
        details = None
        messages = (getattr(exc, "data", None) or {}).get("messages")
        if messages:  # webargs/marshmallow: {"json": {"field": ["problem", ...]}}
            details = messages
            fields = sorted({f for where in messages.values() if isinstance(where, dict) for f in where})
            message = "Some fields are not valid: " + ", ".join(fields) if fields else message
        if status == 413:
            message = f"The request body is larger than {app.config['MAX_CONTENT_LENGTH']} bytes."
        return error_response(status, _CODES.get(status, "error"), message, details)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if not request.path.startswith("/api"):
            return "Internal Server Error", 500
        return error_response(500, "internal_error", "Something went wrong on our side; it has been logged.")
