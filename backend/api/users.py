"""Staff users: ``/api/users`` (SPEC §5 catalog). Admin-only writes."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current_principal, keep_session
from ..schemas.users import UserListSchema, UserSchema, UserUpdateSchema
from ..services import users as service

bp = Blueprint("users", __name__, description="Staff users: admins, CSMs, sales managers, support")


@bp.get("/users")
@bp.response(200, UserListSchema)
def list_users():
    """Every staff user."""
    return {"items": service.list_users()}


@bp.post("/users")
@bp.arguments(UserSchema)
@bp.response(201, UserSchema)
def create_user(data):
    """Create a staff user (with a password, they can log in to the UI)."""
    return service.create_user(data["email"], data["name"], data["role"], data.get("password"))


@bp.get("/users/<email>")
@bp.response(200, UserSchema)
def get_user(email):
    """One staff user."""
    return service.get_user(email)


@bp.patch("/users/<email>")
@bp.arguments(UserUpdateSchema)
@bp.response(200, UserSchema)
def update_user(changes, email):
    """Change a user's name, role or password. A new password ends the user's browser
    sessions (but the one making the change); a user who is some account's CSM or sales
    manager cannot become support (409)."""
    user = service.update_user(email, changes)
    principal = current_principal()
    if changes.get("password") and principal and principal.kind == "session" \
            and principal.email == user["email"]:
        keep_session(principal.user_id)
    return user


@bp.delete("/users/<email>")
@bp.response(204)
def delete_user(email):
    """Delete a staff user."""
    service.delete_user(email)
