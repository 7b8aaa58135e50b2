"""An outbox row as the MIME message that goes to the mail server (SPEC §8).

``email_message(row, links)`` builds it from a row with ``id``, ``to_address``,
``from_address``, ``subject``, ``body``, ``html_body``, ``unsubscribable`` and
``effect_key``:

- text only → ``text/plain``; a text body that is itself HTML (templates written before
  multipart) → ``text/html``; text and HTML → ``multipart/alternative`` (text first, so
  clients that cannot show HTML read the text part).
- an *unsubscribable* email (a journey email to a contact, not transactional) carries
  ``List-Unsubscribe: <PUBLIC_URL/u/<token>>`` and ``List-Unsubscribe-Post:
  List-Unsubscribe=One-Click`` (RFC 8058; the token names the address and the email), and
  when the workspace's ``tracking`` is on its links in both parts become signed click links
  and its HTML part gets the open pixel (``rendering.links.tracked``). Staff alerts,
  transactional emails and test sends are sent as written.

UTF-8, quoted-printable: readable in any mailbox, 7-bit safe. MIMEText flattens about ten
times faster than EmailMessage.set_content.
"""
from __future__ import annotations

from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from ..rendering.links import tracked, unsubscribe_url
from ..rendering.templating import is_html

_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP


def email_message(row, links) -> MIMEText | MIMEMultipart:
    """The MIME message for outbox ``row`` (see module docstring)."""
    text, html = row.body, row.html_body
    if html is None and is_html(text):
        text, html = None, text  # a single HTML body, as templates were before multipart
    if row.unsubscribable and links.tracking:
        tracked_text, html = tracked(text or "", html, links.public_url, links.secret, row.id)
        text = tracked_text if text is not None else None
    if text is not None and html is not None:
        message = MIMEMultipart("alternative")
        message.attach(MIMEText(text, "plain", _UTF8))
        message.attach(MIMEText(html, "html", _UTF8))
    elif html is not None:
        message = MIMEText(html, "html", _UTF8)
    else:
        message = MIMEText(text, "plain", _UTF8)
    message["From"] = row.from_address
    message["To"] = row.to_address
    message["Subject"] = Header(row.subject, "utf-8")
    if row.unsubscribable:
        url = unsubscribe_url(links.public_url, links.secret, row.to_address, row.effect_key)
        message["List-Unsubscribe"] = f"<{url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
