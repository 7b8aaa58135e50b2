"""Unsubscribe (SPEC §8): RFC 8058 headers, the confirm page and one-click POST with no login,
signed tokens, the suppression list, and no journey email to a suppressed address — checked
with a real SMTP server (aiosmtpd) and the real engine."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.models.outbox import OutboxEmail
from backend.models.suppressions import Suppression
from backend.rendering.links import sign, unsubscribe_url

ENTRY = {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"],
                                                    "reenroll": {"mode": "never"},
                                                    "enroll_existing": True}}


def _graph(*mails):
    nodes = [ENTRY] + [{"id": f"m{i}", "type": "action", "config": {
        "action": "send_email", "template": "welcome", "to": to}} for i, to in enumerate(mails)]
    nodes.append({"id": "done", "type": "end"})
    ids = [n["id"] for n in nodes]
    return {"format": "journey/v1", "nodes": nodes,
            "edges": [{"source": a, "target": b} for a, b in zip(ids, ids[1:])]}


@pytest.fixture()
def mail_ws(ws, app, smtp_server):
    app.config["SMTP_URL"] = smtp_server.url
    ws.call("PUT", "/api/settings", {"public_url": "https://journeys.example.com"})
    ws.call("PUT", "/api/templates/welcome", {"body": "Hi {{ contact.name }}. Leave: {{ unsubscribe_url }}"})
    yield ws
    app.config["SMTP_URL"] = None


def _received(smtp_server, to):
    return [m for m in smtp_server.messages if m["To"] == to]


def test_journey_email_carries_rfc8058_headers_and_the_merge_field(mail_ws, smtp_server):
    mail_ws.account("acme")
    mail_ws.journey("welcome", _graph({"contacts": "all"}))
    mail_ws.work()
    [message] = _received(smtp_server, "ana@acme.example")
    header = message["List-Unsubscribe"].strip()
    assert re.fullmatch(r"<https://journeys\.example\.com/u/[A-Za-z0-9_.-]+>", header)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https://journeys\.example\.com/u/\S+", body).group(0)
    assert link.split("/u/")[1].split(".")[0] == header[1:-1].split("/u/")[1].split(".")[0]


def test_confirm_page_then_one_click_post_without_login_and_no_more_email(mail_ws, app, client, smtp_server):
    mail_ws.account("acme")
    mail_ws.journey("welcome", _graph({"contacts": "all"}))
    mail_ws.work()
    [message] = _received(smtp_server, "ana@acme.example")
    path = message["List-Unsubscribe"].strip()[1:-1].replace("https://journeys.example.com", "")
    page = client.get(path)  # no session, no token: a stranger's browser
    assert page.status_code == 200 and b"ana@acme.example" in page.data and b"<form" in page.data
    assert b"<script" not in page.data and "Content-Security-Policy" in page.headers
    with app.app_context():
        assert db.session.scalar(select(Suppression)) is None  # GET never unsubscribes
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"unsubscribed" in done.data
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # again: no-op
    with app.app_context():
        [row] = db.session.scalars(select(Suppression)).all()
        assert (row.address, row.reason, row.source, row.node_id) == \
            ("ana@acme.example", "unsubscribed", "one_click", "m0")
        assert db.session.scalar(select(OutboxEmail.unsubscribed_at)) is not None
        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "suppression.unsubscribe")).all()
        assert entry.actor == "ana@acme.example"
    # a second journey mails the contact (skipped) and the CSM (a staff alert: still sent)
    mail_ws.patch("acme", csm="asha@example.com")
    mail_ws.journey("again", _graph({"contacts": "all"}, {"csm": True}))
    mail_ws.work()
    assert len(_received(smtp_server, "ana@acme.example")) == 1
    assert len(_received(smtp_server, "asha@example.com")) == 1
    steps = [s for e in mail_ws.timeline("acme") for s in e["steps"] if s.get("node_id") == "m0"]
    skipped = [s for s in steps if "unsubscribed (ana@acme.example)" in str(s["detail"])]
    assert len(skipped) == 1, steps


def test_the_suppression_names_the_journey_and_step_as_the_outbox_does(mail_ws, app, client, smtp_server):
    """"From" is the step's name on the canvas ("Nudge"), not its id: the same ``journey`` and
    ``step`` objects as the outbox email it came in, as the version the enrollment walked drew
    it (a later version renaming the step does not rename where the person left)."""
    graph = _graph({"contacts": "all"})
    graph["nodes"][1]["label"] = "Nudge"
    mail_ws.account("acme")
    journey_id = mail_ws.journey("capped", graph)
    mail_ws.work()
    [message] = _received(smtp_server, "ana@acme.example")
    path = message["List-Unsubscribe"].strip()[1:-1].replace("https://journeys.example.com", "")
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    graph["nodes"][1]["label"] = "Nudge, reworded"
    draft = mail_ws.call("GET", f"/api/journeys/{journey_id}")["draft_version"]
    mail_ws.call("PUT", f"/api/journeys/{journey_id}", {"graph": graph, "draft_version": draft})
    mail_ws.call("POST", f"/api/journeys/{journey_id}/publish", {})

    [row] = mail_ws.call("GET", "/api/suppressions")["items"]
    [email] = mail_ws.call("GET", "/api/outbox")["items"]
    assert row["journey"] == {"id": journey_id, "key": "capped", "name": "capped"} == email["journey"]
    assert row["step"] == {"id": "m0", "label": "Nudge", "type": "action", "action": "send_email"} == email["step"]
    assert row["node_id"] == "m0"
    [listed] = mail_ws.call("GET", "/api/suppressions?account=acme")["items"]
    assert listed["step"]["label"] == "Nudge"


def test_forged_and_altered_tokens_are_refused_and_change_nothing(mail_ws, app, client):
    with app.app_context():
        good = unsubscribe_url("", app.config["SECRET_KEY"], "ana@acme.example")
    forged = unsubscribe_url("", "not-the-secret", "ana@acme.example")
    payload, signature = good.rsplit(".", 1)
    altered = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    with app.app_context():
        other_kind = "/u/" + sign(app.config["SECRET_KEY"], "open", {"a": "ana@acme.example"})
    for path in (forged, altered, other_kind, "/u/garbage", "/u/" + "x" * 5000):
        for response in (client.get(path), client.post(path, data={"List-Unsubscribe": "One-Click"})):
            assert response.status_code == 400, path
            assert b"not valid" in response.data
    with app.app_context():
        assert db.session.scalar(select(Suppression)) is None
    assert client.post(good).status_code == 200  # the real one works


def test_address_suppressed_between_queue_and_send_is_not_sent(mail_ws, app, smtp_server):
    from backend.engine.delivery import deliver_outbox

    with app.app_context():  # queued by a round, not delivered yet
        for index, (to, unsubscribable) in enumerate((("ana@acme.example", True),
                                                      ("ana@acme.example", False),
                                                      ("bo@acme.example", True))):
            db.session.add(OutboxEmail(to_address=to, from_address="csm@example.com", subject="Hi",
                                       body="Hello", status="queued", attempts=0,
                                       unsubscribable=unsubscribable, effect_key=f"k{index}"))
        db.session.commit()
    mail_ws.call("POST", "/api/suppressions", {"address": "ANA@acme.example", "note": "asked by phone"},
                 expect=201)
    with app.app_context():
        counts = deliver_outbox(list(db.session.scalars(select(OutboxEmail.id))))
        statuses = {r.effect_key: (r.status, r.error) for r in db.session.scalars(select(OutboxEmail))}
    assert counts == {"sent": 2, "suppressed": 1}
    assert statuses["k0"][0] == "suppressed" and "unsubscribed" in statuses["k0"][1]
    assert statuses["k1"][0] == statuses["k2"][0] == "sent"  # transactional: sent all the same
    assert [m["To"] for m in smtp_server.messages].count("ana@acme.example") == 1
    [transactional] = _received(smtp_server, "ana@acme.example")
    assert transactional["List-Unsubscribe"] is None


def test_suppressions_api(ws, app, client, admin_headers, csm_headers):
    ws.account("acme")
    assert ws.call("POST", "/api/suppressions", {"address": "nope"}, expect=422)["error"]
    made = ws.call("POST", "/api/suppressions", {"address": " Ana@Acme.example ", "note": "bounced"}, expect=201)
    assert (made["address"], made["reason"], made["source"]) == ("ana@acme.example", "manual", "api")
    ws.call("POST", "/api/suppressions", {"address": "ana@acme.example"}, expect=409)
    ws.call("POST", "/api/suppressions", {"address": "zed@elsewhere.example"}, expect=201)
    assert client.post("/api/suppressions", json={"address": "x@y.example"},
                       headers=csm_headers).status_code == 403
    listed = ws.call("GET", "/api/suppressions?account=acme")
    assert [s["address"] for s in listed["items"]] == ["ana@acme.example"] and listed["total"] == 1
    assert ws.call("GET", "/api/suppressions?q=zed")["total"] == 1
    ws.call("GET", "/api/suppressions?account=missing", expect=404)
    assert client.delete("/api/suppressions/ana@acme.example", headers=admin_headers).status_code == 204
    assert client.delete("/api/suppressions/ana@acme.example", headers=admin_headers).status_code == 404
    with app.app_context():
        actions = [a for (a,) in db.session.execute(select(AuditEntry.action).where(
            AuditEntry.action.like("suppression.%")).order_by(AuditEntry.id))]
    assert actions == ["suppression.create", "suppression.create", "suppression.delete"]
