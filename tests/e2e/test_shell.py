"""The served app opens in Chromium: the shell renders and health is green."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


@pytest.mark.expected_console_errors("status of 401")
def test_login_page_shows_green_health_before_signing_in(served, page):
    page.goto(served.base_url + "/")
    expect(page.get_by_role("banner")).to_contain_text("Journeys")
    expect(page.get_by_test_id("health-status")).to_have_text("Healthy", timeout=15_000)
    page.get_by_label("Email").fill("admin@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Wrong email or password")).to_be_visible()
    screenshot(page, "login")


def test_shell_renders_with_green_health(served, page, admin_password):
    log_in(page, served.base_url, admin_password)
    expect(page.get_by_role("banner")).to_contain_text("Journeys")
    for link in ("Journeys", "Accounts", "Tasks", "Outbox"):
        expect(page.get_by_role("navigation").get_by_role("link", name=link, exact=True)).to_be_visible()
    expect(page.get_by_test_id("health-status")).to_have_text("Healthy", timeout=15_000)
    screenshot(page, "shell")


def test_health_api_is_green_through_the_served_origin(served, page):
    response = page.request.get(served.base_url + "/api/health")
    assert response.status == 200
    assert response.json()["status"] == "ok"


def test_client_routes_are_served_by_the_shell(served, page, admin_password):
    log_in(page, served.base_url, admin_password)
    page.goto(served.base_url + "/tasks")
    expect(page.get_by_role("banner")).to_contain_text("Journeys")
