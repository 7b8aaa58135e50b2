"""Fixtures the backend tests share (the app, database, Redis and SMTP ones are in tests/conftest.py)."""
from __future__ import annotations

import pytest

from tests.backend.engine_helpers import Workspace


@pytest.fixture()
def ws(app, client, admin_headers):
    """A workspace with the engine tests' catalog (three CSMs, a segment, a template...)."""
    workspace = Workspace(app, client, admin_headers)
    workspace.setup_catalog()
    yield workspace
    workspace.close()
