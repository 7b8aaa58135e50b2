"""The email outbox, newest first, and resending an email knowingly.

Email JSON: ``{"id", "to", "from", "subject", "body", "html_body", "status", "error",
"created_at", "sent_at", "account": {"external_id", "name"} | None, "journey": {"id", "key",
"name"} | None, "step": {"id", "label", "type", "action"} | None}`` — ``journey`` and ``step``
say which journey step put it in the outbox (two identical emails from two journeys told
apart): the step as the version the enrollment walked drew it (its label, None when it kept
its default name, which the canvas words from ``type`` and ``action``); None for a test email
(``backend/services/step_origins.py``, which suppressions share).

``resend(email_id, confirm)`` puts an ``uncertain`` email (its worker stopped
mid-send: it may have arrived) or a ``failed`` one back in the queue — ``queued``,
attempts 0, error cleared — and asks delivery to send it. It must be confirmed
(``confirm=True``), since the recipient may get it twice; without it, and for any
other status, it is a Conflict and nothing changes. Audited as ``outbox.resend``.
The email's enrollment is left as it is (a failed one is retried on its own).
"""
from __future__ import annotations

import logging

from sqlalchemy import ARRAY, Integer, any_, bindparam, false, func, or_, select, update

from ..db.bulk_sql import is_postgresql
from ..errors import Conflict, NotFound
from ..extensions import db
from ..jobs.queueing import enqueue_delivery
from ..models.accounts import Account
from ..models.outbox import OutboxEmail
from ..models.statuses import OutboxStatus
from ..segments.compile import fold
from . import audit
from .step_origins import step_origins
from .unit_of_work import transaction

RESENDABLE = (OutboxStatus.UNCERTAIN, OutboxStatus.FAILED)
log = logging.getLogger(__name__)
_WHY = {
    OutboxStatus.UNCERTAIN: "may already have reached {to}: the worker stopped while sending it, after "
                            "the mail server may have accepted it",
    OutboxStatus.FAILED: "failed ({error}); if it reached {to} after all, resending delivers it again",
}


def _origins(emails) -> dict[int, tuple[dict | None, dict | None]]:
    """{email id: (journey, step)} for the emails a journey step made (see module docstring and
    ``step_origins``): three small queries for a page of emails, whatever its size."""
    return step_origins({e.id: (e.journey_id, e.enrollment_id, e.node_id) for e in emails})


def email_json(email: OutboxEmail, origin: tuple[dict | None, dict | None] | None = None) -> dict:
    """The API shape of an outbox email; ``origin`` is its ``_origins`` entry (looked up when not given)."""
    if origin is None:
        origin = _origins([email]).get(email.id, (None, None))
    return {
        "id": email.id, "to": email.to_address, "from": email.from_address, "subject": email.subject,
        "body": email.body, "html_body": email.html_body, "status": email.status, "error": email.error,
        "created_at": email.created_at, "sent_at": email.sent_at,
        "opened_at": email.opened_at, "clicked_at": email.clicked_at,
        "account": ({"external_id": email.account.external_id, "name": email.account.name}
                    if email.account else None),
        "journey": origin[0], "step": origin[1],
    }


COUNT_CAP = 10_000


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


ACCOUNTS_LISTED = 5_000


def _of_accounts(accounts):
    """An email of an account ``accounts`` (a condition on ``Account``) selects.

    On PostgreSQL the accounts are looked up first and their ids given as an array: the planner
    then knows how many there are, and reads a few accounts' emails from
    ``ix_outbox_emails_account_id`` (OR-ed with the address's range) or walks the outbox newest
    first when they are many; behind a subquery it guessed, and either scanned the outbox or
    fetched every email of thousands of accounts to sort them. Past ``ACCOUNTS_LISTED`` accounts
    (a search matching most of them), and on SQLite, it is the subquery."""
    found = select(Account.id).where(accounts)
    if is_postgresql():
        ids = list(db.session.scalars(found.limit(ACCOUNTS_LISTED + 1)))
        if not ids:
            return false()
        if len(ids) <= ACCOUNTS_LISTED:
            listed = bindparam("account_ids", ids, type_=ARRAY(Integer), unique=True)
            return OutboxEmail.account_id == any_(listed)
    return OutboxEmail.account_id.in_(found)


def list_outbox(status: str | None = None, account: str | None = None, limit: int = 200,
                offset: int = 0, q: str | None = None, journey: int | None = None) -> dict:
    """``{"items", "total"}``: emails matching the filters, newest first, one page of them.

    ``status``; ``account`` (an external_id, exactly); ``q`` — a recipient address starting with
    it, or an account whose name or external id contains it (case-insensitive, as the Accounts
    search: the account ids first, then their emails); ``journey`` (an id: its steps' emails).
    ``total`` counts the matches up to ``COUNT_CAP`` (``total_is_more``: there are more), so a
    page can say "1–200 of N" or "of more than 10,000".
    """
    query = select(OutboxEmail.id)
    if status is not None:
        query = query.where(OutboxEmail.status == status)
    if account is not None:
        query = query.where(_of_accounts(Account.external_id == account))
    if journey is not None:
        query = query.where(OutboxEmail.journey_id == journey)
    q = (q or "").strip()
    if q:
        needle = _escape_like(fold(q))
        accounts = or_(Account.name_ci.like(f"%{needle}%", escape="\\"),
                       Account.external_id_ci.like(f"%{needle}%", escape="\\"))
        # lower(to_address) LIKE 'ann@%': a range of ix_outbox_emails_address on PostgreSQL
        query = query.where(or_(func.lower(OutboxEmail.to_address).like(f"{needle}%", escape="\\"),
                                _of_accounts(accounts)))
    # counted up to COUNT_CAP: an exact count of a large unfiltered outbox scans it all on every
    # page view; past the cap the page says "more than 10,000"
    total = db.session.scalar(select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery()))
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    ids = list(db.session.scalars(
        query.order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc()).limit(limit).offset(offset)))
    emails = {e.id: e for e in db.session.scalars(select(OutboxEmail).where(OutboxEmail.id.in_(ids))).unique()} \
        if ids else {}
    ordered = [emails[i] for i in ids if i in emails]
    origins = _origins(ordered)
    return {"items": [email_json(e, origins.get(e.id, (None, None))) for e in ordered], "total": total,
            "total_is_more": more}


def resend(email_id: int, confirm: bool = False) -> dict:
    """Queue an uncertain or failed email again (see module docstring); returns its JSON.

    Raises NotFound; Conflict (409) when it is not uncertain or failed, when ``confirm``
    is not given, or when its status changed meanwhile. Nothing is written then.
    """
    with transaction():
        email = db.session.get(OutboxEmail, email_id)
        if email is None:
            raise NotFound(f"No email with id {email_id}.")
        status = email.status
        if status not in RESENDABLE:
            raise Conflict(f"Only an email whose delivery is uncertain or failed can be resent; "
                           f"this one is {status}.", details={"status": status})
        if not confirm:
            why = _WHY[status].format(to=email.to_address, error=email.error or "no reason kept")
            raise Conflict(f"This email {why}. Send {{\"confirm\": true}} to resend it anyway.",
                           code="confirmation_required", details={"status": status})
        # only from the status read: a delivery or another resend in between makes this a 409
        changed = db.session.execute(
            update(OutboxEmail).where(OutboxEmail.id == email_id, OutboxEmail.status == status)
            .values(status=OutboxStatus.QUEUED, attempts=0, error=None, next_attempt_at=None)
            .execution_options(synchronize_session=False)).rowcount
        if changed != 1:
            raise Conflict("The email changed meanwhile; reload the outbox and try again.")
        audit.record("outbox.resend", "email", email_id,
                     f"Resent email “{email.subject}” to {email.to_address} ({status}, confirmed)",
                     {"status": {"from": status, "to": OutboxStatus.QUEUED}, "error": email.error,
                      "to": email.to_address, "subject": email.subject,
                      "account": email.account.external_id if email.account else None})
    db.session.refresh(email)
    try:
        enqueue_delivery([email_id])
    except Exception:  # Redis down: the email is queued; the scheduler's delivery tick sends it
        log.exception("could not queue the delivery of email %s; the scheduler will", email_id)
    return email_json(email)
