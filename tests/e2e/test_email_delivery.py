"""Email delivery in the browser (SPEC §8), with a real mail server.

A journey email arrives with its List-Unsubscribe link; the recipient opens that link in
Chromium (no login), reads whom it unsubscribes, presses the button and is unsubscribed; the
admin sees the address on the Suppressions page and the next journey email is not sent. Then
the admin gives a template an HTML part in the template editor, sees its preview and sends a
test to themselves: it arrives as multipart/alternative with "[Test]" in the subject.
"""
from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import make_test_database
from tests.e2e.api import Api
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_outbox_resend import inbox  # noqa: F401 (the module's aiosmtpd fixture)
from tests.served import ServedApp


@pytest.fixture(scope="module")
def mailing(tmp_path_factory, inbox):
    """The product with a mail server, its links built from where it is served."""
    app = ServedApp(tmp_path_factory.mktemp("e2e-email"), make_test_database(tmp_path_factory, "e2e_email"),
                    extra_env={"SMTP_URL": inbox.url})
    try:
        app.wait_healthy()
        token = app.flask("token", "create", "--role", "admin", "--name", "e2e-email").strip().splitlines()[-1]
        api = Api(app.base_url, token)
        api.put("/api/settings", {"public_url": app.base_url, "tracking": True})
        yield app, api
    finally:
        app.stop()


def arrived(inbox, what, check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in inbox.messages if check(m)]
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout} s")


def journey(api, sfx: str, template: str) -> int:
    api.post("/api/segments", {"key": f"seg-{sfx}", "name": f"Segment {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [f"seg-{sfx}"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "hello", "type": "action", "label": "Nudge", "config": {"action": "send_email", "template": template,
                                                                      "to": {"contacts": "all"}}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "hello"}, {"source": "hello", "target": "done"}]}
    made = api.post("/api/journeys", {"key": f"j-{sfx}", "name": f"Journey {sfx}", "graph": graph})
    api.post(f"/api/journeys/{made['id']}/publish")
    api.post(f"/api/journeys/{made['id']}/enable")
    return made["id"]


@pytest.mark.expected_console_errors("400")  # the altered link's page answers 400, on purpose
def test_unsubscribe_through_the_confirm_page_then_no_more_email(mailing, inbox, page):
    served, api = mailing
    sfx = uuid.uuid4().hex[:8]
    api.post("/api/templates", {"key": f"news-{sfx}", "subject": f"News {sfx}",
                                "body": "Hi {{ contact.name }}. Stop these: {{ unsubscribe_url }}"})
    first = journey(api, sfx, f"news-{sfx}")
    address = f"ana@{sfx}.example.com"
    api.put(f"/api/accounts/acme-{sfx}", {"name": f"Acme {sfx}", "stage": sfx,
                                          "contacts": [{"name": "Ana", "email": address}]})
    [message] = arrived(inbox, "the journey email", lambda m: m["Subject"] == f"News {sfx}")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip()[1:-1]
    assert link.startswith(served.base_url + "/u/")
    assert link in message.get_content()

    page.goto(link)  # the recipient's browser: no session
    expect(page.get_by_role("heading", name="Unsubscribe?")).to_be_visible()
    expect(page.get_by_text(address)).to_be_visible()
    screenshot(page, "unsubscribe-confirm")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    screenshot(page, "unsubscribe-done")
    page.goto(link[:-3] + ("abc" if not link.endswith("abc") else "xyz"))  # an altered link
    expect(page.get_by_role("heading", name="This unsubscribe link is not valid")).to_be_visible()

    [row] = api.get(f"/api/suppressions?q={sfx}")["items"]
    assert (row["address"], row["reason"], row["source"], row["node_id"]) == (address, "unsubscribed", "link", "hello")

    # the same contact enters a second journey: its email is skipped, nothing arrives
    journey(api, f"{sfx}b", f"news-{sfx}")
    api.put(f"/api/accounts/acme-{sfx}", {"name": f"Acme {sfx}", "stage": f"{sfx}b",
                                          "contacts": [{"name": "Ana", "email": address}]})
    api.wait_for(f"/api/accounts/acme-{sfx}/journeys",
                 lambda r: any("unsubscribed" in str(s.get("detail")) for e in r["enrollments"] for s in e["steps"]),
                 what="the second journey's step skipped")
    assert len([m for m in inbox.messages if m["Subject"] == f"News {sfx}"]) == 1

    log_in(page, served.base_url, (served.instance / "admin-password.txt").read_text().strip())
    page.get_by_role("navigation").get_by_role("link", name="Suppressions").click()
    table = page.get_by_role("table", name="Suppressed addresses")
    expect(table.get_by_role("row").filter(has_text=address)).to_contain_text(
        "Unsubscribed through the link in an email")
    # "From" is the journey and the step by its name on the canvas, as the Outbox says it
    expect(table.get_by_role("row").filter(has_text=address)).to_contain_text(f"Journey {sfx} · Nudge")
    screenshot(page, "suppressions-page")
    page.goto(f"{served.base_url}/accounts/acme-{sfx}")
    expect(page.get_by_test_id("account-suppressions")).to_contain_text(address)
    expect(page.get_by_text("Skipped: unsubscribed").first).to_be_visible()
    screenshot(page, "account-unsubscribed-contact")

    page.goto(f"{served.base_url}/journeys/{first}")  # the live canvas counts the step's emails
    page.get_by_role("tab", name="Live").click()
    engagement = page.get_by_test_id("node-hello").get_by_label("Email engagement")
    expect(engagement.locator(".jnode-badge")).to_have_text(["1 emailed", "0 opened"])  # each fits its half
    expect(engagement).to_have_attribute("title", re.compile("^1 emailed · 0 opened · 0 clicked · 1 unsubscribed\n"))
    for badge in engagement.locator(".jnode-badge").all():  # never cut with an ellipsis
        assert badge.evaluate("b => b.scrollWidth <= b.clientWidth"), badge.inner_text()
    screenshot(page, "live-canvas-email-stats")

    # simulate tells it as the engine did: the email would skip the unsubscribed contact
    page.get_by_role("tab", name="Simulate").click()
    page.get_by_label("Find an account by name").fill(f"acme {sfx}")
    page.get_by_role("list", name="Matching accounts").get_by_role("button", name=re.compile(f"Acme {sfx}")).click()
    page.get_by_role("button", name="Run simulation").click()
    step = page.get_by_test_id("simulation-result").get_by_test_id("sim-step").filter(has_text="Would skip")
    expect(step).to_contain_text(f"Would skip: unsubscribed ({address})")
    screenshot(page, "simulate-unsubscribed-contact")


def test_template_editor_html_part_and_send_test(mailing, inbox, page):
    served, api = mailing
    sfx = uuid.uuid4().hex[:8]
    api.post("/api/templates", {"key": f"tour-{sfx}", "subject": f"Tour {sfx} for {{{{ account.name }}}}",
                                "body": "Hi {{ contact.name }}, start at https://docs.example.com/start"})
    api.put(f"/api/accounts/tour-{sfx}", {"name": f"Tour & Co {sfx}", "stage": "x",
                                          "contacts": [{"name": "Bea", "email": f"bea@{sfx}.example.com"}]})
    log_in(page, served.base_url, (served.instance / "admin-password.txt").read_text().strip())
    page.goto(f"{served.base_url}/catalog/templates/tour-{sfx}")
    page.get_by_label("HTML body (optional)").fill(
        '<p>Hi <b>{{ contact.name }}</b> at {{ account.name }},</p>'
        '<p><a href="https://docs.example.com/start">Start the tour</a></p>')
    page.get_by_label("Preview with another account").fill(f"Tour & Co {sfx}")
    page.get_by_role("button", name=f"Tour & Co {sfx} tour-{sfx}").click()
    frame = page.frame_locator("iframe[title='HTML part preview']")
    expect(frame.locator("b")).to_have_text("Bea")
    expect(frame.locator("body")).to_contain_text(f"Tour & Co {sfx}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table", name="Email templates")).to_be_visible()
    assert api.get(f"/api/templates/tour-{sfx}")["html_body"].startswith("<p>Hi <b>")

    page.goto(f"{served.base_url}/catalog/templates/tour-{sfx}")
    # the test is filled in for the previewed account, found by its name
    page.get_by_label("Preview with another account").fill(f"Tour & Co {sfx}")
    page.get_by_role("button", name=f"Tour & Co {sfx} tour-{sfx}").click()
    expect(page.get_by_role("form", name="Send a test email")).to_contain_text(f"filled in for Tour & Co {sfx}.")
    page.get_by_role("button", name="Send test").click()
    expect(page.get_by_role("status").filter(has_text="Test sent to admin@example.com")).to_be_visible()
    screenshot(page, "template-editor-html-send-test")
    [test] = arrived(inbox, "the test email", lambda m: m["Subject"] == f"[Test] Tour {sfx} for Tour & Co {sfx}")
    assert test["To"] == "admin@example.com" and test.get_content_type() == "multipart/alternative"
    assert test["List-Unsubscribe"] is None  # a test is not a journey email
    html = test.get_body(("html",)).get_content()
    assert "Tour &amp; Co" in html and 'href="https://docs.example.com/start"' in html  # not tracked
    assert re.search(r"Bea", test.get_body(("plain",)).get_content())
