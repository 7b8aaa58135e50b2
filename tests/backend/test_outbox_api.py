"""/api/outbox: the emails, newest first, with filters; effect_key is an idempotency key."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from backend.extensions import db
from backend.models.outbox import OutboxEmail
from backend.models.statuses import OutboxStatus

from .journey_workspace import add_account


@pytest.fixture()
def emails(app, client):
    acme = add_account(app, "acme", "Acme")
    now = datetime.now(timezone.utc)
    with app.app_context():
        db.session.add_all([
            OutboxEmail(to_address="ann@acme.test", from_address="asha@example.com", subject="Welcome",
                        body="Hi Ann", status="kept", account_id=acme, effect_key="e:1",
                        created_at=now - timedelta(minutes=2)),
            OutboxEmail(to_address="bob@beta.test", from_address="asha@example.com", subject="Tips",
                        body="Hi Bob", status="failed", error="550 no such user", created_at=now),
        ])
        db.session.commit()


def test_list_newest_first_with_fields(emails, client, support_headers):
    response = client.get("/api/outbox", headers=support_headers)
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [i["subject"] for i in items] == ["Tips", "Welcome"]
    tips, welcome = items
    assert set(welcome) == {"id", "to", "from", "subject", "body", "html_body", "status", "error", "created_at",
                            "sent_at", "opened_at", "clicked_at", "account", "journey", "step"}
    assert welcome["opened_at"] is None and welcome["clicked_at"] is None  # never opened
    assert welcome["journey"] is None and welcome["step"] is None  # not from a journey (a test email)
    assert welcome["to"] == "ann@acme.test" and welcome["from"] == "asha@example.com"
    assert welcome["account"] == {"external_id": "acme", "name": "Acme"}
    assert tips["account"] is None and tips["error"] == "550 no such user"


def test_filters(emails, client, support_headers):
    def subjects(**query):
        return [i["subject"] for i in client.get("/api/outbox", query_string=query,
                                                 headers=support_headers).get_json()["items"]]
    assert subjects(status="failed") == ["Tips"]
    assert subjects(account="acme") == ["Welcome"]
    assert subjects(limit=1) == ["Tips"]
    assert subjects(limit=1, offset=1) == ["Welcome"]
    assert client.get("/api/outbox?status=lost", headers=support_headers).status_code == 422


def test_every_status_a_row_can_have_is_a_filter(app, emails, client, support_headers):
    """Delivery claims an email as ``sending``; the filter must accept every status, that one too."""
    with app.app_context():
        db.session.add(OutboxEmail(to_address="cy@acme.test", from_address="asha@example.com",
                                   subject="Claimed", body="Hi Cy", status=OutboxStatus.SENDING))
        db.session.commit()
    for status in OutboxStatus:
        response = client.get("/api/outbox", query_string={"status": status}, headers=support_headers)
        assert response.status_code == 200, status
    items = client.get("/api/outbox?status=sending", headers=support_headers).get_json()["items"]
    assert [(i["subject"], i["status"]) for i in items] == [("Claimed", "sending")]


def test_needs_login(client):
    assert client.get("/api/outbox").status_code == 401


def test_effect_key_is_unique(app, emails):
    with app.app_context():
        db.session.add(OutboxEmail(to_address="x@y.test", from_address="a@b.test", subject="s", body="b",
                                   effect_key="e:1"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_search_by_recipient_or_account_with_a_total_for_paging(app, emails, client, support_headers):
    """Support answers "did X get the email?": a search by recipient address (its start) or by
    account (name or external id, as the Accounts search), a journey filter, and a total."""
    with app.app_context():
        db.session.add_all([OutboxEmail(to_address=f"c{n}@gamma.test", from_address="a@b.test", subject=f"G{n}",
                                        body="b", status="kept", journey_id=7) for n in range(3)])
        db.session.commit()

    def page(**query):
        response = client.get("/api/outbox", query_string=query, headers=support_headers)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        return sorted(i["subject"] for i in body["items"]), body["total"]
    assert page(q="ANN@acme") == (["Welcome"], 1)         # recipient, any case
    assert page(q="acme.test") == ([], 0)                 # an address is matched from its start
    assert page(q="acm") == (["Welcome"], 1)              # the account's external id / name
    assert page(q="Acme") == (["Welcome"], 1)
    assert page(q="bob") == (["Tips"], 1)
    assert page(q="%") == ([], 0) and page(q="_") == ([], 0)   # wildcards are plain text
    assert page(q="  ") == (["G0", "G1", "G2", "Tips", "Welcome"], 5)   # blank: no search
    assert page(journey=7) == (["G0", "G1", "G2"], 3)
    assert page(journey=7, q="c1@") == (["G1"], 1)
    assert page(limit=2, offset=2) == (["G0", "Tips"], 5)   # one page, and how many in all
    assert page(status="failed", q="ann") == ([], 0)


@pytest.mark.parametrize("query", [{"journey": "abc"}, {"journey": 0}, {"q": "x" * 255}, {"limit": 0},
                                   {"offset": -1}])
def test_bad_search_parameters_are_refused_in_the_error_shape(emails, client, support_headers, query):
    response = client.get("/api/outbox", query_string=query, headers=support_headers)
    assert response.status_code in (400, 422), response.get_json()
    error = response.get_json()["error"]
    assert error["code"] and error["message"]


def test_the_total_is_counted_up_to_a_cap(app, emails, client, support_headers, monkeypatch):
    """An exact count of a large unfiltered outbox would scan it all on every page view: past the
    cap the total stops there and says there are more."""
    from backend.services import outbox
    monkeypatch.setattr(outbox, "COUNT_CAP", 1)
    body = client.get("/api/outbox", headers=support_headers).get_json()
    assert (len(body["items"]), body["total"], body["total_is_more"]) == (2, 1, True)
    body = client.get("/api/outbox", query_string={"q": "bob"}, headers=support_headers).get_json()
    assert (body["total"], body["total_is_more"]) == (1, False)
