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
