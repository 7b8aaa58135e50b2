"""Test sends (SPEC §8): a template rendered for a chosen account goes to staff only, as an
outbox email delivered by the worker, multipart, untracked, without List-Unsubscribe."""
from __future__ import annotations

from sqlalchemy import select

from backend.extensions import db
from backend.models.outbox import OutboxEmail


def test_test_send_goes_to_staff_only_and_arrives_multipart(ws, app, smtp_server):
    app.config["SMTP_URL"] = smtp_server.url
    try:
        ws.call("PUT", "/api/settings", {"tracking": True})
        ws.call("PUT", "/api/templates/welcome", {"html_body": "<p>Hi <b>{{ contact.name }}</b> "
                                                               "<a href='https://docs.example.com/'>docs</a></p>"})
        ws.account("acme", name="Acme & Sons", csm="asha@example.com")
        # an API token has no address of its own; a customer is never a test recipient
        assert ws.call("POST", "/api/templates/welcome/test", {"account": "acme"}, expect=422)
        refused = ws.call("POST", "/api/templates/welcome/test", {"account": "acme", "to": "ana@acme.example"},
                          expect=422)
        assert "staff" in refused["error"]["message"]
        ws.call("POST", "/api/templates/welcome/test", {"account": "nobody", "to": "asha@example.com"}, expect=404)
        ws.call("POST", "/api/templates/missing/test", {"account": "acme", "to": "asha@example.com"}, expect=404)
        ws.call("POST", "/api/emails/test", {"account": "acme", "to": "asha@example.com", "subject": "x",
                                             "body": "{{ oops"}, expect=422)
        sent = ws.call("POST", "/api/templates/welcome/test", {"account": "acme", "to": "ASHA@example.com"},
                       expect=201)
        assert (sent["to"], sent["subject"], sent["status"]) == ("asha@example.com", "[Test] Welcome, Acme & Sons",
                                                                 "queued")
        ws.work()
        [message] = smtp_server.messages
        assert message["To"] == "asha@example.com" and message.get_content_type() == "multipart/alternative"
        assert message["List-Unsubscribe"] is None
        html = message.get_body(("html",)).get_content()
        assert "<b>Ana</b>" in html and "href='https://docs.example.com/'" in html and "/t/o/" not in html
        with app.app_context():
            row = db.session.scalar(select(OutboxEmail))
            assert (row.status, row.unsubscribable, row.template_key) == ("sent", False, "welcome")
    finally:
        app.config["SMTP_URL"] = None
