// Catalog › Segments: the list (rule in words, member counts, refused deletes) and the editor
// (rule builder, live "N accounts match" with a sample, save, the API's validation messages).
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, RouterProvider, createMemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const RENEWAL = { key: "renewal-90d", name: "Renewal in 90 days", accounts: 12,
  rule: { all: [{ property: "account.next_billing_on", op: "within_next", value: { days: 90 } }] } };
const CATALOG = { segments: [{ key: "renewal-90d", name: "Renewal in 90 days" }], journeys: [{ key: "renewals", name: "Renewal journey" }],
  attributes: [{ key: "health", label: "Health score", type: "number" }] };

function setup(path, routes = {}, session = SESSION) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, session], "GET /api/catalog": [200, CATALOG],
    "GET /api/segments": [200, { items: [RENEWAL] }],
    "GET /api/segments/renewal-90d": [200, RENEWAL],
    ...routes,
  });
  render(<MemoryRouter initialEntries={[path]}><App /></MemoryRouter>);
  return fetchFn;
}

const calls = (fetchFn, method, url) => fetchFn.mock.calls.filter(([u, i]) => u === url && (i?.method || "GET") === method);

describe("segments list", () => {
  it("is reachable from the header and shows each segment's rule in words and its members", async () => {
    setup("/journeys", { "GET /api/journeys": [200, { items: [] }] });
    fireEvent.click(within(await screen.findByRole("navigation", { name: "Main" })).getByRole("link", { name: "Catalog" }));
    const table = await screen.findByRole("table", { name: "Segments" });
    const row = within(table).getByText("Renewal in 90 days").closest("tr");
    expect(row.textContent).toContain("Next billing date is within the next 90 days");
    expect(within(row).getByRole("link", { name: "12 accounts in Renewal in 90 days" }).getAttribute("href")).toBe("/accounts?segment=renewal-90d");
  });

  it("asks before deleting, and shows the refusal with the journey's name", async () => {
    const fetchFn = setup("/catalog/segments", {
      "DELETE /api/segments/renewal-90d": [409, { error: { code: "conflict", message: "Segment 'renewal-90d' is still used by journey renewals.",
        details: { journeys: ["renewals"], segments: [] } } }],
    });
    const row = (await screen.findByText("Renewal in 90 days")).closest("tr");
    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect(calls(fetchFn, "DELETE", "/api/segments/renewal-90d")).toHaveLength(0);
    expect(within(row).getByRole("group", { name: "Delete segment “Renewal in 90 days”?" })).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "“Renewal in 90 days” cannot be deleted: it is used by journey “Renewal journey”. Remove it from that journey first.");
  });

  it("offers no changes to a CSM", async () => {
    setup("/catalog/segments", {}, { ...SESSION, user: { ...SESSION.user, role: "csm" } });
    await screen.findByRole("table", { name: "Segments" });
    expect(screen.queryByRole("link", { name: "New segment" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    expect(screen.getByText(/Only admins can change the catalog/)).toBeTruthy();
  });
});

describe("segment editor", () => {
  it("counts the matching accounts live, lists a sample, and creates the segment", async () => {
    const fetchFn = setup("/catalog/segments/new", {
      "POST /api/segments/preview": (body) => [200, body.rule.all[0].value === 0
        ? { count: 3, sample: [{ external_id: "acme", name: "Acme" }, { external_id: "bolt", name: "Bolt" }] }
        : { count: 1, sample: [{ external_id: "acme", name: "Acme" }] }],
      "POST /api/segments": (body) => [201, { ...body, accounts: 3 }],
    });
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "Big spenders" } });
    expect(screen.getByLabelText("Key").value).toBe("big-spenders");
    expect(screen.getByText("Add a condition to see which accounts match.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "+ Condition" }));
    await waitFor(() => expect(screen.getByTestId("segment-count").textContent).toBe("3 accounts match"), { timeout: 3000 });
    const sample = screen.getByRole("list", { name: "Matching accounts" });
    expect(within(sample).getByRole("link", { name: "Acme" }).getAttribute("href")).toBe("/accounts/acme");
    expect(screen.getByText("and 1 account more.")).toBeTruthy();
    expect(screen.getByText("MRR is more than 0")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Condition 1: value"), { target: { value: "5000" } });
    await waitFor(() => expect(screen.getByTestId("segment-count").textContent).toBe("1 account matches"), { timeout: 3000 });
    expect(JSON.parse(calls(fetchFn, "POST", "/api/segments/preview").at(-1)[1].body))
      .toEqual({ rule: { all: [{ property: "account.mrr", op: "gt", value: 5000 }] } });
    fireEvent.click(screen.getByRole("button", { name: "Create segment" }));
    await screen.findByRole("table", { name: "Segments" });
    expect(JSON.parse(calls(fetchFn, "POST", "/api/segments")[0][1].body)).toEqual({
      key: "big-spenders", name: "Big spenders", rule: { all: [{ property: "account.mrr", op: "gt", value: 5000 }] } });
  });

  it("shows a rule the API refuses with its problems, and field messages under the fields", async () => {
    setup("/catalog/segments/new", {
      "POST /api/segments/preview": [422, { error: { code: "invalid", message: "The rule is not valid.",
        details: [{ code: "unknown_milestone", message: "No milestone 'gone'." }] } }],
      "POST /api/segments": [422, { error: { code: "invalid", message: "Some fields are not valid: key, name",
        details: { json: { key: ["Required."], name: ["Name cannot be blank."] } } } }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "+ Condition" }));
    expect(await screen.findByText("No milestone 'gone'.", {}, { timeout: 3000 })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Create segment" }));
    expect(await screen.findByText("Name cannot be blank.")).toBeTruthy();
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Required.")).toBeTruthy();
    // the banner names the fields as the form shows them, in its order (Name above Key)
    expect(screen.getByText("Not saved: Check “Name”, “Key” below.")).toBeTruthy();
  });

  it("says the API's rule problems in plain words, naming the field by its label", async () => {
    setup("/catalog/segments/new", {
      "POST /api/segments/preview": [422, { error: { code: "invalid", message: "The rule is not valid.",
        details: [{ code: "bad_rule_value", message: "rule.all[0] (custom.health): between needs [low, high] numbers" }] } }],
      "POST /api/segments": [422, { error: { code: "invalid", message: "The rule is not valid.",
        details: [{ code: "empty_rule", message: "rule: the rule has no conditions" }] } }],
    });
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "Big" } });
    fireEvent.click(screen.getByRole("button", { name: "Create segment" }));
    const banner = await screen.findByText("Not saved: The rule is not valid.");
    expect(banner.parentElement.textContent).toContain("Add at least one condition: it says which accounts are in the segment.");
    expect(banner.parentElement.textContent).not.toContain("rule: the rule has no conditions");
    fireEvent.click(screen.getByRole("button", { name: "+ Condition" }));
    const preview = screen.getByRole("complementary", { name: "Matching accounts now" });
    expect(await within(preview).findByText("Health score: type both numbers, the lowest and the highest.", {}, { timeout: 3000 })).toBeTruthy();
  });

  it("edits an existing segment with PATCH and asks before leaving with unsaved changes", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/catalog": [200, CATALOG],
      "GET /api/segments": [200, { items: [RENEWAL] }], "GET /api/segments/renewal-90d": [200, RENEWAL],
      "POST /api/segments/preview": [200, { count: 12, sample: [] }],
      "PATCH /api/segments/renewal-90d": (body) => [200, { ...RENEWAL, ...body }],
      "GET /api/journeys": [200, { items: [] }],
    });
    const router = createMemoryRouter([{ path: "*", element: <App /> }], { initialEntries: ["/catalog/segments/renewal-90d"] });
    render(<RouterProvider router={router} />);
    const name = await screen.findByLabelText("Name");
    expect(screen.queryByLabelText("Key")).toBeNull();
    fireEvent.change(name, { target: { value: "Renewing soon" } });
    fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Journeys" }));
    expect(await screen.findByRole("alertdialog", { name: "Leave without saving?" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save and leave" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/journeys"));
    expect(JSON.parse(calls(fetchFn, "PATCH", "/api/segments/renewal-90d")[0][1].body)).toEqual({ name: "Renewing soon", rule: RENEWAL.rule });
  });

  it("says which journeys use the segment, and warns once the rule changes that live ones enroll new matches", async () => {
    setup("/catalog/segments/renewal-90d", {
      "GET /api/segments/renewal-90d": [200, { ...RENEWAL, journeys: [
        { key: "renewals", name: "Renewal journey", status: "live" }, { key: "copy", name: "Renewal copy", status: "draft" }] }],
      "POST /api/segments/preview": [200, { count: 30, sample: [] }],
    });
    const use = await screen.findByTestId("segment-use");
    expect(use.textContent).toBe("Live journey “Renewal journey” enters on this segment: when you save a new rule, the accounts "
      + "that come to match it enter it at once (as the Entry's re-enrollment allows).Also used by “Renewal copy” (not live).");
    expect(use.className).toBe("muted small");
    fireEvent.click(screen.getByRole("checkbox", { name: "NOT" })); // a new rule, not saved yet
    expect(screen.getByTestId("segment-use").className).toBe("banner warn");
  });
});
