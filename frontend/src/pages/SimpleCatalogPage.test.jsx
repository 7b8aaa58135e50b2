// Catalog › playbooks, custom attributes, milestones, outcomes and staff users.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const CATALOG = { journeys: [{ key: "renewals", name: "Renewal journey" }], segments: [{ key: "at-risk", name: "At risk" }] };

function setup(path, routes = {}, session = SESSION) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, session], "GET /api/catalog": [200, CATALOG],
    ...routes,
  });
  render(<MemoryRouter initialEntries={[path]}><App /></MemoryRouter>);
  return fetchFn;
}

const sent = (fetchFn, method, url) => fetchFn.mock.calls.filter(([u, i]) => u === url && i?.method === method).map(([, i]) => JSON.parse(i.body || "null"));

describe("playbooks", () => {
  it("adds one (key from the name, days as a number) and says in words what the days field needs", async () => {
    let items = [{ key: "rescue", name: "Renewal rescue", due_in_days: 14 }];
    const fetchFn = setup("/catalog/playbooks", {
      "GET /api/playbooks": () => [200, { items }],
      "POST /api/playbooks": (body) => {
        if (body.due_in_days === null) return [422, { error: { code: "invalid", message: "Some fields are not valid: due_in_days", details: { json: { due_in_days: ["Field may not be null."] } } } }];
        if (body.due_in_days > 3650) return [422, { error: { code: "invalid", message: "Some fields are not valid: due_in_days", details: { json: { due_in_days: ["Must be greater than or equal to 0 and less than or equal to 3650."] } } } }];
        items = [...items, body];
        return [201, body];
      },
    });
    expect(await screen.findByRole("cell", { name: "Renewal rescue" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add a playbook" }));
    const form = screen.getByRole("form", { name: "New playbook" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Kick-off calls" } });
    expect(within(form).getByLabelText("Key").value).toBe("kick-off-calls");
    fireEvent.change(within(form).getByLabelText("Due in (days)"), { target: { value: "" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add playbook" }));
    const words = "Due in (days): type a number of days, 0 or more (at most 3650).";
    expect(await within(form).findByText(words)).toBeTruthy();
    expect(within(form).queryByText("Field may not be null.")).toBeNull();
    expect(within(form).getByText("Not saved: Check “Due in (days)” below.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Due in (days)"), { target: { value: "9999" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add playbook" }));
    await waitFor(() => expect(sent(fetchFn, "POST", "/api/playbooks").at(-1).due_in_days).toBe(9999));
    expect(await within(form).findByText(words)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Due in (days)"), { target: { value: "7" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add playbook" }));
    expect(await screen.findByRole("cell", { name: "Kick-off calls" })).toBeTruthy();
    expect(sent(fetchFn, "POST", "/api/playbooks").at(-1)).toEqual({ name: "Kick-off calls", key: "kick-off-calls", due_in_days: 7 });
    expect(screen.getByText("Added playbook “Kick-off calls”.").getAttribute("role")).toBe("status");
  });
});

describe("custom attributes", () => {
  it("edits the label in place with PATCH (the key stays)", async () => {
    const fetchFn = setup("/catalog/attributes", {
      "GET /api/attributes": [200, { items: [{ key: "health", label: "health", type: "number" }] }],
      "PATCH /api/attributes/health": (body) => [200, { key: "health", type: "number", ...body }],
    });
    expect(await screen.findByRole("cell", { name: "Number" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Edit health" }));
    const form = screen.getByRole("form", { name: "Edit attribute" });
    expect(within(form).queryByLabelText("Key")).toBeNull();
    fireEvent.change(within(form).getByLabelText("Label"), { target: { value: "Health score" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(sent(fetchFn, "PATCH", "/api/attributes/health")).toEqual([{ label: "Health score", type: "number" }]));
  });
});

describe("custom attributes refused", () => {
  it("says a blank label and an empty key under their fields, names them in form order, and lets go as they change", async () => {
    const fetchFn = setup("/catalog/attributes", {
      "GET /api/attributes": [200, { items: [] }],
      // what the API answers for {"label": "   ", "key": ""} (Flask sorts the keys: key first)
      "POST /api/attributes": [422, { error: { code: "invalid", message: "Some fields are not valid: key, label",
        details: { json: { key: ["Required."], label: ["Label cannot be blank."] } } } }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Add an attribute" }));
    const form = screen.getByRole("form", { name: "New attribute" });
    fireEvent.change(within(form).getByLabelText("Label"), { target: { value: "   " } });
    expect(within(form).getByLabelText("Key").value).toBe("");
    fireEvent.click(within(form).getByRole("button", { name: "Add attribute" }));
    expect(await within(form).findByText("Label cannot be blank.")).toBeTruthy();
    expect(within(form).getByText("Required.")).toBeTruthy();
    expect(within(form).getByLabelText("Label").getAttribute("aria-invalid")).toBe("true");
    // Label comes before Key on the form, and so in the banner (it said "Key, Label")
    expect(within(form).getByText("Not saved: Check “Label”, “Key” below.")).toBeTruthy();
    expect(sent(fetchFn, "POST", "/api/attributes")).toEqual([{ label: "   ", key: "", type: "number" }]);

    fireEvent.change(within(form).getByLabelText("Key"), { target: { value: "nps" } });
    expect(within(form).queryByText("Required.")).toBeNull();
    expect(within(form).getByText("Not saved: Check “Label” below.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Label"), { target: { value: "NPS" } });
    expect(within(form).queryByText("Label cannot be blank.")).toBeNull();
    expect(within(form).queryByRole("alert")).toBeNull();
  });
});

describe("milestones and outcomes", () => {
  it("confirm before deleting and say what uses it", async () => {
    const fetchFn = setup("/catalog/outcomes", {
      "GET /api/outcomes": [200, { items: [{ key: "renewed", name: "Renewed" }] }],
      "DELETE /api/outcomes/renewed": [409, { error: { code: "conflict", message: "The outcome 'renewed' is still used by journey renewals, segment at-risk.",
        details: { journeys: ["renewals"], segments: ["at-risk"] } } }],
    });
    const row = (await screen.findByRole("cell", { name: "Renewed" })).closest("tr");
    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect(within(row).getByText("Delete outcome “Renewed”?")).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "“Renewed” cannot be deleted: it is used by journey “Renewal journey” and segment “At risk”. Remove it from them first.");
    expect(fetchFn.mock.calls.filter(([, i]) => i?.method === "DELETE")).toHaveLength(1);
  });

  it("milestones have their own page", async () => {
    setup("/catalog/milestones", { "GET /api/milestones": [200, { items: [{ key: "first-report", name: "First report" }] }] });
    expect(await screen.findByRole("heading", { name: "Milestones" })).toBeTruthy();
    expect(await screen.findByRole("cell", { name: "First report" })).toBeTruthy();
  });
});

describe("staff users", () => {
  it("admins add users with a role and an optional password", async () => {
    const fetchFn = setup("/catalog/users", {
      "GET /api/users": [200, { items: [{ email: "admin@example.com", name: "Admin", role: "admin", can_log_in: true }] }],
      "POST /api/users": (body) => [201, { ...body, can_log_in: false }],
    });
    expect(await screen.findByRole("cell", { name: "admin@example.com" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull(); // the signed-in admin cannot delete themself
    fireEvent.click(screen.getByRole("button", { name: "Add a staff user" }));
    const form = screen.getByRole("form", { name: "New staff user" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Bruno" } });
    fireEvent.change(within(form).getByLabelText("Email"), { target: { value: "bruno@example.com" } });
    fireEvent.change(within(form).getByLabelText("Role"), { target: { value: "sales_manager" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add staff user" }));
    await waitFor(() => expect(sent(fetchFn, "POST", "/api/users")).toEqual([{ name: "Bruno", email: "bruno@example.com", role: "sales_manager" }]));
  });

  it("says a refused password at the top of the form, and the keep-it hint only when editing (QA 52)", async () => {
    setup("/catalog/users", {
      "GET /api/users": [200, { items: [{ email: "admin@example.com", name: "Admin", role: "admin", can_log_in: true },
        { email: "asha@example.com", name: "Asha", role: "csm", can_log_in: false }] }],
      "POST /api/users": [422, { error: { code: "invalid", message: "Some fields are not valid: password",
        details: { json: { password: ["At least 8 characters."] } } } }],
    });
    await screen.findByRole("cell", { name: "asha@example.com" });
    fireEvent.click(screen.getByRole("button", { name: "Add a staff user" }));
    const form = screen.getByRole("form", { name: "New staff user" });
    expect(within(form).queryByText(/leave empty to keep it/)).toBeNull();
    expect(within(form).getByText("At least 8 characters; leave empty to make a user who cannot log in.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Sam" } });
    fireEvent.change(within(form).getByLabelText("Email"), { target: { value: "sam@example.com" } });
    fireEvent.change(within(form).getByLabelText(/^Password/), { target: { value: "short" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add staff user" }));
    const alert = await within(form).findByText("Not saved: Check “Password” below.");
    // "below" is true: the message comes before every field of the form
    const password = within(form).getByLabelText(/^Password/);
    expect(alert.compareDocumentPosition(password) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(alert.compareDocumentPosition(within(form).getByLabelText("Name")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    fireEvent.click(within(form).getByRole("button", { name: "Cancel" }));
    fireEvent.click(screen.getByRole("button", { name: "Edit Asha" }));
    const edit = screen.getByRole("form", { name: "Edit staff user" });
    expect(within(edit).getByText("At least 8 characters; leave empty to keep it.")).toBeTruthy();
  });

  it("are hidden from CSMs and support", async () => {
    for (const role of ["csm", "support"]) {
      const fetchFn = setup("/catalog/users", { "GET /api/users": [200, { items: [] }] }, { ...SESSION, user: { ...SESSION.user, role } });
      const nav = await screen.findByRole("navigation", { name: "Catalog" });
      expect(within(nav).queryByRole("link", { name: "Staff users" })).toBeNull();
      expect(within(nav).getByRole("link", { name: "Segments" })).toBeTruthy();
      expect(screen.getByText("Only admins can see and change staff users.")).toBeTruthy();
      expect(fetchFn.mock.calls.some(([u]) => u === "/api/users")).toBe(false);
      document.body.innerHTML = "";
    }
  });
});
