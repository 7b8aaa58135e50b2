"""Fixtures for the graph_engine tests (builders live in ge_helpers.py)."""

from __future__ import annotations

import pytest
from ge_helpers import CATALOG, EXAMPLE_NAMES, load_example


@pytest.fixture
def catalog():
    return CATALOG


@pytest.fixture(params=EXAMPLE_NAMES)
def example(request) -> dict:
    return load_example(request.param)
