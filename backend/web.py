"""Serves the Vite build of the front end at ``/`` (one origin with the API).

Files that exist in the build are sent as they are; every other path that is not
under ``/api`` gets ``index.html`` so the client-side router can take it.
``/api/docs`` is the build's ``api-docs.html``: the interactive API reference
(Swagger UI from npm, bundled by Vite) reading ``/api/openapi.json``. The page
itself is open; the document and "Try it out" need a signed-in session or token.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

from .auth import public

web = Blueprint("web", __name__)

_MISSING = """<!doctype html><title>Journeys</title>
<h1>Journeys</h1><p>The front end has not been built. Run <code>make run</code>
(or <code>npm ci &amp;&amp; npm run build</code>) and reload.</p>"""


@web.get("/api/docs")
@public
def api_docs():
    """The interactive API reference page (503 with a hint when the front end is not built)."""
    dist = Path(current_app.config["FRONTEND_DIST"])
    if not (dist / "api-docs.html").is_file():
        return _MISSING, 503
    response = send_from_directory(dist, "api-docs.html")
    response.cache_control.no_cache = True
    return response


@web.get("/", defaults={"path": ""})
@web.get("/<path:path>")
def spa(path: str):
    if path.startswith("api/") or path == "api":
        abort(404)
    dist = Path(current_app.config["FRONTEND_DIST"])
    if path and (dist / path).is_file():
        response = send_from_directory(dist, path)
        if path.startswith("assets/"):
            response.cache_control.max_age = 31536000  # hashed file names
            response.cache_control.public = True
        return response
    if not (dist / "index.html").is_file():
        return _MISSING, 503
    response = send_from_directory(dist, "index.html")
    response.cache_control.no_cache = True
    return response
