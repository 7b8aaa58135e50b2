"""Email delivery against a real SMTP server on loopback (aiosmtpd)."""
from __future__ import annotations

from email.message import EmailMessage

import pytest

from backend.config import ConfigError
from backend.engine.smtp import (PermanentEmailError, TransientEmailError, deliver,
                                  parse_smtp_url)
from backend.redis_server import free_port


def _message(to="ana@customer.example") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "csm@journeys.example"
    message["To"] = to
    message["Subject"] = "Welcome aboard"
    message.set_content("Hi Ana")
    return message


def test_delivers_to_a_real_smtp_server(smtp_server):
    message_id = deliver(parse_smtp_url(smtp_server.url), _message())
    assert message_id.startswith("<")
    [received] = smtp_server.messages
    assert received["Subject"] == "Welcome aboard"
    assert received["Message-ID"] == message_id
    assert received.get_content().strip() == "Hi Ana"


def test_refused_recipient_is_permanent(smtp_server):
    with pytest.raises(PermanentEmailError):
        deliver(parse_smtp_url(smtp_server.url), _message(to="reject@customer.example"))
    assert smtp_server.messages == []


def test_unreachable_server_is_transient():
    with pytest.raises(TransientEmailError):
        deliver(parse_smtp_url(f"smtp://127.0.0.1:{free_port()}"), _message())


@pytest.mark.parametrize("url", ["http://mail", "smtp://", "smtp://host:notaport"])
def test_bad_smtp_url_names_the_setting(url):
    with pytest.raises(ConfigError, match="SMTP_URL"):
        parse_smtp_url(url)


def test_credentials_and_tls_are_read_from_the_url():
    settings = parse_smtp_url("smtps://me%40x.com:p%3Ass@mail.example")
    assert (settings.host, settings.port, settings.username, settings.password, settings.implicit_tls) == \
        ("mail.example", 465, "me@x.com", "p:ss", True)


def test_a_message_longer_than_an_smtp_line_arrives_whole(smtp_server):
    """Lines go out CRLF-terminated: with bare LF a strict server reads the whole message as
    one line over 1,000 bytes and refuses it (500 Line too long)."""
    message = _message()
    message.set_content("\n".join(f"Line {i} of a long onboarding email." for i in range(200)))
    deliver(parse_smtp_url(smtp_server.url), message)
    [received] = smtp_server.messages
    assert received.get_content().count("onboarding email.") == 200


def test_an_address_smtp_cannot_carry_is_permanent_and_the_connection_goes_on(smtp_server):
    """A non-ASCII recipient (no SMTPUTF8) is refused for good, after MAIL was accepted: the
    transaction is reset, so the next email on the same pooled connection goes through."""
    from backend.engine.smtp import SmtpPool

    pool, settings = SmtpPool(), parse_smtp_url(smtp_server.url)
    data = _message().as_bytes().replace(b"\n", b"\r\n")
    with pytest.raises(PermanentEmailError, match="cannot be sent"):
        pool.transact(settings, "csm@journeys.example", ["zoë@customer.example"], data)
    pool.transact(settings, "csm@journeys.example", ["ana@customer.example"], data)
    assert [m["To"] for m in smtp_server.messages] == ["ana@customer.example"]
    pool.close()
