"""The input guard's quick clearance of bulk bodies agrees with the full walk (hypothesis).

A body the quick check clears is only walked for depth; that is sound only if no body it
clears holds a text or number the full ``json_problem`` walk refuses.
"""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.api.input_guard import _clear_of_texts_and_numbers, depth_problem, json_problem

HOSTILE_TEXTS = st.sampled_from(["\x00", "a\x00b", "\udc80", "x\ud800", "\ud83d\ude00"])
NUMBERS = st.one_of(
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([2 ** 63 - 1, 2 ** 63, -(2 ** 63), -(2 ** 63) - 1, 2 ** 64, 1e308, 1e-320]))
LEAVES = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=12), HOSTILE_TEXTS)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=6), HOSTILE_TEXTS), inner,
                                                 max_size=4)), max_leaves=20)


def _raw(value, ensure_ascii: bool, big_exponents: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=ensure_ascii)
    if big_exponents:  # 1e+308 and friends as a sender might write them
        text = text.replace("e+", "E")
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=600, deadline=None)
@given(value=VALUES, ensure_ascii=st.booleans(), big_exponents=st.booleans())
def test_a_cleared_body_holds_nothing_the_full_walk_refuses(value, ensure_ascii, big_exponents):
    raw = _raw(value, ensure_ascii, big_exponents)
    parsed = json.loads(raw)
    if _clear_of_texts_and_numbers(raw):
        assert json_problem(parsed) == depth_problem(parsed)


def test_each_kind_of_hostile_value_is_not_cleared():
    for raw in (b'{"a": "\\u0000"}', b'["\\udc80"]', b'["\\uD83D"]', '["\ud800"]'.encode("utf-8", "surrogatepass"),
                b"[1e309]", b"[1E+400]", b"[NaN]", b"[-Infinity]", b"[18446744073709551616]",
                b"[-9223372036854775809]", b"[1" + b"0" * 400 + b".0]", '\ufeff[1]'.encode(),
                '[1]'.encode("utf-16")):
        assert not _clear_of_texts_and_numbers(raw), raw
    ok = json.dumps({"events": [{"id": "e-1", "account": "acme", "name": "login",
                                 "at": "2026-11-30T12:00:00.123456+00:00", "properties": {"n": 12345}}]})
    assert _clear_of_texts_and_numbers(ok.encode())


def test_depth_is_still_checked_on_cleared_bodies():
    deep = "[" * 101 + "]" * 101
    assert _clear_of_texts_and_numbers(deep.encode())
    assert depth_problem(json.loads(deep)) == json_problem(json.loads(deep)) is not None


@settings(max_examples=400, deadline=None)
@given(value=VALUES, ensure_ascii=st.booleans(), big_exponents=st.booleans())
def test_request_bodies_parse_as_the_standard_library_parses_them(app, value, ensure_ascii, big_exponents):
    """orjson reads bodies only where it answers as json.loads does (ints beyond 64 bits, NaN,
    surrogates and 1e309 go to the standard library): the guard sees the same value."""
    raw = _raw(value, ensure_ascii, big_exponents)
    expected = json.loads(raw)
    got = app.json.loads(raw)
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert [type(x) for x in _leaves(got)] == [type(x) for x in _leaves(expected)]


def _leaves(value):
    if isinstance(value, dict):
        return [leaf for key in sorted(value) for leaf in _leaves(value[key])]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_a_refused_value_is_reported_at_its_field():
    """The 422 for a value no column can hold names where it is, as a schema's field error does
    (the UI shows it under that field); a problem at the top of the body, or in a bare list,
    has no field to name."""
    from backend.api.input_guard import field_error, json_problem_at

    found = json_problem_at({"name": "Acme", "mrr": 10 ** 20})
    assert found == (("mrr",), "Whole numbers must fit in 64 bits (at most 9223372036854775807 either way).")
    error = field_error(*found)
    assert (error.status, error.message, error.details) == (
        422, f"Some fields are not valid: mrr. {found[1]}", {"mrr": [found[1]]})
    nested = field_error(*json_problem_at({"contacts": [{"email": "a@b.c"}, {"name": "x\x00"}]}))
    assert nested.details == {"contacts": {"1": {"name": ["Text may not contain NUL (U+0000) characters."]}}}
    assert nested.message == "Some fields are not valid: contacts. Text may not contain NUL (U+0000) characters."
    bare = field_error(*json_problem_at([1, float("inf")]))
    assert (bare.message, bare.details) == ("Numbers must be finite (1e309, Infinity and NaN are not numbers here).", None)
    assert json_problem_at({"fine": [1, "two"]}) is None
