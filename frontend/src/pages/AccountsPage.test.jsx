import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, useLocation } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const SEGMENTS = [200, { items: [
  { key: "new-accounts", name: "New accounts", accounts: 3 },
  { key: "unpaid", name: "Unpaid invoices", accounts: 0 },
] }];

const account = (i) => ({ external_id: `acct-${String(i).padStart(3, "0")}`, name: `Account ${i}`, stage: "live",
  mrr: 1234.5, csm: "asha@example.com", segments: i % 2 ? ["new-accounts"] : [] });

/** A fake GET /api/accounts over `count` accounts that honours limit/offset (and segment when given). */
function accountsApi(count, { members } = {}) {
  return (_body, url) => {
    const p = new URL(url, "http://x").searchParams;
    let all = Array.from({ length: count }, (_, i) => account(i + 1));
    if (p.get("segment")) all = members ?? [];
    if (p.get("q")) all = all.filter((a) => a.name.toLowerCase().includes(p.get("q").toLowerCase()));
    const offset = Number(p.get("offset") || 0);
    return [200, { items: all.slice(offset, offset + Number(p.get("limit"))), total: all.length }];
  };
}

const STAFF = [200, { items: [
  { email: "asha@example.com", name: "Asha", role: "csm" },
  { email: "bruno@example.com", name: "Bruno", role: "csm" },
  { email: "help@example.com", name: "Helpdesk", role: "support" },
] }];

/** The router's current search, shown for the tests (what a shared link would carry). */
function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderAt(path, routes, session = SESSION) {
  const fetchFn = installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, session], "GET /api/segments": SEGMENTS,
    "GET /api/users": STAFF, ...routes });
  render(<MemoryRouter initialEntries={[path]}><App /><Where /></MemoryRouter>);
  return fetchFn;
}

/** The query of every GET /api/accounts so far, as plain objects. */
const listCalls = (fetchFn) => fetchFn.mock.calls.map(([url]) => url)
  .filter((url) => url.split("?")[0] === "/api/accounts")
  .map((url) => Object.fromEntries(new URL(url, "http://x").searchParams));

const rows = () => within(screen.getByRole("table", { name: "Accounts" })).getAllByRole("row").slice(1);

describe("accounts page", () => {
  it("lists the first 50 accounts with an empty search, with their details", async () => {
    const fetchFn = renderAt("/accounts", { "GET /api/accounts": accountsApi(200) });
    expect(await screen.findByText("1–50 of 200")).toBeTruthy();
    expect(listCalls(fetchFn)).toEqual([{ limit: "50", offset: "0" }]);
    expect(rows()).toHaveLength(50);
    // the CSM by name once the staff list is read (the email in its title)
    await waitFor(() => expect(within(rows()[0]).getAllByRole("cell")[4].textContent).toBe("Asha"));
    const cells = within(rows()[0]).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["Account 1", "acct-001", "live", "1,234.5", "Asha", "New accounts"]);
    expect(within(rows()[0]).getByTitle("asha@example.com")).toBeTruthy();
    expect(within(rows()[0]).getByRole("link", { name: "Account 1" }).getAttribute("href")).toBe("/accounts/acct-001");
    expect(screen.getByRole("button", { name: "Previous" }).disabled).toBe(true);
  });

  it("pages with Next and Previous, and stops at the last page", async () => {
    const fetchFn = renderAt("/accounts", { "GET /api/accounts": accountsApi(120) });
    await screen.findByText("1–50 of 120");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("51–100 of 120")).toBeTruthy();
    expect(within(rows()[0]).getByRole("link").textContent).toBe("Account 51");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("101–120 of 120")).toBeTruthy();
    expect(rows()).toHaveLength(20);
    expect(screen.getByRole("button", { name: "Next" }).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Previous" }));
    expect(await screen.findByText("51–100 of 120")).toBeTruthy();
    expect(listCalls(fetchFn).map((c) => c.offset)).toEqual(["0", "50", "100", "50"]);
  });

  it("keeps the count with the rows shown while the next page loads", async () => {
    let answer;
    const slow = accountsApi(200);
    renderAt("/accounts", { "GET /api/accounts": (body, url) => (url.includes("offset=50") ? new Promise((r) => { answer = () => r(slow(body, url)); }) : slow(body, url)) });
    await screen.findByText("1–50 of 200");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(answer).toBeDefined());
    expect(screen.getByText("1–50 of 200")).toBeTruthy();
    expect(screen.getByRole("table", { name: "Accounts" }).getAttribute("aria-busy")).toBe("true");
    expect(screen.getByRole("button", { name: "Next" }).disabled).toBe(true);
    answer();
    expect(await screen.findByText("51–100 of 200")).toBeTruthy();
    expect(within(rows()[0]).getByRole("link").textContent).toBe("Account 51");
  });

  it("filters by segment and by the search text, going back to the first page", async () => {
    const fetchFn = renderAt("/accounts", { "GET /api/accounts": accountsApi(200, { members: [account(7), account(9)] }) });
    await screen.findByText("1–50 of 200");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("51–100 of 200");
    const select = screen.getByLabelText("Segment");
    expect([...select.options].map((o) => o.textContent)).toEqual(["All accounts", "New accounts (3)", "Unpaid invoices (0)"]);
    fireEvent.change(select, { target: { value: "new-accounts" } });
    expect(await screen.findByText("1–2 of 2")).toBeTruthy();
    expect(listCalls(fetchFn).at(-1)).toEqual({ segment: "new-accounts", limit: "50", offset: "0" });
    expect(rows().map((r) => within(r).getByRole("link").textContent)).toEqual(["Account 7", "Account 9"]);

    fireEvent.change(screen.getByLabelText("Find an account (name or external id)"), { target: { value: " account 9 " } });
    expect(await screen.findByText("1–1 of 1")).toBeTruthy();
    expect(listCalls(fetchFn).at(-1)).toEqual({ q: "account 9", segment: "new-accounts", limit: "50", offset: "0" });

    fireEvent.change(screen.getByLabelText("Find an account (name or external id)"), { target: { value: "nobody" } });
    expect(await screen.findByText("No account matches “nobody”.")).toBeTruthy();
  });

  it("opens an account's timeline from its row, and comes back to the same page", async () => {
    const fetchFn = renderAt("/accounts", {
      "GET /api/accounts": accountsApi(200),
      "GET /api/accounts/acct-053": [200, account(53)],
      "GET /api/accounts/acct-053/journeys": [200, { enrollments: [] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    await screen.findByText("1–50 of 200");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("51–100 of 200");
    fireEvent.click(within(rows()[2]).getByText("live")); // anywhere on the row, not only the link
    expect(await screen.findByRole("heading", { name: /Account 53/ })).toBeTruthy();
    expect(fetchFn.mock.calls.some(([url]) => url === "/api/accounts/acct-053/journeys")).toBe(true);
    expect(screen.queryByRole("table", { name: "Accounts" })).toBeNull();
    fireEvent.click(screen.getByRole("link", { name: "← All accounts" }));
    expect(await screen.findByText("51–100 of 200")).toBeTruthy();
  });

  it("starts a CSM on their own accounts, in the URL, and filters by any CSM", async () => {
    const csmSession = { user: { email: "bruno@example.com", name: "Bruno", role: "csm" }, csrf_token: "tok" };
    const fetchFn = renderAt("/accounts", { "GET /api/accounts": accountsApi(3) }, csmSession);
    await screen.findByText("1–3 of 3");
    expect(listCalls(fetchFn)).toEqual([{ csm: "me", limit: "50", offset: "0" }]);
    const select = screen.getByLabelText("CSM");
    expect(select.value).toBe("me");
    expect(select.selectedOptions[0].textContent).toBe("Mine");
    await waitFor(() => expect(screen.getByTestId("where").textContent).toBe("?csm=me")); // a link to share
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual(
      ["Any CSM", "Mine", "No CSM", "Asha (asha@example.com)", "Bruno (bruno@example.com)"])); // support is no CSM

    fireEvent.change(select, { target: { value: "asha@example.com" } });
    await waitFor(() => expect(listCalls(fetchFn).at(-1)).toEqual({ csm: "asha@example.com", limit: "50", offset: "0" }));
    expect(new URLSearchParams(screen.getByTestId("where").textContent).get("csm")).toBe("asha@example.com");

    fireEvent.change(select, { target: { value: "any" } });
    await waitFor(() => expect(listCalls(fetchFn).at(-1)).toEqual({ limit: "50", offset: "0" }));
    expect(screen.getByTestId("where").textContent).toBe("?csm=any"); // not back to "Mine"
    expect(select.value).toBe("any");
  });

  it("offers a CSM whose search finds none of theirs to search every account", async () => {
    const csmSession = { user: { email: "bruno@example.com", name: "Bruno", role: "csm" }, csrf_token: "tok" };
    const api = accountsApi(3);
    const fetchFn = renderAt("/accounts", { "GET /api/accounts": (body, url) => (
      new URL(url, "http://x").searchParams.get("csm") === "me" ? [200, { items: [], total: 0 }] : api(body, url)) }, csmSession);
    await screen.findByText("You are no account's CSM yet.");
    fireEvent.change(screen.getByLabelText("Find an account (name or external id)"), { target: { value: "Account 2" } });
    expect(await screen.findByText(/No account matches “Account 2” among yours\./)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Search every account" }));
    await waitFor(() => expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining("Account 2")]));
    expect(listCalls(fetchFn).at(-1)).toEqual({ q: "Account 2", limit: "50", offset: "0" });
  });

  it("lists CSMs as CSMs, and admins or sales managers apart with their role; Mine and No CSM stay (QA)", async () => {
    const staff = [200, { items: [
      { email: "admin@example.com", name: "Admin", role: "admin" },
      { email: "asha@example.com", name: "Asha", role: "csm" },
      { email: "dana@example.com", name: "Dana", role: "sales_manager" },
      { email: "help@example.com", name: "Helpdesk", role: "support" },
    ] }];
    const fetchFn = renderAt("/accounts", { "GET /api/accounts": accountsApi(3), "GET /api/users": staff });
    await screen.findByText("1–3 of 3");
    const select = screen.getByLabelText("CSM");
    await waitFor(() => expect(select.querySelectorAll("optgroup").length).toBe(2));
    const group = (label) => [...select.querySelector(`optgroup[label="${label}"]`).querySelectorAll("option")].map((o) => o.textContent);
    expect(group("CSMs")).toEqual(["Asha (asha@example.com)"]);
    expect(group("Other staff who can be a CSM")).toEqual(["Admin (admin@example.com) · admin", "Dana (dana@example.com) · sales manager"]);
    expect([...select.options].slice(0, 3).map((o) => o.textContent)).toEqual(["Any CSM", "Mine", "No CSM"]);
    fireEvent.change(select, { target: { value: "none" } });
    await waitFor(() => expect(listCalls(fetchFn).at(-1)).toEqual({ csm: "none", limit: "50", offset: "0" }));
  });

  it("says no account matches an empty search, without a 0 of 0 pager", async () => {
    renderAt("/accounts?q=nobody", { "GET /api/accounts": accountsApi(3) });
    expect(await screen.findByText("No account matches “nobody”.")).toBeTruthy();
    expect(screen.queryByText(/0 of 0/)).toBeNull();
    expect(screen.queryByRole("navigation", { name: "Account pages" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Next" })).toBeNull();
  });

  it("lists every account for an admin, and follows a shared link's CSM", async () => {
    const fetchFn = renderAt("/accounts?csm=asha%40example.com", { "GET /api/accounts": accountsApi(3) });
    await screen.findByText("1–3 of 3");
    expect(listCalls(fetchFn)).toEqual([{ csm: "asha@example.com", limit: "50", offset: "0" }]);
    expect(screen.getByLabelText("CSM").value).toBe("asha@example.com");
    fireEvent.change(screen.getByLabelText("CSM"), { target: { value: "any" } });
    await waitFor(() => expect(listCalls(fetchFn).at(-1)).toEqual({ limit: "50", offset: "0" }));
    expect(screen.getByTestId("where").textContent).toBe(""); // an admin starts on every account
  });

  it("says so when the accounts or the segments cannot be loaded", async () => {
    renderAt("/accounts", {
      "GET /api/accounts": [500, { error: { code: "internal", message: "The database is unavailable." } }],
      "GET /api/segments": [403, { error: { code: "forbidden", message: "Not allowed." } }],
    });
    await waitFor(() => expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "Could not load the segments: Not allowed.",
      "Could not load the accounts: The database is unavailable.",
    ]));
    expect(screen.queryByRole("table", { name: "Accounts" })).toBeNull();
  });
});
