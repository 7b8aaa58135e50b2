"""Email templates: CRUD and preview with a sample or stored account.

Subjects and bodies are checked for Jinja2 syntax and the render budget on save (``Invalid`` with
``details: [{"field", "message"}]``). Deleting a template that an enabled
journey's live version sends is refused (``Conflict``).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from ..errors import Conflict, Invalid, NotFound
from ..rendering.merge import context_for_account, context_from_json
from ..rendering.templating import (BudgetExceeded, TemplateError, merge_context, render_email, render_text,
                                   template_problem)
from ..extensions import db
from ..models.accounts import Account
from ..models.journeys import Journey, JourneyVersion
from ..models.templates import EmailTemplate
from . import audit
from .unit_of_work import transaction

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def list_templates() -> list[EmailTemplate]:
    """Every template, by key."""
    return list(db.session.scalars(select(EmailTemplate).order_by(EmailTemplate.key)))


def get_template(key: str) -> EmailTemplate:
    """The template with this key. Raises NotFound."""
    template = None if "\x00" in key else db.session.scalar(
        select(EmailTemplate).where(EmailTemplate.key == key))
    if template is None:
        raise NotFound(f"No email template {key!r}.")
    return template


def _budget_problem(text: str) -> str | None:
    """Why a trial render with an empty sample goes over the render budget, or None."""
    try:
        render_text(text, merge_context(None))
    except BudgetExceeded as exc:
        return str(exc)
    except TemplateError:
        return None  # a real account may well render it; preview says more
    return None


def _check_text(subject: str | None, body: str | None) -> None:
    problems = [{"field": field, "message": problem}
                for field, text in (("subject", subject), ("body", body))
                if text is not None and (problem := template_problem(text) or _budget_problem(text))]
    if problems:
        raise Invalid("The template does not render: " + "; ".join(
            f"{p['field']}: {p['message']}" for p in problems), details=problems)


def create_template(key: str, subject: str, body: str) -> EmailTemplate:
    """Create a template. Raises Invalid (bad key or syntax), Conflict (key taken)."""
    with transaction(conflict=f"An email template {key!r} already exists."):
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            raise Invalid(f"The key {key!r} may hold letters, digits, '.', '-' and '_' (at most 100).")
        _check_text(subject, body)
        if db.session.scalar(select(EmailTemplate.id).where(EmailTemplate.key == key)) is not None:
            raise Conflict(f"An email template {key!r} already exists.")
        template = EmailTemplate(key=key, subject=subject, body=body)
        db.session.add(template)
        audit.record("template.create", "template", key, f"Created email template {key!r}",
                     {"subject": subject, "body": body})
    return template


def update_template(key: str, changes: dict) -> EmailTemplate:
    """Change the subject and/or body. Raises NotFound, Invalid."""
    with transaction():
        template = get_template(key)
        _check_text(changes.get("subject"), changes.get("body"))
        before = {"subject": template.subject, "body": template.body}
        for field in ("subject", "body"):
            if field in changes:
                setattr(template, field, changes[field])
        audit.record("template.update", "template", key, f"Changed email template {key!r}",
                     audit.diff(before, {"subject": template.subject, "body": template.body}))
    return template


def _live_users_of(key: str) -> list[str]:
    rows = db.session.execute(
        select(Journey.key, JourneyVersion.graph)
        .join(JourneyVersion, (JourneyVersion.journey_id == Journey.id)
              & (JourneyVersion.version == Journey.published_version))
        .where(Journey.enabled.is_(True)))
    users = []
    for journey_key, graph in rows:
        for node in graph.get("nodes", ()):
            config = node.get("config") or {}
            if node.get("type") == "action" and config.get("action") == "send_email" \
                    and config.get("template") == key:
                users.append(journey_key)
                break
    return users


def delete_template(key: str) -> None:
    """Delete a template. Raises NotFound, Conflict while an enabled journey sends it."""
    with transaction():
        template = get_template(key)
        users = _live_users_of(key)
        if users:
            raise Conflict(f"Enabled journeys send {key!r}: {', '.join(sorted(users))}; disable them first.",
                           details={"journeys": sorted(users)})
        audit.record("template.delete", "template", key, f"Deleted email template {key!r}",
                     {"subject": template.subject})
        db.session.delete(template)


def preview(key: str, account, contact: dict | None = None) -> dict:
    """Render the template for ``account`` (account JSON, or a stored account's external_id).

    Returns ``{"subject", "body"}``; writes nothing. Raises NotFound, Invalid.
    """
    template = get_template(key)
    if isinstance(account, str):
        stored = None if "\x00" in account else db.session.scalar(
            select(Account).where(Account.external_id == account))
        if stored is None:
            raise NotFound(f"No account {account!r}.")
        context = context_for_account(stored, contact)
    else:
        context = context_from_json(account or {}, contact)
    try:
        subject, body = render_email(template.subject, template.body, context)
    except TemplateError as exc:
        raise Invalid(f"The template does not render: {exc}") from None
    return {"subject": subject, "body": body}
