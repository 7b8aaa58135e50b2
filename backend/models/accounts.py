"""Accounts (SPEC §1) with their contacts and subscriptions, in typed columns.

Every text field a rule can compare has a ``*_ci`` shadow column holding
``graph_engine``'s case-folded form of the value (``backend.segments.fold``),
so the SQL rule compiler compares plain indexed columns with exactly the
Python semantics, on SQLite and PostgreSQL alike. Services keep the shadows
in step (``set_text``); nothing else writes them.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Double, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from graph_engine.catalog import ACCOUNT_FIELDS

from ..extensions import db
from .base import utcnow


def _of_type(table, kind: str) -> tuple[str, ...]:
    return tuple(name for name, vtype in table.items() if vtype == kind)


# The standard account fields (graph_engine.catalog) by storage kind: a text field has a
# column and its ``*_ci`` shadow, a number a Double, a date a Date (as do subscriptions').
ACCOUNT_TEXT_FIELDS = _of_type(ACCOUNT_FIELDS, "text")
ACCOUNT_NUMBER_FIELDS = _of_type(ACCOUNT_FIELDS, "number")
ACCOUNT_DATE_FIELDS = _of_type(ACCOUNT_FIELDS, "date")
# The longest text each standard text field takes (the API's limits; columns are unbounded
# Text but for external_id).
ACCOUNT_TEXT_LIMITS = {"external_id": 200, "name": 1000, "stage": 200, "status": 200, "timezone": 64}


class Account(db.Model):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    external_id_ci: Mapped[str] = mapped_column(String(200), nullable=False)
    name: Mapped[str | None] = mapped_column(Text)
    name_ci: Mapped[str | None] = mapped_column(Text)
    mrr: Mapped[float | None] = mapped_column(Double)
    amount: Mapped[float | None] = mapped_column(Double)
    licenses: Mapped[float | None] = mapped_column(Double)
    created_on: Mapped[date | None] = mapped_column(Date)
    next_billing_on: Mapped[date | None] = mapped_column(Date)
    stage: Mapped[str | None] = mapped_column(Text)
    stage_ci: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    status_ci: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str | None] = mapped_column(Text)  # IANA name; None: the workspace default
    timezone_ci: Mapped[str | None] = mapped_column(Text)
    csm_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    sales_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 nullable=False)

    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Contact.id")
    subscriptions: Mapped[list["Subscription"]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Subscription.id")

    # No single-column indexes for rule fields: a full segment recompute scans the table
    # (the plan PostgreSQL picks anyway) and every bulk write would maintain them (0006).
    __table_args__ = (
        Index("ix_accounts_csm_id", "csm_id"),
        Index("ix_accounts_sales_manager_id", "sales_manager_id"),
    )


class Contact(db.Model):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            nullable=False, index=True)
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    role: Mapped[str | None] = mapped_column(String(100))

    account: Mapped[Account] = relationship(back_populates="contacts")


class Subscription(db.Model):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            nullable=False, index=True)
    status: Mapped[str | None] = mapped_column(Text)
    status_ci: Mapped[str | None] = mapped_column(Text)
    product_name: Mapped[str | None] = mapped_column(Text)
    product_name_ci: Mapped[str | None] = mapped_column(Text)
    plan_name: Mapped[str | None] = mapped_column(Text)
    plan_name_ci: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[float | None] = mapped_column(Double)
    mrr: Mapped[float | None] = mapped_column(Double)
    plan_quantity: Mapped[float | None] = mapped_column(Double)
    plan_unit_price: Mapped[float | None] = mapped_column(Double)
    activated_on: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    created_on: Mapped[date | None] = mapped_column(Date)
    next_billing_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    starts_on: Mapped[date | None] = mapped_column(Date)
    trial_ends_on: Mapped[date | None] = mapped_column(Date)
    trial_starts_on: Mapped[date | None] = mapped_column(Date)

    account: Mapped[Account] = relationship(back_populates="subscriptions")
