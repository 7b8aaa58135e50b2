import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const live = { id: 1, key: "onboarding", name: "Onboarding", status: "live", enabled: true, draft_version: 2, published_version: 1, enrolled: 12, active: 7, goal_achieved: 3 };
const draft = { id: 2, key: "renewal", name: "Renewal", status: "draft", enabled: false, draft_version: 1, published_version: null };

function renderAt(path) {
  return render(<MemoryRouter initialEntries={[path]}><App /></MemoryRouter>);
}

describe("journeys list", () => {
  it("calls a published journey never enabled 'not enabled yet', and one switched off 'disabled'", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys": [200, { items: [
        { ...draft, published_version: 1, status: "disabled", enabled_at: null },
        { ...live, enabled: false, status: "disabled", enabled_at: "2026-12-01T09:00:00Z" }] }] });
    renderAt("/journeys");
    const ready = await screen.findByTestId("journey-row-renewal");
    expect(ready.querySelector(".badge").textContent).toBe("not enabled yet");
    expect(ready.querySelector(".badge").className).toContain("disabled");
    expect(screen.getByTestId("journey-row-onboarding").querySelector(".badge").textContent).toBe("disabled");
  });

  it("counts failed enrollments and links them to the Live view, where they can be retried", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys": [200, { items: [{ ...live, failed: 2 }, { ...draft, failed: 0 }] }] });
    renderAt("/journeys");
    const row = await screen.findByTestId("journey-row-onboarding");
    expect([...row.querySelectorAll("td")].map((td) => td.textContent).slice(3, 7)).toEqual(["12", "7", "3", "2"]);
    expect(row.querySelector("td a.error").getAttribute("href")).toBe("/journeys/1?tab=live");
    expect(screen.getByTestId("journey-row-renewal").querySelector("td a.error")).toBeNull();
  });

  it("explains what to do when there are no journeys", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/journeys": [200, { items: [] }] });
    renderAt("/journeys");
    expect(await screen.findByText("No journeys yet.")).toBeTruthy();
    expect(screen.getByText(/New journey/, { selector: "p strong" })).toBeTruthy();
  });

  it("offers a CSM no New journey, switch or Delete (the API lets only admins change journeys) and says so", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, { ...SESSION, user: { ...SESSION.user, role: "csm" } }],
      "GET /api/journeys": [200, { items: [live] }] });
    renderAt("/journeys");
    const row = await screen.findByTestId("journey-row-onboarding");
    expect(screen.getByText("Only admins can change journeys; you can look.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "New journey" })).toBeNull();
    expect(row.querySelector("button")).toBeNull();
  });

  it("shows status and counts, refuses deleting a live journey, and enables after confirming", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys": [200, { items: [live, { ...draft, published_version: 1, status: "disabled" }] }],
      "POST /api/journeys/2/enable": [200, { ...draft, enabled: true, status: "live" }],
      "GET /api/journeys/2/enable-preview": [200, { version: 1, enroll_existing: false, members: 4, will_enroll: 0, already_active: 0,
        segments: [{ key: "renewal-90d", name: "Renewal in 90 days", members: 4 }] }],
    });
    renderAt("/journeys");
    const row = await screen.findByTestId("journey-row-onboarding");
    expect(row.textContent).toContain("live");
    expect([...row.querySelectorAll("td")].map((td) => td.textContent).slice(3, 6)).toEqual(["12", "7", "3"]);
    expect(row.querySelector("button.danger").disabled).toBe(true);

    fireEvent.click(screen.getByRole("switch", { name: "Enabled: Renewal" }));
    expect(fetchFn.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);
    await waitFor(() => expect(screen.getByTestId("confirm-details").textContent)  // after "Counting…"
      .toMatch(/^No account enrolls now: the entry enrolls only accounts that enter the segment “Renewal in 90 days” from now on \(4 accounts are in it today/));
    fireEvent.click(screen.getByRole("button", { name: "Enable" }));
    await waitFor(() => {
      const call = fetchFn.mock.calls.find(([url, init]) => url === "/api/journeys/2/enable" && init.method === "POST");
      expect(call[1].headers["X-CSRF-Token"]).toBe("tok");
    });
  });

  it("says what disabling does before it does it", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/journeys": [200, { items: [live] }],
      "GET /api/journeys/1/enable-preview": [200, { version: 1, enroll_existing: false, members: 4, will_enroll: 0, already_active: 7,
        segments: [{ key: "renewal-90d", name: "Renewal in 90 days", members: 4 }] }] });
    renderAt("/journeys");
    fireEvent.click(await screen.findByRole("switch", { name: "Enabled: Onboarding" }));
    expect(screen.getByRole("group", { name: "Disable “Onboarding”? Accounts stop enrolling and the journey pauses." })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("confirm-details").textContent).toBe(
      "While it is off, accounts that join the segment “Renewal in 90 days” are not enrolled, not even later when it is enabled again. "
      + "The 7 accounts in it pause where they are, and go on when it is enabled again."));
  });

  it("says before deleting that a journey's enrollments, their history and its report go with it", async () => {
    const used = { ...live, id: 3, key: "drip", name: "Drip", enabled: false, status: "disabled", enrolled: 30, active: 26 };
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys": [200, { items: [used, draft] }] });
    renderAt("/journeys");
    const row = await screen.findByTestId("journey-row-drip");
    fireEvent.click(row.querySelector("button.danger"));
    expect(screen.getByRole("group", { name: "Delete “Drip”?" })).toBeTruthy();
    expect(screen.getByTestId("confirm-details").textContent).toBe(
      "Its 30 enrollments go with it: each account's steps on it (from their timelines) and its report. "
      + "The 26 accounts still in it are taken out of it. Any emails it sent stay in the Outbox. "
      + "This cannot be undone: to stop it and keep its history, leave it disabled instead.");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    // a draft nobody walked: only the draft goes
    fireEvent.click(screen.getByTestId("journey-row-renewal").querySelector("button.danger"));
    expect(screen.getByTestId("confirm-details").textContent).toBe("Its draft goes. This cannot be undone.");
  });

  it("says where Duplicate's copy is, and links to it", async () => {
    const fetchFn = installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys": [200, { items: [live] }],
      "POST /api/journeys/1/duplicate": (body) => [201, { ...draft, id: 5, key: body.key, name: body.name }] });
    renderAt("/journeys");
    fireEvent.click(within(await screen.findByTestId("journey-row-onboarding")).getByRole("button", { name: "Duplicate" }));
    const said = await screen.findByText(/^Copied as/);
    expect(said.textContent).toBe("Copied as “Onboarding (copy)”, a draft at the top of the list (it enrolls nobody until published and enabled). Open it Dismiss");
    expect(within(said).getByRole("link", { name: "Open it" }).getAttribute("href")).toBe("/journeys/5");
    const [, init] = fetchFn.mock.calls.find(([url]) => url === "/api/journeys/1/duplicate");
    expect(JSON.parse(init.body)).toEqual({ key: "onboarding-copy", name: "Onboarding (copy)" });
  });

  it("warns when the new journey's name is taken, and refuses a taken key", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/journeys": [200, { items: [live, draft] }] });
    renderAt("/journeys");
    fireEvent.click(await screen.findByRole("button", { name: "New journey" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "  onboarding " } });
    // the button can be there before the journeys list has loaded: the warning follows the list
    expect(await screen.findByText(/A journey named “Onboarding” already exists/)).toBeTruthy();
    expect(screen.getByText(/The key “onboarding” is taken/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Create and open" }).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Onboarding EMEA" } });
    expect(screen.queryByText(/already exists/)).toBeNull();
    expect(screen.getByRole("button", { name: "Create and open" }).disabled).toBe(false);
    // the key's hint names what the server takes (backend/models/journeys.py KEY_PATTERN): underscores too
    const key = screen.getByLabelText(/^Key/);
    expect(key.labels[0].textContent).toBe("Key (used to refer to it; lower-case letters, digits, dashes and underscores)");
    expect(new RegExp(`^(?:${key.getAttribute("pattern")})$`, "v").test("renewal_90-days")).toBe(true);
  });

  it("Escape closes the New journey form, as Cancel does", async () => {
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/journeys": [200, { items: [live, draft] }] });
    renderAt("/journeys");
    fireEvent.click(await screen.findByRole("button", { name: "New journey" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Half typed" } });
    fireEvent.keyDown(screen.getByLabelText("Name"), { key: "Escape" });
    expect(screen.queryByRole("form", { name: "New journey" })).toBeNull();
    expect(screen.getByRole("button", { name: "New journey" })).toBeTruthy();
  });

  it("creates a journey with a slug key and the starter graph, then opens it", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/journeys": [200, { items: [] }],
      "POST /api/journeys": (body) => [201, { id: 9, key: body.key, draft_version: 1 }],
      "GET /api/journeys/9": [200, { ...draft, id: 9, graph: { format: "journey/v1", nodes: [], edges: [] } }],
      "GET /api/catalog": [200, {}],
      "POST /api/journeys/validate": [200, { valid: false, problems: [] }],
    });
    renderAt("/journeys");
    fireEvent.click(await screen.findByRole("button", { name: "New journey" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Win back: churned" } });
    fireEvent.click(screen.getByRole("button", { name: "Create and open" }));
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url === "/api/journeys/9")).toBe(true));
    const [, init] = fetchFn.mock.calls.find(([url, i]) => url === "/api/journeys" && i.method === "POST");
    const body = JSON.parse(init.body);
    expect(body.key).toBe("win-back-churned");
    expect(body.graph.nodes.map((n) => n.type)).toEqual(["entry"]);
  });
});
