"""The UI's login session: ``GET/POST/DELETE /api/session``.

POST with email and password sets the session cookie and returns the user and
the CSRF token the UI sends back as ``X-CSRF-Token`` on every write. Logins are
throttled per email and per client address (``backend.login_throttle``: 429 with
Retry-After). DELETE logs the user out of every browser: it moves their session
generation on, so a copy of the cookie is refused from then on.
"""
from __future__ import annotations

from flask import request, session
from flask_smorest import Blueprint

from .. import login_throttle
from ..errors import Unauthorized
from ..auth import csrf_token, effective_role, principal_from_session, public, start_session
from ..schemas.users import LoginSchema, SessionSchema
from ..services.users import authenticate, end_sessions

bp = Blueprint("session", __name__, description="Browser login sessions")


def _session_body(email: str, name: str, role: str) -> dict:
    return {"user": {"email": email, "name": name, "role": role}, "csrf_token": csrf_token()}


@bp.get("/session")
@public
@bp.response(200, SessionSchema)
def who_am_i():
    """The logged-in user and CSRF token; ``user`` is null when nobody is logged in."""
    principal = principal_from_session()
    if principal is None:
        return {"user": None, "csrf_token": None}
    return _session_body(principal.email, principal.name, principal.role)


@bp.post("/session")
@public
@bp.arguments(LoginSchema)
@bp.response(200, SessionSchema)
def log_in(credentials):
    """Log in with email and password (429 with Retry-After after too many failures for
    this email or from this address)."""
    login_throttle.take_attempt(credentials["email"], request.remote_addr)
    user = authenticate(credentials["email"], credentials["password"])
    if user is None:
        raise Unauthorized("Wrong email or password.")
    login_throttle.succeeded(credentials["email"], request.remote_addr)
    start_session(user)
    return _session_body(user.email, user.name, effective_role(user.role))


@bp.delete("/session")
@public
@bp.response(204)
def log_out():
    """Log out of every browser (always succeeds): sessions issued before are refused."""
    principal = principal_from_session()
    if principal is not None:
        end_sessions(principal.user_id)
    session.clear()
