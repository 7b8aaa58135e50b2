"""The links in journey emails (SPEC §8), outside ``/api``: no login, no JavaScript.

- ``GET /u/<token>`` — a confirm page naming the address, with one button (a plain form
  POST to the same URL). A GET never unsubscribes: mail scanners and link previews fetch
  links on their own.
- ``POST /u/<token>`` — unsubscribes the address the token names: a person's button on the
  confirm page, or a mail client's RFC 8058 one-click POST (``List-Unsubscribe=One-Click``
  in the form body) — both answer a page saying it is done; doing it again changes nothing.
- ``GET /t/o/<token>`` — the open pixel: a 1×1 transparent GIF, never cached.
- ``GET /t/c/<token>`` — a tracked link: records the click and redirects (302) to the URL
  the token signs, and nowhere else.

CSRF: these POSTs carry no session and no CSRF token, on purpose: a mail client's
one-click POST comes with neither, and nothing here reads the session cookie, so there is
no signed-in user whose authority a forged request could borrow. The token in the URL is
the only authority, and all it allows is unsubscribing the one address it names — what its
holder could do anyway by clicking. A forged or altered token gets a readable 400 page and
changes nothing. The pages are server-rendered, with no script and only a style sheet in the
page, so the app's Content-Security-Policy holds unchanged.
"""
from __future__ import annotations

import base64

from flask import Blueprint, Response, redirect, request
from markupsafe import escape

from ..services import email_tracking, suppressions

bp = Blueprint("email_links", __name__)

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_STYLE = ("body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;"
          "color:#1f2933}h1{font-size:1.4rem}button{font-size:1rem;padding:.6rem 1.2rem;"
          "border-radius:6px;border:0;background:#2563eb;color:#fff;cursor:pointer}"
          ".muted{color:#52606d}")


def _page(title: str, body: str, status: int = 200) -> Response:
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="robots" content="noindex"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body><main><h1>{escape(title)}</h1>{body}</main>"
            f"</body></html>")
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _bad_link() -> Response:
    return _page("This unsubscribe link is not valid",
                 "<p>The link was changed or was not made by us, so it cannot unsubscribe anyone. "
                 "Open the link from the email itself, or reply to the email and ask to be "
                 "removed.</p>", 400)


@bp.get("/u/<token>")
def confirm_unsubscribe(token: str):
    """The confirm page: who would be unsubscribed, and the button that does it."""
    try:
        address, already = suppressions.address_for(token)
    except suppressions.BadLink:
        return _bad_link()
    if already:
        return _page("You are unsubscribed",
                     f"<p><strong>{escape(address)}</strong> gets no more of these emails.</p>")
    return _page("Unsubscribe?",
                 f"<p>Stop sending emails like this one to <strong>{escape(address)}</strong>?</p>"
                 f'<form method="post" action=""><button type="submit" name="confirm" value="1">'
                 f"Unsubscribe</button></form>"
                 f'<p class="muted">Emails you need about your account may still reach you.</p>')


@bp.post("/u/<token>")
def unsubscribe(token: str):
    """Unsubscribe the token's address (the button, or a mail client's one-click POST)."""
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    try:
        address, _ = suppressions.unsubscribe(token, "one_click" if one_click else "link")
    except suppressions.BadLink:
        return _bad_link()
    return _page("You are unsubscribed",
                 f"<p><strong>{escape(address)}</strong> will get no more of these emails.</p>")


@bp.get("/t/o/<token>")
def open_pixel(token: str):
    """The 1×1 GIF; a valid token records the email's open."""
    try:
        email_tracking.record_open(token)
    except email_tracking.BadLink:
        return Response(status=404, headers={"Cache-Control": "no-store"})
    return Response(PIXEL, mimetype="image/gif",
                    headers={"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache"})


@bp.get("/t/c/<token>")
def click(token: str):
    """Record the click and redirect to the URL the token signs (never anywhere else)."""
    try:
        url = email_tracking.record_click(token)
    except email_tracking.BadLink:
        return _page("This link is not valid",
                     "<p>The link was changed or was not made by us. Open it from the email "
                     "itself.</p>", 404)
    response = redirect(url, code=302)
    response.headers["Cache-Control"] = "no-store"
    return response
