import { afterEach, describe, expect, it } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import LivePanel from "./LivePanel.jsx";
import { editorStore } from "../store/editorStore.js";
import { installFakeApi } from "../test/fakeApi.js";

const graph = { format: "journey/v1", nodes: [
  { id: "start", type: "entry", config: { segments: ["s"], reenroll: { mode: "never" }, enroll_existing: false }, ui: { x: 0, y: 0 } },
  { id: "wait3", type: "wait", label: "Wait 3 days", config: { for: { days: 3 } }, ui: { x: 0, y: 100 } },
  { id: "wait_1", type: "wait", config: { for: { days: 1 } }, ui: { x: 0, y: 200 } },
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
    expect(await screen.findByRole("heading", { name: "Accounts at Wait 3 days" })).toBeTruthy();
    act(() => editorStore.getState().select(["wait_1"]));
    expect(await screen.findByRole("heading", { name: "Accounts at Wait" })).toBeTruthy();
    expect(screen.queryByText(/wait_1|wait3/)).toBeNull();
  });
});
