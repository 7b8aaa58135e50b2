"""Resending an email knowingly (issue 18): ``POST /api/outbox/<id>/resend``.

An ``uncertain`` email (its worker stopped mid-send: it may have arrived) or a ``failed`` one is
queued again only with ``{"confirm": true}`` (else 409, saying it may already have arrived);
any other status is a 409; support may not; it is audited; delivery then sends it. An uncertain
email's completed enrollment stays completed throughout.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.engine.delivery import settle_interrupted
from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.models.enrollments import Enrollment
from backend.models.outbox import OutboxEmail
from backend.models.statuses import OutboxStatus
from tests.backend.engine_helpers import Workspace

from .journey_workspace import add_account

MAIL = {"format": "journey/v1", "nodes": [
    {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                 "enroll_existing": False}},
    {"id": "mail", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                                "to": {"contacts": "all"}}},
    {"id": "done", "type": "end"}],
    "edges": [{"source": "start", "target": "mail"}, {"source": "mail", "target": "done"}]}


def add_email(app, status: str, **fields) -> int:
    account = fields.pop("account_id", None)
    with app.app_context():
        email = OutboxEmail(to_address="ann@acme.test", from_address="asha@example.com", subject="Welcome",
                            body="Hi Ann", status=status, attempts=3, account_id=account,
                            error=fields.pop("error", None), **fields)
        db.session.add(email)
        db.session.commit()
        return email.id


def email_row(app, email_id: int) -> tuple:
    with app.app_context():
        email = db.session.get(OutboxEmail, email_id)
        return email.status, email.attempts, email.error


def audit_entries(app, action: str = "outbox.resend") -> list[AuditEntry]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))
        db.session.expunge_all()
        return found


def resend(client, headers, email_id, body=None):
    response = client.post(f"/api/outbox/{email_id}/resend", json={} if body is None else body, headers=headers)
    return response.status_code, response.get_json()


@pytest.mark.parametrize("status, words", [("uncertain", "may already have reached ann@acme.test"),
                                           ("failed", "550 no such user")])
def test_an_uncertain_or_failed_email_needs_confirming(app, client, admin_headers, status, words):
    email_id = add_email(app, status, error="550 no such user" if status == "failed" else "delivery uncertain: ...")
    before = email_row(app, email_id)
    for body in ({}, {"confirm": False}):
        code, answer = resend(client, admin_headers, email_id, body)
        assert code == 409, answer
        assert set(answer["error"]) == {"code", "message", "details"}
        assert answer["error"]["code"] == "confirmation_required"
        assert words in answer["error"]["message"] and '"confirm": true' in answer["error"]["message"]
        assert email_row(app, email_id) == before
    assert audit_entries(app) == []

    code, answer = resend(client, admin_headers, email_id, {"confirm": True})
    assert code == 200, answer
    assert (answer["id"], answer["status"], answer["error"]) == (email_id, "queued", None)
    assert email_row(app, email_id) == ("queued", 0, None)
    [entry] = audit_entries(app)
    assert (entry.actor, entry.actor_type, entry.target_type, entry.target_id) == (
        "test-admin", "token", "email", str(email_id))
    assert entry.changes["status"] == {"from": status, "to": "queued"}
    assert entry.changes["to"] == "ann@acme.test" and "Welcome" in entry.summary


@pytest.mark.parametrize("status", [s for s in OutboxStatus if s not in ("uncertain", "failed")])
def test_any_other_status_is_a_409_even_confirmed(app, client, admin_headers, status):
    email_id = add_email(app, status)
    code, answer = resend(client, admin_headers, email_id, {"confirm": True})
    assert code == 409 and answer["error"]["code"] == "conflict"
    assert status in answer["error"]["message"]
    assert email_row(app, email_id) == (status, 3, None)
    assert audit_entries(app) == []


def test_roles_and_missing_emails(app, client, admin_headers, csm_headers, support_headers):
    email_id = add_email(app, "uncertain")
    assert resend(client, support_headers, email_id, {"confirm": True})[0] == 403
    assert email_row(app, email_id)[0] == "uncertain"
    assert resend(client, csm_headers, email_id, {"confirm": True})[1]["status"] == "queued"
    assert audit_entries(app)[0].actor == "test-csm"
    assert resend(client, admin_headers, 999999, {"confirm": True})[0] == 404
    assert resend(client, admin_headers, email_id, {"confirm": "yes please"})[0] == 422
    assert client.post(f"/api/outbox/{email_id}/resend", headers=admin_headers).status_code in (409, 415)


def test_the_resent_email_is_delivered_and_the_enrollment_stays_completed(app, client, admin_headers,
                                                                        smtp_server):
    """The whole way: sent by a journey, left 'sending' by a dead worker, settled uncertain (the
    enrollment stays completed, nothing resent on its own), resent knowingly, delivered."""
    ws = Workspace(app, client, admin_headers)
    ws.clock.moment = datetime.now(timezone.utc)
    app.config["SMTP_URL"] = smtp_server.url
    try:
        ws.setup_catalog()
        ws.journey("mail", MAIL)
        ws.account("acme")
        ws.work()
        assert len(smtp_server.messages) == 1
        with app.app_context():
            [email] = db.session.scalars(select(OutboxEmail)).all()
            assert email.status == "sent"
            # a worker claimed it, handed it to the server and died before recording it
            email.status, email.sent_at = OutboxStatus.SENDING, None
            email.next_attempt_at = ws.clock() - timedelta(minutes=11)
            db.session.commit()
            assert settle_interrupted(ws.clock()) == 1
            email_id = email.id
        ws.tick(minutes=1)
        assert email_row(app, email_id)[0] == "uncertain" and len(smtp_server.messages) == 1

        [listed] = client.get("/api/outbox?status=uncertain", headers=admin_headers).get_json()["items"]
        assert listed["id"] == email_id and "may have gone out" in listed["error"]
        assert resend(client, admin_headers, email_id)[0] == 409
        code, answer = resend(client, admin_headers, email_id, {"confirm": True})
        assert code == 200 and answer["status"] == "queued"
        ws.work()  # the delivery job resend enqueued
        assert email_row(app, email_id) == ("sent", 1, None)
        assert len(smtp_server.messages) == 2 and smtp_server.messages[-1]["Subject"] == "Welcome, Acme"
        with app.app_context():
            assert [e.status for e in db.session.scalars(select(Enrollment))] == ["completed"]
    finally:
        app.config["SMTP_URL"] = None
        ws.close()


def test_the_scheduler_sends_it_when_the_delivery_job_was_lost(app, client, admin_headers, monkeypatch):
    """Redis refusing the job does not fail the resend: the email is queued in the database and
    the scheduler's due-email tick delivers it (kept here, with no SMTP_URL)."""
    from backend.services import outbox as outbox_service

    def down(ids):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(outbox_service, "enqueue_delivery", down)
    email_id = add_email(app, "uncertain", account_id=add_account(app, "acme", "Acme"))
    assert resend(client, admin_headers, email_id, {"confirm": True})[0] == 200
    ws = Workspace(app, client, admin_headers)
    ws.clock.moment = datetime.now(timezone.utc)
    try:
        ws.tick(seconds=1)
    finally:
        ws.close()
    assert email_row(app, email_id)[0] == "kept"
