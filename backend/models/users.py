"""Staff users (admins, CSMs, sales managers, support) and API tokens.

A staff user can be assigned as an account's CSM or sales manager, own tasks,
and — with a password — log in to the UI. ``session_generation`` is copied into
the session cookie at login; logout and a password change increment it, which
ends every session issued before. API tokens are stored hashed, with the time
they were last used (written at most once a minute).

``CsmClaim`` — accounts a walker round is giving a staff user as CSM (``delta`` > 0) or taking
from one (< 0) that it has not committed yet, so that another round choosing "the CSM with the
fewest accounts" counts them (``engine.round``). The round deletes its claims in its own
transaction: at its commit they and the accounts' new CSMs swap in one step. A round that dies
leaves its claims; they stop counting after ``CLAIM_MINUTES``.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from sqlalchemy import DateTime, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db

STAFF_ROLES = ("admin", "csm", "sales_manager", "support")
TOKEN_ROLES = ("admin", "csm", "support")
# Roles that cannot be an account's CSM or sales manager (support is read-only help).
NOT_ACCOUNT_STAFF = frozenset({"support"})
# Roles that cannot be assigned a task: read-only, they could never complete it.
CANNOT_OWN_TASKS = frozenset({"support"})


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StaffUser(db.Model):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    session_generation: Mapped[int] = mapped_column(Integer, nullable=False, default=0,
                                                    server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @staticmethod
    def hash(token: str) -> str:
        """Tokens carry 256 random bits, so a plain SHA-256 is a safe stored form."""
        return hashlib.sha256(token.encode()).hexdigest()


CLAIM_MINUTES = 5  # a round commits in seconds; a killed worker's claims count no longer than this


class CsmClaim(db.Model):
    """A round's uncommitted change to a staff user's number of accounts (module docstring)."""
    __tablename__ = "csm_claims"
    __table_args__ = (Index("ix_csm_claims_round_key", "round_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_key: Mapped[str] = mapped_column(String(32), nullable=False)
    user_id: Mapped[int] = mapped_column(Integer, nullable=False)
    delta: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                 server_default=func.now())
