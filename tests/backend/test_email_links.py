"""Signed email links (backend/rendering/links.py), as properties: a click token leads only to
the URL it was made for, no change to a token leads anywhere else, and tracking rewrites every
web link of a text while keeping what surrounds it."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st
from itsdangerous import Signer

from backend.rendering.links import _SALT, BadLink, click_url, read, sign, tracked, unsubscribe_url

SECRET = "test-secret"
BASE = "https://j.example.com"
_host = st.from_regex(r"[a-z]{1,12}(\.[a-z]{2,6}){1,2}", fullmatch=True)
_path = st.from_regex(r"(/[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,12}){0,3}(\?[A-Za-z0-9=&%._-]{0,20})?", fullmatch=True)
urls = st.builds(lambda scheme, host, path: f"{scheme}://{host}{path}", st.sampled_from(["http", "https"]), _host, _path)


@settings(max_examples=60, deadline=None)
@given(url=urls, email_id=st.integers(1, 2**31 - 1))
def test_a_click_token_reads_back_exactly_its_url(url, email_id):
    token = click_url(BASE, SECRET, email_id, url).split("/t/c/")[1]
    assert read(SECRET, "click", token) == {"e": email_id, "u": url}


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(["click", "open", "unsubscribe"]), url=urls, address=st.emails(),
       secret=st.text(min_size=1, max_size=40))
def test_a_token_is_what_itsdangerous_itself_signs(kind, url, address, secret):
    """Tokens made by the fast path are byte for byte itsdangerous's (salted "hmac" key
    derivation, HMAC-SHA1), so links in emails already sent keep working."""
    token = sign(secret, kind, {"a": address, "u": url})
    body = token.split(".")[0].encode()
    reference = Signer(secret, salt=_SALT + kind, key_derivation="hmac").sign(body).decode()
    assert token == reference
    assert read(secret, kind, token) == {"a": address, "u": url}


@settings(max_examples=150, deadline=None)
@given(url=urls, other=urls, position=st.integers(0, 10_000), char=st.sampled_from("AZaz09-_."))
def test_no_altered_token_leads_anywhere_else(url, other, position, char):
    token = sign(SECRET, "click", {"e": 7, "u": url})
    index = position % len(token)
    altered = token[:index] + char + token[index + 1:]
    spliced = sign(SECRET, "click", {"e": 7, "u": other}).split(".")[0] + "." + token.split(".")[1]
    for candidate in (altered, spliced, sign("another-secret", "click", {"e": 7, "u": other})):
        try:
            payload = read(SECRET, "click", candidate)
        except BadLink:
            continue
        assert payload == {"e": 7, "u": url}  # only an equivalent spelling of the same token


@settings(max_examples=30, deadline=None)
@given(url=urls)
def test_tokens_of_one_kind_are_no_tokens_of_another(url):
    for made, wrong in (("click", "open"), ("open", "unsubscribe"), ("unsubscribe", "click")):
        token = sign(SECRET, made, {"e": 1, "u": url, "a": "x@y.example"})
        try:
            read(SECRET, wrong, token)
        except BadLink:
            continue
        raise AssertionError(f"a {made} token was read as {wrong}")


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.tuples(st.text(alphabet=" abc\n,;:", max_size=8), urls), min_size=1, max_size=5),
       tail=st.sampled_from(["", ".", ",", ")", " end"]))
def test_tracking_rewrites_every_link_and_keeps_the_text(parts, tail):
    text = "".join(f"{words} {url}" for words, url in parts) + tail
    keep = unsubscribe_url(BASE, SECRET, "ana@x.example")
    out, html = tracked(text + " " + keep, None, BASE, SECRET, 42)
    assert html is None and out.endswith(" " + keep)  # the unsubscribe link is left alone
    tokens = re.findall(re.escape(BASE) + r"/t/c/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)", out)
    found = [read(SECRET, "click", t)["u"] for t in tokens]
    wanted = [m.group(0).rstrip(".,;:!?)]}'\"") for m in re.finditer(r"https?://[^\s<>\"'`]+", text)]
    assert found == wanted
    restored = out
    for token, url in zip(tokens, found):
        restored = restored.replace(f"{BASE}/t/c/{token}", url, 1)
    assert restored == text + " " + keep
