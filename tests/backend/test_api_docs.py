"""The interactive API reference at /api/docs: the build's api-docs.html (Swagger UI from
npm, bundled by Vite), open without signing in, with nothing loaded from another host."""
from __future__ import annotations

import re
from pathlib import Path

from backend.config import REPO_ROOT

DIST = REPO_ROOT / "frontend" / "dist"


def test_docs_page_is_served_from_the_build_without_auth(app, client, monkeypatch, tmp_path):
    (tmp_path / "api-docs.html").write_text("<!doctype html><title>Journeys API reference</title>")
    monkeypatch.setitem(app.config, "FRONTEND_DIST", str(tmp_path))
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Journeys API reference" in response.get_data(as_text=True)
    # the document it reads stays behind sign-in
    assert client.get("/api/openapi.json").status_code == 401


def test_an_unbuilt_front_end_says_how_to_build(app, client, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "FRONTEND_DIST", str(tmp_path))
    response = client.get("/api/docs")
    assert response.status_code == 503 and "npm run build" in response.get_data(as_text=True)


def _local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_the_build_holds_swagger_ui_and_loads_nothing_from_a_cdn():
    page = DIST / "api-docs.html"
    assert page.is_file(), "frontend/dist is not built: run `npm run build` (make test does)"
    html = page.read_text()
    refs = [r for r in _local_assets(html) if not r.startswith("data:")]
    assert refs and not [r for r in refs if re.match(r"(https?:)?//", r) and "openapi.json" not in r]
    scripts = [DIST / r.lstrip("/") for r in refs if r.endswith(".js")]
    bundle = "".join(Path(s).read_text() for s in scripts if Path(s).is_file())
    assert "/api/openapi.json" in bundle and "swagger" in bundle.lower()
    assert not re.search(r"https?://(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)", html + bundle)


def test_the_readme_links_the_reference():
    assert "/api/docs" in (REPO_ROOT / "README.md").read_text()
