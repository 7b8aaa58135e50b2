"""The bytes delivery sends (backend/engine/messages.py) are the bytes ``email``'s own
generator makes of the same MIME message: written directly for speed, they must not differ
in any header fold, encoded word, quoted-printable line or boundary."""
from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.header import Header
from email.message import Message
from email.quoprimime import body_encode
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.engine.email_links import LinkSettings
from backend.engine.messages import outgoing_email
from backend.engine.smtp import SMTP_POLICY
from backend.rendering.links import tracked, unsubscribe_url
from backend.rendering.templating import is_html

LINKS = LinkSettings(public_url="https://journeys.example.com", tracking=True, secret="s3cret")


def _reference(row, links, boundary: str | None, message_id: str) -> bytes:
    """The message built with ``email.message.Message`` and flattened by its generator."""
    def part(text, subtype):
        p = Message()
        p["Content-Type"] = f'text/{subtype}; charset="utf-8"'
        p["Content-Transfer-Encoding"] = "quoted-printable"
        p.set_payload(body_encode(text.encode("utf-8").decode("latin-1")))
        return p

    text, html = row.body, row.html_body
    if html is None and is_html(text):
        text, html = None, text
    if row.unsubscribable and links.tracking:
        tracked_text, html = tracked(text or "", html, links.public_url, links.secret, row.id)
        text = tracked_text if text is not None else None
    if text is not None and html is not None:
        message = Message()
        message["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
        message["MIME-Version"] = "1.0"
        message.attach(part(text, "plain"))
        message.attach(part(html, "html"))
    else:
        message = part(text if html is None else html, "plain" if html is None else "html")
        message["MIME-Version"] = "1.0"
    message["From"] = row.from_address
    message["To"] = row.to_address
    message["Subject"] = row.subject if row.subject.isascii() else Header(row.subject, "utf-8")
    if row.unsubscribable:
        url = unsubscribe_url(links.public_url, links.secret, row.to_address, row.effect_key)
        message["List-Unsubscribe"] = f"<{url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Message-ID"] = message_id
    return message.as_bytes(policy=SMTP_POLICY)


def _row(**fields):
    base = dict(id=7, to_address="ana@acme.example", from_address="Asha <asha@example.com>",
                subject="Welcome", body="Hi Ana", html_body=None, unsubscribable=True,
                effect_key="e:7:m:1")
    return SimpleNamespace(**{**base, **fields})


def _same_as_generator(row, links=LINKS):
    email = outgoing_email(row, links)
    boundary = re.search(rb'boundary="([^"]+)"', email.data)
    expected = _reference(row, links, boundary and boundary.group(1).decode(), email.message_id)
    assert email.data == expected
    return email


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


@settings(max_examples=150, deadline=None)
@given(body=TEXT, html=st.none() | TEXT.map(lambda t: f"<html><body><p>{t}</p></body></html>"),
       subject=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120),
       unsubscribable=st.booleans(), tracking=st.booleans(), name=st.sampled_from(["", "Asha", "Åsa Ö"]))
def test_the_bytes_are_what_the_email_generator_makes(body, html, subject, unsubscribable, tracking, name):
    links = LinkSettings(public_url=LINKS.public_url, tracking=tracking, secret=LINKS.secret)
    sender = f"{name} <asha@example.com>" if name else "asha@example.com"
    _same_as_generator(_row(body=body, html_body=html, subject=subject, unsubscribable=unsubscribable,
                            from_address=sender), links)


def test_multipart_arrives_readable_with_tracked_links_and_the_envelope_is_bare():
    email = _same_as_generator(_row(body="Report: https://app.example.com/r/1\nBye\n",
                                    html_body='<p><a href="https://app.example.com/r/1">report</a></p>',
                                    subject="Ваш отчёт готов — " + "x" * 80))
    assert email.sender == "asha@example.com" and email.recipients == ("ana@acme.example",)
    assert all(len(line) <= 998 for line in email.data.split(b"\r\n"))
    assert b"\n" not in email.data.replace(b"\r\n", b"")
    parsed = message_from_bytes(email.data, policy=policy.default)
    assert parsed["Subject"] == "Ваш отчёт готов — " + "x" * 80
    assert parsed["Message-ID"] == email.message_id
    assert parsed.get_content_type() == "multipart/alternative"
    plain = parsed.get_body(("plain",)).get_content()
    assert "https://journeys.example.com/t/c/" in plain and "Bye" in plain
    assert "/t/o/" in parsed.get_body(("html",)).get_content()


def test_a_single_html_body_is_sent_as_html_and_transactional_email_untracked():
    email = _same_as_generator(_row(body="<p>Hello https://x.example</p>", unsubscribable=False))
    parsed = message_from_bytes(email.data, policy=policy.default)
    assert parsed.get_content_type() == "text/html" and "List-Unsubscribe" not in parsed
    assert "https://x.example" in parsed.get_content() and "/t/c/" not in parsed.get_content()
