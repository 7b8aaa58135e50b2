"""Auth per SPEC §5: tokens, roles, browser sessions with CSRF, and nothing left open."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from backend.config import REPO_ROOT
from backend.services.users import create_user


def test_missing_and_wrong_tokens_are_refused(client):
    response = client.get("/api/users")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/users", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/users", headers={"Authorization": "Basic abc"}).status_code == 401


def test_roles_read_and_write(client, admin_headers, csm_headers, support_headers):
    new = {"email": "Asha@Example.com", "name": "Asha", "role": "csm"}
    assert client.post("/api/users", json=new, headers=support_headers).status_code == 403
    assert client.post("/api/users", json=new, headers=csm_headers).status_code == 403
    created = client.post("/api/users", json=new, headers=admin_headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["email"] == "asha@example.com"
    for headers in (admin_headers, csm_headers, support_headers):
        listing = client.get("/api/users", headers=headers)
        assert listing.status_code == 200
        assert [u["email"] for u in listing.get_json()["items"]] == ["asha@example.com"]


def test_checking_simulating_and_previewing_are_open_to_every_role(client, admin_headers, csm_headers,
                                                                   support_headers):
    """They write nothing, so whoever can look at a journey or a template can use them (the
    editor's Problems and Simulate tabs, a template's preview); writes stay refused."""
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["nobody"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "done", "type": "end"}], "edges": [{"source": "start", "target": "done"}]}
    journey = client.post("/api/journeys", json={"key": "look", "name": "Look", "graph": graph},
                          headers=admin_headers).get_json()
    assert client.post("/api/templates", json={"key": "hi", "subject": "Hi {{ account.name }}", "body": "x"},
                       headers=admin_headers).status_code == 201
    account = {"name": "Acme", "external_id": "acme"}
    for headers in (admin_headers, csm_headers, support_headers):
        checked = client.post("/api/journeys/validate", json=graph, headers=headers)
        assert checked.status_code == 200 and checked.get_json()["valid"] is False  # no segment "nobody"
        simulated = client.post(f"/api/journeys/{journey['id']}/simulate", json={"account": account},
                                headers=headers)
        assert simulated.status_code == 422, simulated.get_json()  # the draft's problem, not the role
        previewed = client.post("/api/templates/hi/preview", json={"account": account}, headers=headers)
        assert previewed.status_code == 200 and previewed.get_json()["subject"] == "Hi Acme"
    for headers in (csm_headers, support_headers):
        assert client.post(f"/api/journeys/{journey['id']}/publish", headers=headers).status_code == 403
    # retry and unenroll: admins and CSMs (who look after the accounts), not support
    for action in ("retry", "unenroll"):
        assert client.post(f"/api/enrollments/999/{action}", headers=csm_headers).status_code == 404
        assert client.post(f"/api/enrollments/999/{action}", headers=support_headers).status_code == 403


def test_duplicate_user_is_a_409_and_writes_nothing(client, admin_headers):
    body = {"email": "bruno@example.com", "name": "Bruno", "role": "csm"}
    assert client.post("/api/users", json=body, headers=admin_headers).status_code == 201
    again = client.post("/api/users", json={**body, "name": "Other"}, headers=admin_headers)
    assert again.status_code == 409
    assert client.get("/api/users/bruno@example.com", headers=admin_headers).get_json()["name"] == "Bruno"


def test_bad_user_input_is_a_422_in_the_error_shape(client, admin_headers):
    response = client.post("/api/users", json={"email": "x", "name": "", "role": "boss", "extra": 1},
                           headers=admin_headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert {"email", "name", "role", "extra"} <= set(error["details"]["json"])
    assert client.get("/api/users", headers=admin_headers).get_json()["items"] == []


def test_malformed_json_is_a_400(client, admin_headers):
    response = client.post("/api/users", data="{not json", content_type="application/json",
                           headers=admin_headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_browser_session_login_csrf_and_logout(app, client):
    with app.app_context():
        create_user("csm@example.com", "Chen", "csm", "correct horse")
        create_user("boss@example.com", "Boss", "admin", "battery staple")
    assert client.get("/api/session").get_json()["user"] is None
    wrong = client.post("/api/session", json={"email": "csm@example.com", "password": "nope"})
    assert wrong.status_code == 401 and "Wrong email or password" in wrong.get_json()["error"]["message"]

    ok = client.post("/api/session", json={"email": "boss@example.com", "password": "battery staple"})
    assert ok.status_code == 200
    body = ok.get_json()
    assert body["user"] == {"email": "boss@example.com", "name": "Boss", "role": "admin"}
    assert client.get("/api/users").status_code == 200  # the cookie is enough to read
    new = {"email": "x@example.com", "name": "X", "role": "support"}
    assert client.post("/api/users", json=new).status_code == 403  # no CSRF header
    assert client.post("/api/users", json=new, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/api/users", json=new, headers={"X-CSRF-Token": body["csrf_token"]}).status_code == 201
    assert client.delete("/api/session").status_code == 204
    assert client.get("/api/users").status_code == 401


def test_every_api_endpoint_refuses_an_anonymous_caller(app, client):
    """Walk the URL map: nothing under /api is open but health, openapi, the page that shows
    it (/api/docs: static HTML, its calls need a login) and the login itself."""
    open_ok = {"/api/health", "/api/session", "/api/openapi.json", "/api/docs"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api") or rule.rule in open_ok:
            continue
        path = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", rule.rule)  # any(a, b): take a
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, json={})
            assert response.status_code == 401, f"{method} {rule.rule} answered {response.status_code}"
            checked += 1
    assert checked >= 5


def _flask(*args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "backend", *args], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_token_create_command_prints_a_working_token(app, client, database_url, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path)}
    result = _flask("token", "create", "--role", "support", "--name", "zapier", env=env)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/users", headers=headers).status_code == 200
    assert client.post("/api/users", json={"email": "a@b.co", "name": "A", "role": "csm"},
                       headers=headers).status_code == 403
    refused = _flask("token", "create", "--role", "root", "--name", "x", env=env)
    assert refused.returncode != 0


def test_user_create_command_makes_a_login(app, client, database_url, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path)}
    result = _flask("user", "create", "--email", "dana@example.com", "--name", "Dana", "--role", "csm",
                    "--password", "s3cret-pass", env=env)
    assert result.returncode == 0, result.stderr
    assert client.post("/api/session", json={"email": "dana@example.com", "password": "s3cret-pass"}).status_code == 200
    again = _flask("user", "create", "--email", "dana@example.com", "--name", "Dana", "--role", "csm", env=env)
    assert again.returncode != 0 and "already exists" in again.stderr


@pytest.mark.parametrize("body", [{"email": "n@example.com", "name": "Nul\u0000", "role": "csm"},
                                  {"email": "n@example.com", "name": "ok", "role": "csm", "x": ["\u0000"]}])
def test_nul_characters_are_a_422_not_a_crash(client, admin_headers, body):
    response = client.post("/api/users", json=body, headers=admin_headers)
    assert response.status_code == 422
    assert "NUL" in response.get_json()["error"]["message"]
    assert client.get("/api/users", headers=admin_headers).get_json()["items"] == []


def test_nul_in_the_query_string_is_a_422(client, admin_headers):
    assert client.get("/api/users?q=%00", headers=admin_headers).status_code == 422
