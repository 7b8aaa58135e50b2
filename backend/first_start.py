"""What ``make run`` does once the database is migrated: first-start setup.

``first_start(seed_demo)`` is idempotent; it returns lines to print for the
person who ran ``make run``:
- creates ``admin@example.com`` with a random password when there is no admin
  who can log in, and keeps the password in ``<instance>/admin-password.txt``;
- seeds the demo workspace once (when asked and when steps for it exist).
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from .extensions import db
from .models.users import StaffUser

ADMIN_EMAIL = "admin@example.com"


def ensure_admin(_seed_demo: bool) -> list[str]:
    """Create the first admin login if there is none."""
    path = Path(current_app.config["INSTANCE_PATH"]) / "admin-password.txt"
    admins = db.session.scalars(select(StaffUser).where(StaffUser.role == "admin",
                                                        StaffUser.password_hash.is_not(None))).all()
    if admins:
        if path.exists():
            return [f"journeys: log in as {ADMIN_EMAIL}; password in {path}"]
        return []
    from .services.users import create_user, find_user, update_user

    password = secrets.token_urlsafe(12)
    if find_user(ADMIN_EMAIL):
        update_user(ADMIN_EMAIL, {"role": "admin", "password": password})
    else:
        create_user(ADMIN_EMAIL, "Admin", "admin", password)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return [f"journeys: created {ADMIN_EMAIL} with password {password} (kept in {path})"]


def first_start(seed_demo: bool = True) -> list[str]:
    """Run every first-start step; returns messages to show."""
    lines: list[str] = []
    for step in FIRST_START_STEPS:
        lines.extend(step(seed_demo))
    return lines


from .demo import seed_demo  # noqa: E402  (a first-start step; imports the services)

# Each step is ``step(seed_demo) -> list[str]`` and must be idempotent.
FIRST_START_STEPS: list = [ensure_admin, seed_demo]
