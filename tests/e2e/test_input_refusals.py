"""Refused input, end to end: the server refuses it with a 422 and writes nothing, and the page
says why under the field, in words naming it as the page labels it, until it is changed.

- a custom attribute labelled with spaces only (and no key), in Catalog → Custom attributes;
- an account's name emptied on its page, then an MRR of 1e20;
- a frequency cap of 99999999999999999999 in Settings;
- From after To on the Audit page (said at once, nothing asked).
"""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, open_account


def sfx() -> str:
    return uuid.uuid4().hex[:8]


def error_of(field):
    """The message a form field points at (its aria-describedby's last id)."""
    return field.page.locator(f"#{field.get_attribute('aria-describedby').split()[-1]}")


@pytest.mark.expected_console_errors("422")
def test_a_blank_attribute_label_is_refused_under_the_field(served, api, page, admin_password):
    tag = sfx()
    before = api.get("/api/attributes")["items"]
    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    page.get_by_role("navigation", name="Catalog").get_by_role("link", name="Custom attributes", exact=True).click()
    page.get_by_role("button", name="Add an attribute").click()
    form = page.get_by_role("form", name="New attribute")
    label, key = form.get_by_label("Label"), form.get_by_label("Key")
    label.fill("   ")
    expect(key).to_have_value("")
    form.get_by_role("button", name="Add attribute").click()
    expect(form.get_by_text("Not saved: Check “Label”, “Key” below.")).to_be_visible()
    expect(error_of(label)).to_have_text("Label cannot be blank.")
    expect(error_of(key)).to_have_text("Required.")
    assert api.get("/api/attributes")["items"] == before

    key.fill(f"score_{tag}")
    expect(form.get_by_text("Required.")).to_have_count(0)
    expect(form.get_by_text("Not saved: Check “Label” below.")).to_be_visible()
    label.fill(f"  Score {tag} ")
    expect(form.get_by_role("alert")).to_have_count(0)
    form.get_by_role("button", name="Add attribute").click()
    expect(page.get_by_role("table", name="Custom attributes").get_by_role("cell", name=f"Score {tag}", exact=True)).to_be_visible()
    assert api.get(f"/api/attributes/score_{tag}")["label"] == f"Score {tag}"


@pytest.mark.expected_console_errors("422")
def test_an_emptied_account_name_and_a_huge_mrr_are_said_under_their_fields(served, api, page, admin_password):
    tag = sfx()
    api.put(f"/api/accounts/named-{tag}", {"name": f"Named {tag}", "stage": tag, "mrr": 500})
    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).click()
    open_account(page, f"named {tag}", f"Named {tag}")
    page.get_by_role("region", name="Account").get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Edit account")
    name, mrr = form.get_by_label("Name", exact=True), form.get_by_label("MRR")

    name.fill("")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_text("Not saved: Check “Name” below.")).to_be_visible()
    expect(error_of(name)).to_have_text("Name cannot be blank.")
    name.fill(f"Named {tag}")
    expect(form.get_by_role("alert")).to_have_count(0)

    mrr.fill("1e20")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_text("Not saved: Check “MRR” below.")).to_be_visible()
    expect(error_of(mrr)).to_have_text("MRR: this number is too large; type a smaller one.")
    mrr.fill("600")
    expect(form.get_by_role("alert")).to_have_count(0)
    account = api.get(f"/api/accounts/named-{tag}")
    assert (account["name"], account["mrr"]) == (f"Named {tag}", 500)
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    assert api.get(f"/api/accounts/named-{tag}")["mrr"] == 600


@pytest.mark.expected_console_errors("422")
def test_a_cap_too_large_is_said_under_it_until_corrected(served, api, page, admin_password):
    before = api.get("/api/settings")
    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Settings").click()
    form = page.get_by_role("form", name="Workspace settings")
    if not form.get_by_label("Limit how many journey emails one address gets").is_checked():
        form.get_by_label("Limit how many journey emails one address gets").check()
    emails = form.get_by_label("Emails", exact=True)
    emails.fill("99999999999999999999")
    form.get_by_role("button", name="Save settings").click()
    expect(form.get_by_role("alert")).to_have_text("Not saved: Check “At most” below.")
    expect(form.get_by_role("note")).to_have_text("At most: type a whole number from 1 to 1000.")
    expect(emails).to_have_attribute("aria-invalid", "true")
    assert api.get("/api/settings") == before
    emails.fill("4")
    expect(form.get_by_role("alert")).to_have_count(0)
    expect(form.get_by_role("note")).to_have_count(0)


def test_from_after_to_on_the_audit_page_is_said_at_once(served, page, admin_password):
    log_in(page, served.base_url, admin_password)
    page.get_by_role("navigation").get_by_role("link", name="Audit").click()
    filters = page.get_by_role("form", name="Filter the audit log")
    filters.get_by_label("From").fill("2026-12-05")
    filters.get_by_label("To").fill("2026-12-01")
    expect(filters.get_by_role("alert")).to_have_text("From must be before To.")
    expect(page.get_by_text("since", exact=False)).to_have_count(0)
    filters.get_by_label("To").fill("2026-12-06")
    expect(filters.get_by_role("alert")).to_have_count(0)
