"""Staff users and API tokens: create, update, delete, authenticate, end sessions;
list and revoke tokens.

Raises ``Conflict`` for a duplicate email or for making an account's CSM or sales
manager a support user, ``NotFound`` for an unknown user or token, ``Invalid`` for a
bad role.
"""
from __future__ import annotations

import secrets

from sqlalchemy import func, or_, select, update

from .. import clock
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models.accounts import Account
from ..models.users import NOT_ACCOUNT_STAFF, STAFF_ROLES, TOKEN_ROLES, ApiToken, StaffUser
from . import audit
from .unit_of_work import transaction


def _user_json(user: StaffUser) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role,
            "can_log_in": bool(user.password_hash)}


def list_users() -> list[dict]:
    return [_user_json(u) for u in db.session.scalars(select(StaffUser).order_by(StaffUser.email))]


def find_user(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def get_user(email: str) -> dict:
    user = find_user(email)
    if user is None:
        raise NotFound(f"No staff user {email!r}.")
    return _user_json(user)


def create_user(email: str, name: str, role: str, password: str | None = None) -> dict:
    """Create a staff user; returns its JSON. Raises Conflict if the email exists."""
    if role not in STAFF_ROLES:
        raise Invalid(f"role must be one of {', '.join(STAFF_ROLES)}")
    if find_user(email):
        raise Conflict(f"A staff user {email.strip().lower()!r} already exists.")
    user = StaffUser(email=email.strip().lower(), name=name.strip(), role=role)
    if password:
        user.set_password(password)
    with transaction(conflict=f"A staff user {user.email!r} already exists."):
        db.session.add(user)
        audit.record("user.create", "user", user.email, f"Created {role} {user.name} ({user.email})",
                     {"name": user.name, "role": role, "password": "set" if password else None})
    return _user_json(user)


def update_user(email: str, changes: dict) -> dict:
    user = find_user(email)
    if user is None:
        raise NotFound(f"No staff user {email!r}.")
    if changes.get("role") in NOT_ACCOUNT_STAFF and user.role not in NOT_ACCOUNT_STAFF:
        _check_no_accounts(user, changes["role"])
    before = {"name": user.name, "role": user.role}
    with transaction():
        for key in ("name", "role"):
            if key in changes:
                setattr(user, key, changes[key])
        if changes.get("password"):
            user.set_password(changes["password"])
            user.session_generation = StaffUser.session_generation + 1  # other sessions end
        diff = audit.diff(before, {"name": user.name, "role": user.role})
        if changes.get("password"):
            diff["password"] = {"from": audit.REDACTED, "to": audit.REDACTED}
        audit.record("user.update", "user", user.email, f"Changed staff user {user.email}", diff)
    return _user_json(user)


def _check_no_accounts(user: StaffUser, role: str) -> None:
    """Raises Conflict when ``user`` is some account's CSM or sales manager."""
    held = db.session.execute(select(
        func.count().filter(Account.csm_id == user.id),
        func.count().filter(Account.sales_manager_id == user.id))
        .where(or_(Account.csm_id == user.id, Account.sales_manager_id == user.id))).one()
    if any(held):
        parts = [f"the CSM of {held[0]} account(s)" if held[0] else "",
                 f"the sales manager of {held[1]} account(s)" if held[1] else ""]
        raise Conflict(f"{user.email} is {' and '.join(p for p in parts if p)}; a {role} user cannot "
                       "be. Give those accounts someone else first.",
                       details={"role": role, "csm_of": held[0], "sales_manager_of": held[1]})


def end_sessions(user_id: int) -> None:
    """End every browser session of the user (their cookies no longer match)."""
    with transaction():
        db.session.execute(update(StaffUser).where(StaffUser.id == user_id)
                           .values(session_generation=StaffUser.session_generation + 1))


def delete_user(email: str) -> None:
    user = find_user(email)
    if user is None:
        raise NotFound(f"No staff user {email!r}.")
    with transaction():
        audit.record("user.delete", "user", user.email,
                     f"Deleted {user.role} {user.name} ({user.email})",
                     {"name": user.name, "role": user.role})
        db.session.delete(user)


def authenticate(email: str, password: str) -> StaffUser | None:
    user = find_user(email)
    return user if user and user.check_password(password) else None


def create_token(role: str, name: str) -> str:
    """Store a new token (hashed) and return it in clear, once."""
    if role not in TOKEN_ROLES:
        raise Invalid(f"role must be one of {', '.join(TOKEN_ROLES)}")
    token = "jrn_" + secrets.token_urlsafe(32)
    row = ApiToken(name=name, role=role, token_hash=ApiToken.hash(token))
    with transaction():
        db.session.add(row)
        db.session.flush()
        audit.record("token.create", "token", row.id, f"Created {role} API token {name!r}",
                     {"name": name, "role": role})  # never the secret
    return token


def _token_json(token: ApiToken) -> dict:
    return {"id": token.id, "name": token.name, "role": token.role, "created_at": token.created_at,
            "last_used_at": token.last_used_at, "revoked_at": token.revoked_at}


def list_tokens(include_revoked: bool = True) -> list[dict]:
    """Every token (never its secret), oldest first: id, name, role, created, last used
    (to the minute) and revoked times."""
    query = select(ApiToken).order_by(ApiToken.id)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return [_token_json(t) for t in db.session.scalars(query)]


def revoke_token(token_id: int, in_use_id: int | None = None) -> dict:
    """Revoke one token (idempotent); returns its JSON. Raises NotFound, and Conflict when
    ``in_use_id`` (the token making the request) is that token."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"No API token with id {token_id}.")
    if token_id == in_use_id:
        raise Conflict("This request is authenticated with that token; revoke it with another "
                       "token, a browser session or 'flask --app backend token revoke'.")
    if token.revoked_at is None:
        with transaction():
            token.revoked_at = clock.now()
            audit.record("token.revoke", "token", token.id,
                         f"Revoked {token.role} API token {token.name!r}",
                         {"name": token.name, "role": token.role})
    return _token_json(token)


def revoke_tokens_named(name: str) -> list[dict]:
    """Revoke every active token called ``name``; returns them. Raises NotFound when none."""
    tokens = list(db.session.scalars(select(ApiToken).where(ApiToken.name == name,
                                                            ApiToken.revoked_at.is_(None))))
    if not tokens:
        raise NotFound(f"No active API token named {name!r}.")
    now = clock.now()
    with transaction():
        for token in tokens:
            token.revoked_at = now
            audit.record("token.revoke", "token", token.id,
                         f"Revoked {token.role} API token {token.name!r}",
                         {"name": token.name, "role": token.role})
    return [_token_json(t) for t in tokens]
