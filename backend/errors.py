"""The domain's errors: what services raise, each with its HTTP status and SPEC code.

``api/errors.py`` maps them (and every HTTP error under ``/api``) to the SPEC's
error shape ``{"error": {"code", "message", "details"}}``; nothing here knows
about Flask.
"""
from __future__ import annotations


class ApiError(Exception):
    """A domain error with the HTTP ``status`` and ``code`` it answers with; ``details`` is any JSON value."""

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


class PreconditionFailed(ApiError):
    """An ``If-Match`` that no longer matches: the resource changed since the caller read it."""

    status, code = 412, "precondition_failed"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


def error_body(message: str, details=None, code: str = "invalid") -> dict:
    """An error in the SPEC shape's inner object: ``{"code", "message", "details"}``.

    For errors reported per row (bulk import) rather than raised."""
    return {"code": code, "message": message, "details": details}


def fields_message(messages) -> str:
    """``"Some fields are not valid: a, b"`` for field → problems ``messages``."""
    return "Some fields are not valid: " + ", ".join(sorted(map(str, messages)))
