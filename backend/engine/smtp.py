"""Delivering email over SMTP (``SMTP_URL``).

``parse_smtp_url(url)`` → ``SmtpSettings``; raises ``ConfigError`` naming SMTP_URL.
``deliver(settings, message)`` sends one ``EmailMessage`` and returns its
Message-ID. Failures are sorted for the retry logic: ``TransientEmailError``
(server unreachable, timeouts, 4xx: try again later) or ``PermanentEmailError``
(5xx such as a refused recipient: retrying will not help).

URL forms: ``smtp://[user:pass@]host[:port]`` (STARTTLS when the server offers
it and ``?starttls=1``), ``smtps://...`` (implicit TLS, port 465 by default).
"""
from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from ..config import ConfigError


class TransientEmailError(Exception):
    """Delivery failed for a reason that may pass (retry with backoff)."""


class PermanentEmailError(Exception):
    """The server refused the message for good."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    implicit_tls: bool = False
    starttls: bool = False
    timeout: float = 15.0


def parse_smtp_url(url: str) -> SmtpSettings:
    """Parse ``SMTP_URL``. Raises ConfigError with a message naming the setting."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(f"SMTP_URL must look like smtp://user:pass@host:port, not {url!r}")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(f"SMTP_URL has a bad port: {url!r}") from None
    query = parse_qs(parts.query)
    return SmtpSettings(
        host=parts.hostname, port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=parts.scheme == "smtps",
        starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
    )


def deliver(settings: SmtpSettings, message: EmailMessage) -> str:
    """Send ``message``; returns its Message-ID (set here when missing)."""
    if "Message-ID" not in message:
        message["Message-ID"] = make_msgid(domain="journeys.local")
    try:
        if settings.implicit_tls:
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = {code for code, _ in exc.recipients.values()}
        if all(400 <= code < 500 for code in codes):
            raise TransientEmailError(f"recipients deferred: {exc.recipients}") from None
        raise PermanentEmailError(f"recipients refused: {exc.recipients}") from None
    except smtplib.SMTPResponseException as exc:
        text = f"{exc.smtp_code} {exc.smtp_error!r}"
        if 400 <= exc.smtp_code < 500:
            raise TransientEmailError(text) from None
        raise PermanentEmailError(text) from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise TransientEmailError(f"{type(exc).__name__}: {exc}") from None
    return message["Message-ID"]
