"""Who is calling, and may they? (SPEC §5 Auth)

Every ``/api`` request needs a principal: ``Authorization: Bearer <token>``
(tokens from ``flask --app backend token create``) or the UI's session cookie,
which for writes must come with the ``X-CSRF-Token`` header. Secure by
default: a view is open only when marked ``@public``; reads are allowed to
every role; writes are admin-only unless the view is marked
``@roles("admin", "csm")``. The support role never writes. A view marked
``@readers("admin")`` is closed to other roles for reads too (tokens).

A browser session holds the user's id and ``session_generation``; when the
user's generation has moved on (logout, password change) the cookie is refused.
A token's ``last_used_at`` is written at most once a minute (``TOKEN_USE_RESOLUTION``).

``current_principal()`` returns the ``Principal`` of the request.
"""
from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from . import clock
from .errors import Forbidden, Unauthorized
from .extensions import db
from .models.users import ApiToken, StaffUser

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_HEADER = "X-CSRF-Token"
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Principal:
    kind: str          # "token" | "session"
    name: str
    role: str          # admin | csm | support (sales managers act as csm)
    user_id: int | None = None
    email: str | None = None
    token_id: int | None = None


def public(view):
    """Mark a view as needing no login (health, login itself)."""
    view._journeys_public = True
    return view


def roles(*allowed: str):
    """Allow writes through this view to the given roles (default: admin only)."""
    def mark(view):
        view._journeys_roles = frozenset(allowed)
        return view
    return mark


def readers(*allowed: str):
    """Allow reads (GET) through this view only to the given roles (default: every role)."""
    def mark(view):
        view._journeys_readers = frozenset(allowed)
        return view
    return mark


def current_principal() -> Principal | None:
    return g.get("principal")


def init_app(app: Flask) -> None:
    app.before_request(_authenticate)


def _view_attr(name: str, default):
    view = current_app.view_functions.get(request.endpoint)
    if view is None:
        return default
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view = getattr(view_class, request.method.lower(), view)
    return getattr(view, name, default)


def _authenticate():
    if not request.path.startswith("/api") or request.endpoint in (None, "web.spa"):
        return None
    if _view_attr("_journeys_public", False):
        return None
    principal = principal_from_token() or principal_from_session()
    if principal is None:
        raise Unauthorized("Log in, or send 'Authorization: Bearer <token>'.")
    if request.method in UNSAFE_METHODS:
        if principal.kind == "session":
            check_csrf()
        allowed = _view_attr("_journeys_roles", frozenset({"admin"}))
        if principal.role not in allowed:
            raise Forbidden(f"The {principal.role} role may not do this.")
    else:
        readers_ = _view_attr("_journeys_readers", None)
        if readers_ is not None and principal.role not in readers_:
            raise Forbidden(f"The {principal.role} role may not see this.")
    g.principal = principal
    return None


def principal_from_token() -> Principal | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <token>'.")
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(token.strip()),
                                                   ApiToken.revoked_at.is_(None)))
    if row is None:
        raise Unauthorized("That token is not valid (unknown or revoked).")
    _note_token_use(row)
    return Principal("token", row.name, row.role, token_id=row.id)


def _note_token_use(row: ApiToken) -> None:
    """Stamp ``last_used_at`` unless it is under a minute old: at most one write a minute per
    token, on a connection of its own so a read-only request commits nothing of the caller's."""
    now = clock.now()
    cutoff = now - TOKEN_USE_RESOLUTION
    if row.last_used_at is not None and row.last_used_at > cutoff:
        return
    table = ApiToken.__table__
    try:
        with db.engine.begin() as conn:
            conn.execute(update(table).where(table.c.id == row.id, or_(table.c.last_used_at.is_(None),
                                                                       table.c.last_used_at <= cutoff))
                         .values(last_used_at=now))
    except SQLAlchemyError:  # bookkeeping: a busy database must not fail the request itself
        log.warning("could not stamp the last use of API token %s", row.id, exc_info=True)


def principal_from_session() -> Principal | None:
    user_id = session.get("user_id")
    if not user_id:
        return None
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.password_hash or session.get("gen") != user.session_generation:
        session.clear()  # deleted, no password any more, or logged out / password changed since
        return None
    return Principal("session", user.name, effective_role(user.role), user.id, user.email)


def keep_session(user_id: int) -> None:
    """After the user's generation moved on (their own password change), keep this browser's
    session: it takes the new generation while every other one stays ended."""
    if session.get("user_id") == user_id:
        user = db.session.get(StaffUser, user_id)
        session["gen"] = user.session_generation


def start_session(user: StaffUser) -> None:
    """Make the session cookie ``user``'s, tied to their current session generation."""
    session.clear()
    session["user_id"] = user.id
    session["gen"] = user.session_generation
    session.permanent = True


def effective_role(staff_role: str) -> str:
    return "csm" if staff_role == "sales_manager" else staff_role


def csrf_token() -> str:
    """The session's CSRF token (created on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden(f"Missing or wrong {CSRF_HEADER} header; reload the page and try again.")
