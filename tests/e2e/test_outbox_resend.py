"""Resending an email whose delivery is uncertain, in the browser, with a real mail server.

The product runs under the runner with ``SMTP_URL`` pointing at an aiosmtpd server this test
starts. A journey sends an email (it arrives); the row is then left as a worker killed between
the server's "250 OK" and recording it leaves it (``uncertain``). In the Outbox the admin filters
"Delivery uncertain — may have been sent", presses "Resend…", reads that it may already have
reached the recipient, resends anyway, and sees it sent; the server got it a second time.
"""
from __future__ import annotations

import time
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.conftest import _Inbox, make_test_database
from tests.e2e.api import Api
from tests.e2e.conftest import log_in, screenshot
from tests.served import ServedApp


@pytest.fixture(scope="module")
def inbox():
    from aiosmtpd.controller import Controller

    from backend.redis_server import free_port

    received = _Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    received.url = f"smtp://127.0.0.1:{controller.port}"
    yield received
    controller.stop()


@pytest.fixture(scope="module")
def mailing(tmp_path_factory, inbox):
    """The product with a mail server: (served app, admin API client, database URL)."""
    database_url = make_test_database(tmp_path_factory, "e2e_resend")
    app = ServedApp(tmp_path_factory.mktemp("e2e-resend"), database_url, extra_env={"SMTP_URL": inbox.url})
    try:
        app.wait_healthy()
        token = app.flask("token", "create", "--role", "admin", "--name", "e2e-resend").strip().splitlines()[-1]
        yield app, Api(app.base_url, token), database_url
    finally:
        app.stop()


def wait_until(check, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout} s")


def test_resend_an_uncertain_email_knowingly(mailing, inbox, page):
    served, api, database_url = mailing
    sfx = uuid.uuid4().hex[:8]
    api.post("/api/templates", {"key": f"hello-{sfx}", "subject": f"Hello {sfx}", "body": "Hi {{ contact.name }}"})
    api.post("/api/segments", {"key": f"seg-{sfx}", "name": f"Segment {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [f"seg-{sfx}"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "hello", "type": "action", "config": {"action": "send_email", "template": f"hello-{sfx}",
                                                     "to": {"contacts": "all"}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "hello"}, {"source": "hello", "target": "done"}]}
    journey = api.post("/api/journeys", {"key": f"resend-{sfx}", "name": f"Resend {sfx}", "graph": graph})
    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    api.put(f"/api/accounts/acme-{sfx}", {"name": f"Acme {sfx}", "stage": sfx,
                                          "contacts": [{"name": "Ana", "email": f"ana@{sfx}.example.com"}]})
    [email] = api.wait_for(f"/api/outbox?account=acme-{sfx}", lambda r: r["items"] and r["items"][0]["status"] == "sent",
                           what="the journey's email sent")["items"]
    arrived = [m for m in inbox.messages if m["Subject"] == f"Hello {sfx}"]
    assert len(arrived) == 1

    # A worker killed after the server accepted the message, before recording it, leaves it
    # 'sending'; housekeeping settles such rows as 'uncertain' (backend.engine.delivery).
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE outbox_emails SET status = 'uncertain', sent_at = NULL, error = :note "
                          "WHERE id = :id"), {"id": email["id"], "note": "delivery uncertain: the worker "
                                              "stopped while sending, so the message may have gone out"})
    engine.dispose()
    completed = api.get(f"/api/accounts/acme-{sfx}/journeys")["enrollments"][0]["status"]
    assert completed == "completed"

    password = (served.instance / "admin-password.txt").read_text().strip()
    log_in(page, served.base_url, password)
    page.get_by_role("navigation").get_by_role("link", name="Outbox").click()
    page.get_by_label("Status").select_option(label="Delivery uncertain — may have been sent")
    table = page.get_by_role("table", name="Emails")
    row = table.get_by_role("row").filter(has_text=f"Hello {sfx}")
    expect(row).to_contain_text("Delivery uncertain — may have been sent")
    row.get_by_role("button", name=f"Resend Hello {sfx} to ana@{sfx}.example.com").click()
    dialog = page.get_by_role("alertdialog", name=f"Resend “Hello {sfx}”?")
    expect(dialog).to_contain_text(f"This message may already have reached ana@{sfx}.example.com")
    expect(dialog).to_contain_text("they may get it twice")
    screenshot(page, "outbox-resend-uncertain")
    dialog.get_by_role("button", name="Resend anyway").click()
    expect(page.get_by_role("status", name="Resent")).to_contain_text(f"“Hello {sfx}” to ana@{sfx}.example.com is queued")
    expect(dialog).to_have_count(0)

    wait_until(lambda: len([m for m in inbox.messages if m["Subject"] == f"Hello {sfx}"]) == 2,
               "the resent email reaching the mail server")
    page.get_by_label("Status").select_option(label="Sent")
    expect(page.get_by_role("table", name="Emails").get_by_role("row").filter(has_text=f"Hello {sfx}")
           ).to_contain_text("Sent")
    assert api.get(f"/api/accounts/acme-{sfx}/journeys")["enrollments"][0]["status"] == "completed"
    [entry] = api.get("/api/audit?action=outbox.resend")["items"]
    assert (entry["target_id"], entry["actor"]) == (str(email["id"]), "admin@example.com")
