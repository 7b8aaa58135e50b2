import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const CATALOG = {
  attributes: [{ key: "nps", label: "NPS", type: "number" }, { key: "tier", label: "Tier", type: "text" },
    { key: "renews_on", label: "Renews on", type: "date" }, { key: "vip", label: "VIP", type: "boolean" }],
  users: [{ email: "asha@example.com", name: "Asha Rao", role: "csm" }, { email: "sam@example.com", name: "Sam Ode", role: "sales_manager" },
    { email: "sue@example.com", name: "Sue", role: "support" }],
  milestones: [{ key: "onboarded", name: "Onboarded" }, { key: "first-value", name: "First value" }],
  outcomes: [{ key: "renewed", name: "Renewed" }],
};
const ACME = {
  external_id: "acme", name: "Acme", stage: "live", status: null, mrr: 1500, amount: null, licenses: 34,
  created_on: "2025-01-05", next_billing_on: "2026-03-01", timezone: null, csm: "asha@example.com", sales_manager: null,
  custom: { nps: 9, tier: "gold" }, milestones: ["onboarded"], outcomes: [], segments: [],
};
const EMPTY = [200, { items: [] }];

/** The account page at /accounts/acme as `role`; `routes` add to (or replace) the fakes. */
function renderAccount(role = "admin", routes = {}) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY,
    "GET /api/session": [200, { ...SESSION, user: { ...SESSION.user, role } }],
    "GET /api/catalog": [200, CATALOG],
    "GET /api/event-names": [200, []],
    "GET /api/accounts/acme": [200, ACME, { ETag: '"v1"' }],
    "GET /api/accounts/acme/journeys": [200, { enrollments: [] }],
    "GET /api/accounts/acme/suppressions": EMPTY,
    "GET /api/tasks": EMPTY, "GET /api/outbox": EMPTY, "GET /api/events": EMPTY,
    ...routes,
  });
  render(<MemoryRouter initialEntries={["/accounts/acme"]}><App /></MemoryRouter>);
  return fetchFn;
}

const calls = (fetchFn, method, path) => fetchFn.mock.calls.filter(([url, init = {}]) => (init.method || "GET") === method && url.split("?")[0] === path);

/** Opens the form (once the catalog it needs is there). */
async function openForm() {
  const edit = await screen.findByRole("button", { name: "Edit" });
  await waitFor(() => expect(edit.disabled).toBe(false));
  fireEvent.click(edit);
  return screen.getByRole("form", { name: "Edit account" });
}

const change = (label, value) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const cardValue = (label) => within(screen.getByRole("region", { name: "Account" })).getByText(label).nextSibling.textContent;

describe("editing an account", () => {
  it("sends only the changed fields with the version read, then shows the saved values and reads the timeline again", async () => {
    const saved = { ...ACME, mrr: 2000, next_billing_on: null, sales_manager: "sam@example.com", custom: { nps: 7, tier: "gold", vip: true } };
    const fetchFn = renderAccount("admin", { "PATCH /api/accounts/acme": [200, saved, { ETag: '"v2"' }] });
    await openForm();
    expect(screen.getByLabelText("Name").value).toBe("Acme");
    expect(screen.queryByLabelText(/external/i)).toBeNull();
    change("MRR", "2000");
    change("NPS", "7");
    change("VIP", "yes");
    change("Sales manager", "sam@example.com");
    fireEvent.click(screen.getByRole("button", { name: "Clear Next billing date" }));
    const journeysBefore = calls(fetchFn, "GET", "/api/accounts/acme/journeys").length;
    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText(/^Saved\. The account's journeys check/)).toBeTruthy();
    const [patch] = calls(fetchFn, "PATCH", "/api/accounts/acme");
    expect(JSON.parse(patch[1].body)).toEqual({ mrr: 2000, next_billing_on: null, sales_manager: "sam@example.com", custom: { nps: 7, vip: true } });
    expect(patch[1].headers["If-Match"]).toBe('"v1"');
    expect(screen.queryByRole("form", { name: "Edit account" })).toBeNull();
    expect(cardValue("MRR")).toBe("2,000");
    expect(cardValue("NPS")).toBe("7");
    expect(cardValue("Sales manager")).toBe("Sam Ode");
    await waitFor(() => expect(calls(fetchFn, "GET", "/api/accounts/acme/journeys").length).toBeGreaterThan(journeysBefore));

    // The next edit sends the new version.
    await openForm();
    change("Stage", "renewal");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls(fetchFn, "PATCH", "/api/accounts/acme")).toHaveLength(2));
    const second = calls(fetchFn, "PATCH", "/api/accounts/acme")[1];
    expect(second[1].headers["If-Match"]).toBe('"v2"');
    expect(JSON.parse(second[1].body)).toEqual({ stage: "renewal" });
  });

  it("sends null for a field emptied, removing a custom value", async () => {
    const fetchFn = renderAccount("admin", { "PATCH /api/accounts/acme": [200, { ...ACME, licenses: null, custom: { nps: 9 } }, { ETag: '"v2"' }] });
    await openForm();
    change("Licenses", "");
    change("Tier", "");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText(/^Saved\./);
    expect(JSON.parse(calls(fetchFn, "PATCH", "/api/accounts/acme")[0][1].body)).toEqual({ licenses: null, custom: { tier: null } });
  });

  it("sends nothing when nothing changed, and Cancel discards the edits", async () => {
    const fetchFn = renderAccount("admin");
    const form = await openForm();
    const save = screen.getByRole("button", { name: "Save" });
    expect(save.disabled).toBe(true);
    change("MRR", "99");
    expect(save.disabled).toBe(false);
    change("MRR", "1500"); // back as it was
    expect(save.disabled).toBe(true);
    fireEvent.submit(form); // Enter in a field
    change("Name", "Renamed");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form", { name: "Edit account" })).toBeNull();
    expect(screen.getByRole("heading", { name: /Acme/ })).toBeTruthy();
    await openForm();
    expect(screen.getByLabelText("Name").value).toBe("Acme");
    expect(calls(fetchFn, "PATCH", "/api/accounts/acme")).toHaveLength(0);
  });

  it("says plainly when someone else changed the account, and reloads it on request", async () => {
    let version = 1;
    const fetchFn = renderAccount("admin", {
      "GET /api/accounts/acme": () => [200, version === 1 ? ACME : { ...ACME, stage: "churned", mrr: 10 }, { ETag: `"v${version}"` }],
      "PATCH /api/accounts/acme": (_body, _url, init) => (init.headers["If-Match"] === `"v${version}"`
        ? [200, { ...ACME, stage: "churned", mrr: 3000 }, { ETag: '"v3"' }]
        : [412, { error: { code: "precondition_failed", message: "The account changed since you read it", details: { etag: `v${version}` } } }]),
    });
    await openForm();
    version = 2; // a journey (or a colleague) changes the account meanwhile
    change("MRR", "3000");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Not saved: someone else (or a journey) changed this account after you opened the form.");
    expect(screen.getByLabelText("MRR").value).toBe("3000"); // the edit is still there to see
    fireEvent.click(within(alert).getByRole("button", { name: "Reload the account" }));
    expect(await screen.findByText(/^These are the account's current values/)).toBeTruthy();
    expect(screen.getByLabelText("Stage").value).toBe("churned");
    expect(screen.getByLabelText("MRR").value).toBe("10");
    change("MRR", "3000");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText(/^Saved\./);
    expect(calls(fetchFn, "PATCH", "/api/accounts/acme").map(([, init]) => init.headers["If-Match"])).toEqual(['"v1"', '"v2"']);
  });

  it("shows a refusal's messages under the fields they concern", async () => {
    renderAccount("admin", { "PATCH /api/accounts/acme": [422, { error: { code: "invalid", message: "Some fields are not valid: custom.nps, timezone",
      details: { timezone: ["'Mars/Base' is not a time zone."], custom: { nps: ["must be a number (number)."] } } } }] });
    await openForm();
    change("NPS", "7");
    change("Time zone", "Mars/Base");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Not saved: Check “Time zone”, “NPS” below.")).toBeTruthy();
    const nps = screen.getByLabelText("NPS");
    expect(nps.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(nps.getAttribute("aria-describedby")).textContent).toBe("Must be a number (number).");
    const zone = screen.getByLabelText("Time zone");
    expect(document.getElementById(zone.getAttribute("aria-describedby").split(" ").at(-1)).textContent).toBe("'Mars/Base' is not a time zone.");
    expect(screen.getByRole("form", { name: "Edit account" })).toBeTruthy(); // still open, edits kept
    expect(nps.value).toBe("7");
  });

  it("does not take a minus sign where a value cannot be negative", async () => {
    renderAccount("admin");
    await openForm();
    const minus = (label) => fireEvent.keyDown(screen.getByLabelText(label), { key: "-" }); // false: stopped
    expect(minus("MRR")).toBe(false);
    expect(minus("Licenses")).toBe(false);
    expect(minus("NPS")).toBe(true); // a score may be negative
    change("Licenses", "-3");
    expect(screen.getByLabelText("Licenses").value).toBe("34");
  });

  it("marks and unmarks milestones and outcomes once the version is checked, without a PATCH", async () => {
    const after = { ...ACME, milestones: ["first-value"], outcomes: ["renewed"] };
    let marked = false;
    const fetchFn = renderAccount("admin", {
      "GET /api/accounts/acme": () => [200, marked ? after : ACME, { ETag: marked ? '"v2"' : '"v1"' }],
      "PUT /api/accounts/acme/milestones/first-value": () => { marked = true; return [200, { key: "first-value", met: true }]; },
      "DELETE /api/accounts/acme/milestones/onboarded": [200, { key: "onboarded", met: false }],
      "PUT /api/accounts/acme/outcomes/renewed": [200, { key: "renewed", met: true }],
    });
    await openForm();
    const milestones = screen.getByRole("group", { name: "Milestones met" });
    expect(within(milestones).getByLabelText("Onboarded").checked).toBe(true);
    fireEvent.click(within(milestones).getByLabelText("Onboarded"));
    fireEvent.click(within(milestones).getByLabelText("First value"));
    fireEvent.click(within(screen.getByRole("group", { name: "Outcomes reached" })).getByLabelText("Renewed"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText(/^Saved\./);
    expect(calls(fetchFn, "PATCH", "/api/accounts/acme")).toHaveLength(0);
    expect(calls(fetchFn, "PUT", "/api/accounts/acme/milestones/first-value")).toHaveLength(1);
    expect(calls(fetchFn, "DELETE", "/api/accounts/acme/milestones/onboarded")).toHaveLength(1);
    expect(calls(fetchFn, "PUT", "/api/accounts/acme/outcomes/renewed")).toHaveLength(1);
    expect(cardValue("Milestones met")).toBe("First value");
    expect(cardValue("Outcomes reached")).toBe("Renewed");
  });

  it("says which mark failed when the fields were saved", async () => {
    const fetchFn = renderAccount("admin", {
      "PATCH /api/accounts/acme": [200, { ...ACME, stage: "renewal" }, { ETag: '"v2"' }],
      "PUT /api/accounts/acme/milestones/first-value": [404, { error: { code: "not_found", message: "No milestone 'first-value'." } }],
    });
    await openForm();
    change("Stage", "renewal");
    fireEvent.click(screen.getByLabelText("First value"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The fields were saved, but marking “First value” failed: No milestone 'first-value'.")).toBeTruthy();
    expect(screen.queryByText(/^Saved\./)).toBeNull();
    expect(calls(fetchFn, "GET", "/api/accounts/acme")).toHaveLength(2); // read again: the card shows what is true
  });

  it("refuses marks on a stale form too", async () => {
    let version = 1;
    const fetchFn = renderAccount("admin", { "GET /api/accounts/acme": () => [200, ACME, { ETag: `"v${version}"` }] });
    await openForm();
    version = 2;
    fireEvent.click(screen.getByLabelText("Renewed"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("someone else (or a journey) changed this account");
    expect(calls(fetchFn, "PUT", "/api/accounts/acme/outcomes/renewed")).toHaveLength(0);
  });

  it("offers Edit to admins and CSMs, never to support", async () => {
    renderAccount("csm");
    expect(await screen.findByRole("button", { name: "Edit" })).toBeTruthy();
  });

  it("keeps the support role read-only", async () => {
    renderAccount("support");
    await screen.findByRole("heading", { name: /Acme/ });
    await screen.findByText("MRR");
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
  });
});

const SUB = { status: "active", product_name: "Analytics", plan_name: "Pro", amount: null, mrr: 1200, plan_quantity: 10, plan_unit_price: 120,
  activated_on: null, cancelled_on: null, created_on: null, next_billing_on: "2026-03-01", ends_on: null, starts_on: "2025-01-05",
  trial_ends_on: null, trial_starts_on: null };
const PEOPLE = { ...ACME, contacts: [{ name: "Ana Silva", email: "ana@acme.example", role: "admin" }, { name: "Bo Berg", email: "bo@acme.example", role: "billing" }],
  subscriptions: [SUB] };
const UNSUBSCRIBED = [200, { items: [{ address: "ana@acme.example", reason: "unsubscribed", source: "link", note: null, journey: null, node_id: null,
  created_by: null, created_at: "2026-01-02T10:00:00Z" }], total: 1 }];
const SLOW = 15000; // a form of many fields: seconds on a loaded machine
const contactsTable = () => within(screen.getByRole("form", { name: "Edit account" })).getByRole("table");
const patchBody = (fetchFn, i = 0) => JSON.parse(calls(fetchFn, "PATCH", "/api/accounts/acme")[i][1].body);
const described = (input) => (input.getAttribute("aria-describedby") || "").split(" ").map((id) => document.getElementById(id)?.textContent).join(" ");

describe("editing an account's contacts and subscriptions", () => {
  it("adds, edits and removes contacts (Undo until the save), then sends the whole list with If-Match and shows it on the card", async () => {
    const saved = { ...PEOPLE, contacts: [{ name: "Ana Silva", email: "ana@acme.example", role: "champion" }, { name: "Cy Chen", email: "cy@acme.example", role: "billing" }] };
    const fetchFn = renderAccount("admin", {
      "GET /api/catalog": [200, { ...CATALOG, contact_roles: ["admin", "billing", "user"] }],
      "GET /api/accounts/acme": [200, PEOPLE, { ETag: '"v1"' }],
      "PATCH /api/accounts/acme": [200, saved, { ETag: '"v2"' }],
    });
    await openForm();
    expect(screen.getByLabelText("Contact 1 email").value).toBe("ana@acme.example");
    change("Contact 1 role", "champion");
    fireEvent.click(screen.getByRole("button", { name: "Remove contact 2 (Bo Berg)" }));
    expect(contactsTable().textContent).toContain("removed when you save");
    fireEvent.click(screen.getByRole("button", { name: "Undo removing contact 2" }));
    expect(screen.getByLabelText("Contact 2 email").value).toBe("bo@acme.example");
    fireEvent.click(screen.getByRole("button", { name: "Remove contact 2 (Bo Berg)" }));
    fireEvent.click(screen.getByRole("button", { name: "Add contact" }));
    expect(document.activeElement).toBe(screen.getByLabelText("Contact 3 name")); // ready to type
    change("Contact 3 name", "Cy Chen");
    change("Contact 3 email", "cy@acme.example");
    const role = screen.getByLabelText("Contact 3 role");
    change("Contact 3 role", "billing");
    const options = [...document.getElementById(role.getAttribute("list")).querySelectorAll("option")].map((o) => o.value);
    expect(options).toEqual(["admin", "billing", "champion", "user"]); // the workspace's roles and this account's
    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    await screen.findByText(/^Saved\./);
    expect(patchBody(fetchFn)).toEqual({ contacts: [{ name: "Ana Silva", email: "ana@acme.example", role: "champion" },
      { name: "Cy Chen", email: "cy@acme.example", role: "billing" }] }); // Bo is gone; nothing else sent
    expect(calls(fetchFn, "PATCH", "/api/accounts/acme")[0][1].headers["If-Match"]).toBe('"v1"');
    const card = within(screen.getByRole("table", { name: "Contacts" }));
    expect(card.getByText("cy@acme.example")).toBeTruthy();
    expect(card.queryByText("bo@acme.example")).toBeNull();
  }, SLOW);

  it("says what is wrong with a contact under its row before sending anything", async () => {
    const fetchFn = renderAccount("admin", { "GET /api/accounts/acme": [200, PEOPLE, { ETag: '"v1"' }] });
    await openForm();
    fireEvent.click(screen.getByRole("button", { name: "Add contact" }));
    change("Contact 3 name", "Ana again");
    const email = screen.getByLabelText("Contact 3 email");
    change("Contact 3 email", "ana@acme");
    expect(email.getAttribute("aria-invalid")).toBeNull(); // not while typing
    fireEvent.blur(email);
    expect(described(email)).toBe("Not an email address: type one such as ana@example.com.");
    change("Contact 3 email", "ANA@acme.example");
    expect(described(email)).toBe("“Ana Silva” above has this address already: one row per person.");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Not saved: Check “Contacts” below.")).toBeTruthy();
    expect(calls(fetchFn, "PATCH", "/api/accounts/acme")).toHaveLength(0);
    change("Contact 3 email", "ana.silva@acme.example");
    expect(email.getAttribute("aria-invalid")).toBeNull();
    expect(screen.queryByText("Not saved: Check “Contacts” below.")).toBeNull();
  }, SLOW);

  it("shows the server's 422 under the row it names, counting the rows sent (a removed one is not)", async () => {
    renderAccount("admin", {
      "GET /api/accounts/acme": [200, PEOPLE, { ETag: '"v1"' }],
      "PATCH /api/accounts/acme": [422, { error: { code: "invalid", message: "Some fields are not valid: contacts",
        details: { contacts: { 1: { email: ["Not a valid email address."] } } } } }],
    });
    await openForm();
    fireEvent.click(screen.getByRole("button", { name: "Remove contact 1 (Ana Silva)" }));
    fireEvent.click(screen.getByRole("button", { name: "Add contact" }));
    change("Contact 3 email", "cy@acme.example");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Not saved: Check “Contacts” below.")).toBeTruthy();
    const cy = screen.getByLabelText("Contact 3 email");
    expect(cy.getAttribute("aria-invalid")).toBe("true");
    expect(described(cy)).toBe("Not a valid email address.");
    expect(screen.getByLabelText("Contact 2 email").getAttribute("aria-invalid")).toBeNull();
    change("Contact 3 email", "cy@acme.example.com"); // edited: the server's word on it no longer applies
    expect(cy.getAttribute("aria-invalid")).toBeNull();
  }, SLOW);

  it("marks an unsubscribed contact on the card and in the form, and says when a new address is not", async () => {
    // The suppression list keeps addresses in lower case; the contact was typed with capitals.
    const mixed = { ...PEOPLE, contacts: [{ ...PEOPLE.contacts[0], email: "Ana@Acme.example" }, PEOPLE.contacts[1]] };
    renderAccount("admin", { "GET /api/accounts/acme": [200, mixed, { ETag: '"v1"' }], "GET /api/suppressions": UNSUBSCRIBED });
    const card = within(await screen.findByRole("table", { name: "Contacts" }));
    const badge = await card.findByText("Unsubscribed");
    expect(badge.closest("tr").textContent).toContain("Ana@Acme.example");
    expect(badge.title).toMatch(/^Unsubscribed through the link .*: gets no journey emails$/);
    expect(card.getAllByText("Unsubscribed")).toHaveLength(1);
    await openForm();
    expect(within(contactsTable()).getByText("Unsubscribed").closest("tr").contains(screen.getByLabelText("Contact 1 email"))).toBe(true);
    change("Contact 1 email", "ana.silva@acme.example");
    expect(within(contactsTable()).queryByText("Unsubscribed")).toBeNull();
    expect(contactsTable().textContent).toContain("Ana@Acme.example is unsubscribed; the new address is not, so it will get journey emails.");
  }, SLOW);

  it("adds, edits and removes subscriptions with every SPEC field, sending the whole list", async () => {
    const fetchFn = renderAccount("admin", {
      "GET /api/accounts/acme": [200, PEOPLE, { ETag: '"v1"' }],
      "PATCH /api/accounts/acme": (body) => [200, { ...PEOPLE, ...body }, { ETag: '"v2"' }],
    });
    await openForm();
    const first = within(screen.getByRole("group", { name: "Subscription 1" }));
    expect(first.getByLabelText("Subscription 1 Plan").value).toBe("Pro");
    expect(first.getByLabelText("Subscription 1 Next billing date").value).toBe("2026-03-01");
    fireEvent.change(first.getByLabelText("Subscription 1 Status"), { target: { value: "non_renewing" } });
    fireEvent.change(first.getByLabelText("Subscription 1 Ends on"), { target: { value: "2026-12-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Add subscription" }));
    const group = screen.getByRole("group", { name: "Subscription 2" });
    const second = within(group);
    expect(group.querySelectorAll("input")).toHaveLength(15); // every field of SPEC §1
    expect(group.querySelectorAll("input[type=date]")).toHaveLength(8);
    fireEvent.change(second.getByLabelText("Subscription 2 Plan"), { target: { value: "Add-on" } });
    fireEvent.change(second.getByLabelText("Subscription 2 MRR"), { target: { value: "50" } });
    fireEvent.change(second.getByLabelText("Subscription 2 Starts on"), { target: { value: "2026-02-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText(/^Saved\./);
    const { subscriptions } = patchBody(fetchFn);
    expect(Object.keys(patchBody(fetchFn))).toEqual(["subscriptions"]);
    expect(subscriptions[0]).toEqual({ ...SUB, status: "non_renewing", ends_on: "2026-12-31" });
    expect(subscriptions[1]).toMatchObject({ plan_name: "Add-on", mrr: 50, starts_on: "2026-02-01", status: null, product_name: null });
    const table = within(screen.getByRole("table", { name: "Subscriptions" }));
    expect(table.getByText("Add-on")).toBeTruthy();
    expect(table.getByText("non_renewing")).toBeTruthy();

    await openForm();
    fireEvent.click(screen.getByRole("button", { name: "Remove subscription 1" }));
    expect(screen.getByText(/removed when you save/).textContent).toBe("removed when you save");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls(fetchFn, "PATCH", "/api/accounts/acme")).toHaveLength(2));
    expect(patchBody(fetchFn, 1).subscriptions.map((x) => x.plan_name)).toEqual(["Add-on"]);
  }, SLOW);

  it("shows support the contacts and subscriptions with no control to change them", async () => {
    renderAccount("support", { "GET /api/accounts/acme": [200, PEOPLE, { ETag: '"v1"' }], "GET /api/suppressions": UNSUBSCRIBED });
    const contacts = within(await screen.findByRole("table", { name: "Contacts" }));
    expect(contacts.getByText("bo@acme.example")).toBeTruthy();
    expect(await contacts.findByText("Unsubscribed")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Subscriptions" })).getByText("Pro")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Add contact|Remove contact|Add subscription/ })).toBeNull();
    expect(screen.queryByRole("textbox")).toBeNull();
  }, SLOW);
});
