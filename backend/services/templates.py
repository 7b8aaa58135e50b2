"""Email templates: CRUD and preview with a sample or stored account.

A template has a subject, a text ``body`` and an optional ``html_body`` (the email then goes
out as multipart/alternative; merged values are HTML-escaped in it). ``{{ unsubscribe_url }}``
is the recipient's own unsubscribe link (empty in previews and for staff alerts).
``send_test(key, account, to)`` renders it for a stored account and queues it to ``to`` (a
staff user: the signed-in one unless another is named): an outbox row like any other, transactional (no unsubscribe link, no
tracking, never suppressed), delivered by the worker; audited ``template.test``.

Subjects and bodies are checked for Jinja2 syntax and the render budget on save (``Invalid`` with
``details: [{"field", "message"}]``), and for merge fields no account has (``{{ account.nmae }}``,
an unknown custom attribute: they would render blank; details carry ``code:
unknown_merge_field``). Deleting a template that an enabled
journey's live version sends is refused (``Conflict``).
"""
from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..errors import Conflict, Invalid, NotFound
from ..rendering.merge import context_for_account, context_from_json
from ..rendering.merge_fields import describe, unknown_fields
from ..rendering.templating import (BudgetExceeded, TemplateError, merge_context, render_email, render_text,
                                   template_problem)
from ..extensions import db
from ..models.accounts import Account
from ..models.attributes import AttributeDefinition
from ..models.journeys import Journey, JourneyVersion
from ..models.outbox import OutboxEmail
from ..models.settings import default_sender
from ..models.statuses import OutboxStatus
from ..models.templates import EmailTemplate
from ..models.users import StaffUser
from ..jobs.queueing import enqueue_delivery
from ..rendering.links import unsubscribe_url
from . import audit, workspace_settings
from .unit_of_work import transaction

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_FIELD_NAMES = {"subject": "Subject", "body": "Text body", "html_body": "HTML body"}


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


def _check_text(subject: str | None, body: str | None, html_body: str | None = None) -> None:
    texts = (("subject", subject), ("body", body), ("html_body", html_body))
    problems = [{"field": field, "message": problem} for field, text in texts
                if text is not None and (problem := template_problem(text) or _budget_problem(text))]
    if problems:
        raise Invalid("The template does not render: " + "; ".join(
            f"{p['field']}: {p['message']}" for p in problems), details=problems)
    custom_keys = set(db.session.scalars(select(AttributeDefinition.key)))
    unknown = [{"field": field, "code": "unknown_merge_field", "message": describe(found)}
               for field, text in texts if text and (found := unknown_fields(text, custom_keys))]
    if unknown:  # they would render blank in every email
        raise Invalid("The template names merge fields no account has: " + "; ".join(
            f"{_FIELD_NAMES[p['field']]}: {p['message']}" for p in unknown) + ".", details=unknown)


def create_template(key: str, subject: str, body: str, html_body: str | None = None) -> EmailTemplate:
    """Create a template. Raises Invalid (bad key or syntax), Conflict (key taken)."""
    with transaction(conflict=f"An email template {key!r} already exists."):
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            raise Invalid(f"The key {key!r} may hold letters, digits, '.', '-' and '_' (at most 100).")
        html_body = html_body or None
        _check_text(subject, body, html_body)
        if db.session.scalar(select(EmailTemplate.id).where(EmailTemplate.key == key)) is not None:
            raise Conflict(f"An email template {key!r} already exists.")
        template = EmailTemplate(key=key, subject=subject, body=body, html_body=html_body)
        db.session.add(template)
        audit.record("template.create", "template", key, f"Created email template {key!r}",
                     {"subject": subject, "body": body, "html_body": html_body})
    return template


def update_template(key: str, changes: dict) -> EmailTemplate:
    """Change the subject, body and/or html_body (empty or null: no HTML part). Raises
    NotFound, Invalid."""
    fields = ("subject", "body", "html_body")
    with transaction():
        template = get_template(key)
        if "html_body" in changes:
            changes = {**changes, "html_body": changes["html_body"] or None}
        _check_text(changes.get("subject"), changes.get("body"), changes.get("html_body"))
        before = {f: getattr(template, f) for f in fields}
        for field in fields:
            if field in changes:
                setattr(template, field, changes[field])
        audit.record("template.update", "template", key, f"Changed email template {key!r}",
                     audit.diff(before, {f: getattr(template, f) for f in fields}))
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


def _context(account, contact: dict | None = None) -> dict:
    """The render context for a stored account (external_id) or sample account JSON."""
    if isinstance(account, str):
        stored = None if "\x00" in account else db.session.scalar(
            select(Account).where(Account.external_id == account))
        if stored is None:
            raise NotFound(f"No account {account!r}.")
        return context_for_account(stored, contact)
    return context_from_json(account or {}, contact)


def _render(template: EmailTemplate, context: dict) -> dict:
    try:
        subject, body = render_email(template.subject, template.body, context)
        html = render_text(template.html_body, context, html=True) if template.html_body else None
    except TemplateError as exc:
        raise Invalid(f"The template does not render: {exc}") from None
    return {"subject": subject, "body": body, "html_body": html}


def preview(key: str, account, contact: dict | None = None) -> dict:
    """Render the template for ``account`` (account JSON, or a stored account's external_id).

    Returns ``{"subject", "body", "html_body"}``; writes nothing. Raises NotFound, Invalid.
    """
    return _render(get_template(key), _context(account, contact))


def send_test(key: str | None, account: str, to: str | None, content: dict | None = None) -> dict:
    """Render a template (or ``content``: ``{"subject", "body", "html_body"}``) for the stored
    account ``account`` (its first contact) and queue it to ``to``, a staff user (by default
    the signed-in one: tests never go to customers).

    Returns the outbox email ``{"id", "to", "subject", "status"}``. Raises NotFound (template,
    account), Invalid (no address to send to, or it does not render)."""
    if not to:
        raise Invalid("A test goes to the signed-in user's email address; sign in to the designer, "
                      "or name a staff user in 'to' (an API token has no address).")
    staff = db.session.scalar(select(StaffUser).where(StaffUser.email == to.strip().lower()))
    if staff is None:
        raise Invalid(f"Tests go to staff only: {to!r} is not a staff user.",
                      details={"to": ["Must be a staff user's email."]})
    to = staff.email
    if key is not None:
        template = get_template(key)
    else:
        _check_text(content.get("subject"), content.get("body"), content.get("html_body"))
        template = EmailTemplate(subject=content["subject"], body=content["body"],
                                 html_body=content.get("html_body") or None)
    stored = None if "\x00" in account else db.session.scalar(
        select(Account).where(Account.external_id == account))
    if stored is None:
        raise NotFound(f"No account {account!r}.")
    base = workspace_settings.load()["public_url"]
    # the test's unsubscribe link names the tester, never the customer it was rendered for
    context = {**context_for_account(stored),
               "unsubscribe_url": unsubscribe_url(base, str(current_app.config["SECRET_KEY"]), to)}
    rendered = _render(template, context)
    deliver = bool(current_app.config.get("SMTP_URL"))
    subject = f"[Test] {rendered['subject']}"[:1000]
    with transaction():
        csm = db.session.get(StaffUser, stored.csm_id) if stored.csm_id else None
        email = OutboxEmail(to_address=to, from_address=csm.email if csm else default_sender(),
                            subject=subject, body=rendered["body"], html_body=rendered["html_body"],
                            status=OutboxStatus.QUEUED if deliver else OutboxStatus.KEPT,
                            account_id=stored.id, template_key=key, unsubscribable=False,
                            attempts=0, created_at=clock.now())
        db.session.add(email)
        db.session.flush()
        audit.record("template.test", "template", key or "(written in the node)",
                     f"Sent a test of {key or 'an email'} for {account} to {to}",
                     {"account": account, "to": to, "email_id": email.id})
    if deliver:
        enqueue_delivery([email.id])
    return {"id": email.id, "to": to, "subject": subject, "status": email.status}
