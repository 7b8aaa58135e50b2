"""``schemas.accounts.fast_load``: whenever the quick path accepts a row, it returns exactly
what ``AccountSchema().load`` returns (same keys, same values, same types).

Rows are drawn from plainly valid values mixed with the awkward ones (bools where numbers
are due, NaN/inf, huge ints, 2026-02-30 and other ISO-ish dates, NUL characters, over-long
texts, bad emails, None, unknown fields, wrong shapes in custom/contacts/subscriptions).
"""
from __future__ import annotations

import math

from hypothesis import example, given, settings, strategies as st

from backend.schemas.accounts import AccountSchema, fast_load
from graph_engine.catalog import SUBSCRIPTION_FIELDS

SCHEMA = AccountSchema()
SETTINGS = settings(max_examples=400, deadline=None)

plain_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                      max_size=20)
odd_texts = st.sampled_from(["", "a\x00b", "\x00", "x" * 201, "y" * 1001, "é" * 300])
plain_numbers = st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
odd_numbers = st.sampled_from([True, False, math.nan, math.inf, -math.inf, 2**53 + 1, 10**400,
                               "1", "1.5", [1], {"n": 1}])
plain_dates = st.dates().map(lambda d: d.isoformat())
odd_dates = st.sampled_from(["2026-02-30", "2026-13-01", "20260101", "2026-W01-1", "2026-1-1",
                             "２０２６-01-01", "2026-01-01T00:00:00", " 2026-01-01", "", 20260101,
                             True])
plain_emails = st.sampled_from(["ann@example.com", "Bob.Smith+x@mail.example.org", "c@d.io"])
odd_emails = st.sampled_from(["", "nobody", "a@", "@b.com", "a b@c.com", "a@b..com",
                              "x" * 250 + "@e.com", "ann@example.com\x00", 5, True])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | plain_texts | odd_texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain_texts, inner, max_size=3),
    max_leaves=6)


def _values(plain, odd, nullable=True):
    options = plain | odd | st.sampled_from([[], {}, 0, "x"])
    return (options | st.none()) if nullable else options


TEXT = _values(plain_texts, odd_texts)
NUMBER = _values(plain_numbers, odd_numbers)
DATE = _values(plain_dates, odd_dates)
KIND = {"text": TEXT, "number": NUMBER, "date": DATE}


def _records(fields: dict, bad: st.SearchStrategy):
    record = st.fixed_dictionaries({}, optional=fields) | bad
    return st.lists(record, max_size=3) | st.none() | st.sampled_from(["x", {}, 1])


subscriptions = _records({**{n: KIND[k] for n, k in SUBSCRIPTION_FIELDS.items()},
                          "colour": TEXT},
                         st.sampled_from([None, "x", [], {"status": None, "nope": 1}]))
contacts = _records({"name": TEXT, "email": _values(plain_emails, odd_emails), "role": TEXT,
                     "phone": TEXT}, st.sampled_from([None, "x", {"name": "no email"}]))
customs = (st.dictionaries(plain_texts | odd_texts, json_values, max_size=4)
           | st.sampled_from([None, [], "x", 1, {1: 2}]))

ROW_FIELDS = {
    "external_id": TEXT, "name": TEXT, "stage": TEXT, "status": TEXT,
    "mrr": NUMBER, "amount": NUMBER, "licenses": NUMBER,
    "created_on": DATE, "next_billing_on": DATE,
    "csm": _values(plain_emails, odd_emails), "sales_manager": _values(plain_emails, odd_emails),
    "custom": customs, "subscriptions": subscriptions, "contacts": contacts,
    "colour": TEXT,
}
rows = st.fixed_dictionaries({}, optional=ROW_FIELDS) | st.sampled_from([None, [], "row", 1])

# a name is never blank; one with spaces around it the schema trims (fast_load leaves it to it)
plain_names = plain_texts.filter(lambda t: t.strip() == t and t != "")
plain_rows = st.fixed_dictionaries({"external_id": st.text("abc-123", min_size=1, max_size=20)}, optional={
    "name": plain_names, "stage": plain_texts | st.none(), "mrr": plain_numbers | st.none(),
    "amount": plain_numbers, "created_on": plain_dates | st.none(), "next_billing_on": plain_dates,
    "csm": plain_emails | st.none(), "sales_manager": plain_emails,
    "custom": st.dictionaries(plain_texts, json_values, max_size=3),
    "subscriptions": st.lists(st.fixed_dictionaries({}, optional={
        "status": plain_texts, "mrr": plain_numbers, "ends_on": plain_dates}), max_size=2),
    "contacts": st.lists(st.fixed_dictionaries({"email": plain_emails}, optional={
        "name": plain_texts | st.none(), "role": plain_texts}), max_size=2),
})


def typed(value):
    """``value`` with every leaf's type made visible (1 and 1.0 and True differ; NaN equals NaN)."""
    if isinstance(value, dict):
        return ("dict", sorted((repr(k), typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


@SETTINGS
@given(rows)
@example({"mrr": True})
@example({"mrr": math.nan})
@example({"amount": math.inf})
@example({"licenses": 10**400})
@example({"next_billing_on": "2026-02-30"})
@example({"created_on": "20260101"})
@example({"name": "a\x00b"})
@example({"name": "  Acme "})
@example({"name": "   "})
@example({"name": ""})
@example({"colour": "red"})
@example({"external_id": None})
@example({"external_id": ""})
@example({"name": None, "mrr": None, "csm": None, "custom": {"k": None}})
@example({"custom": None})
@example({"contacts": [{"name": "no email"}]})
@example({"contacts": [None]})
@example({"subscriptions": [{"mrr": True}]})
@example({"subscriptions": [{"ends_on": "2026-02-30"}]})
@example({"subscriptions": [{"nope": 1}]})
def test_fast_load_never_disagrees_with_the_schema(row):
    fast = fast_load(row)
    if fast is None:
        return
    assert typed(fast) == typed(SCHEMA.load(row))


@SETTINGS
@given(plain_rows)
def test_fast_load_takes_plain_rows(row):
    fast = fast_load(row)
    assert fast is not None
    assert typed(fast) == typed(SCHEMA.load(row))


def test_huge_ints_are_a_field_error_not_a_crash():
    from marshmallow import ValidationError
    try:
        SCHEMA.load({"mrr": 10**400})
    except ValidationError as exc:
        assert "mrr" in exc.messages
    else:
        raise AssertionError("accepted 10**400")
