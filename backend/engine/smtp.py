"""Delivering email over SMTP (``SMTP_URL``).

``parse_smtp_url(url)`` → ``SmtpSettings``; raises ``ConfigError`` naming SMTP_URL.
``deliver(settings, message)`` sends one ``EmailMessage`` on a connection of
its own and returns its Message-ID; ``POOL.transact(settings, sender, recipients, data)``
sends a message's bytes on a connection kept open for the thread (bulk delivery: the
lanes of ``delivery``). Failures are sorted for the retry logic: ``TransientEmailError``
(server unreachable, timeouts, 4xx: try again later) or ``PermanentEmailError``
(5xx such as a refused recipient: retrying will not help).

URL forms: ``smtp://[user:pass@]host[:port]`` (STARTTLS when the server offers
it and ``?starttls=1``), ``smtps://...`` (implicit TLS, port 465 by default).
"""
from __future__ import annotations

import re
import smtplib
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.policy import Compat32
from email.utils import getaddresses, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from ..config import ConfigError


class _SmtpPolicy(Compat32):
    """compat32 with CRLF line ends, and plain-ASCII headers written directly: folding every
    header through email.header.Header was most of the cost of flattening a message. A short
    one goes on one line; one long word (a List-Unsubscribe URL) on a continuation line, as
    Header folds it; anything else (non-ASCII, long phrases) is folded by compat32."""

    def fold_binary(self, name, value):
        if isinstance(value, str) and value.isascii() and "\n" not in value and "\r" not in value:
            if len(name) + len(value) + 2 <= 78:
                return f"{name}: {value}\r\n".encode("ascii")
            if " " not in value and "\t" not in value and len(value) < 990:
                return f"{name}:\r\n {value}\r\n".encode("ascii")
        return super().fold_binary(name, value)


SMTP_POLICY = _SmtpPolicy(linesep="\r\n")


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


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open, logged-in SMTP connection. Raises TransientEmailError when it cannot."""
    try:
        if settings.implicit_tls:
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.starttls:
            client.starttls(context=ssl.create_default_context())
        if settings.username:
            client.login(settings.username, settings.password or "")
        return client
    except smtplib.SMTPResponseException as exc:
        raise TransientEmailError(f"{exc.smtp_code} {exc.smtp_error!r}") from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise TransientEmailError(f"{type(exc).__name__}: {exc}") from None


def send(client: smtplib.SMTP, message: Message) -> str:
    """Send ``message`` on an open connection; returns its Message-ID (set here when missing)."""
    if "Message-ID" not in message:
        message["Message-ID"] = make_msgid(domain="journeys.local")
    # The flattened bytes: send_message's generator costs several times more. Lines end in CRLF
    # as SMTP requires: smtplib passes bytes through as they are, and a server that is strict
    # about bare LF (aiosmtpd, anti-smuggling configurations) reads a message of bare-LF lines
    # as one over-long line and refuses it.
    recipients = [address for _, address in getaddresses(message.get_all("To", []))]
    transact(client, envelope_address(str(message["From"])), recipients,
             message.as_bytes(policy=SMTP_POLICY))
    return message["Message-ID"]


_PLAIN_ADDRESS = re.compile(r"[^\s<>()\[\]\\,;:\"@]+@[^\s<>()\[\]\\,;:\"@]+")


def envelope_address(value: str) -> str:
    """The address to give MAIL FROM / RCPT TO for a From or To value (``Name <a@b>`` →
    ``a@b``); a plain address is taken as it is, without ``email.utils``' parser."""
    value = value.strip()
    return value if _PLAIN_ADDRESS.fullmatch(value) else parseaddr(value)[1]


def transact(client: smtplib.SMTP, sender: str, recipients, data: bytes) -> None:
    """One mail transaction on an open connection: MAIL FROM, RCPT TO each recipient, DATA.

    As ``smtplib.SMTP.sendmail`` does it, and raising the same exceptions, with the envelope
    addresses already bare (sendmail parses each one again to quote it: a tenth of a bulk
    sender's time); failures are sorted into ``TransientEmailError`` (4xx, 421 at RCPT) and
    ``PermanentEmailError`` (5xx), and a broken connection raises ``ConnectionLost``."""
    try:
        client.ehlo_or_helo_if_needed()
        size = f" SIZE={len(data)}" if client.does_esmtp and client.has_extn("size") else ""
        code, reply = client.docmd("mail", f"FROM:<{sender}>{size}")
        if code != 250:
            _end_transaction(client, code)
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = client.docmd("rcpt", f"TO:<{recipient}>")
            if code not in (250, 251):
                refused[recipient] = (code, reply)
            if code == 421:
                client.close()
                raise smtplib.SMTPRecipientsRefused(refused)
        if len(refused) == len(recipients):
            _end_transaction(client, 250)
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = client.data(data)
        if code != 250:
            _end_transaction(client, code)
            raise smtplib.SMTPDataError(code, reply)
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
    except UnicodeEncodeError as exc:  # an address smtplib cannot send (no SMTPUTF8 asked)
        _reset(client)  # a MAIL already accepted must not be left open for the next email
        raise PermanentEmailError(f"the address cannot be sent over SMTP: {exc}") from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise ConnectionLost(f"{type(exc).__name__}: {exc}") from None


def _end_transaction(client: smtplib.SMTP, code: int) -> None:
    """After a refusal the connection stays usable once the transaction is reset; after 421
    the server is closing it."""
    if code == 421:
        client.close()
    else:
        _reset(client)


def _reset(client: smtplib.SMTP) -> None:
    """After a refusal the connection stays usable once the transaction is reset."""
    try:
        client.rset()
    except (smtplib.SMTPException, OSError):
        pass


class ConnectionLost(TransientEmailError):
    """The connection broke while sending (the pool drops it)."""


class SmtpPool(threading.local):
    """One reused connection per SMTP server for each thread of this process
    (``deliver_outbox`` sends many messages on a few of them instead of connecting per
    message)."""

    IDLE_CHECK_S = 5.0

    def __init__(self):
        self._clients: dict[SmtpSettings, tuple[smtplib.SMTP, float]] = {}

    def transact(self, settings: SmtpSettings, sender: str, recipients, data: bytes) -> None:
        """``transact`` on the pooled connection (opened, or checked with NOOP after idling)."""
        client = self._client(settings)
        try:
            transact(client, sender, recipients, data)
        except TransientEmailError as exc:
            if isinstance(exc, ConnectionLost) or client.sock is None:  # lost, or closed on a 421
                self.drop(settings)
            raise
        self._clients[settings] = (client, time.monotonic())

    def _client(self, settings: SmtpSettings) -> smtplib.SMTP:
        held = self._clients.get(settings)
        if held is not None:
            client, used = held
            if time.monotonic() - used < self.IDLE_CHECK_S:
                return client
            try:
                if client.noop()[0] == 250:
                    return client
            except (smtplib.SMTPException, OSError):
                pass
            self.drop(settings)
        client = connect(settings)
        self._clients[settings] = (client, time.monotonic())
        return client

    def drop(self, settings: SmtpSettings) -> None:
        held = self._clients.pop(settings, None)
        if held is not None:
            try:
                held[0].close()
            except OSError:
                pass

    def close(self) -> None:
        for settings in list(self._clients):
            self.drop(settings)


POOL = SmtpPool()


def deliver(settings: SmtpSettings, message: EmailMessage) -> str:
    """Send one ``message`` on its own connection; returns its Message-ID."""
    client = connect(settings)
    try:
        return send(client, message)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
