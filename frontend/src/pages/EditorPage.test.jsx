import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "d", status: "draft", enabled: false,
  draft_version: 4, published_version: null, graph: onboarding };

function setup(putResponse) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey],
    "GET /api/catalog": [200, { segments: [{ key: "new-low-touch", name: "New low-touch" }] }],
    "POST /api/journeys/validate": [200, { valid: false, problems: [{ code: "unknown_template", message: "No template onboarding-2", node_id: "tips", edge: null }] }],
    "PUT /api/journeys/1": putResponse,
  });
  render(<MemoryRouter initialEntries={["/journeys/1"]}><App /></MemoryRouter>);
  return fetchFn;
}

describe("editor page", () => {
  it("loads the journey, shows validation problems on the node and keeps Publish disabled", async () => {
    setup([200, {}]);
    expect(await screen.findByTestId("node-used")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("node-tips").textContent).toContain("No template onboarding-2"), { timeout: 3000 });
    expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(true);
    expect(screen.getByRole("tab", { name: "Problems (1)" })).toBeTruthy();
  });

  it("saves with Ctrl+S: graph, draft_version, name and description", async () => {
    const fetchFn = setup((body) => [200, { ...journey, name: body.name, draft_version: 5 }]);
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Onboarding 2" } });
    expect(screen.getByTestId("save-state").textContent).toMatch(/Unsaved/);
    fireEvent.keyDown(document, { key: "s", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("save-state").textContent).toBe("All changes saved"));
    const [, init] = fetchFn.mock.calls.find(([url, i]) => url === "/api/journeys/1" && i.method === "PUT");
    const body = JSON.parse(init.body);
    expect(body).toMatchObject({ draft_version: 4, name: "Onboarding 2", description: "d" });
    expect(body.graph).toEqual(onboarding);
  });

  it("says when someone else saved first (409) and offers to reload", async () => {
    setup([409, { error: { code: "conflict", message: "stale draft_version" } }]);
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Mine" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/Someone else saved this journey/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /Reload their version/ }));
    await waitFor(() => expect(screen.getByLabelText("Journey name").value).toBe("Onboarding"));
    expect(screen.getByTestId("save-state").textContent).toBe("All changes saved");
  });

  it("simulates unsaved edits by sending the canvas graph, without saving", async () => {
    const fetchFn = setup([200, {}]);
    fetchFn.mockClear();
    const result = { status: "completed", goal_achieved: false, steps: [{ node_id: "start", type: "entry", day: 0, outcome: null, detail: null }] };
    const original = fetchFn.getMockImplementation();
    fetchFn.mockImplementation(async (url, init = {}) =>
      (url === "/api/journeys/1/simulate" ? { status: 200, ok: true, text: async () => JSON.stringify(result) } : original(url, init)));
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Edited" } });
    fireEvent.click(screen.getByRole("tab", { name: "Simulate" }));
    expect(screen.getByText(/unsaved changes included/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Account external id"), { target: { value: "acme" } });
    fireEvent.click(screen.getByRole("button", { name: "Run simulation" }));
    expect(await screen.findByTestId("simulation-result")).toBeTruthy();
    const [, init] = fetchFn.mock.calls.find(([url]) => url === "/api/journeys/1/simulate");
    expect(JSON.parse(init.body)).toMatchObject({ account: "acme", days: 30, graph: onboarding });
    expect(fetchFn.mock.calls.some(([, i]) => i?.method === "PUT")).toBe(false);
    expect(screen.getByTestId("save-state").textContent).toMatch(/Unsaved/);
  });
});
