import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";
import { pathBadges } from "../canvas/JourneyNode.jsx";
import { pathVisits } from "../canvas/overlay.js";

const label = (graph, labels) => ({ ...graph, nodes: graph.nodes.map((n) => (labels[n.id] ? { ...n, label: labels[n.id] } : n)) });
const v1 = label(onboarding, { wait3: "Wait 3 days", welcome: "Welcome email", used: "Logged in 5+ times?" });
const v2 = label(onboarding, { wait3: "Wait 2 days", welcome: "Welcome email", used: "Logged in 5+ times?" });
const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "", status: "live", enabled: true,
  draft_version: 3, published_version: 2, graph: v2 };

// Welcomed, waited; a publish moved it back to the welcome (version 2), which it got again; waited
// again, then the decision said no (it had logged in twice).
const email = (id) => ({ kind: "send_email", template: "onboarding-1", to: "all_contacts", result: { emails: [id], to: ["ann@acme.test"] } });
const steps = [
  { at: "2026-12-07T09:00:00Z", node_id: "start", type: "entry", outcome: "entered", detail: { segments: ["new"] } },
  { at: "2026-12-07T09:00:00Z", node_id: "welcome", type: "action", outcome: "done", detail: email(11) },
  { at: "2026-12-07T09:00:00Z", node_id: "wait3", type: "wait", outcome: "waiting", detail: { wake_at: "2026-12-10T09:00:00Z" } },
  { at: "2026-12-08T09:00:00Z", node_id: "welcome", type: "migration", outcome: "moved",
    detail: { from: { version: 1, node_id: "wait3" }, to: { version: 2, node_id: "welcome" }, message: "moved from v1 · wait3 to v2 · welcome" } },
  { at: "2026-12-08T09:00:00Z", node_id: "welcome", type: "action", outcome: "done", detail: email(12) },
  { at: "2026-12-08T09:00:00Z", node_id: "wait3", type: "wait", outcome: "waiting", detail: { wake_at: "2026-12-10T09:00:00Z" } },
  { at: "2026-12-10T09:00:00Z", node_id: "wait3", type: "wait", outcome: "done", detail: { waited_since: "2026-12-08T09:00:00Z", wake_at: "2026-12-10T09:00:00Z" } },
  { at: "2026-12-10T09:00:00Z", node_id: "used", type: "condition", outcome: "no", detail: { verdict: false, rule: {
    all: [{ property: "custom.logins_30d", op: "gte", value: 5, actual: 2, verdict: false }], verdict: false } } },
];

function setup() {
  installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey],
    "GET /api/catalog": [200, { attributes: [{ key: "custom.logins_30d", label: "Logins in the last 30 days", type: "number" }] }],
    "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
    "GET /api/journeys/1/versions": [200, { items: [
      { version: 2, live: true, active: 1, enrolled: 1, published_at: "2026-12-08T09:00:00Z", graph: v2 },
      { version: 1, live: false, active: 0, enrolled: 1, published_at: "2026-12-01T09:00:00Z", graph: v1 },
    ] }],
    "GET /api/accounts/acme/journeys": [200, { enrollments: [
      { id: 5, journey_id: 1, version: 2, status: "completed", enrolled_at: "2026-12-07T09:00:00Z", ended_at: "2026-12-10T09:00:00Z", steps },
      { id: 3, journey_id: 1, version: 1, status: "failed", enrolled_at: "2026-11-02T09:00:00Z", steps: [] },
    ] }],
    "GET /api/accounts/acme": [200, { external_id: "acme", name: "Acme" }],
    "GET /api/outbox": [200, { items: [{ id: 11, subject: "Welcome", status: "kept" }, { id: 12, subject: "Welcome", status: "kept" }] }],
  });
  render(<MemoryRouter initialEntries={["/journeys/1?account=acme&enrollment=5"]}><App /></MemoryRouter>);
}

describe("an account's path on the canvas", () => {
  it("counts visits, not log lines: a wait's waiting and done are one visit, coming back is another", () => {
    const visits = pathVisits(steps);
    expect(visits.map((v) => `${v.node_id}#${v.number}:${v.steps.length}`))
      .toEqual(["start#1:1", "welcome#1:1", "wait3#1:1", "welcome#2:2", "wait3#2:2", "used#1:1"]);
    expect(pathBadges(visits.filter((v) => v.node_id === "wait3"))[0]).toBe("2 visits · done");
    expect(pathBadges(pathVisits(steps.slice(5, 7)))[0]).toBe("done"); // waiting → done: one visit, no "+1"
  });

  it("marks the step where the walk failed in red, not the path's green", async () => {
    const failed = [...steps.slice(0, 2), { at: "2026-12-07T09:00:00Z", node_id: "wait3", type: "wait", outcome: "failed", detail: { error: "boom" } }];
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/journeys/1": [200, journey],
      "GET /api/catalog": [200, {}], "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
      "GET /api/journeys/1/versions": [200, { items: [{ version: 2, live: true, graph: v2 }] }],
      "GET /api/accounts/acme/journeys": [200, { enrollments: [{ id: 5, journey_id: 1, version: 2, status: "failed", steps: failed }] }],
      "GET /api/accounts/acme": [200, { external_id: "acme", name: "Acme" }], "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter initialEntries={["/journeys/1?account=acme&enrollment=5"]}><App /></MemoryRouter>);
    await waitFor(() => expect(screen.getByTestId("node-wait3").className).toContain("path-failed"));
    expect(screen.getByTestId("node-wait3").querySelector(".jnode-step").className).toContain("failed");
    expect(screen.getByTestId("node-welcome").className).not.toContain("path-failed");
  });

  it("opens on the Path tab: every visit in words, and a selected step's visits one by one", async () => {
    setup();
    expect((await screen.findByRole("tab", { name: "Path" })).getAttribute("aria-selected")).toBe("true");
    const panel = await screen.findByRole("region", { name: "The account's path" });
    // the node's badge says it was visited twice
    await waitFor(() => expect(screen.getByTestId("node-wait3").textContent).toContain("2 visits · done"));
    // the decision says the value it saw
    await waitFor(() => expect(within(panel).getByTestId("path-visit-used-1").textContent)
      .toContain("Logins in the last 30 days is at least 5 — was 2"));
    // an email step says its emails were kept (from the outbox), not "queued"
    expect(within(panel).getByTestId("path-visit-welcome-1").textContent).toContain("Kept in the outbox");
    // the other enrollment of this account in this journey is one click away
    expect(within(panel).getByTestId("path-others").textContent).toContain("version 1 · failed");

    fireEvent.click(within(panel).getByRole("button", { name: "Wait 3 days" }));
    expect(await within(panel).findByRole("heading", { name: "Wait 2 days · 2 visits" })).toBeTruthy();
    // the first visit was on version 1, which called the step "Wait 3 days"
    expect(within(panel).getByTestId("path-visit-wait3-1").textContent).toContain("Wait 3 daysvisit 1 of 2");
    expect(within(panel).getByTestId("path-visit-wait3-2").textContent).toContain("visit 2 of 2");
    expect(within(panel).queryByTestId("path-visit-used-1")).toBeNull();
    fireEvent.click(within(panel).getByRole("button", { name: "Show every step" }));
    expect(within(panel).getByTestId("path-visit-used-1")).toBeTruthy();
  });
});
