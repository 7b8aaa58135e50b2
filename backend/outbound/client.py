"""One HTTP request to another system, with httpx, to the checked address only.

``send(method, url, headers, body, timeout_s, *, allowed, limiter=None) -> Outcome`` never
raises for the remote's behaviour: it checks the destination (``egress``), waits for the
host's rate limit, connects to the checked IP with the original ``Host`` header and TLS SNI
(certificates are verified against the host name), follows no redirect, reads at most
``MAX_READ`` bytes of the response within ``timeout_s`` all told, and classifies what
happened (``Outcome.verdict``):

- ``sent`` — 2xx;
- ``retry`` — 408, 429, 5xx, a timeout or a connection error, a host name that does not
  resolve among them (``retry_after`` in seconds when the response said so);
- ``failed`` — any other status (3xx: redirects are not followed; 4xx), or a refused
  destination.
"""
from __future__ import annotations

import os
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from .egress import EgressRefused, HostUnresolved, check_destination

MAX_READ = 1024 * 1024
EXCERPT = 4096
USER_AGENT = "Journeys-Webhook/1"


@dataclass
class Outcome:
    verdict: str                 # sent | retry | failed
    status: int | None = None
    body: bytes | None = None    # None when over MAX_READ (not read in full)
    excerpt: str | None = None   # the first EXCERPT bytes, as text
    duration_ms: int = 0
    retry_after: float | None = None
    error: str | None = None
    address: str | None = None


_local = threading.local()
_lock = threading.Lock()
_clients: dict[tuple, httpx.Client] = {}


def client(ca_bundle: str | None = None) -> httpx.Client:
    """This process's shared client (httpx clients are thread-safe; one per process, since a
    forked worker must not share its parent's sockets). ``ca_bundle``: a PEM file of extra
    trusted CAs (``WEBHOOK_CA_BUNDLE``, e.g. an internal CA), else the system's."""
    key = (os.getpid(), ca_bundle or None)
    found = _clients.get(key)
    if found is None:
        with _lock:
            found = _clients.get(key)
            if found is None:
                context = ssl.create_default_context()
                if ca_bundle:
                    context.load_verify_locations(cafile=ca_bundle)
                found = _clients[key] = httpx.Client(
                    follow_redirects=False, trust_env=False, http2=False, verify=context,
                    limits=httpx.Limits(max_connections=64, max_keepalive_connections=32))
    return found


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After``: delta seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def verdict_for(status: int) -> str:
    if 200 <= status < 300:
        return "sent"
    if status in (408, 429) or status >= 500:
        return "retry"
    return "failed"


def send(method: str, url: str, headers: dict, body: bytes | None, timeout_s: float, *,
         allowed=frozenset(), limiter=None, resolver=None, ca_bundle: str | None = None) -> Outcome:
    """Send one request (see module docstring)."""
    try:
        destination = (check_destination(url, allowed, resolver) if resolver
                       else check_destination(url, allowed))
    except HostUnresolved as exc:  # DNS may answer later (SPEC §9: connection errors retry)
        return Outcome("retry", error=str(exc))
    except EgressRefused as exc:
        return Outcome("failed", error=f"refused: {exc}")
    if limiter is not None:
        limiter.acquire(destination.host)
    request_headers = {"User-Agent": USER_AGENT, **headers, "Host": destination.host_header}
    extensions = {"sni_hostname": destination.host} if destination.scheme == "https" else {}
    started = time.monotonic()
    deadline = started + timeout_s
    try:
        with client(ca_bundle).stream(method, destination.pinned_url(), headers=request_headers,
                             content=body, timeout=httpx.Timeout(timeout_s),
                             extensions=extensions) as response:
            chunks, size, whole = [], 0, True
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_READ:
                    whole = False
                    break
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the response took longer than the timeout")
            data = b"".join(chunks)
            status = response.status_code
            retry_after = retry_after_seconds(response.headers.get("retry-after"))
            location = response.headers.get("location")
    except httpx.TimeoutException as exc:
        return Outcome("retry", duration_ms=_ms(started), error=f"timed out after {timeout_s:g} s ({exc})",
                       address=destination.address)
    except httpx.HTTPError as exc:
        return Outcome("retry", duration_ms=_ms(started), error=f"{type(exc).__name__}: {exc}",
                       address=destination.address)
    verdict = verdict_for(status)
    error = None
    if 300 <= status < 400:
        error = f"redirects are not followed (HTTP {status} to {location or 'nowhere'})"
    elif not whole:
        error = f"the response was larger than {MAX_READ} bytes; only that much was read"
    elif verdict != "sent":
        error = f"HTTP {status}"
    return Outcome(verdict, status=status, body=data if whole else None,
                   excerpt=data[:EXCERPT].decode("utf-8", "replace"), duration_ms=_ms(started),
                   retry_after=retry_after if verdict == "retry" else None, error=error,
                   address=destination.address)


def _ms(started: float) -> int:
    return int(round((time.monotonic() - started) * 1000))


class RateLimit:
    """At most ``rate`` requests a second per host, across workers when given Redis (a fixed
    one-second window per host); the excess waits for the next second.

    With Redis, a process takes the window's tokens ``chunk`` at a time (one INCRBY, not one
    round trip per request): ``chunk`` is ``rate // 20`` (1 at the default 20/s, so low limits
    stay exact across workers; at most 100). Tokens a process took but did not use lapse with
    their second, so across workers the limit is never exceeded, only sometimes not reached.
    """

    def __init__(self, rate: int, redis=None, prefix: str = "journeys"):
        self.rate, self.redis, self.prefix = max(1, int(rate)), redis, prefix
        self.chunk = max(1, min(100, self.rate // 20))
        self._counts: dict[tuple, int] = {}
        self._held: dict[tuple, int] = {}  # (host, second) -> tokens taken from Redis, unused
        self._lock = threading.Lock()

    def _take_shared(self, host: str, second: int) -> bool:
        with self._lock:
            held = self._held.get((host, second), 0)
            if held:
                self._held[(host, second)] = held - 1
                return True
            if len(self._held) > 1000:
                self._held = {k: v for k, v in self._held.items() if k[1] >= second}
        key = f"{self.prefix}:webhook-rate:{host}:{second}"
        pipe = self.redis.pipeline(transaction=False)
        pipe.incrby(key, self.chunk)
        pipe.expire(key, 3)
        total = int(pipe.execute()[0])
        granted = min(self.chunk, max(0, self.rate - (total - self.chunk)))
        if granted > 1:
            with self._lock:
                self._held[(host, second)] = self._held.get((host, second), 0) + granted - 1
        return granted > 0

    def _take_local(self, host: str, second: int) -> bool:
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts.clear()
            count = self._counts[(host, second)] = self._counts.get((host, second), 0) + 1
            return count <= self.rate

    def acquire(self, host: str) -> None:
        """Return when a request to ``host`` may go."""
        take = self._take_shared if self.redis is not None else self._take_local
        while True:
            now = time.time()
            if take(host, int(now)):
                return
            time.sleep(max(0.001, int(now) + 1 - now))
