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


def _subjects(client, headers, **query):
    response = client.get("/api/outbox", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return sorted(i["subject"] for i in body["items"]), body["total"]


def test_search_finds_the_same_emails_through_the_indexes(app, emails, client, support_headers):
    """What support types finds the same emails whichever way the database looks them up (on
    PostgreSQL: the address's lower-case index, the accounts' ids first; migration 0022): part of
    an address, a whole address in another case than stored, an account's name, its external id."""
    beta = add_account(app, "beta-co", "Beta Company")
    with app.app_context():
        db.session.add_all([
            OutboxEmail(to_address="Dora.Smith@Beta.test", from_address="a@b.test", subject="Mixed",
                        body="b", status="sent", account_id=beta),
            OutboxEmail(to_address="csm@journeys.test", from_address="a@b.test", subject="Alert",
                        body="b", status="kept", account_id=beta),   # to staff, about the account
            OutboxEmail(to_address="dora@elsewhere.test", from_address="a@b.test", subject="Other",
                        body="b", status="sent"),
        ])
        db.session.commit()
    page = lambda **query: _subjects(client, support_headers, **query)  # noqa: E731
    assert page(q="dora.smith@beta.test") == (["Mixed"], 1)    # stored in mixed case
    assert page(q="DORA.SMITH@BETA.TEST") == (["Mixed"], 1)
    assert page(q="Dora.Sm") == (["Mixed"], 1)                 # the address's start
    assert page(q="dora") == (["Mixed", "Other"], 2)
    assert page(q="smith@beta") == ([], 0)                     # not the middle of an address
    assert page(q="beta company") == (["Alert", "Mixed"], 2)   # the account's name, any case
    assert page(q="ETA COMP") == (["Alert", "Mixed"], 2)       # any part of it
    assert page(q="beta-co") == (["Alert", "Mixed"], 2)        # its external id
    assert page(q="beta") == (["Alert", "Mixed"], 2)           # not bob@beta.test: no account, "bob..."
    assert page(q="b") == (["Alert", "Mixed", "Tips"], 3)      # Beta Company's; bob@beta.test
    assert page(q="beta", status="kept") == (["Alert"], 1)
    assert page(account="beta-co") == (["Alert", "Mixed"], 2)
    assert page(account="beta-co", q="dora") == (["Mixed"], 1)
    assert page(account="nobody") == ([], 0)
    assert page(q="nobody@") == ([], 0)


def test_a_search_matching_many_accounts_finds_the_same(app, emails, client, support_headers, monkeypatch):
    """Past ``ACCOUNTS_LISTED`` matching accounts the accounts are a subquery, not a list: the
    same emails either way."""
    from backend.services import outbox
    before = [_subjects(client, support_headers, q=q) for q in ("acme", "a", "ANN@", "zzz")]
    monkeypatch.setattr(outbox, "ACCOUNTS_LISTED", 0)
    assert [_subjects(client, support_headers, q=q) for q in ("acme", "a", "ANN@", "zzz")] == before
    assert before == [(["Welcome"], 1), (["Welcome"], 1), (["Welcome"], 1), ([], 0)]


def test_uncommon_statuses_are_filtered_as_before(app, emails, client, support_headers):
    """Only the few statuses (sending, failed, uncertain, suppressed) have an index of their own
    (0022); every status filters the same."""
    with app.app_context():
        db.session.add_all([OutboxEmail(to_address=f"s{n}@x.test", from_address="a@b.test", subject=status,
                                        body="b", status=status)
                            for n, status in enumerate(OutboxStatus)])
        db.session.commit()
    for status in OutboxStatus:
        expected = sorted([status.value] + {"kept": ["Welcome"], "failed": ["Tips"]}.get(status.value, []))
        assert _subjects(client, support_headers, status=status.value) == (expected, len(expected)), status


def test_the_searches_can_use_the_outbox_indexes_on_postgresql(app, emails):
    """The query shapes stay indexable (a change to them would go back to scanning a large
    outbox; docs/engine-performance.md has the figures): with sequential scans off, the address
    search reads ``ix_outbox_emails_address``, an account search and the account filter
    ``ix_outbox_emails_account_id``, and the frequency cap's count the address index too."""
    from sqlalchemy import event, text

    from backend.db.bulk_sql import fetch_sql, is_postgresql
    from backend.models.outbox import _COUNTED_POSTGRESQL
    from backend.services.outbox import list_outbox
    with app.app_context():
        if not is_postgresql():
            pytest.skip("checks PostgreSQL's query plans against its address and account indexes, which "
                        "SQLite does not have (its Outbox search scans, as the README says); runs in "
                        "CI's PostgreSQL pass (TEST_DATABASE_URL=postgresql://..., see .ci/run)")
        plans = []

        def explain(conn, cursor, statement, parameters, context, executemany):
            if "outbox_emails" in statement and statement.lstrip().startswith("SELECT") \
                    and "outbox_emails.id IN" not in statement and not plans_off[0]:
                plans_off[0] = True
                cursor.execute("EXPLAIN " + statement, parameters)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
                plans_off[0] = False
        plans_off = [False]
        db.session.execute(text("SET enable_seqscan = off"))
        event.listen(db.engine, "before_cursor_execute", explain)
        try:
            for query in ({"q": "ANN@acme"}, {"q": "acme"}, {"account": "acme"}):
                plans.clear()
                list_outbox(**query)
                assert plans and all("ix_outbox_emails_" in plan for plan in plans), plans
                wanted = "ix_outbox_emails_account_id" if "account" in query else "ix_outbox_emails_address"
                assert all(wanted in plan for plan in plans), (query, plans)
                assert all("Seq Scan on outbox_emails" not in plan for plan in plans), plans
            cap = "\n".join(row[0] for row in fetch_sql("EXPLAIN " + _COUNTED_POSTGRESQL, {
                "addresses": ["ann@acme.test"], "since": datetime(2000, 1, 1, tzinfo=timezone.utc),
                "excluded": ["failed"]}))
            assert "Index Cond: ((lower((to_address)::text) = lower(a.address))" in cap, cap
            assert "ix_outbox_emails_address" in cap, cap
        finally:
            event.remove(db.engine, "before_cursor_execute", explain)
            db.session.rollback()


def test_the_frequency_cap_counts_an_address_as_given(app, emails):
    """The cap's count looks the address up by its lower case on PostgreSQL (the search's index)
    but still counts only the emails to the address as given, keyed lower-cased (as before 0022)."""
    from backend.models.outbox import counted_sends
    now = datetime.now(timezone.utc)
    with app.app_context():
        db.session.add_all([OutboxEmail(to_address=address, from_address="a@b.test", subject="s", body="b",
                                        status="sent", unsubscribable=True, created_at=now - timedelta(hours=1))
                            for address in ("Cy@Acme.test", "cy@acme.test", "cy@acme.test", "cyd@acme.test")])
        db.session.commit()
        since = now - timedelta(days=1)
        assert {a: len(t) for a, t in counted_sends(["cy@acme.test"], since).items()} == {"cy@acme.test": 2}
        assert {a: len(t) for a, t in counted_sends(["Cy@Acme.test"], since).items()} == {"cy@acme.test": 1}
        assert {a: len(t) for a, t in counted_sends(["CY@ACME.TEST", "cyd@acme.test"], since).items()} \
            == {"cyd@acme.test": 1}
