"""Webhooks in the browser (SPEC §9), the product served by the runner and a real HTTP server
on loopback (allow-listed). The admin keeps a secret on the Webhooks page and makes the signing
secret (shown once), opens the journey's webhook step in the designer, puts the secret in a
header with the picker and sends a test request (the response shows), then a real walk calls
the server: while the server has not answered, the account's timeline shows the enrollment
waiting at the step ("→ waiting for the response"); once it has, the Webhooks page lists the
call with its status and time, and the timeline says "POST … → 200 in N ms". The secret's value
reaches the server and nowhere else."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.backend.webhook_server import Hook
from tests.conftest import make_test_database
from tests.e2e.api import Api
from tests.e2e.canvas import node
from tests.e2e.conftest import log_in, screenshot
from tests.served import ServedApp

SECRET = "e2e-secret-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def hook():
    with Hook([(200, {"Content-Type": "application/json"}, {"data": {"score": 7}})]) as server:
        yield server


@pytest.fixture(scope="module")
def hooked(tmp_path_factory, hook):
    database_url = make_test_database(tmp_path_factory, "e2e_webhooks")
    app = ServedApp(tmp_path_factory.mktemp("e2e-webhooks"), database_url,
                    extra_env={"WEBHOOK_ALLOWED_HOSTS": hook.host_port})
    try:
        app.wait_healthy()
        token = app.flask("token", "create", "--role", "admin", "--name", "e2e-hooks").strip().splitlines()[-1]
        yield app, Api(app.base_url, token)
    finally:
        app.stop()


def test_webhook_form_test_request_outbound_page_and_timeline(hooked, hook, page):
    served, api = hooked
    sfx = uuid.uuid4().hex[:8]
    password = (served.instance / "admin-password.txt").read_text().strip()
    log_in(page, served.base_url, password)

    page.get_by_role("navigation").get_by_role("link", name="Webhooks").click()
    # no signing secret: the first thing on the page says webhook steps fail without it
    warning = page.get_by_role("alert", name="No signing secret")
    expect(warning).to_contain_text("steps that call a webhook fail")
    assert warning.bounding_box()["y"] < page.get_by_role("region", name="Secrets").bounding_box()["y"]
    secrets = page.get_by_role("region", name="Secrets")
    expect(secrets.get_by_label("Secret value")).to_have_attribute("placeholder", "write-only")
    secrets.get_by_label("Secret name").fill("CRM_TOKEN")
    secrets.get_by_label("Secret value").fill(SECRET)
    secrets.get_by_role("button", name="Save secret").click()
    expect(secrets.get_by_text("CRM_TOKEN")).to_be_visible()
    screenshot(page, "webhook-outbound-no-signing-secret")
    warning.get_by_role("button", name="Make the signing secret").click()
    shown = page.get_by_role("status", name="New signing secret")
    expect(shown.get_by_label("The new signing secret")).to_have_value(re.compile(r"^whsec_"))
    shown.get_by_role("button", name="Copy").click()  # the test server is on localhost: a secure context
    expect(shown.get_by_text("Copied.")).to_be_visible()
    expect(page.get_by_role("alert", name="No signing secret")).to_have_count(0)

    api.post("/api/segments", {"key": f"seg-{sfx}", "name": f"Segment {sfx}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": sfx}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": [f"seg-{sfx}"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "hook", "type": "action", "config": {
            "action": "webhook", "url": hook.url + "/crm/{{ account.external_id }}", "timeout_s": 30,
            "headers": {"Authorization": "Bearer {{ secret.CRM_TOKEN }}"}, "body": '{"name": "{{ account.name }}"}'}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "hook"}, {"source": "hook", "target": "done"}]}
    journey = api.post("/api/journeys", {"key": f"hook-{sfx}", "name": f"Hook {sfx}", "graph": graph})

    page.goto(f"{served.base_url}/journeys/{journey['id']}")
    node(page, "hook").click()
    expect(page.get_by_label("URL")).to_have_value(hook.url + "/crm/{{ account.external_id }}")
    page.get_by_role("button", name="Add header").click()
    page.get_by_label("Header 2 name").fill("X-Api-Key")
    page.get_by_label("Insert a secret into header 2").select_option("CRM_TOKEN")
    expect(page.get_by_label("Header 2 value")).to_have_value("{{ secret.CRM_TOKEN }}")
    screenshot(page, "webhook-secret-picker")
    page.get_by_role("button", name="Send test request").click()
    response = page.get_by_role("status", name="Test response")
    expect(response).to_contain_text("HTTP 200")
    expect(response).to_contain_text('"score": 7')
    screenshot(page, "webhook-test-request")
    assert hook.requests[-1]["path"] == "/crm/sample-account"
    assert hook.requests[-1]["headers"]["authorization"] == f"Bearer {SECRET}"
    assert hook.requests[-1]["headers"]["x-api-key"] == SECRET

    api.post(f"/api/journeys/{journey['id']}/publish")
    api.post(f"/api/journeys/{journey['id']}/enable")
    hook.hold = True  # the receiver takes its time: the enrollment waits at the step
    api.put(f"/api/accounts/acme-{sfx}", {"name": f"Acme {sfx}", "stage": sfx})
    try:
        assert hook.held.wait(60), "the journey never called the server"
        page.goto(f"{served.base_url}/accounts/acme-{sfx}")
        expect(page.get_by_text(f"POST {hook.url}/crm/acme-{sfx} → waiting for the response")).to_be_visible()
        screenshot(page, "webhook-parked-timeline")
    finally:
        hook.hold = False
        hook.release.set()
    api.wait_for(f"/api/webhook-calls?account=acme-{sfx}",
                 lambda r: r["items"] and r["items"][0]["status"] == "sent", what="the journey's call sent")
    assert hook.requests[-1]["path"] == f"/crm/acme-{sfx}"

    # a second journey calls a host that does not resolve: retried, and the row says so
    lost = dict(graph, nodes=[dict(n, config={**n["config"], "url": "https://crm.does-not-exist.invalid/hook"})
                              if n["id"] == "hook" else n for n in graph["nodes"]])
    lost_journey = api.post("/api/journeys", {"key": f"lost-{sfx}", "name": f"Lost CRM {sfx}", "graph": lost})
    api.post(f"/api/journeys/{lost_journey['id']}/publish")
    api.post(f"/api/journeys/{lost_journey['id']}/enable")
    api.put(f"/api/accounts/lost-{sfx}", {"name": f"Lost {sfx}", "stage": sfx})
    api.wait_for(f"/api/webhook-calls?account=lost-{sfx}&host=crm.does-not-exist.invalid",
                 lambda r: r["items"] and r["items"][0]["attempts"] >= 1 and r["items"][0]["status"] == "queued",
                 what="the call to a host that does not resolve tried and waiting to retry")

    page.get_by_role("navigation").get_by_role("link", name="Webhooks").click()
    calls_table = page.get_by_role("table", name="Webhook calls")
    retrying = calls_table.get_by_role("row").filter(has_text="crm.does-not-exist.invalid")
    expect(retrying).to_contain_text("Retrying — attempt 1: cannot resolve crm.does-not-exist.invalid")
    expect(retrying).to_contain_text("next try at")
    expect(retrying).to_contain_text("gives up at")
    expect(retrying.get_by_role("link", name=f"Lost {sfx}")).to_have_attribute("href", f"/accounts/lost-{sfx}")
    expect(retrying.get_by_role("link", name=f"Lost CRM {sfx}")).to_have_attribute("href", f"/journeys/{lost_journey['id']}")
    sent = calls_table.get_by_role("row").filter(has_text=f"/crm/acme-{sfx}")
    expect(sent).to_contain_text("Sent")
    expect(sent).to_contain_text("200 in")
    screenshot(page, "webhook-outbound")
    assert SECRET not in page.content()
    page.get_by_label("Status").select_option(label="Sent")
    expect(calls_table.get_by_role("row").filter(has_text="crm.does-not-exist.invalid")).to_have_count(0)
    expect(sent).to_be_visible()

    page.goto(f"{served.base_url}/accounts/acme-{sfx}")
    expect(page.get_by_text(f"POST {hook.url}/crm/acme-{sfx} → 200 in")).to_be_visible()
    assert SECRET not in page.content()
