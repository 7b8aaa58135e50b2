"""The audit log (SPEC §10): every write by a person or token leaves an entry, written in the
same transaction as the change; ``GET /api/audit`` filters and pages them (admins only);
secrets never reach it; a bulk import is one entry with counts.

``test_every_write_route_is_audited`` walks the OpenAPI document's POST/PUT/PATCH/DELETE
routes: each must be called by ``SCENARIO`` (and leave an entry with the expected action)
or be listed in ``EXEMPT`` with the reason. A new write route fails it until it is audited.
"""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.models.enrollments import Enrollment
from backend.models.users import ApiToken
from tests.backend.journey_workspace import add_enrollment

# Write routes that change nothing anyone else sees, each with the reason.
EXEMPT = {
    ("POST", "/api/session"): "logging in: sets the caller's own cookie; no stored data changes",
    ("DELETE", "/api/session"): "logging out: ends the caller's own sessions only",
    ("POST", "/api/journeys/validate"): "reads only: checks a graph, writes nothing",
    ("POST", "/api/journeys/{journey_id}/simulate"): "reads only: nothing is sent or written",
    ("POST", "/api/journeys/{journey_id}/publish/preview"): "reads only: says what publish would do",
    ("POST", "/api/segments/preview"): "reads only: counts a rule's matches",
    ("POST", "/api/templates/{key}/preview"): "reads only: renders a template",
    ("POST", "/api/webhooks/test"): "sends a test request to the URL given; stores nothing",
}


def graph(segment: str = "new-accounts", task: bool = True) -> dict:
    nodes = [{"id": "start", "type": "entry", "config": {"segments": [segment], "reenroll": {"mode": "never"},
                                                          "enroll_existing": False}},
             {"id": "hold", "type": "wait", "config": {"for": {"days": 30}}}]
    edges = [{"source": "start", "target": "hold"}]
    if task:
        nodes.insert(1, {"id": "call", "type": "action", "config": {
            "action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm",
            "due_in_days": 2, "priority": "high"}})
        edges = [{"source": "start", "target": "call"}, {"source": "call", "target": "hold"}]
    return {"format": "journey/v1", "nodes": nodes, "edges": edges}


def entries(app, **where) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def last_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(AuditEntry.id))) or 0


class Scenario:
    """Calls every audited write route once, in an order that makes each one succeed."""

    def __init__(self, ws, app):
        self.ws, self.app = ws, app
        self.covered: dict[tuple[str, str], str] = {}

    def call(self, template: str, method: str, path: str, body=None, action: str = "", target=None):
        before = last_id(self.app)
        response = self.ws.client.open(path, method=method, json=body, headers=self.ws.headers)
        assert response.status_code in (200, 201, 204), (method, path, response.status_code, response.get_json())
        result = response.get_json() if response.data else None
        new = [e for e in entries(self.app) if e.id > before]
        assert new, f"{method} {path} wrote no audit entry"
        assert [e.action for e in new] == [action], (method, path, [e.action for e in new])
        entry = new[0]
        assert (entry.actor, entry.actor_type) == ("test-admin", "token")
        if target is not None:
            assert (entry.target_type, entry.target_id) == target, (method, path, entry.target_type, entry.target_id)
        assert entry.summary
        self.covered[(method, template)] = action
        return result

    def run(self):
        ws, c = self.ws, self.call
        c("/api/settings", "PUT", "/api/settings", {"default_timezone": "Europe/Berlin"}, "settings.update",
          ("settings", "workspace"))
        c("/api/users", "POST", "/api/users", {"email": "dana@example.com", "name": "Dana", "role": "csm",
                                               "password": "correct horse"}, "user.create", ("user", "dana@example.com"))
        c("/api/users/{email}", "PATCH", "/api/users/dana@example.com", {"name": "Dana S."}, "user.update")
        c("/api/attributes", "POST", "/api/attributes", {"key": "seats", "label": "Seats", "type": "number"},
          "attribute.create", ("attribute", "seats"))
        c("/api/attributes/{key}", "PATCH", "/api/attributes/seats", {"label": "Seats used"}, "attribute.update")
        for kind in ("milestone", "outcome"):
            c(f"/api/{kind}s", "POST", f"/api/{kind}s", {"key": f"k-{kind}", "name": kind.title()}, f"{kind}.create",
              (kind, f"k-{kind}"))
            c(f"/api/{kind}s/{{key}}", "PATCH", f"/api/{kind}s/k-{kind}", {"name": "Renamed"}, f"{kind}.update")
        c("/api/playbooks", "POST", "/api/playbooks", {"key": "rescue", "name": "Rescue", "due_in_days": 7},
          "playbook.create", ("playbook", "rescue"))
        c("/api/playbooks/{key}", "PATCH", "/api/playbooks/rescue", {"due_in_days": 9}, "playbook.update")
        c("/api/segments", "POST", "/api/segments", {"key": "big", "name": "Big", "rule": {"all": [
            {"property": "account.mrr", "op": "gt", "value": 1000}]}}, "segment.create", ("segment", "big"))
        c("/api/segments/{key}", "PATCH", "/api/segments/big", {"name": "Big ones"}, "segment.update")
        c("/api/templates", "POST", "/api/templates", {"key": "nudge", "subject": "Hi", "body": "Hello"},
          "template.create", ("template", "nudge"))
        c("/api/templates/{key}", "PUT", "/api/templates/nudge", {"subject": "Hi again"}, "template.update")
        c("/api/templates/{key}", "PATCH", "/api/templates/nudge", {"body": "Hello again"}, "template.update")
        c("/api/suppressions", "POST", "/api/suppressions", {"address": "gone@acme.example"},
          "suppression.create", ("suppression", "gone@acme.example"))
        c("/api/suppressions/{address}", "DELETE", "/api/suppressions/gone@acme.example", None,
          "suppression.delete", ("suppression", "gone@acme.example"))

        created = c("/api/journeys", "POST", "/api/journeys", {"key": "calls", "name": "Calls", "graph": graph()},
                    "journey.create")
        jid = created["id"]
        url = f"/api/journeys/{jid}"
        c("/api/journeys/{journey_id}", "PUT", url, {"graph": graph(), "draft_version": 1, "name": "Calls!"},
          "journey.update", ("journey", str(jid)))
        c("/api/journeys/{journey_id}/publish", "POST", f"{url}/publish", {"note": "first"}, "journey.publish")
        c("/api/journeys/{journey_id}/enable", "POST", f"{url}/enable", None, "journey.enable")
        copy = c("/api/journeys/{journey_id}/duplicate", "POST", f"{url}/duplicate", {}, "journey.duplicate")

        c("/api/accounts/{external_id}", "PUT", "/api/accounts/acme",
          {"name": "Acme", "stage": "new", "csm": "asha@example.com"}, "account.create", ("account", "acme"))
        c("/api/accounts/{external_id}", "PATCH", "/api/accounts/acme", {"mrr": 2000}, "account.update")
        c("/api/templates/{key}/test", "POST", "/api/templates/nudge/test",
          {"account": "acme", "to": "asha@example.com"}, "template.test", ("template", "nudge"))
        c("/api/emails/test", "POST", "/api/emails/test", {"account": "acme", "to": "asha@example.com",
                                                           "subject": "Hi", "body": "Hello"}, "template.test")
        c("/api/accounts/bulk", "POST", "/api/accounts/bulk", {"accounts": [
            {"external_id": "birch", "name": "Birch", "stage": "new", "csm": "asha@example.com"},
            {"external_id": "cedar", "name": "Cedar"}]}, "account.import")
        c("/api/events", "POST", "/api/events", {"events": [{"account": "acme", "name": "login"}]},
          "event.ingest")
        c("/api/accounts/{external_id}/{kind}/{key}", "PUT", "/api/accounts/acme/milestones/first-report", None,
          "account.milestone_mark", ("account", "acme"))
        c("/api/accounts/{external_id}/{kind}/{key}", "DELETE", "/api/accounts/acme/milestones/first-report", None,
          "account.milestone_unmark")
        c("/api/events", "POST", "/api/events", {"events": [{"account": "acme", "name": "login"},
                                                           {"account": "nobody", "name": "login"}]},
          "event.ingest", ("event", None))

        ws.work()  # the journey enrolls acme and birch and makes their tasks
        [task] = [t for t in ws.call("GET", "/api/tasks")["items"] if t["account"]["external_id"] == "acme"]
        c("/api/tasks/{task_id}", "PATCH", f"/api/tasks/{task['id']}", {"status": "done"}, "task.update",
          ("task", str(task["id"])))
        [active] = [e for e in ws.timeline("acme") if e["status"] == "active"]
        c("/api/enrollments/{enrollment_id}/unenroll", "POST", f"/api/enrollments/{active['id']}/unenroll", None,
          "enrollment.unenroll", ("enrollment", str(active["id"])))
        with self.app.app_context():
            [birch] = db.session.scalars(select(Enrollment).where(Enrollment.status == "active")).all()
            birch.status, birch.reason, birch.error = "failed", "action_failed", "boom"
            db.session.commit()
            failed_id = birch.id
        c("/api/enrollments/{enrollment_id}/retry", "POST", f"/api/enrollments/{failed_id}/retry", None,
          "enrollment.retry")
        with self.app.app_context():
            from backend.models.outbox import OutboxEmail

            email = OutboxEmail(to_address="ann@acme.example", from_address="asha@example.com", subject="Hi",
                                body="Hello", status="uncertain")
            db.session.add(email)
            db.session.commit()
            email_id = email.id
        c("/api/outbox/{email_id}/resend", "POST", f"/api/outbox/{email_id}/resend", {"confirm": True},
          "outbox.resend", ("email", str(email_id)))
        c("/api/secrets", "POST", "/api/secrets", {"name": "CRM", "value": "hush-hush"}, "secret.create",
          ("secret", "CRM"))
        c("/api/secrets/signing", "POST", "/api/secrets/signing", None, "secret.signing_rotate")
        c("/api/secrets/{name}", "DELETE", "/api/secrets/CRM", None, "secret.delete")
        with self.app.app_context():
            from backend.models.webhooks import WebhookCall

            call = WebhookCall(effect_key="audit:1", status="failed", method="POST", url="https://x.example/",
                               host="x.example", request_headers={}, save_response=[], timeout_s=10,
                               retry_until=ws.clock(), error="HTTP 404")
            db.session.add(call)
            db.session.commit()
            call_id = call.id
        c("/api/webhook-calls/{call_id}/retry", "POST", f"/api/webhook-calls/{call_id}/retry", None,
          "webhook.retry", ("webhook_call", str(call_id)))

        with self.app.app_context():
            from backend.services.users import create_token

            create_token("csm", "spare")
            spare = db.session.scalar(select(ApiToken.id).where(ApiToken.name == "spare"))
        c("/api/tokens/{token_id}", "DELETE", f"/api/tokens/{spare}", None, "token.revoke", ("token", str(spare)))

        c("/api/journeys/{journey_id}/disable", "POST", f"{url}/disable", {}, "journey.disable")
        c("/api/journeys/{journey_id}", "DELETE", f"/api/journeys/{copy['id']}", None, "journey.delete")
        c("/api/templates/{key}", "DELETE", "/api/templates/nudge", None, "template.delete")
        c("/api/segments/{key}", "DELETE", "/api/segments/big", None, "segment.delete")
        c("/api/playbooks/{key}", "DELETE", "/api/playbooks/rescue", None, "playbook.delete")
        for kind in ("milestone", "outcome"):
            c(f"/api/{kind}s/{{key}}", "DELETE", f"/api/{kind}s/k-{kind}", None, f"{kind}.delete")
        c("/api/attributes/{key}", "DELETE", "/api/attributes/seats", None, "attribute.delete")
        c("/api/users/{email}", "DELETE", "/api/users/dana@example.com", None, "user.delete")


def write_routes(ws) -> set[tuple[str, str]]:
    spec = ws.call("GET", "/api/openapi.json")
    return {(method.upper(), path) for path, operations in spec["paths"].items()
            for method in operations if method in ("post", "put", "patch", "delete")}


def test_every_write_route_is_audited(ws, app):
    routes = write_routes(ws)
    scenario = Scenario(ws, app)
    scenario.run()
    missing = routes - set(scenario.covered) - set(EXEMPT)
    assert not missing, ("write routes with no audit check: call them in Scenario.run (and audit them) "
                         f"or list them in EXEMPT with a reason: {sorted(missing)}")
    assert not (set(scenario.covered) | set(EXEMPT)) - routes, "a listed route no longer exists"
    assert all(reason for reason in EXEMPT.values())


def test_exempt_routes_write_no_entry(ws, app):
    jid = ws.journey("calls", graph(task=False), enable=False)
    ws.account("acme")
    before = last_id(app)
    ws.call("POST", "/api/journeys/validate", graph())
    ws.call("POST", f"/api/journeys/{jid}/simulate", {"account": "acme", "days": 3, "changes": []})
    ws.call("POST", f"/api/journeys/{jid}/publish/preview", {"migrate": {"mode": "move"}})
    ws.call("POST", "/api/segments/preview", {"rule": {"all": [{"property": "account.mrr", "op": "gt", "value": 1}]}})
    ws.call("POST", "/api/templates/welcome/preview", {"account": "acme"})
    assert last_id(app) == before


def test_the_entry_is_in_the_changes_transaction(ws, app, monkeypatch):
    """An entry is added to the change's session before its commit: if the change fails after
    it was recorded, neither the change nor the entry is kept; a refused request writes none."""
    from backend.services import audit

    original = audit.record

    def record_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("the disk filled up")

    before = last_id(app)
    monkeypatch.setattr(audit, "record", record_then_fail)
    response = ws.client.post("/api/segments", json={"key": "big", "name": "Big", "rule": {"all": [
        {"property": "account.mrr", "op": "gt", "value": 1000}]}}, headers=ws.headers)
    assert response.status_code == 500
    monkeypatch.setattr(audit, "record", original)
    assert last_id(app) == before
    assert ws.call("GET", "/api/segments/big", expect=404)
    ws.call("POST", "/api/segments", {"key": "big", "name": "Big", "rule": {"all": []}}, expect=422)
    ws.call("POST", "/api/journeys", {"key": "Not A Slug", "name": "x"}, expect=422)
    assert last_id(app) == before


def test_secrets_never_reach_the_log(ws, app, client):
    ws.call("POST", "/api/users", {"email": "dana@example.com", "name": "Dana", "role": "admin",
                                   "password": "correct horse battery"})
    ws.call("PATCH", "/api/users/dana@example.com", {"password": "another secret phrase"})
    from click.testing import CliRunner  # noqa: F401  (the CLI's token create is audited too)

    result = app.test_cli_runner().invoke(args=["token", "create", "--role", "csm", "--name", "ci-bot"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    log = ws.call("GET", "/api/audit?limit=500")["items"]
    text = json.dumps(log)
    for leaked in ("correct horse battery", "another secret phrase", secret, "pbkdf2", "scrypt"):
        assert leaked not in text
    [update] = [e for e in log if e["action"] == "user.update"]
    assert update["changes"]["password"] == {"from": "[redacted]", "to": "[redacted]"}
    [create] = [e for e in log if e["action"] == "user.create" and e["target_id"] == "dana@example.com"]
    assert create["changes"]["password"] == "[redacted]"
    [token] = [e for e in log if e["action"] == "token.create" and e["changes"]["name"] == "ci-bot"]
    assert token["actor_type"] == "cli" and token["target_type"] == "token"


def test_a_bulk_import_is_one_entry_with_counts(ws, app):
    rows = [{"external_id": f"a{i}", "name": f"A{i}"} for i in range(40)] + [{"external_id": "bad", "mrr": "x"}]
    ws.call("POST", "/api/accounts/bulk", {"accounts": rows})
    ws.call("POST", "/api/accounts/bulk", {"accounts": rows[:5]})
    imports = entries(app, action="account.import")
    assert [e.changes for e in imports] == [
        {"rows": 41, "created": 40, "updated": 0, "errors": 1},
        {"rows": 5, "created": 0, "updated": 5, "errors": 0}]
    assert len(entries(app, target_type="account")) == 2
    assert "40 created, 0 updated, 1 refused" in imports[0].summary


def test_changes_say_what_was_before_and_after(ws, app):
    ws.call("PUT", "/api/accounts/acme", {"name": "Acme", "mrr": 100, "stage": "new"})
    ws.call("PATCH", "/api/accounts/acme", {"mrr": 250, "custom": {"logins_30d": 4}})
    [_, update] = entries(app, target_type="account", target_id="acme")
    assert update.changes["mrr"] == {"from": 100, "to": 250}
    assert update.changes["custom"] == {"from": {}, "to": {"logins_30d": 4}}
    assert "updated_at" not in update.changes
    # the summary says it in words, never the HTTP method ("(PATCH)"); a PUT replaces the fields
    assert update.summary == "Changed account Acme (acme)"
    ws.call("PUT", "/api/accounts/acme", {"name": "Acme", "mrr": 300})
    replaced = entries(app, target_type="account", target_id="acme")[-1]
    assert replaced.summary == "Replaced the fields of account Acme (acme)"
    jid = ws.journey("calls", graph(task=False), enable=False)
    changed = graph(task=True)
    ws.call("PUT", f"/api/journeys/{jid}", {"graph": changed, "draft_version": 1, "name": "Calls v2"})
    [save] = entries(app, action="journey.update")
    assert save.changes["name"] == {"from": "calls", "to": "Calls v2"}
    assert save.changes["graph"] == {"added": ["call"], "edges_added": 2, "edges_removed": 1}


def test_who_is_the_person_or_token(ws, app, client, admin_password_user):
    email, password = admin_password_user
    login = client.post("/api/session", json={"email": email, "password": password})
    assert login.status_code == 200, login.get_json()
    csrf = login.get_json()["csrf_token"]
    response = client.post("/api/milestones", json={"key": "onboarded", "name": "Onboarded"},
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201
    [entry] = entries(app, action="milestone.create", target_id="onboarded")
    assert (entry.actor, entry.actor_type) == (email, "user")
    page = client.get("/api/audit?actor=" + email.upper()).get_json()
    assert [e["action"] for e in page["items"]] == ["milestone.create"]
    assert email in page["actors"] and "test-admin" in page["actors"]


@pytest.fixture()
def admin_password_user(app, clean):
    from backend.services.users import create_user

    with app.app_context():
        create_user("root@example.com", "Root", "admin", "a long password")
    return "root@example.com", "a long password"


def test_filters_and_paging(ws, app):
    jid = ws.journey("calls", graph(task=False), enable=False)
    ws.call("POST", "/api/milestones", {"key": "m1", "name": "M1"})
    ws.call("PATCH", "/api/milestones/m1", {"name": "M one"})
    ws.clock.advance(days=2)
    ws.call("POST", f"/api/journeys/{jid}/enable")
    ws.call("POST", f"/api/journeys/{jid}/disable", {"reason": "pause"})

    everything = ws.call("GET", "/api/audit?actor=test-admin")
    actions = [e["action"] for e in everything["items"]]
    assert actions[:4] == ["journey.disable", "journey.enable", "milestone.update", "milestone.create"]
    assert everything["total"] == len(everything["items"])
    journey = ws.call("GET", f"/api/audit?object=journey:{jid}")["items"]
    assert [e["action"] for e in journey] == ["journey.disable", "journey.enable", "journey.publish", "journey.create"]
    assert all(e["object"] == f"journey:{jid}" for e in journey)
    assert [e["action"] for e in ws.call("GET", f"/api/audit?target_type=journey&target_id={jid}"
                                                "&action=journey.enable")["items"]] == ["journey.enable"]
    assert {e["action"] for e in ws.call("GET", "/api/audit?action=milestone.")["items"]} == \
        {"milestone.create", "milestone.update"}
    assert ws.call("GET", "/api/audit?object=milestone")["total"] == 2
    later = (ws.clock() - timedelta(days=1)).isoformat()
    recent = ws.call("GET", "/api/audit?actor=test-admin&since=" + later.replace("+", "%2B"))["items"]
    assert [e["action"] for e in recent] == ["journey.disable", "journey.enable"]
    earlier = ws.call("GET", f"/api/audit?actor=test-admin&until={(ws.clock() - timedelta(days=1)).date().isoformat()}")
    assert "journey.enable" not in [e["action"] for e in earlier["items"]] and earlier["total"] > 0
    assert ws.call("GET", f"/api/audit?actor=test-admin&since={ws.clock().date().isoformat()}")["total"] == 2
    page = ws.call("GET", "/api/audit?actor=test-admin&limit=2&offset=1")
    assert [e["action"] for e in page["items"]] == actions[1:3] and page["total"] == everything["total"]
    assert ws.call("GET", "/api/audit?actor=nobody")["items"] == []
    bad = ws.call("GET", "/api/audit?since=yesterday", expect=422)
    assert bad["error"]["code"] == "invalid"
    ws.call("GET", "/api/audit?since=2026-12-01&until=2026-11-01", expect=422)


def test_only_admins_read_the_log(ws, client, csm_headers, support_headers):
    for headers in (csm_headers, support_headers):
        response = client.get("/api/audit", headers=headers)
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/audit").status_code == 401


def test_a_publish_with_a_move_is_audited_with_what_moved(ws, app):
    jid = ws.journey("calls", graph(task=False))
    ws.account("acme")
    ws.work()
    moved = graph(task=False)
    moved["nodes"][1]["id"] = "pause"
    moved["edges"][0]["target"] = "pause"
    ws.call("PUT", f"/api/journeys/{jid}", {"graph": moved, "draft_version": 1})
    ws.call("POST", f"/api/journeys/{jid}/publish",
            {"note": "Rename the wait", "migrate": {"mode": "move", "map": {"hold": "pause"}}})
    [publish] = [e for e in entries(app, action="journey.publish") if e.changes["version"] == 2]
    assert publish.changes["migrate"] == "move" and publish.changes["moved"] == 1
    assert publish.changes["note"] == "Rename the wait"
    assert publish.changes["map"] == {"hold": "pause"}
    assert publish.changes["nodes"] == [{"from": {"version": 1, "node_id": "hold"}, "to": "pause",
                                         "count": 1, "wait": "kept"}]
    assert re.search(r"Published version 2 of “calls” and moved 1 active account\(s\) onto it: Rename the wait",
                     publish.summary)


def test_the_app_s_own_processes_write_as_the_system(app, app_ctx):
    """A change the scheduler or a worker makes (a journey disabled for its failure rate) is the
    system's, also when the process is a `flask worker` / `flask scheduler` command."""
    import click

    from backend.services import audit

    assert audit.current_actor() == ("system", "system")
    for name, expected in (("worker", "system"), ("scheduler", "system"), ("create", "cli")):
        command = click.Command(name)
        with click.Context(command, info_name=name):
            assert audit.current_actor()[1] == expected
