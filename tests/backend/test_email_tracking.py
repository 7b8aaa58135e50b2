"""Engagement (SPEC §8): multipart journey emails with tracked links and the open pixel, signed
click redirects that go only where the token says, and email.opened / email.clicked events on
the account — through a real SMTP server and the real engine."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from backend.engine.email_links import link_settings
from backend.extensions import db
from backend.models.events import Event
from backend.models.outbox import OutboxEmail
from backend.rendering.links import click_url, open_url, sign
from backend.services import workspace_settings

BASE = "https://journeys.example.com"
GRAPH = {"format": "journey/v1", "nodes": [
    {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                 "enroll_existing": True}},
    {"id": "n4", "type": "action", "config": {"action": "send_email", "template": "welcome",
                                              "to": {"contacts": "all"}}},
    {"id": "done", "type": "end"}],
    "edges": [{"source": "start", "target": "n4"}, {"source": "n4", "target": "done"}]}
TEXT = "Hi {{ contact.name }}, see https://docs.example.com/start?a=1&b=2. Bye: {{ unsubscribe_url }}"
HTML = ('<html><body><p>Hi {{ contact.name }} &amp; <b>{{ account.name }}</b></p>'
        '<a href="https://docs.example.com/start?a=1&amp;b=2">Start</a>'
        '<a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>')


@pytest.fixture()
def sent(ws, app, smtp_server):
    """One journey email to acme's contact, as it arrived."""
    def send(tracking: bool = True, name: str = "Acme <script>"):
        app.config["SMTP_URL"] = smtp_server.url
        ws.call("PUT", "/api/settings", {"public_url": BASE, "tracking": tracking})
        ws.call("PUT", "/api/templates/welcome", {"body": TEXT, "html_body": HTML})
        ws.account("acme", name=name)
        ws.journey("welcome", GRAPH)
        ws.work()
        [message] = smtp_server.messages
        return message
    yield send
    app.config["SMTP_URL"] = None


def _parts(message):
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def test_multipart_with_tracked_links_and_pixel(sent):
    message = sent()
    assert message.get_content_type() == "multipart/alternative"
    text, html = _parts(message)
    assert "Acme &lt;script&gt;" in html and "<script>" not in html  # merged values escaped
    assert "docs.example.com" not in text and "docs.example.com" not in html  # every link tracked
    assert re.search(rf"{BASE}/t/c/\S+\. Bye: {BASE}/u/", text)  # the full stop stays outside
    assert len(re.findall(rf'href="{BASE}/t/c/', html)) == 1
    assert re.search(rf'href="{BASE}/u/[^"]+">Unsubscribe', html)  # unsubscribe is not tracked
    assert re.search(rf'<img src="{BASE}/t/o/[^"]+"[^>]*></body>', html)


def test_tracking_off_sends_links_as_written_and_no_pixel(sent):
    text, html = _parts(sent(tracking=False))
    assert "https://docs.example.com/start?a=1&b=2." in text
    assert 'href="https://docs.example.com/start?a=1&amp;b=2"' in html
    assert "/t/o/" not in html and "/t/c/" not in text + html


def test_open_and_click_record_events_and_redirect_only_to_the_signed_url(sent, ws, app, client):
    text, html = _parts(sent())
    click_path = re.search(rf"{BASE}(/t/c/\S+?)\. Bye", text).group(1)
    pixel_path = re.search(rf'<img src="{BASE}(/t/o/[^"]+)"', html).group(1)
    for _ in range(2):  # a second load of the pixel is not a second open
        pixel = client.get(pixel_path)
        assert pixel.status_code == 200 and pixel.mimetype == "image/gif" and pixel.data[:4] == b"GIF8"
    response = client.get(click_path + "?url=https://evil.example/")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://docs.example.com/start?a=1&b=2"
    with app.app_context():
        email = db.session.scalar(select(OutboxEmail))
        assert email.opened_at is not None and email.clicked_at is not None
        events = {e.name: e for e in db.session.scalars(select(Event))}
        assert set(events) == {"email.opened", "email.clicked"}
        assert db.session.scalar(select(db.func.count()).select_from(Event)) == 2
        assert events["email.clicked"].properties == {
            "journey": "welcome", "node": "n4", "template": "welcome", "to": "ana@acme.example",
            "url": "https://docs.example.com/start?a=1&b=2"}
        assert events["email.opened"].properties["node"] == "n4"
    # the outbox (the account page's Emails) says it was opened and clicked, and when
    [listed_email] = ws.call("GET", "/api/outbox?account=acme")["items"]
    assert listed_email["opened_at"] is not None and listed_email["clicked_at"] is not None
    listed = ws.call("GET", "/api/events?account=acme")["items"]
    assert {e["name"] for e in listed} == {"email.opened", "email.clicked"}
    unsubscribe = re.search(rf"{BASE}(/u/\S+)", text).group(1)
    assert client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.get(click_path).status_code == 302  # a second click: a second event, counted once
    [journey] = ws.call("GET", "/api/journeys")["items"]
    stats = ws.call("GET", f"/api/journeys/{journey['id']}/stats")["nodes"]
    assert stats["n4"]["emails"] == {"sent": 1, "emailed": 1, "kept": 0, "queued": 0, "opened": 1, "clicked": 1,
                                     "unsubscribed": 1}
    assert "emails" not in stats["start"]


def test_altered_and_foreign_tokens_never_redirect(sent, app, client):
    sent()
    with app.app_context():
        email_id = db.session.scalar(select(OutboxEmail.id))
        secret = app.config["SECRET_KEY"]
        good = click_url("", secret, email_id, "https://docs.example.com/")
    token = good.split("/t/c/")[1]
    payload, signature = token.rsplit(".", 1)
    forged_payload = sign("another-secret", "click", {"e": email_id, "u": "https://evil.example/"})
    bad = [
        "/t/c/" + payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:],  # altered signature
        "/t/c/" + forged_payload,                                                  # signed elsewhere
        "/t/c/" + forged_payload.rsplit(".", 1)[0] + "." + signature,              # other URL, our signature
        open_url("", secret, email_id),                                            # an open token as a click
        "/t/c/" + sign(secret, "click", {"e": email_id, "u": "javascript:alert(1)"}),  # not a web address
        "/t/c/" + sign(secret, "click", {"e": email_id, "u": "//evil.example"}),
    ]
    for path in bad:
        path = path.replace("/t/o/", "/t/c/")
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Location" not in response.headers
    assert client.get("/t/o/" + forged_payload).status_code == 404
    assert client.get(good).headers["Location"] == "https://docs.example.com/"
    with app.app_context():
        assert [e.properties["url"] for e in db.session.scalars(
            select(Event).where(Event.name == "email.clicked"))] == ["https://docs.example.com/"]


def test_the_engine_reads_the_settings_the_api_writes(ws, app):
    with app.app_context():
        assert (link_settings().public_url, link_settings().tracking) == \
            (workspace_settings.load()["public_url"], workspace_settings.load()["tracking"])
    ws.call("PUT", "/api/settings", {"public_url": "https://x.example/app/", "tracking": False})
    with app.app_context():
        settings = workspace_settings.load()
        assert (link_settings().public_url, link_settings().tracking) == \
            (settings["public_url"], settings["tracking"]) == ("https://x.example/app", False)


def test_a_wait_until_the_email_is_opened_moves_on_when_the_pixel_loads(ws, app, client, smtp_server):
    """SPEC §8's example: wait until email.opened where node = n4 (timeout 3 days)."""
    app.config["SMTP_URL"] = smtp_server.url
    try:
        ws.call("PUT", "/api/settings", {"public_url": BASE, "tracking": True})
        ws.call("PUT", "/api/templates/welcome", {"body": "Hi", "html_body": "<p>Hi</p>"})
        graph = {**GRAPH, "nodes": GRAPH["nodes"][:2] + [
            {"id": "read", "type": "wait", "config": {"until_event": {
                "name": "email.opened", "timeout": {"days": 3},
                "where": {"all": [{"property": "properties.node", "op": "eq", "value": "n4"}]}}}},
            {"id": "thanks", "type": "action", "config": {"action": "create_task", "title": "They read it",
                                                          "assignee": "csm", "due_in_days": 1, "priority": "low"}},
            {"id": "done", "type": "end"}],
            "edges": [{"source": "start", "target": "n4"}, {"source": "n4", "target": "read"},
                      {"source": "read", "target": "thanks", "branch": "met"},
                      {"source": "read", "target": "done", "branch": "timeout"},
                      {"source": "thanks", "target": "done"}]}
        ws.account("acme")
        ws.journey("welcome", graph)
        ws.work()
        [message] = smtp_server.messages
        [enrollment] = ws.timeline("acme")
        assert enrollment["current_node"] == "read" and enrollment["status"] == "active"
        pixel = re.search(rf'<img src="{BASE}(/t/o/[^"]+)"', message.get_body(("html",)).get_content()).group(1)
        ws.clock.advance(hours=1)
        assert client.get(pixel).status_code == 200
        ws.work()
        [enrollment] = ws.timeline("acme")
        assert [(s["node_id"], s["outcome"]) for s in enrollment["steps"]][2:4] == [("read", "waiting"), ("read", "met")]
        assert enrollment["status"] == "completed"
    finally:
        app.config["SMTP_URL"] = None
