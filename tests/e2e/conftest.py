"""Browser tests: the real product served by the runner, driven in Debian's Chromium.

Never downloads a browser: Playwright launches ``/usr/bin/chromium`` (``make test``
installs Debian's package when it is missing). Screenshots go to
``test-artifacts/screenshots/`` for people to look at.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

from backend.config import REPO_ROOT
from tests.conftest import make_test_database
from tests.e2e.api import Api
from tests.served import ServedApp

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    app = ServedApp(tmp_path_factory.mktemp("e2e-instance"), make_test_database(tmp_path_factory, "e2e"))
    try:
        app.wait_healthy()
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
def admin_password(served):
    """The password the first start printed and kept in the instance folder."""
    return (served.instance / "admin-password.txt").read_text().strip()


@pytest.fixture(scope="session")
def api(served):
    """An admin API client for the served app (a token made with ``flask token create``)."""
    token = served.flask("token", "create", "--role", "admin", "--name", "e2e").strip().splitlines()[-1]
    return Api(served.base_url, token)


def log_in(page, base_url: str, password: str, email: str = "admin@example.com") -> None:
    """Sign in through the login page, as a person would."""
    page.goto(base_url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation").wait_for()


def open_account(page, search: str, name: str) -> None:
    """From the Accounts page, search for one account and open it. The click waits for the search's
    own list (a single row): clicking while the unfiltered list is re-rendering under the pointer
    can land on the row's old position and open nothing."""
    page.get_by_label("Find an account (name or external id)").fill(search)
    table = page.get_by_role("table", name="Accounts")
    # A CSM starts on their own accounts: one not theirs is a click on "Search every account" away
    every = page.get_by_role("button", name="Search every account")
    expect(table.locator("tbody tr").or_(every)).to_have_count(1)
    if every.is_visible():
        every.click()
    expect(table.locator("tbody tr")).to_have_count(1)
    table.get_by_role("link", name=name).click()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


EXPECTED_ERRORS = "expected_console_errors"


@pytest.fixture()
def page(browser, request):
    """A fresh page; the test fails if the page logs a console error.

    A test that provokes an error on purpose (a wrong password answers 401, which
    Chromium logs) lists it with ``@pytest.mark.expected_console_errors("401")``.
    """
    marker = request.node.get_closest_marker(EXPECTED_ERRORS)
    yield from watched_page(browser, marker.args if marker else ())


def watched_page(browser, expected=(), **context_options):
    """A page in a new browser context (``context_options``: a time zone, a locale…) that fails
    the test on a console error other than those ``expected``; a fixture yields from it."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, **context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    unexpected = [e for e in errors if not any(x in e for x in expected)]
    assert not unexpected, f"console errors: {unexpected}"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
