"""API tokens for admins (issue 18): ``GET /api/tokens`` (never the secret) and
``DELETE /api/tokens/<id>``, ``flask --app backend token list`` / ``token revoke``,
and each token's last-used time, written at most once a minute."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from backend.clock import FakeClock
from backend.extensions import db
from backend.services.users import create_token


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def tokens(app, clean):
    """Three tokens in clear: admin 'ops', csm 'crm-sync', support 'zapier'."""
    with app.app_context():
        return {name: create_token(role, name) for role, name in
                (("admin", "ops"), ("csm", "crm-sync"), ("support", "zapier"))}


def _listed(client, headers) -> dict:
    response = client.get("/api/tokens", headers=headers)
    assert response.status_code == 200, response.get_json()
    return {t["name"]: t for t in response.get_json()["items"]}


def test_admins_list_tokens_without_their_secrets(client, tokens):
    response = client.get("/api/tokens", headers=_bearer(tokens["ops"]))
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(t["name"], t["role"]) for t in items] == [("ops", "admin"), ("crm-sync", "csm"),
                                                       ("zapier", "support")]
    assert set(items[0]) == {"id", "name", "role", "created_at", "last_used_at", "revoked_at"}
    for secret in tokens.values():
        assert secret not in response.get_data(as_text=True)
        assert secret[4:20] not in response.get_data(as_text=True)
    assert items[2]["last_used_at"] is None and items[2]["revoked_at"] is None


@pytest.mark.parametrize("who", ["crm-sync", "zapier"])
def test_only_admins_may_see_or_revoke_tokens(client, tokens, who):
    listing = client.get("/api/tokens", headers=_bearer(tokens[who]))
    assert listing.status_code == 403
    assert listing.get_json()["error"]["code"] == "forbidden"
    ids = _listed(client, _bearer(tokens["ops"]))
    assert client.delete(f"/api/tokens/{ids['ops']['id']}", headers=_bearer(tokens[who])).status_code == 403
    assert client.get("/api/users", headers=_bearer(tokens["ops"])).status_code == 200


def test_an_admin_session_lists_tokens_too(app, client, tokens):
    from backend.services.users import create_user

    with app.app_context():
        create_user("boss@example.com", "Boss", "admin", "battery staple")
        create_user("sam@example.com", "Sam", "support", "support pass")
    assert client.post("/api/session", json={"email": "sam@example.com", "password": "support pass"}).status_code == 200
    assert client.get("/api/tokens").status_code == 403
    assert client.post("/api/session", json={"email": "boss@example.com", "password": "battery staple"}).status_code == 200
    assert len(client.get("/api/tokens").get_json()["items"]) == 3


def test_delete_revokes_a_token_from_the_next_request_on(client, tokens):
    admin = _bearer(tokens["ops"])
    zapier = _listed(client, admin)["zapier"]
    assert client.get("/api/users", headers=_bearer(tokens["zapier"])).status_code == 200
    assert client.delete(f"/api/tokens/{zapier['id']}", headers=admin).status_code == 204
    refused = client.get("/api/users", headers=_bearer(tokens["zapier"]))
    assert refused.status_code == 401
    assert "revoked" in refused.get_json()["error"]["message"]
    listed = _listed(client, admin)
    assert listed["zapier"]["revoked_at"] is not None and listed["crm-sync"]["revoked_at"] is None
    assert client.delete(f"/api/tokens/{zapier['id']}", headers=admin).status_code == 204  # idempotent
    assert client.get("/api/users", headers=_bearer(tokens["crm-sync"])).status_code == 200


def test_delete_of_an_unknown_token_or_the_one_in_use(client, tokens):
    admin = _bearer(tokens["ops"])
    missing = client.delete("/api/tokens/999999", headers=admin)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    own = client.delete(f"/api/tokens/{_listed(client, admin)['ops']['id']}", headers=admin)
    assert own.status_code == 409
    assert "flask --app backend token revoke" in own.get_json()["error"]["message"]
    assert client.get("/api/users", headers=admin).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(app, client, tokens, monkeypatch):
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    monkeypatch.setitem(app.config, "CLOCK", clock)
    zapier, admin = _bearer(tokens["zapier"]), _bearer(tokens["ops"])
    updates = []

    def count_updates(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE API_TOKENS"):
            updates.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count_updates)
    try:
        assert client.get("/api/users", headers=zapier).status_code == 200
        first = clock.moment
        for _ in range(5):
            clock.advance(seconds=11)    # 55 s: still the same minute of use
            assert client.get("/api/users", headers=zapier).status_code == 200
        zapier_updates = len(updates)
        listed = _listed(client, admin)
        assert datetime.fromisoformat(listed["zapier"]["last_used_at"]) == first
        assert zapier_updates == 1      # six requests, one write
        clock.advance(seconds=10)       # 65 s after the first use
        assert client.get("/api/users", headers=zapier).status_code == 200
        listed = _listed(client, admin)
        assert datetime.fromisoformat(listed["zapier"]["last_used_at"]) == first + timedelta(seconds=65)
        assert listed["crm-sync"]["last_used_at"] is None
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count_updates)


def test_a_failed_request_still_counts_as_use(client, tokens):
    """The stamp has its own transaction: a request that fails and rolls back keeps it."""
    response = client.post("/api/users", json={"email": "x"}, headers=_bearer(tokens["ops"]))
    assert response.status_code == 422
    assert _listed(client, _bearer(tokens["ops"]))["ops"]["last_used_at"] is not None


# ---- the CLI ---------------------------------------------------------------------------------

def test_token_list_and_revoke_by_name_on_the_command_line(app, client, tokens):
    runner = app.test_cli_runner()
    assert client.get("/api/users", headers=_bearer(tokens["crm-sync"])).status_code == 200
    with app.app_context():
        create_token("csm", "crm-sync")          # a second token with the same name
    listing = runner.invoke(args=["token", "list"])
    assert listing.exit_code == 0, listing.output
    lines = listing.output.splitlines()
    assert "LAST USED" in lines[0]
    rows = {line.split()[1]: line for line in lines[1:]}
    assert set(rows) == {"ops", "crm-sync", "zapier"} and len(lines) == 5
    assert all(secret not in listing.output for secret in tokens.values())
    assert "never" in rows["zapier"] and "active" in rows["zapier"]

    revoked = runner.invoke(args=["token", "revoke", "--name", "crm-sync"])
    assert revoked.exit_code == 0, revoked.output
    assert revoked.output.count("Revoked token") == 2
    assert client.get("/api/users", headers=_bearer(tokens["crm-sync"])).status_code == 401
    assert client.get("/api/users", headers=_bearer(tokens["zapier"])).status_code == 200

    active = runner.invoke(args=["token", "list", "--active"])
    assert "crm-sync" not in active.output and "zapier" in active.output
    everything = runner.invoke(args=["token", "list"])
    assert everything.output.count("revoked 20") == 2

    again = runner.invoke(args=["token", "revoke", "--name", "crm-sync"])
    assert again.exit_code != 0 and "No active API token named 'crm-sync'" in again.output


def test_token_revoke_by_id_and_usage_errors(app, client, tokens):
    runner = app.test_cli_runner()
    zapier_id = _listed(client, _bearer(tokens["ops"]))["zapier"]["id"]
    result = runner.invoke(args=["token", "revoke", "--id", str(zapier_id)])
    assert result.exit_code == 0, result.output
    assert client.get("/api/users", headers=_bearer(tokens["zapier"])).status_code == 401
    assert runner.invoke(args=["token", "revoke"]).exit_code == 2
    assert runner.invoke(args=["token", "revoke", "--id", "1", "--name", "x"]).exit_code == 2
    missing = runner.invoke(args=["token", "revoke", "--id", "999999"])
    assert missing.exit_code == 1 and "No API token with id 999999" in missing.output


def test_a_database_too_busy_for_the_stamp_does_not_fail_the_request(client, tokens, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import backend.auth

    def busy(*args, **kwargs):
        raise OperationalError("UPDATE api_tokens", {}, Exception("database is locked"))

    monkeypatch.setattr(backend.auth, "update", busy)
    assert client.get("/api/users", headers=_bearer(tokens["zapier"])).status_code == 200
    monkeypatch.undo()
    assert _listed(client, _bearer(tokens["ops"]))["zapier"]["last_used_at"] is None
