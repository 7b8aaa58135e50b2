"""``X-Journeys-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``.

``signature(secret, body, t)`` builds the header value; ``verify(secret, body, header,
tolerance_s, now)`` is what a receiver does (used by the tests and documented for
customers)."""
from __future__ import annotations

import hashlib
import hmac


def signature(secret: str, body: bytes, t: int) -> str:
    """The header value for ``body`` signed at unix time ``t``."""
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, body: bytes, header: str, now: int, tolerance_s: int = 300) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance_s`` of ``now``."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        t = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(now - t) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, body, t), header)
