"""Staff users and API tokens: create, update, delete, authenticate.

Raises ``Conflict`` for a duplicate email, ``NotFound`` for an unknown user,
``Invalid`` for a bad role.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select

from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models.users import STAFF_ROLES, TOKEN_ROLES, ApiToken, StaffUser


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
    db.session.add(user)
    db.session.commit()
    return _user_json(user)


def update_user(email: str, changes: dict) -> dict:
    user = find_user(email)
    if user is None:
        raise NotFound(f"No staff user {email!r}.")
    for key in ("name", "role"):
        if key in changes:
            setattr(user, key, changes[key])
    if changes.get("password"):
        user.set_password(changes["password"])
    db.session.commit()
    return _user_json(user)


def delete_user(email: str) -> None:
    user = find_user(email)
    if user is None:
        raise NotFound(f"No staff user {email!r}.")
    db.session.delete(user)
    db.session.commit()


def authenticate(email: str, password: str) -> StaffUser | None:
    user = find_user(email)
    return user if user and user.check_password(password) else None


def create_token(role: str, name: str) -> str:
    """Store a new token (hashed) and return it in clear, once."""
    if role not in TOKEN_ROLES:
        raise Invalid(f"role must be one of {', '.join(TOKEN_ROLES)}")
    token = "jrn_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(name=name, role=role, token_hash=ApiToken.hash(token)))
    db.session.commit()
    return token
