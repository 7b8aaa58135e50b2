"""Email templates that ``send_email`` actions name by ``key``.

``subject`` and ``body`` (the text part) are Jinja2 text rendered in a sandbox with the merge
fields ``account``, ``csm``, ``contact`` and ``unsubscribe_url``
(``backend.rendering.templating``); ``html_body``, when set, is the HTML part (merged values
escaped) and the email goes out as multipart/alternative.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .journeys import utcnow


class EmailTemplate(db.Model):
    __tablename__ = "email_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    subject: Mapped[str] = mapped_column(String(500), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    html_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow,
                                                 onupdate=utcnow)
