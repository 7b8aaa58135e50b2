// A journey over the server's size limit (422 graph_too_large, SPEC error shape): the
// designer says so where the admin looks: as the problem in the Problems tab (Publish
// stays off) and in the notice when saving.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const MESSAGE = "The journey has 2,345 steps; a journey may have at most 2,000. Split it into smaller journeys.";
const TOO_LARGE = [422, { error: { code: "graph_too_large", message: MESSAGE,
  details: [{ code: "graph_too_large", message: MESSAGE, node_id: null, edge: null }] } }];
const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "d", status: "draft", enabled: false,
  draft_version: 4, published_version: null, graph: onboarding };

function setup() {
  installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey],
    "GET /api/catalog": [200, { segments: [], outcomes: [] }],
    "POST /api/journeys/validate": TOO_LARGE,
    "PUT /api/journeys/1": TOO_LARGE,
  });
  render(<MemoryRouter initialEntries={["/journeys/1"]}><App /></MemoryRouter>);
}

describe("a journey over the size limit", () => {
  it("shows the server's message as the journey's problem and keeps Publish off", async () => {
    setup();
    await waitFor(() => expect(screen.getByRole("tab", { name: "Problems (1)" })).toBeTruthy(), { timeout: 3000 });
    expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(true);
    fireEvent.click(screen.getByRole("tab", { name: "Problems (1)" }));
    const list = screen.getByTestId("problems-list");
    expect(list.textContent).toContain("Journey");
    expect(list.textContent).toContain(MESSAGE);
    expect(screen.queryByText(/Could not check the journey/)).toBeNull();
  });

  it("says why a save was refused", async () => {
    setup();
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Bigger" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(`Not saved: ${MESSAGE}`)).toBeTruthy();
    expect(screen.getByTestId("save-state").textContent).toMatch(/Unsaved/);
  });
});
