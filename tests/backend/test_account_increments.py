"""No lost updates through the API (issue 18): ``{"increase": by}`` on PATCH and bulk, added in SQL,
and ``If-Match`` on the account's version (its ETag).

The racing test forks two processes that each PATCH +1 fifty times to one account (a custom
number and a standard one): every increment counts, and each response shows a value no other
response showed — on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""
from __future__ import annotations

import multiprocessing
import os

import pytest
from sqlalchemy import select

from backend.db import bulk_write
from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.schemas.accounts import load_rows
from backend.services import accounts as accounts_service

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")


def call(client, method, path, headers, body=None, **extra):
    response = client.open(path, method=method, json=body, headers={**headers, **extra})
    return response.status_code, response.get_json(silent=True), response.headers


@pytest.fixture()
def acme(client, admin_headers):
    for key, kind in (("n", "number"), ("plan", "text")):
        assert call(client, "POST", "/api/attributes", admin_headers,
                    {"key": key, "label": key.title(), "type": kind})[0] == 201
    status, body, _ = call(client, "PUT", "/api/accounts/acme", admin_headers,
                           {"name": "Acme", "licenses": 5, "custom": {"plan": "pro"}})
    assert status == 201, body
    return admin_headers


def get(client, headers, external_id="acme"):
    status, body, response_headers = call(client, "GET", f"/api/accounts/{external_id}", headers)
    assert status == 200
    return body, response_headers["ETag"]


# --- increments -------------------------------------------------------------------------------------


def test_patch_increases_custom_and_standard_numbers_and_answers_the_value_written(client, acme):
    status, body, _ = call(client, "PATCH", "/api/accounts/acme", acme,
                           {"custom": {"n": {"increase": 1}}, "licenses": {"increase": 2}})
    assert status == 200, body
    assert body["custom"] == {"n": 1, "plan": "pro"}  # unset counts as 0
    assert body["licenses"] == 7
    status, body, _ = call(client, "PATCH", "/api/accounts/acme", acme,
                           {"custom": {"n": {"increase": -0.5}}, "mrr": {"increase": 10}, "name": "Acme Co"})
    assert status == 200, body
    assert (body["custom"]["n"], body["mrr"], body["licenses"], body["name"]) == (0.5, 10, 7, "Acme Co")
    assert get(client, acme)[0]["custom"]["n"] == 0.5


@pytest.mark.parametrize("bad, field", [
    ({"custom": {"plan": {"increase": 1}}}, "custom.plan"),            # not a number attribute
    ({"custom": {"n": {"increase": "1"}}}, "custom.n"),
    ({"custom": {"n": {"increase": 1e16}}}, "custom.n"),               # beyond ±1e15
    ({"custom": {"n": {"increase": True}}}, "custom.n"),
    ({"custom": {"n": {"increase": 1, "by": 2}}}, "custom.n"),
    ({"licenses": {"increase": 1e16}}, "licenses"),
    ({"licenses": {"increase": None}}, "licenses"),
    ({"licenses": {"add": 1}}, "licenses"),
    ({"name": {"increase": 1}}, "name"),                               # a text field
])
def test_a_bad_increase_is_a_422_naming_the_field_and_writes_nothing(client, acme, bad, field):
    before, tag = get(client, acme)
    status, body, _ = call(client, "PATCH", "/api/accounts/acme", acme, {"mrr": 1, **bad})
    assert status == 422, body
    assert set(body["error"]) == {"code", "message", "details"}
    assert field in body["error"]["message"], body
    assert get(client, acme) == (before, tag)


@pytest.mark.parametrize("raw", ['{"custom": {"n": {"increase": 1e309}}}', '{"licenses": {"increase": NaN}}',
                                 '{"custom": {"n": {"increase": 123456789012345678901234567890}}}'])
def test_non_finite_and_oversized_increases_are_refused(client, acme, raw):
    before = get(client, acme)
    response = client.patch("/api/accounts/acme", data=raw, content_type="application/json", headers=acme)
    assert response.status_code in (400, 422) and "error" in response.get_json()
    assert get(client, acme) == before


def test_put_replaces_so_it_refuses_an_increase(client, acme):
    status, body, _ = call(client, "PUT", "/api/accounts/acme", acme, {"name": "A", "custom": {"n": {"increase": 1}}})
    assert status == 422 and "custom.n" in body["error"]["message"]
    assert "PATCH" in body["error"]["details"]["custom"]["n"][0]
    status, body, _ = call(client, "PUT", "/api/accounts/new", acme, {"licenses": {"increase": 1}})
    assert status == 422 and "licenses" in body["error"]["message"]
    assert call(client, "GET", "/api/accounts/new", acme)[0] == 404


def test_an_increase_is_audited_with_before_after_and_the_amount(app, client, acme):
    status, body, _ = call(client, "PATCH", "/api/accounts/acme", acme, {"custom": {"n": {"increase": 3}}})
    assert status == 200
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == "acme")
                                   .order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.actor, entry.actor_type) == ("account.update", "test-admin", "token")
        assert entry.changes["custom"] == {"from": {"plan": "pro"}, "to": {"n": 3, "plan": "pro"}}
        assert entry.changes["increase"] == {"custom.n": 3}


def test_roles_on_an_increase(client, acme, csm_headers, support_headers):
    assert call(client, "PATCH", "/api/accounts/acme", support_headers, {"custom": {"n": {"increase": 1}}})[0] == 403
    assert call(client, "PATCH", "/api/accounts/acme", csm_headers, {"custom": {"n": {"increase": 1}}})[1][
        "custom"]["n"] == 1


# --- bulk: the same write path, both of bulk_write's ways -------------------------------------------


@pytest.fixture(params=["copy", "core"] if ON_POSTGRESQL else ["core"])
def path(request, monkeypatch):
    monkeypatch.setattr(bulk_write, "COPY_MIN_ROWS", 1 if request.param == "copy" else 10**9)
    return request.param


def test_bulk_increases_existing_and_new_accounts(app, client, acme, path):
    rows = [{"external_id": "acme", "licenses": {"increase": 1}, "custom": {"n": {"increase": 2}}},
            {"external_id": "beta", "name": "Beta", "licenses": {"increase": 4}, "custom": {"n": {"increase": 5}}},
            {"external_id": "gamma", "custom": {"plan": {"increase": 1}}},
            {"external_id": "delta", "name": "Delta", "mrr": 3, "custom": {"n": 1}}]
    with app.test_request_context():
        result = accounts_service.import_accounts(*load_rows(rows))
    assert (result["created"], result["updated"]) == (2, 1)
    assert [(e["index"], e["external_id"]) for e in result["errors"]] == [(2, "gamma")]
    assert "custom.plan" in result["errors"][0]["error"]["message"]
    acme_now, beta = get(client, acme)[0], get(client, acme, "beta")[0]
    assert (acme_now["licenses"], acme_now["custom"]) == (6, {"n": 2, "plan": "pro"})
    assert (beta["licenses"], beta["custom"]) == (4, {"n": 5})
    with app.test_request_context():
        accounts_service.import_accounts(*load_rows([{"external_id": "acme", "custom": {"n": {"increase": 2}}},
                                                     {"external_id": "delta", "mrr": {"increase": 1}}]))
    assert get(client, acme)[0]["custom"]["n"] == 4
    assert get(client, acme, "delta")[0]["mrr"] == 4


def test_bulk_increase_through_the_api(client, acme):
    status, body, _ = call(client, "POST", "/api/accounts/bulk", acme, {"accounts": [
        {"external_id": "acme", "custom": {"n": {"increase": 7}}}, {"external_id": "x", "custom": {"n": {"increase": "a"}}}]})
    assert status == 200 and (body["updated"], [e["index"] for e in body["errors"]]) == (1, [1])
    assert get(client, acme)[0]["custom"]["n"] == 7


# --- If-Match -----------------------------------------------------------------------------------------


def test_get_put_and_patch_answer_the_version_as_an_etag(client, acme):
    _, tag = get(client, acme)
    assert tag.startswith('"') and len(tag) > 10
    status, body, headers = call(client, "PATCH", "/api/accounts/acme", acme, {"stage": "live"}, **{"If-Match": tag})
    assert status == 200, body
    assert headers["ETag"] != tag and headers["ETag"] == get(client, acme)[1]
    status, _, put_headers = call(client, "PUT", "/api/accounts/acme", acme, {"name": "Acme", "stage": "live",
                                                                             "licenses": 5, "custom": {"plan": "pro"}},
                                  **{"If-Match": headers["ETag"]})
    assert status == 200 and put_headers["ETag"] == get(client, acme)[1]


def test_a_stale_if_match_is_412_and_writes_nothing(app, client, acme):
    body, tag = get(client, acme)
    assert call(client, "PATCH", "/api/accounts/acme", acme, {"name": "Someone else"})[0] == 200
    after, current = get(client, acme)
    entries = _audit_count(app)
    for method, change in (("PATCH", {"custom": {"n": {"increase": 1}}}), ("PUT", {"name": "Mine"})):
        status, error, headers = call(client, method, "/api/accounts/acme", acme, change, **{"If-Match": tag})
        assert status == 412, error
        assert error["error"]["code"] == "precondition_failed" and "changed" in error["error"]["message"]
        assert error["error"]["details"] == {"etag": current.strip('"')} and headers["ETag"] == current
        assert get(client, acme) == (after, current)
    assert _audit_count(app) == entries
    # several tags, one of them current; '*' matches any existing account; a weak tag never does
    assert call(client, "PATCH", "/api/accounts/acme", acme, {"stage": "a"}, **{"If-Match": f"{tag}, {current}"})[0] == 200
    assert call(client, "PATCH", "/api/accounts/acme", acme, {"stage": "b"}, **{"If-Match": "*"})[0] == 200
    weak = f"W/{get(client, acme)[1]}"
    assert call(client, "PATCH", "/api/accounts/acme", acme, {"stage": "c"}, **{"If-Match": weak})[0] == 412


def test_if_match_on_an_account_that_does_not_exist(client, acme):
    assert call(client, "PUT", "/api/accounts/nobody", acme, {"name": "N"}, **{"If-Match": "*"})[0] == 412
    assert call(client, "GET", "/api/accounts/nobody", acme)[0] == 404
    assert call(client, "PATCH", "/api/accounts/nobody", acme, {"name": "N"}, **{"If-Match": '"x"'})[0] == 404


def test_the_version_moves_with_any_change_not_only_patches(client, acme):
    """A milestone mark does not touch the account row; the version still changes."""
    call(client, "POST", "/api/milestones", acme, {"key": "live", "name": "Live"})
    _, tag = get(client, acme)
    assert get(client, acme)[1] == tag  # stable while nothing changes
    assert call(client, "PUT", "/api/accounts/acme/milestones/live", acme)[0] == 200
    assert get(client, acme)[1] != tag
    assert call(client, "PATCH", "/api/accounts/acme", acme, {"stage": "x"}, **{"If-Match": tag})[0] == 412


def _audit_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(AuditEntry.id)).all())


# --- racing writers ------------------------------------------------------------------------------------

RACERS, TIMES = 2, 50


def _racer(app, headers, start, results):
    """A forked process: its own database connections, PATCHing +1 ``TIMES`` times."""
    with app.app_context():
        db.engine.dispose(close=False)  # never share the parent's connections
    client = app.test_client()
    start.wait()
    seen = []
    for _ in range(TIMES):
        response = client.patch("/api/accounts/acme", json={"custom": {"n": {"increase": 1}},
                                                            "licenses": {"increase": 1}}, headers=headers)
        body = response.get_json()
        seen.append((response.status_code, body["custom"].get("n") if response.status_code == 200 else body))
    results.put(seen)


def _race(app, headers, target) -> list:
    """Run ``target(app, headers, start, results)`` in ``RACERS`` forked processes at once;
    returns what they put in ``results``, concatenated."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(RACERS), context.Queue()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    racers = [context.Process(target=target, args=(app, headers, start, results)) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    seen = [value for _ in racers for value in results.get(timeout=300)]
    for racer in racers:
        racer.join(timeout=60)
        assert racer.exitcode == 0
    return seen


def test_racing_processes_lose_no_increment(app, client, acme):
    seen = _race(app, acme, _racer)
    assert [status for status, _ in seen] == [200] * RACERS * TIMES, [v for v in seen if v[0] != 200][:3]
    # each response shows the value its own increment wrote: no two the same
    assert sorted(n for _, n in seen) == list(range(1, RACERS * TIMES + 1))
    body = get(client, acme)[0]
    assert body["custom"]["n"] == RACERS * TIMES
    assert body["licenses"] == 5 + RACERS * TIMES


def _careful_racer(app, headers, start, results):
    """A read-modify-write client: GET, add 1 in Python, PATCH with If-Match; on 412 read again."""
    with app.app_context():
        db.engine.dispose(close=False)
    client = app.test_client()
    start.wait()
    done, conflicts = 0, 0
    while done < TIMES // 2:
        response = client.get("/api/accounts/acme", headers=headers)
        n = response.get_json()["custom"].get("n", 0)
        answer = client.patch("/api/accounts/acme", json={"custom": {"n": n + 1}},
                              headers={**headers, "If-Match": response.headers["ETag"]})
        assert answer.status_code in (200, 412), answer.get_json()
        done += answer.status_code == 200
        conflicts += answer.status_code == 412
    results.put([conflicts])


def test_read_modify_write_clients_with_if_match_lose_nothing(app, client, acme):
    """The version is compared while the account's row is held: two clients that both read
    version v cannot both write over it."""
    _race(app, acme, _careful_racer)
    assert get(client, acme)[0]["custom"]["n"] == RACERS * (TIMES // 2)
