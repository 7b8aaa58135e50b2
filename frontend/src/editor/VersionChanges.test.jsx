import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "", status: "live", enabled: true,
  draft_version: 4, published_version: 2, graph: onboarding };
const v2 = { ...onboarding, nodes: onboarding.nodes.map((n) => (n.id === "wait3" ? { ...n, config: { for: { days: 5 } } } : n)) };
const diff = { version: 2, against: 1, settings: {}, counts: {},
  nodes: { added: [{ id: "tips", type: "action", label: null }], removed: [{ id: "old", type: "wait", label: "Old pause" }],
    changed: [{ id: "wait3", type: "wait", label: null, fields: { "config.for.days": { from: 3, to: 5 } } }] },
  edges: { added: [], removed: [] } };

function setup(path) {
  installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey], "GET /api/catalog": [200, {}],
    "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
    "GET /api/journeys/1/versions": [200, { items: [
      { version: 2, live: true, active: 0, enrolled: 0, published_at: "2026-11-30T09:00:00Z", published_by: "ana@example.com", note: "Longer pause", graph: v2 },
      { version: 1, live: false, active: 0, enrolled: 4, published_at: "2026-11-01T09:00:00Z", published_by: "ana@example.com", note: null, graph: onboarding },
    ] }],
    "GET /api/journeys/1/versions/2/diff": [200, diff],
    "GET /api/journeys/1/versions/1/diff": [200, { ...diff, version: 1, against: null, nodes: { added: [{ id: "start" }], removed: [], changed: [] } }],
  });
  render(<MemoryRouter initialEntries={[path]}><App /></MemoryRouter>);
}

describe("what a version changed", () => {
  it("viewing a version marks its new and changed steps on the canvas and names the removed ones", async () => {
    setup("/journeys/1?version=2");
    await waitFor(() => expect(screen.getByTestId("diff-wait3").textContent).toBe("Changed how long"));
    expect(screen.getByTestId("diff-wait3").title).toBe("Changed in version 2:\nhow long: 3 → 5");
    expect(screen.getByTestId("diff-tips").textContent).toBe("New step in version 2");
    // the marks are badges over the card's edge (as the path's and the live counts): the card keeps its size
    for (const badge of screen.getByTestId("diff-wait3").children) expect(badge.className).toContain("jnode-badge");
    expect(screen.getByTestId("node-wait3").querySelector(".jnode-diff").children).toHaveLength(2);
    expect(screen.getByTestId("node-wait3").className).toContain("diff-changed");
    expect(screen.getByTestId("node-tips").className).toContain("diff-added");
    expect(screen.queryByTestId("diff-used")).toBeNull();
    expect(screen.getByTestId("version-diff").textContent)
      .toBe("Since version 1: 1 step added, 1 changed, 1 removed (“Old pause”).");
  });

  it("the Versions tab shows each version's note and what it changed", async () => {
    setup("/journeys/1");
    fireEvent.click(await screen.findByRole("tab", { name: "Versions" }));
    expect((await screen.findByTestId("version-note-2")).textContent).toBe("“Longer pause”");
    await waitFor(() => expect(screen.getByTestId("version-changes-2").textContent).toContain("Since version 1: 1 step added"));
    expect((await screen.findByTestId("version-changes-1")).textContent).toBe("First version: 1 step added.");
    expect(screen.queryByTestId("version-note-1")).toBeNull();
  });
});
