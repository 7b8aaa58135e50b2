"""Where a webhook may go (SPEC §9 egress safety).

``check_destination(url, allowed) -> Destination`` resolves the URL's host once
(``socket.getaddrinfo``) and refuses it (``EgressRefused``) when any address it
resolves to is not public — loopback, private, link-local, multicast, reserved,
shared or unspecified, or a cloud metadata address — unless ``host:port`` is in
``allowed`` (``WEBHOOK_ALLOWED_HOSTS``). The returned ``Destination`` carries the
checked address: the client connects to it and nothing else (no second lookup,
so no DNS rebinding), sending the original host in ``Host`` and TLS SNI. A host whose name
does not resolve right now raises ``HostUnresolved`` (a kind of ``EgressRefused``): DNS
failures pass, so the client retries them as connection errors rather than failing at once.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

METADATA = frozenset({ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")})


class EgressRefused(ValueError):
    """The destination is not allowed; the message says why (safe to show)."""


class HostUnresolved(EgressRefused):
    """The host's name did not resolve (no such name, or DNS did not answer): a connection
    error, which may pass, not a refusal."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str        # as written in the URL (lower case, no brackets)
    port: int
    address: str     # the checked IP the connection goes to
    target: str      # path and query

    @property
    def host_port(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"

    def pinned_url(self) -> str:
        """The URL with the checked address in place of the host."""
        ip = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{ip}:{self.port}{self.target}"


def parse_allowed(value) -> frozenset[str]:
    """``WEBHOOK_ALLOWED_HOSTS``: comma- or space-separated ``host:port`` (or a list)."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value or ())
    return frozenset(item.strip().lower() for item in items if item.strip())


def why_not_public(address: str) -> str | None:
    """None for a public address, else what kind it is."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata address"
    for kind in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return f"a {kind.replace('_', '-')} address"
    if not ip.is_global:
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (once), or EgressRefused."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:  # not a host name at all: no retry will change that
        raise EgressRefused(f"cannot resolve {host}: {exc}") from None
    except OSError as exc:  # socket.gaierror among them: no such name, DNS down or slow
        raise HostUnresolved(f"cannot resolve {host}: {exc}") from None
    addresses = []
    for info in infos:
        if info[4][0] not in addresses:
            addresses.append(info[4][0])
    if not addresses:
        raise HostUnresolved(f"{host} resolves to no address")
    return addresses


def check_destination(url: str, allowed=frozenset(), resolver=resolve) -> Destination:
    """The checked destination of ``url`` (see module docstring); raises EgressRefused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EgressRefused("only http:// and https:// URLs with a host can be called")
    if parts.username or parts.password:
        raise EgressRefused("URLs with a user name or password are not allowed")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise EgressRefused("the URL has a bad port") from None
    host = parts.hostname.lower().rstrip(".")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    addresses = resolver(host, port)
    if f"{host}:{port}" not in parse_allowed(allowed):
        for address in addresses:
            why = why_not_public(address)
            if why:
                raise EgressRefused(f"{host} resolves to {address}, {why}; add {host}:{port} to "
                                    "WEBHOOK_ALLOWED_HOSTS to allow it")
    return Destination(parts.scheme, host, port, addresses[0], target)
