"""Product events through the API (SPEC §7): ingest, duplicates, bad rows, listing, names."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.models.audit import AuditEntry
from backend.models.events import Event
from tests.backend.engine_helpers import START, Workspace


@pytest.fixture()
def ws(app, client, admin_headers):
    workspace = Workspace(app, client, admin_headers)
    workspace.setup_catalog()
    workspace.account("acme")
    workspace.account("globex")
    yield workspace
    workspace.close()


def at(**delta) -> str:
    return (START + timedelta(**delta)).isoformat()


def count_events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Event))


def test_valid_rows_are_kept_and_each_bad_row_is_named(ws, app):
    events = [
        {"id": "e1", "account": "acme", "name": "login", "at": at(hours=-1), "properties": {"plan": "pro"}},
        {"account": "nobody", "name": "login"},
        {"account": "acme", "name": "Login Now"},
        {"account": "acme", "name": "login", "at": at(minutes=6)},
        {"account": "acme", "name": "login", "at": at(minutes=4)},
        {"account": "acme", "name": "login", "properties": {"blob": "x" * 9000}},
        {"account": "acme", "name": "login", "at": "yesterday"},
        "not an object",
        {"account": "globex", "name": "report.exported", "properties": {"rows": 12, "ok": True,
                                                                       "on": "2026-11-20"}},
        {"account": "acme", "name": "login", "colour": "red"},
        {"account": "acme", "name": "login", "at": at(days=-401)},
    ]
    result = ws.call("POST", "/api/events", {"events": events})
    codes = {e["index"]: e["error"]["code"] for e in result["errors"]}
    assert codes == {1: "unknown_account", 2: "bad_name", 3: "future_timestamp", 5: "properties_too_large",
                     6: "bad_timestamp", 7: "bad_event", 9: "bad_event", 10: "too_old"}
    assert all(e["error"]["message"] for e in result["errors"])
    assert result["accepted"] == 3 and result["duplicates"] == 0
    assert count_events(app) == 3
    listed = ws.call("GET", "/api/events?account=acme")["items"]
    assert [e["at"] for e in listed] == sorted((e["at"] for e in listed), reverse=True)
    assert listed[-1] == {"id": "e1", "account": "acme", "name": "login",
                          "at": at(hours=-1), "properties": {"plan": "pro"}}
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "event.ingest")).one()
        assert entry.changes["accepted"] == 3 and entry.changes["errors"] == 8


def test_an_id_seen_before_changes_nothing(ws, app):
    batch = [{"id": "x-1", "account": "acme", "name": "login", "at": at(hours=-2)},
             {"id": "x-2", "account": "acme", "name": "login", "at": at(hours=-1)},
             {"id": "x-2", "account": "acme", "name": "login", "at": at(hours=-1)}]
    first = ws.call("POST", "/api/events", {"events": batch})
    assert (first["accepted"], first["duplicates"]) == (2, 1)
    again = ws.call("POST", "/api/events", {"events": batch + [{"account": "acme", "name": "login"}]})
    assert (again["accepted"], again["duplicates"]) == (1, 3)
    assert count_events(app) == 3
    names = ws.call("GET", "/api/event-names")
    assert names == [{"name": "login", "count_30d": 3, "last_at": START.isoformat(), "properties": {}}]


def test_event_names_give_counts_and_property_types(ws):
    ws.call("POST", "/api/events", {"events": [
        {"account": "acme", "name": "report.exported", "at": at(days=-40), "properties": {"rows": 3}},
        {"account": "acme", "name": "report.exported", "at": at(days=-2),
         "properties": {"rows": 5, "format": "csv", "scheduled": False, "on": "2026-11-01"}},
        {"account": "globex", "name": "login", "at": at(hours=-3)}]})
    names = {n["name"]: n for n in ws.call("GET", "/api/event-names")}
    assert names["report.exported"]["count_30d"] == 1
    assert names["report.exported"]["properties"] == {"format": "text", "on": "date", "rows": "number",
                                                      "scheduled": "boolean"}
    assert names["report.exported"]["last_at"] == at(days=-2)
    assert names["login"]["count_30d"] == 1


def test_listing_filters_and_pages(ws):
    ws.call("POST", "/api/events", {"events": [
        {"account": "acme", "name": "login", "at": at(hours=-h)} for h in range(1, 6)] + [
        {"account": "globex", "name": "login", "at": at(hours=-1)},
        {"account": "acme", "name": "export", "at": at(hours=-1)}]})
    page = ws.call("GET", "/api/events?account=acme&name=login&limit=2")
    assert [e["at"] for e in page["items"]] == [at(hours=-1), at(hours=-2)]
    following = ws.call("GET", f"/api/events?account=acme&name=login&limit=2&before={quote(page['next_before'])}")
    assert [e["at"] for e in following["items"]] == [at(hours=-3), at(hours=-4)]
    since = ws.call("GET", f"/api/events?name=login&since={quote(at(hours=-2))}")["items"]
    assert {(e["account"], e["at"]) for e in since} == {("acme", at(hours=-1)), ("acme", at(hours=-2)),
                                                        ("globex", at(hours=-1))}
    ws.call("GET", "/api/events?account=nobody", expect=404)
    ws.call("GET", "/api/events?since=soon", expect=422)


def test_limits_and_roles(ws, client, support_headers):
    too_many = [{"account": "acme", "name": "login"}] * 10_001
    ws.call("POST", "/api/events", {"events": too_many}, expect=422)
    ws.call("POST", "/api/events", {"events": "no"}, expect=422)
    response = client.post("/api/events", json={"events": []}, headers=support_headers)
    assert response.status_code == 403
    assert client.get("/api/event-names", headers=support_headers).status_code == 200


def test_ids_holding_the_list_separator_still_match(ws, app):
    """On PostgreSQL ids and external ids go to the server as one text split on \\x1f; a value
    holding that character must still be found (and its duplicate caught), not split apart."""
    ws.account("odd\x1fone", contacts=[])
    first = ws.call("POST", "/api/events", {"events": [
        {"id": "a\x1fb", "account": "odd\x1fone", "name": "login"},
        {"id": "a", "account": "acme", "name": "login"}, {"id": "b", "account": "globex", "name": "login"}]})
    assert (first["accepted"], first["errors"]) == (3, [])
    again = ws.call("POST", "/api/events", {"events": [
        {"id": "a\x1fb", "account": "odd\x1fone", "name": "login"}, {"id": "b", "account": "globex", "name": "login"},
        {"id": "c", "account": "odd", "name": "login"}]})
    assert (again["accepted"], again["duplicates"]) == (0, 2)
    assert [e["index"] for e in again["errors"]] == [2]
    assert count_events(app) == 3
