"""Custom attribute definitions and their values in typed storage.

``AttributeDefinition`` declares ``custom.<key>`` with a type (number, text,
date, boolean). ``AccountAttributeValue`` holds one account's value in the
column of that type (``text_ci`` is the case-folded text the rule compiler
compares); the indexes are ``(key, <typed column>)``, partial (rows holding a
value of that type), matching the ``EXISTS (... WHERE key = :k AND <column>
<op> :v)`` the compiler emits (the comparison implies the column is not null).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Double, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .accounts import utcnow

ATTRIBUTE_TYPES = ("number", "text", "date", "boolean")
VALUE_COLUMN = {"number": "num_value", "text": "text_value", "date": "date_value",
                "boolean": "bool_value"}


class AttributeDefinition(db.Model):
    __tablename__ = "attribute_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    type: Mapped[str] = mapped_column(String(10), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 nullable=False)


class AccountAttributeValue(db.Model):
    __tablename__ = "account_attribute_values"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            primary_key=True)
    key: Mapped[str] = mapped_column(
        String(100), ForeignKey("attribute_definitions.key", ondelete="CASCADE"),
        primary_key=True)
    num_value: Mapped[float | None] = mapped_column(Double)
    text_value: Mapped[str | None] = mapped_column(Text)
    text_ci: Mapped[str | None] = mapped_column(Text)
    date_value: Mapped[date | None] = mapped_column(Date)
    bool_value: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = tuple(
        Index(f"ix_account_attribute_values_key_{suffix}", "key", column,
              sqlite_where=text(f"{column} IS NOT NULL"),
              postgresql_where=text(f"{column} IS NOT NULL"))
        for suffix, column in (("num", "num_value"), ("text", "text_ci"), ("date", "date_value"),
                               ("bool", "bool_value")))
