import { afterEach, describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import LivePanel from "./LivePanel.jsx";
import { editorStore } from "../store/editorStore.js";
import { SESSION, installFakeApi } from "../test/fakeApi.js";
import { SessionContext } from "../session-context.js";

const graph = { format: "journey/v1", nodes: [
  { id: "start", type: "entry", config: { segments: ["s"], reenroll: { mode: "never" }, enroll_existing: false }, ui: { x: 0, y: 0 } },
  { id: "wait3", type: "wait", label: "Wait 3 days", config: { for: { days: 3 } }, ui: { x: 0, y: 100 } },
  { id: "wait_1", type: "wait", config: { for: { days: 1 } }, ui: { x: 0, y: 200 } },
  { id: "billing", type: "wait", label: "A week before billing",
    config: { until_date: { property: "account.next_billing_on", offset: { days: -7 } } }, ui: { x: 0, y: 300 } },
  { id: "healthy", type: "wait", config: { until_rule: { rule: { all: [] }, timeout: { days: 14 } } }, ui: { x: 0, y: 400 } },
  { id: "used", type: "condition", label: "Logged in 5+ times?", config: { rule: { all: [] } }, ui: { x: 0, y: 500 } },
], edges: [] };

afterEach(() => editorStore.getState().load({ id: 1, name: "x", graph: { format: "journey/v1", nodes: [], edges: [] } }));

describe("LivePanel", () => {
  it("names the selected step as the canvas does, not by its id", async () => {
    installFakeApi({
      "GET /api/journeys/1/stats": [200, { enrolled: 2, goal_achieved: 0, by_status: { active: 2 }, nodes: {} }],
      "GET /api/journeys/1/nodes/wait3/accounts": [200, { items: [{ external_id: "acme", name: "Acme", status: "active" }] }],
      "GET /api/journeys/1/nodes/wait_1/accounts": [200, { items: [] }],
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    render(<MemoryRouter><LivePanel journeyId={1} /></MemoryRouter>);
    act(() => editorStore.getState().select(["wait3"]));
    expect(await screen.findByRole("heading", { name: "Wait 3 days" })).toBeTruthy();
    act(() => editorStore.getState().select(["wait_1"]));
    expect(await screen.findByRole("heading", { name: "Wait" })).toBeTruthy();
    expect(screen.queryByText(/wait_1|wait3/)).toBeNull();
  });

  it("says until when each account waits at a wait step, and statuses in words", async () => {
    installFakeApi({
      "GET /api/journeys/1/stats": [200, { enrolled: 3, goal_achieved: 1, by_status: { active: 2, goal_exited: 1 }, nodes: {} }],
      "GET /api/journeys/1/nodes/billing/accounts": [200, { items: [
        { external_id: "acme", name: "Acme", status: "active", here: true, wake_at: "2027-02-22T00:00:00Z", entered_at: "2026-12-07T12:00:00Z" },
        { external_id: "nodate", name: "No Date Inc", status: "active", here: true, wake_at: null, entered_at: "2026-12-07T12:00:00Z" },
        { external_id: "gone", name: "Gone Co", status: "goal_exited", here: false, wake_at: null, entered_at: "2026-12-01T12:00:00Z" },
      ] }],
      "GET /api/journeys/1/nodes/healthy/accounts": [200, { items: [
        { external_id: "acme", name: "Acme", status: "active", here: true, wake_at: "2026-12-21T12:00:00Z", entered_at: "2026-12-07T12:00:00Z" }] }],
      "GET /api/journeys/1/nodes/start/accounts": [200, { items: [{ external_id: "acme", name: "Acme", status: "active", here: false }] }],
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    render(<MemoryRouter><LivePanel journeyId={1} /></MemoryRouter>);
    // the status tiles read as the account page says them
    expect(await screen.findByText("Left: goal achieved")).toBeTruthy();
    act(() => editorStore.getState().select(["billing"]));
    await screen.findByRole("heading", { name: "A week before billing" });
    const cells = (name) => [...screen.getByRole("row", { name: new RegExp(name) }).querySelectorAll("td")].map((c) => c.textContent);
    expect(screen.getByRole("columnheader", { name: "Waits until" })).toBeTruthy();
    // moments in the viewer's zone (the tests': Asia/Tokyo), as every page says them
    expect(cells("Acme")[1]).toBe("7 Dec 2026, 21:00");
    expect(screen.getByRole("row", { name: /Acme/ }).querySelector("time").title).toBe("2026-12-07T12:00:00Z (UTC) · shown in your time zone, Asia/Tokyo");
    expect(cells("Acme")[2]).toBe("22 Feb 2027, 09:00");
    expect(cells("No Date Inc")[2]).toBe("until Next billing date is set");
    expect(cells("Gone Co")[2]).toBe("Left: goal achieved");   // passed: where it is now
    act(() => editorStore.getState().select(["healthy"]));
    await waitFor(() => expect(cells("Acme")[2]).toBe("at most until 21 Dec 2026, 21:00"));
    act(() => editorStore.getState().select(["start"]));   // not a wait: no such column
    await screen.findByRole("heading", { name: "Entry" });
    expect(screen.queryByRole("columnheader", { name: "Waits until" })).toBeNull();
  });

  it("says on hover what each count counts: 'Goal achieved' and 'Left: goal achieved' are not the same", async () => {
    installFakeApi({
      "GET /api/journeys/1/stats": [200, { enrolled: 3, goal_achieved: 2, by_status: { active: 1, goal_exited: 1, completed: 1 }, nodes: {} }],
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    render(<MemoryRouter><LivePanel journeyId={1} /></MemoryRouter>);
    const tile = async (label) => (await screen.findByText(label, { selector: "dt" })).parentElement.title;
    expect(await tile("Goal achieved")).toBe("Enrollments that met the goal, whether they then left or walk on");
    expect(await tile("Left: goal achieved")).toMatch(/^Ended because they met the goal/);
    expect(await tile("Enrolled")).toMatch(/enrolled twice counts twice/);
  });

  it("says which way each account went at a decision, and links to each one's path", async () => {
    installFakeApi({
      "GET /api/journeys/1/stats": [200, { enrolled: 2, goal_achieved: 0, by_status: { completed: 2 }, nodes: {} }],
      "GET /api/journeys/1/nodes/used/accounts": [200, { here_count: 0, passed_count: 2, items: [
        { enrollment_id: 7, external_id: "acme", name: "Acme", status: "completed", here: false, current_node: null, outcome: "yes", entered_at: "2026-12-07T12:00:00Z" },
        { enrollment_id: 8, external_id: "beta", name: "Beta", status: "completed", here: false, current_node: null, outcome: "no", entered_at: "2026-12-07T12:00:00Z" },
      ] }],
      "GET /api/journeys/1/nodes/wait3/accounts": [200, { here_count: 0, passed_count: 1, items: [
        { enrollment_id: 7, external_id: "acme", name: "Acme", status: "completed", here: false, current_node: null, outcome: "done", entered_at: "2026-12-07T12:00:00Z" },
      ] }],
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    render(<MemoryRouter><LivePanel journeyId={1} /></MemoryRouter>);
    act(() => editorStore.getState().select(["used"]));
    const passed = await screen.findByRole("table", { name: "Passed" });
    const went = (name) => within(passed).getByRole("row", { name: new RegExp(name) }).querySelectorAll("td")[2].textContent;
    expect(screen.getByRole("columnheader", { name: "Went" })).toBeTruthy();
    expect([went("Acme"), went("Beta")]).toEqual(["Yes", "No"]);
    expect(within(passed).getAllByRole("link", { name: "its path" }).map((a) => a.getAttribute("href")))
      .toEqual(["/journeys/1?account=acme&enrollment=7", "/journeys/1?account=beta&enrollment=8"]);
    act(() => editorStore.getState().select(["wait3"]));   // a step without branches: no such column
    await screen.findByRole("heading", { name: "Wait 3 days" });
    expect(screen.queryByRole("columnheader", { name: "Went" })).toBeNull();
  });

  it("lists the accounts here now apart from those that passed, each labelled truthfully (QA 57)", async () => {
    installFakeApi({
      "GET /api/journeys/1/stats": [200, { enrolled: 30, goal_achieved: 0, by_status: { active: 28 }, nodes: {
        start: { now: 0, passed: 27, emails: { sent: 50, emailed: 0, kept: 50, queued: 0, opened: 0, clicked: 0, unsubscribed: 0 } } } }],
      "GET /api/journeys/1/nodes/start/accounts": [200, { here_count: 0, passed_count: 27, items: [
        { external_id: "acme", name: "Acme", status: "active", here: false, current_node: "wait3", entered_at: "2026-12-07T12:00:00Z" },
        { external_id: "beta", name: "Beta", status: "failed", here: false, current_node: "wait_1", entered_at: "2026-12-07T12:00:00Z" },
        { external_id: "done", name: null, status: "completed", here: false, current_node: null, entered_at: "2026-12-07T12:00:00Z" },
      ] }],
      "GET /api/journeys/1/nodes/wait3/accounts": [200, { here_count: 1, passed_count: 0, items: [
        { external_id: "acme", name: "Acme", status: "active", here: true, current_node: "wait3", wake_at: null, entered_at: "2026-12-07T12:00:00Z" },
      ] }],
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    render(<MemoryRouter><LivePanel journeyId={1} /></MemoryRouter>);
    act(() => editorStore.getState().select(["start"]));
    expect(await screen.findByRole("heading", { name: "Here now (0)" })).toBeTruthy();
    expect(screen.getByText("No accounts are at this step now.")).toBeTruthy();
    expect(screen.queryByRole("table", { name: "Here now" })).toBeNull();
    expect(screen.queryByText(/Accounts at/)).toBeNull();
    expect(screen.getByRole("heading", { name: "Passed (27)" })).toBeTruthy();
    const passed = screen.getByRole("table", { name: "Passed" });
    const now = (name) => within(passed).getByRole("row", { name: new RegExp(name) }).querySelectorAll("td")[2].textContent;
    expect(now("Acme")).toBe("at Wait 3 days");
    expect(now("Beta")).toBe("Failed at Wait");
    expect(now("done")).toBe("Completed");
    expect(screen.getByText("Showing the newest 3 of 27.")).toBeTruthy();
    // the canvas badge is cut to fit; the panel says the whole email count
    expect(screen.getByTestId("step-emails").textContent).toBe("Emails: 50 kept, not emailed (no mail server) · 0 opened · 0 clicked · 0 unsubscribed");
    act(() => editorStore.getState().select(["wait3"]));
    expect(await screen.findByRole("heading", { name: "Here now (1)" })).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Here now" })).getByRole("link", { name: "Acme" })).toBeTruthy();
    expect(screen.getByText("No accounts have passed this step.")).toBeTruthy();
  });

  it("lists the enrollments an action stopped, at their step, and retries one", async () => {
    let failed = 1;
    const fetchFn = installFakeApi({
      "GET /api/journeys/1/stats": () => [200, { enrolled: 2, goal_achieved: 0, by_status: { active: 1, failed }, nodes: {} }],
      "GET /api/journeys/1/failed": () => [200, { items: failed ? [{ enrollment_id: 5, external_id: "acme", name: "Acme",
        node_id: "wait3", error: "the email could not be rendered: line 1", failed_at: "2026-12-07T09:00:00Z" }] : [] }],
      "POST /api/enrollments/5/retry": () => { failed = 0; return [200, { id: 5, status: "active" }]; },
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    render(<SessionContext.Provider value={SESSION}><MemoryRouter><LivePanel journeyId={1} /></MemoryRouter></SessionContext.Provider>);
    const list = await screen.findByLabelText("Failed enrollments");
    expect(await within(list).findByText("the email could not be rendered: line 1")).toBeTruthy();
    expect(within(list).getByText("Wait 3 days")).toBeTruthy();
    expect(within(list).getByRole("link", { name: "Acme" }).getAttribute("href")).toBe("/accounts/acme");
    // when it failed, and the steps it took to get there on this canvas
    expect(within(list).getByTestId("failed-5").textContent).toContain("7 Dec 2026, 18:00");
    expect(within(list).getByRole("link", { name: "its path" }).getAttribute("href")).toBe("/journeys/1?account=acme&enrollment=5");
    fireEvent.click(within(list).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByLabelText("Failed enrollments")).toBeNull());
    expect(fetchFn.mock.calls.filter(([url]) => url.startsWith("/api/journeys/1/stats")).length).toBeGreaterThan(1);
  });

  for (const [role, retries] of [["support", false], ["csm", true]]) it(`offers Retry to ${role} staff: ${retries}`, async () => {
    installFakeApi({
      "GET /api/journeys/1/stats": [200, { enrolled: 1, goal_achieved: 0, by_status: { failed: 1 }, nodes: {} }],
      "GET /api/journeys/1/failed": [200, { items: [{ enrollment_id: 5, external_id: "acme", name: "Acme", node_id: "gone", error: "x" }] }],
    });
    editorStore.getState().load({ id: 1, key: "j", name: "J", status: "live", enabled: true, draft_version: 1, published_version: 1, graph });
    const support = { ...SESSION, user: { ...SESSION.user, role } };
    render(<SessionContext.Provider value={support}><MemoryRouter><LivePanel journeyId={1} /></MemoryRouter></SessionContext.Provider>);
    const list = await screen.findByLabelText("Failed enrollments");
    expect(await within(list).findByText("gone")).toBeTruthy();  // a step no longer drawn: its id
    expect(!!within(list).queryByRole("button", { name: "Retry" })).toBe(retries);  // as the API allows
  });
});
