"""Browser sessions end when they should (issue 18): logout and a password change
refuse every cookie issued before, even a copy kept elsewhere; logins are throttled
per account and per client address (429 with Retry-After, SPEC error shape)."""
from __future__ import annotations

import pytest

from backend.services.users import create_user

IP_A, IP_B, IP_C = "203.0.113.1", "203.0.113.2", "198.51.100.7"


def _login(client, email, password, ip=IP_A):
    return client.post("/api/session", json={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def _copy_of(app, client):
    """Another browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


@pytest.fixture()
def users(app, clean):
    with app.app_context():
        create_user("chen@example.com", "Chen", "csm", "correct horse")
        create_user("boss@example.com", "Boss", "admin", "battery staple")


def test_logout_ends_a_copied_session_cookie(app, client, users):
    assert _login(client, "chen@example.com", "correct horse").status_code == 200
    copy = _copy_of(app, client)
    assert copy.get("/api/users").status_code == 200      # the copy works while the session lives
    assert client.delete("/api/session").status_code == 204
    refused = copy.get("/api/users")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert copy.get("/api/session").get_json()["user"] is None
    # logging in again works, and the new cookie is good
    assert _login(client, "chen@example.com", "correct horse").status_code == 200
    assert client.get("/api/users").status_code == 200


def test_logout_ends_the_users_sessions_in_every_browser(app, users):
    laptop, phone = app.test_client(), app.test_client()
    assert _login(laptop, "chen@example.com", "correct horse").status_code == 200
    assert _login(phone, "chen@example.com", "correct horse").status_code == 200
    assert laptop.delete("/api/session").status_code == 204
    assert phone.get("/api/users").status_code == 401


def test_an_admin_setting_a_password_ends_that_users_sessions(app, client, users, admin_headers):
    assert _login(client, "chen@example.com", "correct horse").status_code == 200
    copy = _copy_of(app, client)
    changed = client.patch("/api/users/chen@example.com", json={"password": "new horse staple"},
                           headers=admin_headers)
    assert changed.status_code == 200, changed.get_json()
    assert client.get("/api/users").status_code == 401
    assert copy.get("/api/users").status_code == 401
    assert _login(client, "chen@example.com", "correct horse").status_code == 401
    assert _login(client, "chen@example.com", "new horse staple").status_code == 200
    assert client.get("/api/users").status_code == 200


def test_changing_your_own_password_keeps_this_browser_and_ends_the_others(app, users):
    here, elsewhere = app.test_client(), app.test_client()
    csrf = _login(here, "boss@example.com", "battery staple").get_json()["csrf_token"]
    assert _login(elsewhere, "boss@example.com", "battery staple").status_code == 200
    changed = here.patch("/api/users/boss@example.com", json={"password": "a longer secret"},
                         headers={"X-CSRF-Token": csrf})
    assert changed.status_code == 200, changed.get_json()
    assert here.get("/api/users").status_code == 200
    assert elsewhere.get("/api/users").status_code == 401


def test_a_name_change_leaves_sessions_alone(app, client, users, admin_headers):
    assert _login(client, "chen@example.com", "correct horse").status_code == 200
    assert client.patch("/api/users/chen@example.com", json={"name": "Chen Li"},
                        headers=admin_headers).status_code == 200
    assert client.get("/api/session").get_json()["user"]["name"] == "Chen Li"


# ---- throttling -----------------------------------------------------------------------------

@pytest.fixture()
def limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 3)
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_IP", 5)
    monkeypatch.setitem(app.config, "LOGIN_THROTTLE_SECONDS", 600)


def _assert_throttled(response):
    assert response.status_code == 429, response.get_json()
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 600
    error = response.get_json()["error"]
    assert error["code"] == "too_many_requests"
    assert "Too many failed logins" in error["message"]
    assert error["details"] == {"retry_after": retry_after}


def test_bad_logins_for_one_account_are_throttled_and_others_still_log_in(app, client, users, limits):
    for _ in range(3):
        assert _login(client, "chen@example.com", "guess").status_code == 401
    _assert_throttled(_login(client, "chen@example.com", "guess"))
    # the right password does not get through either (a throttled guess learns nothing),
    # not even from another address: the limit is the account's
    _assert_throttled(_login(client, "chen@example.com", "correct horse", ip=IP_B))
    assert client.get("/api/session").get_json()["user"] is None
    # another account from another address logs in as usual
    ok = _login(app.test_client(), "boss@example.com", "battery staple", ip=IP_C)
    assert ok.status_code == 200, ok.get_json()


def test_bad_logins_from_one_address_are_throttled_across_accounts(app, client, users, limits):
    for n in range(5):
        assert _login(client, f"nobody{n}@example.com", "guess", ip=IP_A).status_code == 401
    _assert_throttled(_login(client, "boss@example.com", "battery staple", ip=IP_A))
    assert _login(app.test_client(), "boss@example.com", "battery staple", ip=IP_B).status_code == 200


def test_a_good_login_clears_the_accounts_failures(app, client, users, limits):
    for _ in range(2):
        assert _login(client, "chen@example.com", "guess").status_code == 401
    assert _login(client, "chen@example.com", "correct horse").status_code == 200
    for _ in range(3):
        assert _login(client, "chen@example.com", "guess").status_code == 401
    _assert_throttled(_login(client, "chen@example.com", "guess"))


def test_successful_logins_do_not_use_up_the_addresss_allowance(app, users, limits):
    for _ in range(8):   # more than the 5 attempts an address may fail
        assert _login(app.test_client(), "boss@example.com", "battery staple", ip=IP_A).status_code == 200


def test_the_window_ends(app, client, users, limits, redis_url):
    from redis import Redis

    for _ in range(3):
        _login(client, "chen@example.com", "guess")
    _assert_throttled(_login(client, "chen@example.com", "guess"))
    redis = Redis.from_url(redis_url)
    keys = redis.keys("test:login-attempts:*")
    assert keys and all(0 < redis.ttl(k) <= 600 for k in keys)   # nothing is kept for ever
    for key in keys:   # as if the window had passed
        redis.delete(key)
    assert _login(client, "chen@example.com", "correct horse").status_code == 200


def test_without_redis_logins_still_work_unthrottled(app, client, users, limits, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    import backend.login_throttle

    def down():
        raise RedisDown("Redis is gone")

    monkeypatch.setattr(backend.login_throttle, "get_redis", down)
    for _ in range(4):   # past the limit of 3: nothing counts them
        assert _login(client, "chen@example.com", "guess").status_code == 401
    assert _login(client, "chen@example.com", "correct horse").status_code == 200
