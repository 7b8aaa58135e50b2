"""Bulk account writes give the same results on both write paths.

``account_writes.write`` has one path per table; ``backend.db.bulk_write`` takes PostgreSQL's
COPY for big batches and SQLAlchemy Core otherwise. Each test runs with the COPY threshold
forced down to one row ("copy", on PostgreSQL) and up out of reach ("core"), so both are held
to the same semantics: patch and
put, custom values (null removes one), contacts and subscriptions replaced when given,
entered/left segment events, per-row errors with valid rows kept, nothing written when a
request fails.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, select, text

from backend.extensions import db
from backend.models.accounts import Account
from backend.models.segments import Segment, SegmentEvent, SegmentMembership
from backend.schemas.accounts import AccountOutSchema, load_rows
from backend.db import bulk_sql, bulk_write
from backend.services import account_writes
from backend.services import accounts as accounts_service
from backend.services.accounts import get_account
from backend.services.catalog_admin import create_attribute, create_segment
from backend.services.users import create_user


ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
NO_COPY = ("SQLite has no COPY path; these run in CI's PostgreSQL pass "
           "(TEST_DATABASE_URL=postgresql://..., see .ci/run)")


# The COPY path exists only on PostgreSQL, so its variant is only generated there.
@pytest.fixture(params=["copy", "core"] if ON_POSTGRESQL else ["core"])
def path(request, app_ctx, monkeypatch):
    monkeypatch.setattr(bulk_write, "COPY_MIN_ROWS", 1 if request.param == "copy" else 10**9)
    _catalog()
    return request.param


@pytest.fixture()
def copy_path(app_ctx, monkeypatch):
    if not bulk_sql.is_postgresql():
        pytest.skip(NO_COPY)
    monkeypatch.setattr(bulk_write, "COPY_MIN_ROWS", 1)
    _catalog()


def _catalog() -> None:
    create_user("asha@example.com", "Asha", "csm")
    for key, kind in (("logins", "number"), ("plan", "text"), ("renews", "date"), ("vip", "boolean")):
        create_attribute(key, key.title(), kind)
    create_segment("busy", "Busy", {"all": [{"property": "account.mrr", "op": "gte", "value": 100},
                                            {"property": "custom.logins", "op": "gt", "value": 3}]})


def import_accounts(rows: list) -> dict:
    """A bulk import as the API makes it: rows loaded by the schema, then the service."""
    return accounts_service.import_accounts(*load_rows(rows))


def members() -> set[str]:
    return set(db.session.scalars(select(Account.external_id).join(
        SegmentMembership, SegmentMembership.account_id == Account.id)))


def events() -> list[tuple[str, str]]:
    return sorted(db.session.execute(select(Account.external_id, SegmentEvent.kind).join(
        SegmentEvent, SegmentEvent.account_id == Account.id)).all())


def account(external_id: str) -> dict:
    data = AccountOutSchema().dump(get_account(external_id))  # as the API shows it
    return {k: data[k] for k in ("name", "mrr", "stage", "csm", "next_billing_on", "custom",
                                 "contacts", "subscriptions")}


FULL = {"external_id": "a1", "name": "Acme", "mrr": 150, "stage": "live", "csm": "asha@example.com",
        "next_billing_on": "2027-01-31",
        "custom": {"logins": 7, "plan": "Gold", "renews": "2027-02-01", "vip": True},
        "contacts": [{"name": "Ana", "email": "ana@acme.example", "role": "admin"},
                     {"email": "bo@acme.example"}],
        "subscriptions": [{"status": "Active", "plan_name": "Pro", "mrr": 150,
                           "ends_on": "2027-12-31"}]}


def test_bulk_creates_then_patches_with_segment_events(path):
    result = import_accounts([FULL, {"external_id": "a2", "name": "Two", "custom": {"logins": 1}},
                              {"external_id": "a3", "name": "A3", "mrr": 200, "custom": {"logins": 5}},
                              {"external_id": "bad", "mrr": "lots"}, {"name": "no id"}])
    assert (result["created"], result["updated"]) == (3, 0)
    assert [e["index"] for e in result["errors"]] == [3, 4]
    acme = account("a1")
    assert acme["custom"] == {"logins": 7, "plan": "Gold", "renews": "2027-02-01", "vip": True}
    assert acme["csm"] == "asha@example.com" and acme["mrr"] == 150
    assert [c["email"] for c in acme["contacts"]] == ["ana@acme.example", "bo@acme.example"]
    assert acme["subscriptions"][0]["plan_name"] == "Pro"
    assert members() == {"a1", "a3"} and events() == [("a1", "entered"), ("a3", "entered")]

    result = import_accounts([
        {"external_id": "a1", "mrr": 50, "custom": {"plan": None, "logins": 8}},
        {"external_id": "a2", "mrr": 500, "custom": {"logins": 9}, "contacts": []},
        {"external_id": "a3", "name": "Three", "csm": "asha@example.com",
         "subscriptions": [{"status": "trial"}]},
        {"external_id": "a4", "name": "Four"}])
    assert (result["created"], result["updated"], result["errors"]) == (1, 3, [])
    acme = account("a1")
    assert acme["mrr"] == 50 and acme["name"] == "Acme" and acme["stage"] == "live"
    assert acme["custom"] == {"logins": 8, "renews": "2027-02-01", "vip": True}
    assert len(acme["contacts"]) == 2 and len(acme["subscriptions"]) == 1
    two = account("a2")
    assert two["name"] == "Two" and two["contacts"] == [] and two["custom"] == {"logins": 9}
    three = account("a3")
    assert (three["name"], three["mrr"], three["csm"]) == ("Three", 200, "asha@example.com")
    assert [s["status"] for s in three["subscriptions"]] == ["trial"]
    assert account("a4")["name"] == "Four"
    assert members() == {"a2", "a3"}
    assert events() == [("a1", "entered"), ("a1", "left"), ("a2", "entered"), ("a3", "entered")]


def test_put_replaces_fields_and_custom_as_a_whole(path):
    import_accounts([FULL])
    rows, errors = load_rows([{"name": "Acme 2", "custom": {"logins": 2}}], external_ids=["a1"])
    items, more = account_writes.prepare(rows, "put")
    assert errors == more == []
    assert account_writes.write(items, "put")[1] == [db.session.scalar(
        select(Account.id).where(Account.external_id == "a1"))]
    db.session.commit()
    acme = account("a1")
    assert (acme["name"], acme["mrr"], acme["stage"], acme["csm"]) == ("Acme 2", None, None, None)
    assert acme["custom"] == {"logins": 2}
    assert len(acme["contacts"]) == 2  # not given: kept


def test_a_failing_bulk_request_writes_nothing(path, monkeypatch):
    import_accounts([{"external_id": "a0", "name": "Before"}])

    def broken(*args, **kwargs):
        raise RuntimeError("membership failed")

    monkeypatch.setattr(accounts_service, "reevaluate_accounts", broken)
    with pytest.raises(RuntimeError):
        import_accounts([FULL, {"external_id": "a0", "name": "Changed", "custom": {"logins": 9}}])
    assert db.session.scalar(select(func.count()).select_from(Account)) == 1
    assert account("a0")["name"] == "Before" and account("a0")["custom"] == {}
    assert events() == []


def test_an_account_created_meanwhile_fails_the_copy_as_an_integrity_error(copy_path, monkeypatch,
                                                                         database_url):
    """The race is injected between the COPY path's lookup and its COPY."""
    from sqlalchemy.exc import IntegrityError

    real = bulk_sql.allocate_ids

    def racing(table, count):  # another request creates a1 and commits first
        other = create_engine(database_url)
        with other.begin() as conn:
            conn.execute(text("INSERT INTO accounts (external_id, external_id_ci, created_at, "
                              "updated_at) VALUES ('a1', 'a1', now(), now())"))
        other.dispose()
        return real(table, count)

    monkeypatch.setattr(bulk_sql, "allocate_ids", racing)
    with pytest.raises(IntegrityError):
        import_accounts([{"external_id": "a9", "name": "Nine"}, FULL])
    assert set(db.session.scalars(select(Account.external_id))) == {"a1"}
    assert db.session.scalar(select(func.count()).select_from(Segment)) == 1


@pytest.mark.parametrize("data", [
    {"external_id": "x", "name": "Ab", "mrr": 1.0, "csm_id": 3},
    {"external_id": "x", "stage": None, "status": "ÉTÉ", "next_billing_on": None, "custom": {}},
    {"external_id": "x", "amount": 2.0, "licenses": None, "created_on": None,
     "sales_manager_id": None, "contacts": []},
])
@pytest.mark.parametrize("mode", ["put", "patch"])
def test_a_row_gives_exactly_its_fields_and_their_shadows(data, mode):
    """patch writes the fields given (texts with their case-folded shadow); put writes all."""
    values, mask = account_writes._account_values(data, mode)
    given = {column: value for bit, (column, value)
             in enumerate(zip(account_writes._ACCOUNT_COLUMNS, values)) if mask & 1 << bit}
    fields = [f for f in data if f not in ("external_id", "custom", "contacts")]
    if mode == "put":
        fields = [*account_writes._FIELDS]
    expected = {}
    for field in fields:
        expected[field] = data.get(field)
        if f"{field}_ci" in account_writes._ACCOUNT_COLUMNS:
            expected[f"{field}_ci"] = None if data.get(field) is None else data[field].lower()
    assert given == expected
