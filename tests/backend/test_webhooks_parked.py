"""A webhook node parks its enrollment until the call is answered (SPEC §9; issue 15): the real
walk, delivery and scheduler, a real HTTP server on loopback, the injected clock."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.engine import webhooks
from backend.extensions import db, get_redis
from backend.models.enrollments import Enrollment, StepLog
from backend.models.webhooks import WebhookCall
from tests.backend.engine_helpers import Workspace
from tests.backend.test_webhooks import calls, hook_journey
from tests.backend.webhook_server import Hook

import pytest

SCORE = [{"path": "data.score", "attribute": "custom.logins_30d"}]


@pytest.fixture()
def signed(ws, app):
    ws.call("POST", "/api/secrets/signing", expect=201)
    yield ws
    app.config["WEBHOOK_ALLOWED_HOSTS"] = ""


def branching_journey(url: str) -> dict:
    """start → hook (saves data.score) → check (score ≥ 40?) → high | low."""
    graph = hook_journey(url, save_response=SCORE)
    graph["nodes"][-1:] = [
        {"id": "check", "type": "condition",
         "config": {"rule": {"all": [{"property": "custom.logins_30d", "op": "gte", "value": 40}]}}},
        {"id": "high", "type": "end"}, {"id": "low", "type": "end"}]
    graph["edges"][-1:] = [{"source": "hook", "target": "check"},
                           {"source": "check", "target": "high", "branch": "yes"},
                           {"source": "check", "target": "low", "branch": "no"}]
    return graph


def hook_steps(ws, account="acme") -> list[tuple[str, str]]:
    [enrollment] = ws.timeline(account)
    return [(s["node_id"], s["outcome"]) for s in enrollment["steps"] if s["node_id"] != "start"]


def walk_without_jobs(app) -> None:
    """Enroll and walk the new accounts in-process, with no job to deliver their calls."""
    from backend.engine.enrolling import process_segment_events
    from backend.engine.walker import advance_enrollments

    with app.app_context():
        get_redis().flushdb()  # the queued walk is not run: this is it
        advance_enrollments(sorted(process_segment_events()))


def effects_for(app, node_id="hook") -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(StepLog).where(
            StepLog.node_id == node_id, StepLog.effect_key.is_not(None)))
        db.session.rollback()
        return n


def test_the_next_node_sees_the_saved_response(signed, app):
    with Hook([(200, {"Content-Type": "application/json"}, {"data": {"score": 42}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        signed.journey("hook", branching_journey(hook.url + "/score"))
        signed.account("acme")
        signed.work()
    assert hook_steps(signed) == [("hook", "waiting"), ("hook", "done"), ("check", "yes"),
                                  ("high", "completed")]
    [enrollment] = signed.timeline("acme")
    done = [s for s in enrollment["steps"] if s["outcome"] == "done"][0]["detail"]
    assert done["result"]["response_status"] == 200 and done["result"]["status"] == "sent"
    assert done["result"]["saved"]["values"] == {"custom.logins_30d": 42}
    assert isinstance(done["result"]["duration_ms"], int)
    assert effects_for(app) == 1


def test_it_stays_parked_through_retries_and_other_walks_then_goes_on(signed, app):
    with Hook([(503, {}, b"busy"), (200, {}, {"data": {"score": 7}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        signed.journey("hook", branching_journey(hook.url + "/score"))
        signed.account("acme")
        signed.work()
        [enrollment] = signed.timeline("acme")
        assert enrollment["status"] == "active" and enrollment["current_node"] == "hook"
        assert hook_steps(signed) == [("hook", "waiting")]
        with app.app_context():
            assert db.session.get(Enrollment, enrollment["id"]).wake_at is None  # no timer
            db.session.rollback()
        signed.patch("acme", name="Acme Renamed")  # a change walks it again: still parked
        signed.work()
        signed.tick(seconds=5)
        assert hook_steps(signed) == [("hook", "waiting")] and len(hook.requests) == 1
        # support sees on the timeline that the call is being retried, and why
        [enrollment] = signed.timeline("acme")
        call = enrollment["webhook"]
        assert (call["status"], call["attempts"], call["response_status"]) == ("queued", 1, 503)
        assert call["next_attempt_at"] and call["retry_until"]
        signed.tick(seconds=30)  # the retry is due: answered, and the walk goes on at once
        assert len(hook.requests) == 2
    assert hook_steps(signed) == [("hook", "waiting"), ("hook", "done"), ("check", "no"),
                                  ("low", "completed")]
    assert signed.timeline("acme")[0]["webhook"] is None  # answered: nothing open
    assert effects_for(app) == 1 and len(calls(app)) == 1
    assert {r["headers"]["idempotency-key"] for r in hook.requests} == {calls(app)[0].effect_key}


def test_a_lost_wake_up_is_found_by_the_scheduler(signed, app):
    """The answer is recorded but the job that should walk on is lost (Redis flushed): the
    enrollment is due in the database, and the scheduler's tick walks it."""
    with Hook([(200, {}, {"data": {"score": 50}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        signed.journey("hook", branching_journey(hook.url + "/score"))
        signed.account("acme")
        walk_without_jobs(app)
        assert hook_steps(signed) == [("hook", "waiting")]
        [call] = calls(app)
        with app.app_context():
            get_redis().flushdb()  # the delivery job queued by the walk is lost
            result = webhooks.deliver_webhooks([call.id])  # what that job would have sent...
            assert result["sent"] == 1 and len(result["woken"]) == 1
            get_redis().flushdb()  # ...and the wake-up it would have done is lost
        assert hook_steps(signed) == [("hook", "waiting")]
        signed.tick(seconds=1)
    assert hook_steps(signed) == [("hook", "waiting"), ("hook", "done"), ("check", "yes"),
                                  ("high", "completed")]


def test_a_failed_call_fails_the_enrollment_at_the_node_and_retry_resumes_the_walk(signed, app):
    with Hook([(404, {}, b"no such account"), (200, {}, {"data": {"score": 99}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        signed.journey("hook", branching_journey(hook.url + "/score"))
        signed.account("acme")
        signed.work()
        [enrollment] = signed.timeline("acme")
        assert enrollment["status"] == "failed" and enrollment["current_node"] == "hook"
        assert "404" in enrollment["error"] or "404" in str(enrollment["steps"][-1]["detail"])
        assert enrollment["webhook"] is None and enrollment["people"] == []  # failed: not open
        [call] = calls(app)
        signed.call("POST", f"/api/webhook-calls/{call.id}/retry")
        signed.tick(seconds=1)
        assert len(hook.requests) == 2
    [enrollment] = signed.timeline("acme")
    assert enrollment["status"] == "completed"
    # who retried it is on the timeline, not only in the audit log
    assert [(p["action"], p["by"]) for p in enrollment["people"]] == [("retry", "test-admin")]
    assert hook_steps(signed) == [("hook", "waiting"), ("hook", "failed"), ("hook", "done"),
                                  ("check", "yes"), ("high", "completed")]
    assert effects_for(app) == 1


def test_without_a_signing_secret_a_webhook_journey_cannot_be_published(ws, app):
    """Every request is signed: with no signing secret, every call would fail. Publishing says
    so on the step (and the designer's validation lists it) instead."""
    with app.app_context():
        db.session.execute(db.delete(__import__("backend.models.webhooks", fromlist=["Secret"]).Secret))
        db.session.commit()
    created = ws.call("POST", "/api/journeys", {"key": "h", "name": "h",
                                                "graph": hook_journey("https://hooks.example.com/x")})
    refused = ws.call("POST", f"/api/journeys/{created['id']}/publish", expect=422)
    [problem] = refused["error"]["details"]
    assert (problem["code"], problem["node_id"]) == ("no_signing_secret", "hook")
    assert "Webhooks → Secrets" in problem["message"]
    checked = ws.call("POST", "/api/journeys/validate", created["graph"])
    assert [p["code"] for p in checked["problems"]] == ["no_signing_secret"]
    ws.call("POST", "/api/secrets/signing", expect=201)
    ws.call("POST", f"/api/journeys/{created['id']}/publish")


def test_without_a_signing_secret_nothing_is_sent_and_the_step_says_why(ws, app, monkeypatch):
    """A journey published before publishing checked for the secret still fails its calls with
    the reason, and Retry sends once there is one."""
    from backend.services import journey_lookup
    monkeypatch.setattr(journey_lookup, "webhook_problems", lambda graph: [])
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        try:
            ws.journey("hook", hook_journey(hook.url + "/x"))
            ws.account("acme")
            ws.work()
            assert hook.requests == []
            [call] = calls(app)
            assert call.status == "failed" and "no signing secret" in call.error
            [enrollment] = ws.timeline("acme")
            assert enrollment["status"] == "failed" and "Webhooks → Secrets" in enrollment["error"]
            refused = ws.call("POST", "/api/webhooks/test", {"config": {"url": hook.url + "/t"}},
                              expect=422)
            assert refused["error"]["details"][0]["code"] == "no_signing_secret"
            with app.app_context():
                assert db.session.scalar(select(func.count()).select_from(
                    __import__("backend.models.webhooks", fromlist=["Secret"]).Secret)) == 0
                db.session.rollback()
            made = ws.call("POST", "/api/secrets/signing", expect=201)  # shown once
            assert made["value"].startswith("whsec_")
            ws.call("POST", f"/api/webhook-calls/{call.id}/retry")
            ws.tick(seconds=1)
            assert len(hook.requests) == 1
            assert ws.timeline("acme")[0]["status"] == "completed"
        finally:
            app.config["WEBHOOK_ALLOWED_HOSTS"] = ""


def test_an_interrupted_call_is_uncertain_until_its_resend_is_recorded(signed, app):
    with Hook() as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        signed.journey("hook", hook_journey(hook.url + "/x"))
        signed.account("acme")
        walk_without_jobs(app)
        [call] = calls(app)
        with app.app_context():
            now = signed.clock()
            assert webhooks._claim([call.id], now) == [call.id]  # a worker took it... and died
            assert webhooks.settle_interrupted_calls(now + timedelta(minutes=1)) == 0  # in its lease
            assert webhooks.settle_interrupted_calls(now + webhooks.LEASE + timedelta(seconds=1)) == 1
        listed = signed.call("GET", "/api/webhook-calls?status=uncertain")["items"]
        assert [c["id"] for c in listed] == [call.id] and "uncertain" in listed[0]["error"]
        with app.app_context():  # a resend in progress is still uncertain
            later = now + webhooks.LEASE + timedelta(seconds=2)
            assert webhooks._claim([call.id], later) == [call.id]
            assert db.session.get(WebhookCall, call.id).status == "uncertain"
            db.session.rollback()
            resent = later + webhooks.LEASE + timedelta(seconds=1)
            assert webhooks.deliver_webhooks([call.id], resent)["sent"] == 1
        assert len(hook.requests) == 1
        signed.clock.moment = resent
        signed.tick()  # the woken enrollment is due: walked on
    assert signed.call("GET", "/api/webhook-calls?status=uncertain")["items"] == []
    [call] = calls(app)
    assert call.status == "sent" and call.attempts == 3 and call.error is None
    with app.app_context():
        steps = db.session.scalars(select(StepLog.outcome).where(StepLog.node_id == "hook")
                                   .order_by(StepLog.seq)).all()
        db.session.rollback()
    assert steps == ["waiting", "done"]


def test_a_parked_enrollment_moved_to_a_new_version_waits_for_the_same_call(signed, app):
    """Publishing with migrate: move must not make a parked enrollment arrive again at the
    webhook node (a second call): it keeps waiting for its call, whose answer moves it on."""
    with Hook([(503, {}, b"busy"), (200, {}, {"data": {"score": 41}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        graph = branching_journey(hook.url + "/score")
        journey_id = signed.journey("hook", graph)
        signed.account("acme")
        signed.work()
        assert hook_steps(signed) == [("hook", "waiting")]
        graph["nodes"][1]["label"] = "Score from the CRM"
        current = signed.call("GET", f"/api/journeys/{journey_id}")
        signed.call("PUT", f"/api/journeys/{journey_id}", {"graph": graph,
                                                            "draft_version": current["draft_version"]})
        signed.call("POST", f"/api/journeys/{journey_id}/publish", {"migrate": {"mode": "move"}})
        signed.work()
        signed.tick(seconds=5)
        [enrollment] = signed.timeline("acme")
        assert enrollment["version"] == 2 and enrollment["current_node"] == "hook"
        assert len(calls(app)) == 1 and len(hook.requests) == 1
        signed.tick(seconds=30)
        assert len(hook.requests) == 2
    assert hook_steps(signed)[-3:] == [("hook", "done"), ("check", "yes"), ("high", "completed")]
    assert len(calls(app)) == 1 and effects_for(app) == 1


def test_an_answer_that_came_while_the_enrollment_was_failed_is_found_after_its_retry(signed, app):
    """The answer arrives while the enrollment is failed for another reason (nothing is woken),
    then support retries it: it parks again with no timer, and the scheduler's housekeeping
    finds that its call was already answered and walks it on."""
    with Hook([(200, {}, {"data": {"score": 45}})]) as hook:
        app.config["WEBHOOK_ALLOWED_HOSTS"] = hook.host_port
        signed.journey("hook", branching_journey(hook.url + "/score"))
        signed.account("acme")
        walk_without_jobs(app)
        [call] = calls(app)
        with app.app_context():
            [enrollment] = db.session.scalars(select(Enrollment)).all()
            enrollment.status, enrollment.reason, enrollment.error = "failed", "action_failed", "x"
            enrollment_id = enrollment.id
            db.session.commit()
            assert webhooks.deliver_webhooks([call.id])["woken"] == []
        signed.call("POST", f"/api/enrollments/{enrollment_id}/retry")
        signed.work()
        assert hook_steps(signed) == [("hook", "waiting")]
        with app.app_context():
            assert db.session.get(Enrollment, enrollment_id).wake_at is None  # parked, no timer
            db.session.rollback()
        signed.tick(minutes=2)  # housekeeping
        signed.work()
    assert hook_steps(signed) == [("hook", "waiting"), ("hook", "done"), ("check", "yes"),
                                  ("high", "completed")]
    assert len(hook.requests) == 1
