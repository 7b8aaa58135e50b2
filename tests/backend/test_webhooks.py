"""The webhook action end to end (SPEC §9): a real HTTP server on loopback, the engine's real
walk and delivery, the injected clock for the retry schedule."""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.engine import webhooks
from backend.extensions import db
from backend.models.enrollments import Enrollment, StepLog
from backend.models.webhooks import WebhookCall
from backend.outbound import secret_box
from backend.outbound.signing import verify
from tests.backend.engine_helpers import Workspace
from tests.backend.webhook_server import Hook


def hook_journey(url: str, **config) -> dict:
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}},
        {"id": "hook", "type": "action", "config": {"action": "webhook", "url": url, **config}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "hook"}, {"source": "hook", "target": "done"}]}


@pytest.fixture()
def ws(app, client, admin_headers):
    workspace = Workspace(app, client, admin_headers)
    workspace.setup_catalog()
    workspace.call("POST", "/api/secrets/signing", expect=201)  # an admin makes it, shown once
    yield workspace
    app.config["WEBHOOK_ALLOWED_HOSTS"] = ""
    workspace.close()


def calls(app) -> list[WebhookCall]:
    with app.app_context():
        rows = db.session.scalars(select(WebhookCall).order_by(WebhookCall.id)).all()
        db.session.expunge_all()
        return rows


def signing_value(app) -> str:
    with app.app_context():
        return secret_box.signing_secret()


def test_a_webhook_is_sent_signed_with_its_key_and_the_answer_saved(ws, app, caplog):
    caplog.set_level(logging.DEBUG)
    with Hook([(200, {"Content-Type": "application/json"}, {"data": {"score": 42}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.call("POST", "/api/secrets", {"name": "CRM_TOKEN", "value": "s3cr3t-value"}, expect=201)
        ws.journey("hook", hook_journey(
            hook.url + "/accounts/{{ account.external_id }}",
            headers={"Authorization": "Bearer {{ secret.CRM_TOKEN }}", "X-Name": "{{ account.name }}"},
            body='{"name": "{{ account.name }}", "quote": "{{ account.stage }}\\""}',
            save_response=[{"path": "data.score", "attribute": "custom.logins_30d"}]))
        ws.account("acme", name='Acme "Quotes" Inc')
        ws.work()
        [request] = hook.requests
    assert request["method"] == "POST" and request["path"] == "/accounts/acme"
    headers = request["headers"]
    assert headers["authorization"] == "Bearer s3cr3t-value"
    assert headers["x-name"] == 'Acme "Quotes" Inc'
    assert json.loads(request["body"]) == {"name": 'Acme "Quotes" Inc', "quote": 'new"'}
    [call] = calls(app)
    assert headers["idempotency-key"] == call.effect_key and call.effect_key.endswith(":hook:2")
    assert headers["host"] == hook.host_port
    assert verify(signing_value(app), request["body"], headers["x-journeys-signature"],
                  now=int(ws.clock().timestamp()))
    assert not verify("another-secret", request["body"], headers["x-journeys-signature"],
                      now=int(ws.clock().timestamp()))
    assert call.status == "sent" and call.response_status == 200 and call.attempts == 1
    assert "s3cr3t-value" not in json.dumps(call.request_headers)  # stored with the reference only
    [enrollment] = ws.timeline("acme")
    assert enrollment["status"] == "completed"
    waiting, step = [s for s in enrollment["steps"] if s["node_id"] == "hook"]
    assert (waiting["outcome"], step["outcome"]) == ("waiting", "done")
    assert step["detail"]["result"]["response_status"] == 200
    assert '"score": 42' in step["detail"]["result"]["response"]
    assert "s3cr3t-value" not in json.dumps(enrollment)
    assert "s3cr3t-value" not in caplog.text and "s3cr3t-value" not in json.dumps(
        ws.call("GET", "/api/webhook-calls")) and "s3cr3t-value" not in json.dumps(ws.call("GET", "/api/audit"))
    account = ws.call("GET", "/api/accounts/acme")
    assert account["custom"]["logins_30d"] == 42


def test_the_default_body_is_the_account_with_journey_and_node(ws, app):
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme", mrr=120)
        ws.work()
        body = json.loads(hook.requests[0]["body"])
    assert body["account"]["external_id"] == "acme" and body["account"]["mrr"] == 120
    assert body["journey"]["key"] == "hook" and body["node"] == "hook"
    assert hook.requests[0]["headers"]["content-type"] == "application/json"


def test_loopback_is_refused_unless_allow_listed(ws, app):
    with Hook() as hook:
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme")
        ws.work()
        assert hook.requests == []
    [call] = calls(app)
    assert call.status == "failed" and "loopback" in call.error and "WEBHOOK_ALLOWED_HOSTS" in call.error
    [enrollment] = ws.timeline("acme")
    assert enrollment["status"] == "failed"


def test_a_name_resolving_to_loopback_is_refused(ws, app, monkeypatch):
    """DNS rebinding: a public-looking name whose address is 127.0.0.1 is refused, even though
    127.0.0.1:<port> itself is allowed, and nothing reaches the server."""
    import socket

    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == "rebind.example.com":
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(f"http://rebind.example.com:{hook.port}/x"))
        ws.account("acme")
        ws.work()
        assert hook.requests == []
    [call] = calls(app)
    assert call.status == "failed" and "127.0.0.1, a loopback address" in call.error


def test_the_connection_goes_to_the_checked_address(ws, app, monkeypatch):
    """Resolved once: a second lookup (what a rebinding attacker would answer) is never made,
    and the request carries the original Host header."""
    import socket

    real, lookups = socket.getaddrinfo, []

    def fake(host, port, *args, **kwargs):
        if host == "hooks.test":
            lookups.append(host)
            return real("127.0.0.1" if len(lookups) == 1 else "10.9.9.9", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = f"hooks.test:{hook.port}"
        ws.journey("hook", hook_journey(f"http://hooks.test:{hook.port}/x"))
        ws.account("acme")
        ws.work()
        [request] = hook.requests
    assert lookups == ["hooks.test"]
    assert request["headers"]["host"] == f"hooks.test:{hook.port}"
    assert calls(app)[0].status == "sent"


def test_a_name_that_does_not_resolve_is_retried_until_it_does(ws, app, monkeypatch):
    """A DNS failure is a connection error (SPEC §9): the call waits for its next attempt
    instead of failing the enrollment at once, and goes out when the name resolves again."""
    import socket

    real = socket.getaddrinfo
    dns = {"up": False}

    def flaky(host, port, *args, **kwargs):
        if host == "crm.example.com":
            if not dns["up"]:
                raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", flaky)
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = f"crm.example.com:{hook.port}"
        ws.journey("hook", hook_journey(f"http://crm.example.com:{hook.port}/x"))
        ws.account("acme")
        ws.work()
        [call] = calls(app)
        assert call.status == "queued" and "cannot resolve crm.example.com" in call.error
        assert call.next_attempt_at is not None and hook.requests == []
        assert ws.timeline("acme")[0]["status"] == "active"
        [listed] = ws.call("GET", "/api/webhook-calls")["items"]  # the Webhooks page says why, and until when
        assert (listed["status"], listed["attempts"]) == ("queued", 1)
        assert "cannot resolve crm.example.com" in listed["error"]
        assert listed["next_attempt_at"] and listed["retry_until"] > listed["next_attempt_at"]
        dns["up"] = True
        ws.clock.moment = call.next_attempt_at + timedelta(seconds=1)
        ws.tick()
        assert len(hook.requests) == 1
    [call] = calls(app)
    assert call.status == "sent" and call.attempts == 2
    assert ws.timeline("acme")[0]["status"] == "completed"


def test_redirects_are_not_followed(ws, app):
    with Hook([(302, {"Location": "http://169.254.169.254/latest/meta-data"}, b"")]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme")
        ws.work()
        assert len(hook.requests) == 1
    [call] = calls(app)
    assert call.status == "failed" and "redirects are not followed" in call.error


def test_at_most_one_megabyte_is_read(ws, app):
    big = b'{"data": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    with Hook([(200, {}, big)]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x",
                                        save_response=[{"path": "data", "attribute": "custom.touches"}]))
        ws.account("acme")
        ws.work()
    [call] = calls(app)
    assert call.status == "sent" and "larger than 1048576 bytes" in call.error
    assert len(call.response_excerpt) == 4096
    assert call.saved["missing"] == ["data"]


def test_retries_back_off_with_jitter_honour_retry_after_then_fail_after_24h(ws, app):
    with Hook([(503, {}, b"busy"), (429, {"Retry-After": "600"}, b"slow down"), (500, {}, b"no")]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme")
        ws.work()
        [call] = calls(app)
        first = call.next_attempt_at - ws.clock()
        assert call.status == "queued" and timedelta(seconds=10) <= first <= timedelta(seconds=20)
        ws.tick(seconds=5)  # not due yet: nothing sent
        assert len(hook.requests) == 1
        ws.tick(seconds=16)
        assert len(hook.requests) == 2
        [call] = calls(app)
        assert call.next_attempt_at - ws.clock() >= timedelta(seconds=600)  # Retry-After
        ws.tick(seconds=599)
        assert len(hook.requests) == 2
        ws.tick(seconds=2)
        assert len(hook.requests) == 3
        seen = 3
        for _ in range(60):  # walk the clock through the day
            [call] = calls(app)
            if call.status != "queued":
                break
            ws.clock.moment = call.next_attempt_at + timedelta(seconds=1)
            ws.tick()
            seen += 1
            assert len(hook.requests) == seen
        keys = {r["headers"]["idempotency-key"] for r in hook.requests}
    [call] = calls(app)
    assert call.status == "failed" and "gave up" in call.error and "24 h" in call.error
    assert call.completed_at - call.created_at <= timedelta(hours=24, minutes=1)
    assert keys == {call.effect_key}, "every attempt carries the same Idempotency-Key"
    assert ws.timeline("acme")[0]["status"] == "failed"


def test_retry_delay_doubles_from_under_a_minute_with_jitter():
    import random

    rng = random.Random(7)
    delays = [webhooks.retry_delay(n, rng) for n in range(1, 12)]
    assert timedelta(seconds=10) <= delays[0] <= timedelta(seconds=20)
    assert timedelta(seconds=20) <= delays[1] <= timedelta(seconds=40)
    assert all(timedelta(minutes=30) <= d <= timedelta(hours=1) for d in delays[-3:])
    assert len({webhooks.retry_delay(1, rng) for _ in range(5)}) == 5  # jittered


def test_other_4xx_fail_at_once(ws, app):
    with Hook([(404, {}, b"nope")]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme")
        ws.work()
        ws.tick(minutes=5)
        assert len(hook.requests) == 1
    [call] = calls(app)
    assert call.status == "failed" and call.response_status == 404


def test_a_timeout_is_retried(ws, app):
    with Hook([(200, {}, lambda: time.sleep(2.5) or b"{}")]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x", timeout_s=1))
        ws.account("acme")
        ws.work()
    [call] = calls(app)
    assert call.status == "queued" and "timed out" in call.error


def test_the_per_host_rate_limit_spreads_calls_over_seconds(ws, app):
    app.config["WEBHOOK_RATE"] = 3
    try:
        with Hook() as hook:
            app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
            ws.journey("hook", hook_journey(hook.url + "/x"))
            started = time.monotonic()
            ws.bulk([{"external_id": f"a{i}", "name": f"A{i}", "stage": "new"} for i in range(7)])
            ws.work()
            elapsed = time.monotonic() - started
            assert len(hook.requests) == 7
    finally:
        app.config["WEBHOOK_RATE"] = 20
    assert elapsed >= 1.0, "7 calls at 3/s must span at least two second boundaries"


def test_retry_queues_a_failed_call_again_and_its_enrollment(ws, app):
    with Hook([(404, {}, b"nope"), (200, {}, b"{}")]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme")
        ws.work()
        [call] = calls(app)
        assert call.status == "failed" and ws.timeline("acme")[0]["status"] == "failed"
        again = ws.call("POST", f"/api/webhook-calls/{call.id}/retry")
        assert again["status"] == "queued" and again["error"] is None
        ws.call("POST", f"/api/webhook-calls/{call.id}/retry", expect=409)
        ws.tick(seconds=1)
        assert len(hook.requests) == 2
        assert hook.requests[0]["headers"]["idempotency-key"] == hook.requests[1]["headers"]["idempotency-key"]
    [call] = calls(app)
    assert call.status == "sent" and call.response_status == 200
    listed = ws.call("GET", "/api/webhook-calls?status=sent")["items"]
    assert [c["id"] for c in listed] == [call.id] and listed[0]["account"]["external_id"] == "acme"
    assert ws.call("GET", "/api/webhook-calls?status=failed")["items"] == []
    assert ws.timeline("acme")[0]["status"] != "failed"


def test_an_enrollment_retry_requeues_its_failed_calls(ws, app):
    with Hook([(400, {}, b"bad"), (200, {}, b"{}")]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/x"))
        ws.account("acme")
        ws.work()
        [enrollment] = ws.timeline("acme")
        assert enrollment["status"] == "failed"
        ws.call("POST", f"/api/enrollments/{enrollment['id']}/retry")
        ws.tick(seconds=1)
        assert len(hook.requests) == 2
    assert calls(app)[0].status == "sent"


def test_simulate_shows_the_rendered_request_and_sends_nothing(ws, app):
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.call("POST", "/api/secrets", {"name": "CRM", "value": "not-in-simulate"}, expect=201)
        jid = ws.journey("hook", hook_journey(hook.url + "/a/{{ account.external_id }}",
                                              headers={"Authorization": "Bearer {{ secret.CRM }}"},
                                              body='{"n": "{{ account.name }}"}'), enable=False)
        ws.account("acme", name="Acme Co")
        out = ws.call("POST", f"/api/journeys/{jid}/simulate", {"account": "acme", "days": 1})
        assert hook.requests == []
    [step, answered] = [s for s in out["steps"] if s["node_id"] == "hook"]
    result = step["detail"]["result"]
    assert result["simulated"] is True and result["url"] == hook.url + "/a/acme"
    assert json.loads(result["body"]) == {"n": "Acme Co"}
    assert result["headers"] == {"Authorization": "Bearer {{ secret.CRM }}"}
    assert answered["outcome"] == "done"  # a 2xx is assumed and the walk goes on
    assert answered["detail"]["result"] == {"simulated": True, "method": "POST",
                                            "url": hook.url + "/a/acme", "status": "sent",
                                            "response_status": 200}
    assert out["status"] == "completed"
    assert calls(app) == []


def test_publishing_a_webhook_that_names_a_missing_secret_is_refused(ws):
    created = ws.call("POST", "/api/journeys", {"key": "h", "name": "h", "graph": hook_journey(
        "https://hooks.example.com/x", headers={"Authorization": "Bearer {{ secret.NOPE }}"})})
    body = ws.call("POST", f"/api/journeys/{created['id']}/publish", expect=422)
    assert [p["code"] for p in body["error"]["details"]] == ["unknown_secret"]


def test_a_walk_leaves_its_calls_to_a_delivery_job_of_their_own(ws, app):
    """A slow host must not hold up the walk (or people's changes on the interactive lane):
    the walk records the call, and a separate bulk-lane job sends it."""
    from backend.jobs import jobs, lanes

    with Hook([(200, {}, {})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        ws.journey("hook", hook_journey(hook.url + "/ping"))
        ws.account("slowpoke")
        with app.app_context():
            interactive = lanes.queue(lanes.INTERACTIVE)
            [touch] = interactive.jobs
            interactive.remove(touch)
            jobs.touch_accounts_job(*touch.args)  # the walk, as the interactive worker runs it
            assert [c.status for c in calls(app)] == ["queued"]  # recorded, not sent inline
            [send] = [j for j in lanes.queue(lanes.BULK).jobs if j.func_name.endswith("send_webhooks_job")]
            assert send.args == ([calls(app)[0].id],)
        ws.work()
        assert [c.status for c in calls(app)] == ["sent"]
        assert len(hook.requests) == 1
