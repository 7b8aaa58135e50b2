"""Login throttling: password guesses are counted per account and per client IP.

Every login attempt takes a slot in two fixed-window counters in Redis, one for the
email and one for the client address (``REMOTE_ADDR``; waitress drops untrusted
proxy headers), each expiring ``LOGIN_THROTTLE_SECONDS`` after its first attempt.
Past ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` (one email, from anywhere) or
``LOGIN_MAX_FAILURES_PER_IP`` (one address, any emails) attempts the login answers
429 with ``Retry-After`` (seconds until the window ends) without checking the
password, so a throttled guess learns nothing. A successful login clears its
email's counter and gives its slot back to the address, so only failures add up.
The slot is taken *before* the password is checked, which keeps parallel guesses
within the limit too.

Without a reachable Redis logins are not throttled (logged as a warning): a broken
Redis must not lock every admin out.
"""
from __future__ import annotations

import hashlib
import logging

from flask import current_app
from redis.exceptions import RedisError

from .errors import ApiError
from .extensions import get_redis

log = logging.getLogger(__name__)

# DECR only a counter that still exists: one that expired meanwhile must not come back
# as -1 with no expiry.
_GIVE_BACK = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0"


class TooManyAttempts(ApiError):
    """429: too many failed logins; ``headers`` carries Retry-After (seconds)."""

    status, code = 429, "too_many_requests"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, details={"retry_after": retry_after})
        self.headers = {"Retry-After": str(retry_after)}


def _keys(email: str, ip: str | None) -> tuple[str, str]:
    prefix = f"{current_app.config['JOURNEYS_QUEUE']}:login-attempts"
    who = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"{prefix}:account:{who}", f"{prefix}:ip:{ip or 'unknown'}"


def take_attempt(email: str, ip: str | None) -> None:
    """Count one login attempt for ``email`` from ``ip``. Raises TooManyAttempts (429) when
    either counter is over its limit; the password must not be checked then."""
    config = current_app.config
    window = config["LOGIN_THROTTLE_SECONDS"]
    account_key, ip_key = _keys(email, ip)
    try:
        pipe = get_redis().pipeline(transaction=True)
        for key in (account_key, ip_key):
            pipe.set(key, 0, ex=window, nx=True)   # the window starts at the first attempt
            pipe.incr(key)
            pipe.ttl(key)
        _, account_n, account_ttl, _, ip_n, ip_ttl = pipe.execute()
    except (RedisError, RuntimeError) as exc:
        log.warning("login throttling is off: Redis is unavailable (%s)", exc)
        return
    waits = []
    if account_n > config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]:
        waits.append(account_ttl)
    if ip_n > config["LOGIN_MAX_FAILURES_PER_IP"]:
        waits.append(ip_ttl)
    if waits:
        retry_after = max([w for w in waits if w and w > 0] or [window])
        raise TooManyAttempts(f"Too many failed logins; try again in {_in_words(retry_after)}.",
                              retry_after)


def succeeded(email: str, ip: str | None) -> None:
    """A login with the right password: the email's failures are forgotten and the address
    gets its slot back."""
    account_key, ip_key = _keys(email, ip)
    try:
        redis = get_redis()
        redis.delete(account_key)
        redis.eval(_GIVE_BACK, 1, ip_key)
    except (RedisError, RuntimeError) as exc:
        log.warning("login throttling is off: Redis is unavailable (%s)", exc)


def _in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"
