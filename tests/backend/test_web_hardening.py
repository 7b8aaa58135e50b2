"""Browser hardening (issue 18): security headers on every response, Secure session
cookies over HTTPS, and CSRF required for every unsafe method a session sends — DELETE too."""
from __future__ import annotations

import re

import pytest

from backend.config import REPO_ROOT
from backend.services.users import create_user

EXPECTED = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


@pytest.mark.parametrize("path", ["/", "/journeys/1", "/api/health", "/api/session", "/api/no-such-thing"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (path, name)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


@pytest.mark.parametrize("html", ["frontend/index.html", "frontend/api-docs.html",
                                  "frontend/dist/index.html", "frontend/dist/api-docs.html"])
def test_the_front_end_has_no_inline_script_the_policy_would_block(html):
    path = REPO_ROOT / html
    assert path.exists(), f"{html} is missing: `make test` builds the front end before the tests"
    for tag in re.findall(r"<script\b[^>]*>(.*?)</script>", path.read_text(), re.S | re.I):
        assert not tag.strip(), f"inline script in {html}"
    assert not re.search(r"\son\w+\s*=", path.read_text()), f"inline event handler in {html}"


def _log_in(app, client, base_url="http://localhost"):
    with app.app_context():
        create_user("boss@example.com", "Boss", "admin", "battery staple")
    response = client.post("/api/session", json={"email": "boss@example.com", "password": "battery staple"},
                           base_url=base_url)
    assert response.status_code == 200
    return response


def test_the_session_cookie_is_secure_over_https_only(app, client):
    plain = _log_in(app, client)
    cookie = plain.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = client.post("/api/session", json={"email": "boss@example.com", "password": "battery staple"},
                         base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_delete_without_csrf_is_refused(app, client, admin_headers):
    """A CSRF check skipped for DELETE would let another site delete through the session."""
    client.post("/api/segments", headers=admin_headers,
                json={"key": "keep", "name": "Keep", "rule": {"property": "account.mrr", "op": "gt", "value": 1}})
    token = _log_in(app, client).get_json()["csrf_token"]
    for method in ("DELETE", "PATCH"):
        refused = client.open("/api/segments/keep", method=method, json={"name": "x"} if method != "DELETE" else None)
        assert refused.status_code == 403, method
        assert "X-CSRF-Token" in refused.get_json()["error"]["message"]
        forged = client.open("/api/segments/keep", method=method, headers={"X-CSRF-Token": "forged"})
        assert forged.status_code == 403, method
    assert client.get("/api/segments/keep").status_code == 200  # still there
    deleted = client.delete("/api/segments/keep", headers={"X-CSRF-Token": token})
    assert deleted.status_code == 204
    assert client.get("/api/segments/keep").status_code == 404
