"""Exactly once for webhooks (SPEC §9): a real `flask worker` SIGKILLed while a call is on the
wire leaves it `sending` and its enrollment parked at the node; once its lease passes the
scheduler marks it uncertain and it is resent with the same Idempotency-Key, the answer wakes
the enrollment, and the node is logged once waiting and once done, with one effect — and the
receiver, deduping on the key, acts once."""
from __future__ import annotations

import signal
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from backend.extensions import db
from backend.models.enrollments import Enrollment, StepLog
from backend.models.webhooks import WebhookCall
from tests.backend.engine_helpers import Workspace, worker_process
from tests.backend.test_webhooks import hook_journey
from tests.backend.webhook_server import Hook


@pytest.fixture()
def live(app, client, admin_headers):
    # The worker subprocess runs with another SECRET_KEY; both read the instance folder's key.
    key_file = Path(app.config["INSTANCE_PATH"]) / "secrets.key"
    key_file.write_bytes(Fernet.generate_key())
    workspace = Workspace(app, client, admin_headers)
    workspace.clock.moment = datetime.now(timezone.utc)
    workspace.setup_catalog()
    workspace.call("POST", "/api/secrets/signing", expect=201)
    yield workspace
    app.config["WEBHOOK_ALLOWED_HOSTS"] = ""
    workspace.close()
    key_file.unlink()


def test_a_worker_killed_mid_call_resends_with_the_same_key_and_logs_the_step_once(live, app, redis_url,
                                                                                    monkeypatch):
    with Hook(hold=True) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        monkeypatch.setenv("WEBHOOK_ALLOWED_HOSTS", hook.host_port)  # the worker's environment
        live.journey("hook", hook_journey(hook.url + "/x", timeout_s=30))
        live.account("acme")  # queues the walk; the worker below runs it
        worker = worker_process(app, redis_url)
        try:
            assert hook.held.wait(60), "the worker never called the server"
            with app.app_context():
                [call] = db.session.scalars(select(WebhookCall)).all()
                assert call.status == "sending"
                db.session.rollback()
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        hook.hold = False
        hook.release.set()  # the first request is answered to nobody
        assert len(hook.requests) == 1

        # Before the lease ends nothing is resent (the call may still be in flight).
        live.clock.moment = datetime.now(timezone.utc)
        live.tick(minutes=1)
        assert len(hook.requests) == 1
        with app.app_context():  # the enrollment waits at the node for the call's answer
            [enrollment] = db.session.scalars(select(Enrollment)).all()
            assert (enrollment.status, enrollment.current_node) == ("active", "hook")
            db.session.rollback()
        # After it: uncertain, resent, recorded; the answer wakes the enrollment.
        live.tick(minutes=5)
        live.tick(seconds=1)
        requests = list(hook.requests)

    assert len(requests) == 2, "the interrupted call was not resent exactly once"
    keys = [r["headers"]["idempotency-key"] for r in requests]
    assert keys[0] == keys[1], "a resend must carry the same Idempotency-Key"
    assert requests[0]["body"] == requests[1]["body"]
    delivered_once = Counter(keys)  # what a receiver deduping by key acts on
    assert len(delivered_once) == 1
    with app.app_context():
        [call] = db.session.scalars(select(WebhookCall)).all()
        assert call.status == "sent" and call.attempts == 2 and call.effect_key == keys[0]
        [enrollment] = db.session.scalars(select(Enrollment)).all()
        assert enrollment.status == "completed"
        hooks = db.session.scalars(select(StepLog).where(StepLog.node_id == "hook")
                                   .order_by(StepLog.seq)).all()
        assert [h.outcome for h in hooks] == ["waiting", "done"], "the step was logged more than once"
        assert hooks[1].detail["result"]["status"] == "sent"
        assert hooks[1].detail["key"] == keys[0]
        effects = db.session.scalars(select(StepLog.effect_key).where(
            StepLog.node_id == "hook", StepLog.effect_key.is_not(None))).all()
        assert effects == [keys[0]], "the visit was counted more than once"
        db.session.rollback()
