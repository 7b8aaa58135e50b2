import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const ENTRIES = [
  { id: 2, at: "2026-11-30T09:00:00Z", actor: "ana@example.com", actor_type: "user", action: "journey.publish", target_type: "journey",
    target_id: "7", object: "journey:7", summary: "Published version 2 of “Onboarding” and moved 3 active account(s) onto it",
    changes: { version: 2, migrate: "move", moved: 3 } },
  { id: 1, at: "2026-11-29T09:00:00Z", actor: "crm-sync", actor_type: "token", action: "account.update", target_type: "account",
    target_id: "acme", object: "account:acme", summary: "Changed account Acme (acme)", changes: { mrr: { from: 100, to: 250 } } },
];

function setup(session = SESSION) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, session],
    "GET /api/audit": (_body, url) => {
      const q = new URL(url, "http://x").searchParams;
      const items = ENTRIES.filter((e) => (!q.get("actor") || e.actor === q.get("actor"))
        && (!q.get("object") || e.object === q.get("object") || e.target_type === q.get("object")));
      return [200, { items, total: items.length, limit: 50, offset: 0, actors: ["ana@example.com", "crm-sync"] }];
    },
  });
  render(<MemoryRouter initialEntries={["/audit"]}><App /></MemoryRouter>);
  return fetchFn;
}

describe("audit page", () => {
  it("names a journey in the Object column when the journeys list has it", async () => {
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/audit": [200, { items: ENTRIES, total: 2, limit: 50, offset: 0, actors: [] }],
      "GET /api/journeys": [200, { items: [{ id: 7, key: "onboarding", name: "Onboarding" }] }],
    });
    render(<MemoryRouter initialEntries={["/audit"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Audit log" });
    expect(await within(table).findByRole("button", { name: "Journey “Onboarding”" })).toBeTruthy();
    expect(within(table).getByRole("link", { name: "Open Journey “Onboarding”" }).getAttribute("href")).toBe("/journeys/7");
  });

  it("lists who did what, filters by person and object, and shows before/after", async () => {
    const fetchFn = setup();
    const table = await screen.findByRole("table", { name: "Audit log" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    // moments in the viewer's zone (the tests': Asia/Tokyo, UTC+9), as every page says them
    const when = within(table).getAllByRole("row")[1].querySelector("td time");
    expect([when.textContent, when.getAttribute("datetime")]).toEqual(["30 Nov 2026, 18:00", "2026-11-30T09:00:00Z"]);
    expect(table.textContent).toContain("Published version 2 of “Onboarding”");
    expect(table.textContent).toContain("API token");
    expect(within(table).getByRole("link", { name: "Open Journey 7" }).getAttribute("href")).toBe("/journeys/7");
    expect(within(table).getByRole("link", { name: "Open Account acme" }).getAttribute("href")).toBe("/accounts/acme");

    fireEvent.click(within(table).getByRole("button", { name: "Changes (1)" }));
    const changes = screen.getByRole("table", { name: "Changes of entry 1" });
    expect(changes.textContent).toContain("MRR100250"); // an account's field as its page labels it
    // what was done, in words (the API's code in the title); the Action filter offers the same words
    const action = within(table).getAllByRole("row")[1].querySelectorAll("td")[2];
    expect([action.textContent, action.title]).toEqual(["Journey published", "journey.publish"]);
    expect(within(screen.getByLabelText("Action")).getByRole("option", { name: "Journey published" }).value).toBe("journey.publish");
    fireEvent.click(within(table).getByRole("button", { name: "Hide changes" }));

    fireEvent.change(screen.getByLabelText("Who"), { target: { value: "crm-sync" } });
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url.includes("actor=crm-sync"))).toBe(true));
    await waitFor(() => expect(within(screen.getByRole("table", { name: "Audit log" })).getAllByRole("row")).toHaveLength(2));

    fireEvent.change(screen.getByLabelText("Who"), { target: { value: "" } });
    await waitFor(() => expect(within(screen.getByRole("table", { name: "Audit log" })).getAllByRole("row")).toHaveLength(3));
    fireEvent.click(screen.getByRole("button", { name: "Journey 7" }));
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url.includes("object=journey%3A7"))).toBe(true));
    expect(await screen.findByRole("button", { name: "Clear the object filter" })).toBeTruthy();
  });

  it("says From after To under the dates, in words, without asking the API", async () => {
    const fetchFn = setup();
    await screen.findByRole("table", { name: "Audit log" });
    const asked = () => fetchFn.mock.calls.filter(([url]) => url.startsWith("/api/audit")).length;
    const before = asked();
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-05" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-12-01" } });
    expect((await screen.findByRole("alert")).textContent).toBe("From must be before To.");
    expect(screen.getByLabelText("From").getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByText(/since/)).toBeNull();
    await new Promise((resolve) => { setTimeout(resolve, 400); }); // past the filters' debounce
    expect(fetchFn.mock.calls.filter(([url]) => url.includes("until=2026-12-01"))).toEqual([]);
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-12-05" } }); // one day: fine
    expect(screen.queryByRole("alert")).toBeNull();
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url.includes("since=2026-12-05&until=2026-12-05"))).toBe(true));
    expect(asked()).toBeGreaterThan(before);
  });

  it("says the API's refusal of the dates by the field as the page labels it", async () => {
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/audit": [422, { error: { code: "invalid", message: "Some fields are not valid: since",
        details: { query: { since: ["since is after until."] } } } }],
    });
    render(<MemoryRouter initialEntries={["/audit"]}><App /></MemoryRouter>);
    expect((await screen.findByRole("alert")).textContent).toBe("From must be before To.");
    expect(screen.queryByText(/Some fields are not valid/)).toBeNull();
  });

  it("is in the header for admins only", async () => {
    setup();
    expect(await screen.findByRole("link", { name: "Audit" })).toBeTruthy();
  });

  it("tells others it is for admins", async () => {
    setup({ user: { email: "c@example.com", name: "C", role: "csm" }, csrf_token: "t" });
    expect(await screen.findByText("Only admins can read the audit log.")).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Audit" })).toBeNull();
  });
});
