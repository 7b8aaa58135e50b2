"""Browser hardening for every response: CSP, nosniff, frame and referrer policy, and
session cookies marked ``Secure`` whenever the request came over HTTPS.

The Vite build has no inline script (``frontend/index.html`` loads one module), so
``script-src 'self'`` holds; styles keep ``'unsafe-inline'`` because React Flow sets
style attributes; the favicon is a ``data:`` image. ``frame-ancestors 'none'`` plus
``X-Frame-Options: DENY`` stop clickjacking. Over HTTPS (``request.is_secure``) the
session cookie gets ``Secure`` (also forced by ``SESSION_COOKIE_SECURE``) and the
response gets HSTS.
"""
from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
    "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class _SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def _add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response and make the session cookie follow HTTPS."""
    app.session_interface = _SessionInterface()
    app.after_request(_add_headers)
