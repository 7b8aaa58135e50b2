"""The catalog screens as an admin uses them (no API by hand): a segment built with the rule
builder and its live count, a template with a merge field and its preview on a real account,
the other catalog lists, the Entry panel's segments, and the guard on unsaved journey edits.

Screenshots of each screen go to test-artifacts/screenshots/catalog-*.png (copies of them are
kept in docs/screenshots/ for the README)."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.canvas import node
from tests.e2e.conftest import log_in, screenshot


def sfx() -> str:
    return uuid.uuid4().hex[:8]


def accounts(api, tag: str) -> None:
    """Three accounts of this test's own stage: two small, one big."""
    for i, (name, mrr) in enumerate((("Aurora", 200), ("Birch", 400), ("Cedar", 5000))):
        api.put(f"/api/accounts/{tag}-{i}", {"name": f"{name} {tag}", "stage": tag, "mrr": mrr, "status": "active",
                                              "contacts": [{"name": f"Dana {tag}", "email": f"dana{i}@{tag}.example.com", "role": "admin"}]})


def open_catalog(page, section: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    page.get_by_role("navigation", name="Catalog").get_by_role("link", name=section, exact=True).click()


def test_create_a_segment_and_see_how_many_accounts_match(served, api, page, admin_password):
    tag = sfx()
    accounts(api, tag)
    log_in(page, served.base_url, admin_password)
    open_catalog(page, "Segments")
    expect(page.get_by_role("heading", name="Segments")).to_be_visible()
    page.get_by_role("link", name="New segment").click()
    page.get_by_label("Name", exact=True).fill(f"Stage {tag}")
    expect(page.get_by_label("Key", exact=True)).to_have_value(f"stage-{tag}")
    preview = page.get_by_role("complementary", name="Matching accounts now")
    expect(preview).to_contain_text("Add a condition to see which accounts match.")
    page.get_by_role("button", name="+ Condition").click()
    page.get_by_label("Condition 1: property").select_option(label="Stage")
    page.get_by_label("Condition 1: value").fill(tag.upper())  # text compares case-insensitively
    expect(page.get_by_test_id("segment-count")).to_have_text("3 accounts match")
    sample = preview.get_by_role("list", name="Matching accounts")
    expect(sample.get_by_role("link")).to_have_text([f"Aurora {tag}", f"Birch {tag}", f"Cedar {tag}"])
    page.get_by_role("button", name="+ Condition").click()
    page.get_by_label("Condition 2: value").fill("1000")  # a new condition is "MRR is more than"
    expect(page.get_by_test_id("segment-count")).to_have_text("1 account matches")
    expect(page.locator(".rule-words")).to_contain_text(f"Stage is “{tag.upper()}” and MRR is more than 1000")
    screenshot(page, "catalog-segment-editor")
    page.get_by_role("button", name="Create segment").click()
    row = page.get_by_role("table", name="Segments").get_by_role("row").filter(has_text=f"Stage {tag}")
    expect(row).to_contain_text("1 account")
    expect(row).to_contain_text(f"Stage is “{tag.upper()}” and MRR is more than 1000")
    assert api.get(f"/api/segments/stage-{tag}")["accounts"] == 1
    screenshot(page, "catalog-segments")


def test_edit_a_template_with_a_merge_field_and_see_the_preview(served, api, page, admin_password):
    tag = sfx()
    accounts(api, tag)
    key = f"renewal-{tag}"
    api.post("/api/templates", {"key": key, "subject": "Your renewal", "body": "Hi {{ contact.name }},\nthanks!"})
    log_in(page, served.base_url, admin_password)
    open_catalog(page, "Email templates")
    page.get_by_role("link", name=key).click()
    subject = page.get_by_label("Subject", exact=True)
    subject.click()
    subject.press("End")
    subject.press_sequentially(", ")
    page.get_by_label("Insert a merge field").select_option("account.name")
    expect(subject).to_have_value("Your renewal, {{ account.name }}")
    expect(subject).to_be_focused()  # the cursor is back in the subject, after the field
    preview = page.get_by_role("region", name="Preview")
    preview.get_by_label("Preview with another account").fill(f"Cedar {tag}")  # found by its name
    preview.get_by_role("button", name=f"Cedar {tag} {tag}-2").click()
    expect(preview.locator(".preview-subject")).to_have_text(f"Your renewal, Cedar {tag}")
    expect(preview.locator(".preview-body")).to_contain_text(f"Hi Dana {tag},")
    screenshot(page, "catalog-template-editor")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("table", name="Email templates")).to_be_visible()
    assert api.get(f"/api/templates/{key}")["subject"] == "Your renewal, {{ account.name }}"
    # What the engine renders matches what the editor showed.
    rendered = api.post(f"/api/templates/{key}/preview", {"account": f"{tag}-2"})
    assert rendered["subject"] == f"Your renewal, Cedar {tag}"
    screenshot(page, "catalog-templates")


def journey_on(api, tag: str) -> dict:
    api.post("/api/segments", {"key": f"seg-{tag}", "name": f"Trial {tag}",
                               "rule": {"all": [{"property": "account.stage", "op": "eq", "value": tag}]}})
    graph = {"format": "journey/v1", "nodes": [
        {"id": "entry", "type": "entry", "config": {"segments": [f"seg-{tag}"], "reenroll": {"mode": "never"}, "enroll_existing": False},
         "ui": {"x": 0, "y": 0}},
        {"id": "end", "type": "end", "ui": {"x": 0, "y": 150}}],
        "edges": [{"source": "entry", "target": "end"}]}
    return api.post("/api/journeys", {"key": f"guard-{tag}", "name": f"Guarded {tag}", "graph": graph})


@pytest.mark.expected_console_errors("status of 409")  # the refused delete
def test_unsaved_journey_edits_ask_before_leaving(served, api, page, admin_password):
    tag = sfx()
    accounts(api, tag)
    journey = journey_on(api, tag)
    log_in(page, served.base_url, admin_password)
    # Opened in the app (not page.goto), so Back below is an in-app route change.
    page.get_by_role("table", name="Journeys").get_by_role("link", name=f"Guarded {tag}").click()
    name = page.get_by_label("Journey name")
    name.fill(f"Renamed {tag}")
    expect(page.get_by_test_id("save-state")).to_contain_text("Unsaved")
    dialog = page.get_by_role("alertdialog", name="Leave without saving?")
    page.get_by_role("link", name="← Journeys").click()
    expect(dialog).to_be_visible()
    screenshot(page, "catalog-unsaved-changes-guard")
    dialog.get_by_role("button", name="Stay on this page").click()
    expect(dialog).to_be_hidden()
    expect(name).to_have_value(f"Renamed {tag}")
    assert page.url.endswith(f"/journeys/{journey['id']}")
    # The header links ask too; Back as well.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay on this page").click()
    page.go_back()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay on this page").click()
    expect(name).to_have_value(f"Renamed {tag}")
    # The Entry panel's segment: rule in words, members now, and a link (which asks as well).
    node(page, "entry").click()
    chosen = page.get_by_role("list", name="Chosen segments")
    expect(chosen).to_contain_text(f"Trial {tag}")
    expect(chosen).to_contain_text("3 accounts now")
    expect(chosen).to_contain_text(f"Accounts are in it when Stage is “{tag}”.")
    screenshot(page, "catalog-entry-panel")
    chosen.get_by_role("link", name=f"Trial {tag}").click()
    dialog.get_by_role("button", name="Leave without saving").click()
    expect(page.get_by_role("heading", name=f"Segment “Trial {tag}”")).to_be_visible()
    assert api.get(f"/api/journeys/{journey['id']}")["name"] == f"Guarded {tag}"  # nothing was saved
    # A segment a journey uses cannot be deleted; the refusal names the journey.
    page.get_by_role("button", name="Delete segment").click()
    page.get_by_role("group", name=f"Delete segment “Trial {tag}”?").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("alert")).to_have_text(
        f"Not saved: “Trial {tag}” cannot be deleted: it is used by journey “Guarded {tag}”. Remove it from that journey first.")


@pytest.mark.expected_console_errors("status of 422")  # the refused key
def test_the_other_catalog_screens(served, api, page, admin_password):
    tag = sfx()
    log_in(page, served.base_url, admin_password)
    open_catalog(page, "Playbooks")
    page.get_by_role("button", name="Add a playbook").click()
    form = page.get_by_role("form", name="New playbook")
    form.get_by_label("Name").fill(f"Kick-off {tag}")
    form.get_by_label("Due in (days)").fill("7")
    form.get_by_role("button", name="Add playbook").click()
    expect(page.get_by_role("table", name="Playbooks")).to_contain_text(f"Kick-off {tag}")
    assert api.get(f"/api/playbooks/kick-off-{tag}")["due_in_days"] == 7
    screenshot(page, "catalog-playbooks")

    open_catalog(page, "Custom attributes")
    page.get_by_role("button", name="Add an attribute").click()
    form = page.get_by_role("form", name="New attribute")
    form.get_by_label("Label").fill(f"NPS {tag}")
    form.get_by_label("Key").fill("bad key!")
    form.get_by_role("button", name="Add attribute").click()
    expect(form.get_by_role("alert").first).to_contain_text("A key is 1-100 lowercase letters")
    form.get_by_label("Key").fill(f"nps_{tag}")
    form.get_by_role("button", name="Add attribute").click()
    expect(page.get_by_role("table", name="Custom attributes")).to_contain_text(f"NPS {tag}")
    screenshot(page, "catalog-attributes")

    for section, one in (("Milestones", "milestone"), ("Outcomes", "outcome")):
        open_catalog(page, section)
        page.get_by_role("button", name=f"Add an {one}" if one == "outcome" else f"Add a {one}").click()
        page.get_by_role("form", name=f"New {one}").get_by_label("Name").fill(f"{section[:-1]} {tag}")
        page.get_by_role("button", name=f"Add {one}").click()
        expect(page.get_by_role("table", name=section)).to_contain_text(f"{section[:-1]} {tag}")
        screenshot(page, f"catalog-{section.lower()}")

    open_catalog(page, "Staff users")
    expect(page.get_by_role("table", name="Staff users")).to_contain_text("admin@example.com")
    page.get_by_role("button", name="Add a staff user").click()
    form = page.get_by_role("form", name="New staff user")
    form.get_by_label("Name").fill(f"Casey {tag}")
    form.get_by_label("Email").fill(f"casey-{tag}@example.com")
    form.get_by_label("Role").select_option("csm")
    form.get_by_label("Password").fill("correct horse battery")
    form.get_by_role("button", name="Add staff user").click()
    expect(page.get_by_role("table", name="Staff users")).to_contain_text(f"casey-{tag}@example.com")
    screenshot(page, "catalog-staff-users")

    # A CSM sees the catalog but not the staff users, and cannot change anything.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("Password")).to_be_visible()  # logged out before signing in again
    log_in(page, served.base_url, "correct horse battery", email=f"casey-{tag}@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    catalog_nav = page.get_by_role("navigation", name="Catalog")
    expect(catalog_nav.get_by_role("link", name="Segments")).to_be_visible()
    expect(catalog_nav.get_by_role("link", name="Staff users")).to_have_count(0)
    expect(page.get_by_role("link", name="New segment")).to_have_count(0)
