"""Signed links in emails (SPEC §8): unsubscribe, the open pixel and tracked clicks.

Every token is base64url JSON signed with an itsdangerous ``Signer`` (HMAC) under a key
derived from the app's ``SECRET_KEY`` and a salt of its own kind, so an open token is no
click token and no unsubscribe token; a token that is altered, forged, or signed for another
kind fails ``read`` (``BadLink``). Tokens do not
expire: an unsubscribe link in a year-old email must still work (RFC 8058), and a click in
it still goes where it went.

- ``unsubscribe`` payload ``{"a": address, "k": effect key or absent}`` — names the address
  (what is unsubscribed) and the outbox email it came in (for the per-node stats).
- ``open`` payload ``{"e": outbox email id}``; ``click`` ``{"e": id, "u": url}``. A click
  redirects only to ``u``, the URL the token signs: there is no way to name another.

``tracked(text, html, base, secret, email_id)`` rewrites the http(s) links of both parts to
click links and adds the pixel to the HTML part; links to ``base`` + ``/u/`` (unsubscribe)
are left alone. Signing costs microseconds; delivery does it per email.
"""
from __future__ import annotations

import hashlib
import hmac
import html as html_lib
import json
import re
from functools import lru_cache

import orjson

from itsdangerous import BadSignature, Signer
from itsdangerous.encoding import base64_decode, base64_encode

_SALT = "journeys.email-link."
_TEXT_URL = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?)]}'\""
_HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?://[^"'<>\s]+)\2""", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


class BadLink(ValueError):
    """The token was not signed by this workspace for this kind of link (or was altered)."""


@lru_cache(maxsize=16)
def _key(secret: str, kind: str) -> bytes:
    """The kind's signing key, derived once (HMAC of the salt with the secret, as itsdangerous's
    own "hmac" key derivation does) rather than for every token."""
    return hmac.new(secret.encode(), (_SALT + kind).encode(), hashlib.sha1).digest()


@lru_cache(maxsize=16)
def _signer(secret: str, kind: str) -> Signer:
    """The itsdangerous signer that reads (verifies) tokens of this kind."""
    return Signer(_key(secret, kind), key_derivation="none")


def sign(secret: str, kind: str, payload: dict) -> str:
    """A URL-safe token for ``payload``: base64url(JSON) "." base64url(HMAC-SHA1) — exactly
    what itsdangerous's ``Signer.sign`` makes (``read`` verifies with it), computed with the
    one-shot C ``hmac.digest``: the walker signs an unsubscribe link per email and delivery
    several links per email, where ``Signer.sign``'s Python HMAC object cost more than the rest
    of the token. Deterministic: the same payload, the same token; no compression."""
    body = base64_encode(orjson.dumps(payload))
    return (body + b"." + base64_encode(hmac.digest(_key(secret, kind), body, "sha1"))).decode("ascii")


def read(secret: str, kind: str, token: str) -> dict:
    """The payload a token of ``kind`` signs. Raises ``BadLink`` for anything else."""
    if not isinstance(token, str) or not token or len(token) > 4000:
        raise BadLink("empty or oversized token")
    try:
        body = _signer(secret, kind).unsign(token.encode("ascii"))
        payload = json.loads(base64_decode(body))
    except (BadSignature, ValueError, TypeError, UnicodeError):
        raise BadLink("this link was not made by this workspace, or it was changed") from None
    if not isinstance(payload, dict):
        raise BadLink("malformed token")
    return payload


def unsubscribe_url(base: str, secret: str, address: str, effect_key: str | None = None) -> str:
    """``<base>/u/<token>`` naming ``address`` (and the email it is in, by effect key)."""
    payload = {"a": address.strip().lower()}
    if effect_key:
        payload["k"] = effect_key
    return f"{base}/u/{sign(secret, 'unsubscribe', payload)}"


def open_url(base: str, secret: str, email_id: int) -> str:
    """The open pixel's address for outbox email ``email_id``."""
    return f"{base}/t/o/{sign(secret, 'open', {'e': email_id})}"


def click_url(base: str, secret: str, email_id: int, url: str) -> str:
    """A tracked link that records a click on ``email_id`` and redirects to ``url`` only."""
    return f"{base}/t/c/{sign(secret, 'click', {'e': email_id, 'u': url})}"


def is_redirectable(url) -> bool:
    """Only absolute http(s) URLs are ever redirected to (never ``javascript:`` or ``//x``)."""
    return isinstance(url, str) and url.lower().startswith(("http://", "https://")) \
        and len(url) <= 2000 and not any(c in url for c in "\r\n\t ")


def tracked(text: str, html: str | None, base: str, secret: str,
            email_id: int) -> tuple[str, str | None]:
    """``(text, html)`` with every http(s) link rewritten to a click link and the open pixel
    added to the HTML (before ``</body>``, else at the end). Unsubscribe links stay as they
    are."""
    skip = f"{base}/u/"

    def text_link(match: re.Match) -> str:
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        tail = url[len(stripped):]
        if stripped.startswith(skip) or not is_redirectable(stripped):
            return url
        return click_url(base, secret, email_id, stripped) + tail

    def html_link(match: re.Match) -> str:
        url = html_lib.unescape(match.group(3))
        if url.startswith(skip) or not is_redirectable(url):
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{click_url(base, secret, email_id, url)}{match.group(2)}"

    text = _TEXT_URL.sub(text_link, text) if "http" in text else text
    if html is not None:
        html = _HREF.sub(html_link, html) if "http" in html else html
        pixel = (f'<img src="{open_url(base, secret, email_id)}" width="1" height="1" alt="" '
                 'style="display:block;border:0;width:1px;height:1px">')
        ends = list(_BODY_END.finditer(html))
        html = (html[:ends[-1].start()] + pixel + html[ends[-1].start():]) if ends else html + pixel
    return text, html
