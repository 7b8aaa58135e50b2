"""One error shape for every ``/api`` response (SPEC §5).

``{"error": {"code": "...", "message": "...", "details": ...}}``

Services raise ``ApiError`` subclasses (or ``ApiError(status, code, message,
details)``); ``register_error_handlers`` maps them, and every HTTP error Flask
raises under ``/api``, to JSON. Nothing else in the app builds error bodies.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
    500: "internal_error", 503: "unavailable",
}


class ApiError(Exception):
    """An error to return as JSON with ``status``; ``details`` is any JSON value."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details=None, status: int | None = None,
                 code: str | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class Invalid(ApiError):
    status, code = 422, "invalid"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


def error_response(status: int, code: str, message: str, details=None):
    """A Flask response in the SPEC's error shape."""
    body = {"error": {"code": code, "message": message, "details": details}}
    return jsonify(body), status


def register_error_handlers(app: Flask) -> None:
    """Make every error under /api (ours and werkzeug's) answer in the SPEC shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details)

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
